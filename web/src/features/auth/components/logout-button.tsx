import { broadcastSessionEnded } from '@/lib/auth/refresh';
import { clearSession } from '@/lib/auth/session';
import { esAR } from '@/lib/i18n/es-AR';
import { logout } from '../api/logout';

/** "Salir": ends the session here and in the other tabs, and asks the server to revoke it. */
export function LogoutButton() {
  const onClick = () => {
    // The local session ends whatever the server answers; a failed revoke expires on its own.
    void logout().catch(() => undefined);
    clearSession('logout');
    broadcastSessionEnded();
  };
  return (
    <button type="button" className="btn btn-secondary" onClick={onClick}>
      {esAR.topBar.salir}
    </button>
  );
}
