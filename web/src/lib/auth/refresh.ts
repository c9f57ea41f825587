/**
 * 401 → one shared refresh (ui.md §4 item 6, api.md §3.1).
 *
 * - Within a tab, simultaneous callers share one in-flight refresh (module-level single flight).
 * - Across tabs, refreshes run under the Web Lock `auth-refresh` when the browser has Web Locks
 *   (secure contexts), so two tabs never present the same refresh token at once; the refresh
 *   cookie is shared, so a tab that refreshes after another simply rotates the newer token.
 * - The new session is posted on the BroadcastChannel `mm-auth`; a tab that receives it before
 *   its own refresh starts skips the refresh.
 *
 * The refresher (the HTTP call) is pluggable: the app wires `POST /api/auth/refresh` in.
 */

import { clearSession, getAccessToken, setSession, type Session } from './session';

/** Calls the server. Resolves with the new session; rejects with the server's error. */
export type Refresher = () => Promise<Session>;

/** Codes meaning the refresh token is gone for good: drop the session. */
const FATAL_REFRESH_CODES = new Set(['REFRESH_TOKEN_INVALID', 'REFRESH_TOKEN_REUSED', 'UNAUTHORIZED']);

const LOCK_NAME = 'auth-refresh';
const CHANNEL_NAME = 'mm-auth';

type AuthMessage = { type: 'session'; session: Session } | { type: 'ended' };

let refresher: Refresher | null = null;
let inFlight: Promise<boolean> | null = null;
let channel: BroadcastChannel | null = null;
let applyingRemote = false;

export function setRefresher(fn: Refresher | null): void {
  refresher = fn;
}

function isAuthMessage(value: unknown): value is AuthMessage {
  if (typeof value !== 'object' || value === null) return false;
  const type = (value as { type?: unknown }).type;
  return type === 'session' || type === 'ended';
}

/** Starts listening to other tabs. Idempotent; a no-op where BroadcastChannel is missing. */
export function connectAuthChannel(): () => void {
  if (channel !== null || typeof BroadcastChannel === 'undefined') return () => undefined;
  const ch = new BroadcastChannel(CHANNEL_NAME);
  channel = ch;
  ch.onmessage = (event: MessageEvent<unknown>) => {
    const msg = event.data;
    if (!isAuthMessage(msg)) return;
    applyingRemote = true;
    try {
      if (msg.type === 'session') setSession(msg.session);
      else if (getAccessToken() !== null) clearSession('logout');
    } finally {
      applyingRemote = false;
    }
  };
  return () => {
    ch.close();
    if (channel === ch) channel = null;
  };
}

function broadcast(msg: AuthMessage): void {
  if (applyingRemote || channel === null) return;
  try {
    channel.postMessage(msg);
  } catch {
    // Another tab simply refreshes on its own.
  }
}

/** Tells other tabs that this tab signed out. */
export function broadcastSessionEnded(): void {
  broadcast({ type: 'ended' });
}

/** Tells other tabs about a new session (after login). */
export function broadcastSession(session: Session): void {
  broadcast({ type: 'session', session });
}

interface LockManagerLike {
  request<T>(name: string, callback: () => Promise<T>): Promise<T>;
}

function lockManager(): LockManagerLike | null {
  const nav = typeof navigator === 'undefined' ? undefined : navigator;
  const locks = (nav as { locks?: LockManagerLike } | undefined)?.locks;
  return locks !== undefined && typeof locks.request === 'function' ? locks : null;
}

function errorCode(err: unknown): string | null {
  if (typeof err !== 'object' || err === null) return null;
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' ? code : null;
}

async function refreshUnderLock(failedToken: string | null): Promise<boolean> {
  // Another tab (or an earlier flight) may have replaced the token meanwhile.
  const current = getAccessToken();
  if (current !== null && current !== failedToken) return true;
  if (refresher === null) {
    clearSession('expired');
    broadcast({ type: 'ended' });
    return false;
  }
  try {
    const session = await refresher();
    setSession(session);
    broadcast({ type: 'session', session });
    return true;
  } catch (err) {
    const code = errorCode(err);
    if (code !== null && FATAL_REFRESH_CODES.has(code)) {
      clearSession('expired');
      broadcast({ type: 'ended' });
    }
    // Transport failures keep the session: the request fails and the user may retry.
    return false;
  }
}

/**
 * Makes the access token newer than `failedToken` (the one a request was refused with).
 * Resolves true when there is a newer token to replay with, false otherwise (the session is
 * dropped when the server refused the refresh token).
 */
export function refreshAccess(failedToken: string | null): Promise<boolean> {
  const current = getAccessToken();
  if (current !== null && current !== failedToken) return Promise.resolve(true);
  if (inFlight === null) {
    const locks = lockManager();
    const run = () => refreshUnderLock(failedToken);
    inFlight = (locks !== null ? locks.request(LOCK_NAME, run) : run()).finally(() => {
      inFlight = null;
    });
  }
  return inFlight;
}

/** Test helper: forget the in-flight refresh and the refresher. */
export function resetRefreshForTests(): void {
  inFlight = null;
  refresher = null;
  channel?.close();
  channel = null;
}
