import { request } from '@/lib/api-client';

/** `POST /api/auth/logout`: revokes the session of the refresh cookie and clears the cookie. */
export async function logout(): Promise<void> {
  await request<unknown>('/auth/logout', { method: 'POST', auth: false });
}
