import type { ReactNode } from 'react';
import { Navigate, Outlet, useLocation } from 'react-router';
import type { PageDef } from '@/config/navigation';
import { loginHref, paths } from '@/config/paths';
import { useSession } from '@/lib/auth/session';
import { canOpenPage } from '@/lib/permissions';

/** With no session the app goes to `/login?volver=<path>` (ui.md §2). */
export function RequireSession() {
  const session = useSession();
  const location = useLocation();
  if (session === null) {
    return <Navigate to={loginHref(`${location.pathname}${location.search}`)} replace />;
  }
  return <Outlet />;
}

/** An allowed path opened without the permission shows `/sin-permiso`, never a silent redirect home. */
export function RequirePage({ page, children }: { page: Pick<PageDef, 'operations'>; children: ReactNode }) {
  const session = useSession();
  if (!canOpenPage(session?.usuario.rol, page)) {
    return <Navigate to={paths.sinPermiso} replace />;
  }
  return children;
}
