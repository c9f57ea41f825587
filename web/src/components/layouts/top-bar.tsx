import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { paths } from '@/config/paths';
import type { SessionUser } from '@/lib/auth/session';
import { esAR } from '@/lib/i18n/es-AR';

export interface TopBarProps {
  usuario: SessionUser;
  /** Extra controls for the user menu (the app passes the logout button). */
  actions?: ReactNode;
}

export function TopBar({ usuario, actions }: TopBarProps) {
  return (
    <header className="top-bar">
      <Link to={paths.home} className="top-bar-brand">
        {esAR.app.nombre}
      </Link>
      <div className="top-bar-user">
        <Link to={paths.perfil} className="top-bar-name">
          {esAR.topBar.usuarioActual(usuario.nombre, usuario.rol)}
        </Link>
        {actions}
      </div>
    </header>
  );
}
