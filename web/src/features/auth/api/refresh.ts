import { request } from '@/lib/api-client';
import type { Session } from '@/lib/auth/session';
import { toSession, type LoginData } from './login';

/** `POST /api/auth/refresh` with the `mm_refresh` cookie: the app's refresher (lib/auth/refresh). */
export async function refreshWithCookie(): Promise<Session> {
  const result = await request<LoginData>('/auth/refresh', { method: 'POST', auth: false });
  return toSession(result.data);
}
