import { refreshWithCookie } from '@/features/auth/api/refresh';
import { connectAuthChannel, setRefresher } from '@/lib/auth/refresh';
import { installGlobalErrorReporting } from '@/lib/client-errors';

/** Wires the app-wide services once, before the first render. */
export function setupApp(): void {
  setRefresher(refreshWithCookie);
  connectAuthChannel();
  installGlobalErrorReporting();
}
