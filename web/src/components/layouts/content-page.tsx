import type { ReactNode } from 'react';

/** A page's heading and body inside the layout. */
export function ContentPage({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <section className="content-page">
      <h1>{title}</h1>
      {children}
    </section>
  );
}
