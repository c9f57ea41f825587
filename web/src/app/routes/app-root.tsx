import { Outlet } from 'react-router';
import { AppLayout } from '@/components/layouts/app-layout';
import { LogoutButton } from '@/features/auth/components/logout-button';
import { useSession } from '@/lib/auth/session';

/** The signed-in shell: top bar, sidebar and the current page. */
export function AppRoot() {
  const session = useSession();
  if (session === null) return null; // RequireSession above redirects first
  return (
    <AppLayout usuario={session.usuario} userActions={<LogoutButton />}>
      <Outlet />
    </AppLayout>
  );
}
