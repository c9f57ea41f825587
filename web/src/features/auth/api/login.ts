import type { CallControls } from '@/hooks/use-cancellable-mutation';
import { request } from '@/lib/api-client';
import type { Session, SessionUser } from '@/lib/auth/session';

export interface LoginInput {
  email: string;
  password: string;
}

/** `data` of `POST /api/auth/login` and `POST /api/auth/refresh` (api.md §3.4). */
export interface LoginData {
  access_token: string;
  token_type: string;
  expires_in: number;
  refresh_expires_in?: number;
  usuario: SessionUser;
}

export function toSession(data: LoginData): Session {
  return { accessToken: data.access_token, usuario: data.usuario };
}

/** `POST /api/auth/login`; the refresh token comes back as the HttpOnly cookie. */
export async function login(input: LoginInput, controls?: CallControls): Promise<Session> {
  const result = await request<LoginData>('/auth/login', {
    method: 'POST',
    body: { email: input.email, password: input.password },
    auth: false,
    ...(controls === undefined ? {} : { signal: controls.signal, onSlow: controls.onSlow }),
  });
  return toSession(result.data);
}
