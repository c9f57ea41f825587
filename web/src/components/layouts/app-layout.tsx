import type { ReactNode } from 'react';
import type { SessionUser } from '@/lib/auth/session';
import { esAR } from '@/lib/i18n/es-AR';
import { Sidebar } from './sidebar';
import { TopBar } from './top-bar';

export interface AppLayoutProps {
  usuario: SessionUser;
  userActions?: ReactNode;
  children: ReactNode;
}

/** Top bar, sidebar and the page (ui.md §2). */
export function AppLayout({ usuario, userActions, children }: AppLayoutProps) {
  return (
    <div className="app-layout">
      <a href="#contenido" className="skip-link">
        {esAR.app.saltarAlContenido}
      </a>
      <TopBar usuario={usuario} actions={userActions} />
      <div className="app-body">
        <Sidebar rol={usuario.rol} />
        <main id="contenido" className="app-main" tabIndex={-1}>
          {children}
        </main>
      </div>
    </div>
  );
}
