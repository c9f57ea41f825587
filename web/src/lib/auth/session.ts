/**
 * The signed-in session, in memory only (ui.md §3.1: the access token never touches storage;
 * the refresh token is an HttpOnly cookie). Other tabs learn about new tokens through
 * `./refresh` (BroadcastChannel).
 */

import { useSyncExternalStore } from 'react';
import type { Rol } from '@/types/api';

export interface SessionUser {
  id: string;
  email: string;
  nombre: string;
  rol: Rol;
  debe_cambiar_password: boolean;
}

export interface Session {
  accessToken: string;
  usuario: SessionUser;
}

/** Why the last session ended; the login page says "Tu sesión venció" after an expiry. */
export type SessionEnd = 'expired' | 'logout';

interface State {
  session: Session | null;
  ended: SessionEnd | null;
}

let state: State = { session: null, ended: null };
const listeners = new Set<() => void>();

function emit(next: State): void {
  state = next;
  for (const listener of listeners) listener();
}

export function getSession(): Session | null {
  return state.session;
}

export function getAccessToken(): string | null {
  return state.session?.accessToken ?? null;
}

export function setSession(session: Session): void {
  emit({ session, ended: null });
}

export function clearSession(reason: SessionEnd): void {
  emit({ session: null, ended: reason });
}

export function subscribeSession(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function snapshot(): State {
  return state;
}

/** React view of the session store. */
export function useSessionState(): State {
  return useSyncExternalStore(subscribeSession, snapshot, snapshot);
}

export function useSession(): Session | null {
  return useSessionState().session;
}
