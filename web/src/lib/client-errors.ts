/**
 * Client error reports → `POST /api/client-errors` (ui.md §4 item 8, api.md §12).
 *
 * Sent with `keepalive` (so a report survives a page unload), at most 10 a minute, the same
 * message at most once a minute, up to 20 kept while offline. Reports carry no tokens, form
 * values or customer data: callers pass error text, and `scrub` removes anything token-like.
 * The reporter never throws and never goes through the API client (no retries, no recursion).
 */

import { env } from '@/config/env';
import { newErrorId } from './ids';

export type ClientErrorOrigin = 'error_boundary' | 'api' | 'query' | 'otro';
export type ClientErrorLevel = 'error' | 'warning';

export interface ClientErrorInput {
  mensaje: string;
  origen: ClientErrorOrigin;
  nivel?: ClientErrorLevel;
  stack?: string;
  requestId?: string;
  /** Use this id instead of a new one (the error boundary shows it before reporting). */
  errorId?: string;
}

/** The body of `POST /api/client-errors`. */
export interface ClientErrorPayload {
  mensaje: string;
  error_id: string;
  origen: ClientErrorOrigin;
  ruta: string;
  request_id?: string;
  build_id: string;
  nivel: ClientErrorLevel;
  stack?: string;
}

export const CLIENT_ERROR_LIMITS = {
  perMinute: 10,
  dedupeWindowMs: 60_000,
  offlineBuffer: 20,
  mensaje: 1000,
  errorId: 64,
  ruta: 200,
  requestId: 128,
  buildId: 64,
  stack: 8000,
} as const;

export interface ReporterDeps {
  endpoint: string;
  buildId: string;
  now: () => number;
  /** The current route, without query or hash (they may hold customer data). */
  route: () => string;
  isOnline: () => boolean;
  send: (url: string, body: string) => Promise<void>;
}

export interface ClientErrorReporter {
  /** Queues a report; returns the error id to show the user. Never throws. */
  report(input: ClientErrorInput): string;
  /** Sends what was buffered while offline. */
  flush(): void;
  /** Reports waiting for the network (for tests and diagnostics). */
  pending(): number;
}

const TOKEN_PATTERNS: readonly RegExp[] = [
  /Bearer\s+[A-Za-z0-9._~+/=-]+/gi,
  /\beyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g, // JWTs
  /\bmmr_[A-Za-z0-9_-]+/g, // refresh tokens (api.md §3.1)
];

/** Removes bearer tokens, JWTs and refresh tokens from text bound for the server. */
export function scrub(text: string): string {
  return TOKEN_PATTERNS.reduce((acc, re) => acc.replace(re, '[redactado]'), text);
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : text.slice(0, max);
}

export function createClientErrorReporter(deps: ReporterDeps): ClientErrorReporter {
  const sentAt: number[] = [];
  const lastByMessage = new Map<string, { at: number; errorId: string }>();
  const buffer: string[] = [];

  function deliver(body: string): void {
    if (!deps.isOnline()) {
      keep(body);
      return;
    }
    deps.send(deps.endpoint, body).catch(() => keep(body));
  }

  function keep(body: string): void {
    buffer.push(body);
    while (buffer.length > CLIENT_ERROR_LIMITS.offlineBuffer) buffer.shift();
  }

  function report(input: ClientErrorInput): string {
    const now = deps.now();
    const mensaje = clip(scrub(input.mensaje.trim()) || 'Error sin mensaje', CLIENT_ERROR_LIMITS.mensaje);

    const previous = lastByMessage.get(mensaje);
    if (previous !== undefined && now - previous.at < CLIENT_ERROR_LIMITS.dedupeWindowMs) {
      return previous.errorId; // the same message once a minute: point at the report already sent
    }
    const errorId = clip(input.errorId ?? newErrorId(now), CLIENT_ERROR_LIMITS.errorId);

    while (sentAt.length > 0 && now - (sentAt[0] ?? 0) >= 60_000) sentAt.shift();
    if (sentAt.length >= CLIENT_ERROR_LIMITS.perMinute) return errorId;
    sentAt.push(now);
    lastByMessage.set(mensaje, { at: now, errorId });
    for (const [key, value] of lastByMessage) {
      if (now - value.at >= CLIENT_ERROR_LIMITS.dedupeWindowMs) lastByMessage.delete(key);
    }

    const payload: ClientErrorPayload = {
      mensaje,
      error_id: errorId,
      origen: input.origen,
      ruta: clip(deps.route() || '/', CLIENT_ERROR_LIMITS.ruta),
      build_id: clip(deps.buildId || 'dev', CLIENT_ERROR_LIMITS.buildId),
      nivel: input.nivel ?? 'error',
    };
    if (input.requestId !== undefined && /^[A-Za-z0-9_-]{1,128}$/.test(input.requestId)) {
      payload.request_id = input.requestId;
    }
    if (input.stack !== undefined && input.stack !== '') {
      payload.stack = clip(scrub(input.stack), CLIENT_ERROR_LIMITS.stack);
    }
    try {
      deliver(JSON.stringify(payload));
    } catch {
      // Reporting must never break the page.
    }
    return errorId;
  }

  function flush(): void {
    const bodies = buffer.splice(0, buffer.length);
    for (const body of bodies) deliver(body);
  }

  return { report, flush, pending: () => buffer.length };
}

async function sendWithKeepalive(url: string, body: string): Promise<void> {
  const res = await fetch(url, {
    method: 'POST',
    keepalive: true,
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body,
  });
  // 4xx means the report itself is wrong: keeping it would only resend a bad report.
  if (res.status >= 500) throw new Error(`client-errors: HTTP ${res.status}`);
}

function absoluteUrl(path: string): string {
  const base = typeof location === 'undefined' ? 'http://localhost/' : location.href;
  return new URL(path, base).toString();
}

const defaultReporter = createClientErrorReporter({
  endpoint: absoluteUrl(`${env.apiBase}/client-errors`),
  buildId: env.buildId,
  now: () => Date.now(),
  route: () => (typeof location === 'undefined' ? '/' : location.pathname),
  isOnline: () => typeof navigator === 'undefined' || navigator.onLine,
  send: sendWithKeepalive,
});

/** Reports an error to the server; returns the `ERR-…` id to show the user. */
export function reportClientError(input: ClientErrorInput): string {
  return defaultReporter.report(input);
}

function describeError(value: unknown): { mensaje: string; stack?: string } {
  if (value instanceof Error) {
    return value.stack === undefined ? { mensaje: value.message } : { mensaje: value.message, stack: value.stack };
  }
  if (typeof value === 'string') return { mensaje: value };
  try {
    const json = JSON.stringify(value) as string | undefined; // undefined for undefined and functions
    return { mensaje: json ?? String(value) };
  } catch {
    return { mensaje: String(value) };
  }
}

/** Reports uncaught errors and unhandled rejections, and flushes the buffer when back online. */
export function installGlobalErrorReporting(target: Window = window): () => void {
  const onError = (event: ErrorEvent) => {
    reportClientError({ origen: 'otro', ...describeError(event.error ?? event.message) });
  };
  const onRejection = (event: PromiseRejectionEvent) => {
    reportClientError({ origen: 'otro', ...describeError(event.reason) });
  };
  const onOnline = () => defaultReporter.flush();
  target.addEventListener('error', onError);
  target.addEventListener('unhandledrejection', onRejection);
  target.addEventListener('online', onOnline);
  return () => {
    target.removeEventListener('error', onError);
    target.removeEventListener('unhandledrejection', onRejection);
    target.removeEventListener('online', onOnline);
  };
}
