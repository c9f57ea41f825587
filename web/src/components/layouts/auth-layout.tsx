import type { ReactNode } from 'react';

/** A centred card without the app's navigation (Login). */
export function AuthLayout({ children }: { children: ReactNode }) {
  return (
    <main className="auth-layout">
      <div className="auth-card">{children}</div>
    </main>
  );
}
