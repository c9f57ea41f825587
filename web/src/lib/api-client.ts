/**
 * The one API client (ui.md §4). Every request of the app goes through `startRequest` or the
 * `api` helpers; pages never call `fetch`.
 *
 * - Base URL: same-origin `/api`, or `VITE_API_BASE`. Paths are given relative to it ("/ventas").
 * - Envelope (api.md §1.2): success → `data` (+ `meta`); failure → `ApiError`; a body that is not
 *   an envelope → `SERVICE_UNAVAILABLE`.
 * - Each attempt has its own timeout (10 s; 30 s for reports and CSV) and `x-request-id`; the
 *   caller's AbortSignal and `cancel()` stop the wait. Timer → `TIMEOUT`, cancel →
 *   `REQUEST_CANCELLED`, fetch failure → `NETWORK_ERROR`.
 * - `onSlow` fires once when the request has run for 3 s ("Está tardando más de lo normal…").
 * - One automatic retry, only for idempotent requests (GET, or a mutation carrying an
 *   `Idempotency-Key` on a route whose `x-idempotency` is req/opt), after a network error, a
 *   timeout, 408, 502/503/504, or 429 with `Retry-After` ≤ 3 s; it waits 300–800 ms and resends
 *   the same key with the id `<id>-r1`.
 * - 401 `TOKEN_EXPIRED`/`UNAUTHORIZED` on an authenticated request → one shared refresh
 *   (`./auth/refresh`), then the request is replayed once.
 */

import { env } from '@/config/env';
import type { HttpMethod, ListMeta } from '@/types/api';
import { ApiError } from './api-error';
import { getAccessToken } from './auth/session';
import { refreshAccess } from './auth/refresh';
import { reportClientError } from './client-errors';
import { newIdempotencyKey, uuidv4 } from './ids';
import { esAR } from './i18n/es-AR';
import { operations, type OperationTable } from './operations';

export const TIMEOUT_DEFAULT_MS = 10_000;
/** Reports and CSV exports (the server's own deadline is 30 s for them, api.md §1.1). */
export const TIMEOUT_LONG_MS = 30_000;
export const SLOW_HINT_MS = 3_000;
export const RETRY_DELAY_MIN_MS = 300;
export const RETRY_DELAY_MAX_MS = 800;
/** A 429 is retried only when the server asks for at most this wait. */
export const RETRY_AFTER_MAX_S = 3;

export type QueryValue = string | number | boolean | null | undefined | readonly (string | number)[];
export type QueryParams = Readonly<Record<string, QueryValue>>;

export interface RequestOptions {
  method?: HttpMethod;
  query?: QueryParams;
  /** Sent as JSON. Leave undefined for no body. */
  body?: unknown;
  /** The caller's signal (TanStack Query's); aborting it cancels the request. */
  signal?: AbortSignal;
  /** Per-attempt timeout; default TIMEOUT_DEFAULT_MS, TIMEOUT_LONG_MS for reports and CSV. */
  timeoutMs?: number;
  /**
   * The user action's key, reused on that action's manual retries. On routes whose
   * `x-idempotency` is req/opt a key is made when none is given.
   */
  idempotencyKey?: string;
  /** Called once, when the request has been running for SLOW_HINT_MS. */
  onSlow?: () => void;
  /** Send the access token and refresh it on 401 (default true). Login and refresh turn it off. */
  auth?: boolean;
  /** `text` for CSV exports: a successful body is returned as text. Default `json`. */
  responseType?: 'json' | 'text';
  headers?: Readonly<Record<string, string>>;
}

export interface ApiResult<T> {
  data: T;
  meta?: ListMeta;
  status: number;
  /** The id the server echoed for the attempt that answered. */
  requestId: string;
  /** `Idempotent-Replayed: true`: the server returned the stored answer of an earlier request. */
  replayed: boolean;
  /** `Idempotent-Original-Request-Id`: the request that produced the effect (api.md §1.6). */
  originalRequestId?: string;
  headers: Headers;
}

export interface ApiCall<T> {
  promise: Promise<ApiResult<T>>;
  /** Stops waiting (→ REQUEST_CANCELLED). The server may still have done the work. */
  cancel: () => void;
  /** The id of the first attempt; a retry sends `<requestId>-r1`. */
  requestId: string;
  /** The Idempotency-Key sent, if any: reuse it to retry the same user action. */
  idempotencyKey?: string;
}

/** Wiring a test or the app may replace. */
export interface ApiClientDeps {
  operations: OperationTable;
  getAccessToken: () => string | null;
  refreshAccess: (failedToken: string) => Promise<boolean>;
  reportError: typeof reportClientError;
  random: () => number;
  baseUrl: () => string;
}

const defaultDeps: ApiClientDeps = {
  operations,
  getAccessToken,
  refreshAccess,
  reportError: reportClientError,
  random: Math.random,
  baseUrl: () => env.apiBase,
};

let deps: ApiClientDeps = defaultDeps;

export function configureApiClient(overrides: Partial<ApiClientDeps>): void {
  deps = { ...deps, ...overrides };
}

export function resetApiClient(): void {
  deps = defaultDeps;
}

// ---------------------------------------------------------------------------------------------

const t = esAR.errores;

function clientError(
  code: 'NETWORK_ERROR' | 'TIMEOUT' | 'REQUEST_CANCELLED' | 'SERVICE_UNAVAILABLE',
  requestId: string,
  status = 0,
  cause?: unknown,
): ApiError {
  const message = {
    NETWORK_ERROR: t.sinConexion,
    TIMEOUT: t.tiempoAgotado,
    REQUEST_CANCELLED: t.esperaCancelada,
    SERVICE_UNAVAILABLE: t.servicioNoDisponible,
  }[code];
  return new ApiError({ code, message, status, requestId, cause });
}

function buildQuery(query: QueryParams | undefined): string {
  if (query === undefined) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) {
      if (value.length > 0) params.set(key, value.join(','));
    } else {
      params.set(key, String(value));
    }
  }
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

function absoluteUrl(base: string, path: string, query: string): string {
  const origin = typeof location === 'undefined' ? 'http://localhost/' : location.href;
  return new URL(`${base}${path}${query}`, origin).toString();
}

/** Seconds from a `Retry-After` header (delta-seconds or HTTP date). */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - now) / 1000));
}

interface Envelope {
  success: boolean;
  data?: unknown;
  meta?: ListMeta;
  requestId?: unknown;
  error?: { code?: unknown; message?: unknown; details?: unknown };
}

function asEnvelope(value: unknown): Envelope | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const success = (value as { success?: unknown }).success;
  return typeof success === 'boolean' ? (value as Envelope) : null;
}

function isRetryable(error: ApiError): boolean {
  switch (error.code) {
    case 'NETWORK_ERROR':
    case 'TIMEOUT':
      return true;
    case 'REQUEST_CANCELLED':
      return false;
    default:
      break;
  }
  if (error.status === 408 || error.status === 502 || error.status === 503 || error.status === 504) return true;
  if (error.status === 429) return error.retryAfterS !== undefined && error.retryAfterS <= RETRY_AFTER_MAX_S;
  return false;
}

/** Errors worth a client error report: the server failed unexpectedly, or we sent something wrong. */
function shouldReport(error: ApiError): boolean {
  if (error.code === 'HEADERS_TOO_LARGE' || error.code === 'IDEMPOTENCY_KEY_REUSED') return true;
  return error.status === 500 || (error.status > 500 && error.code === 'INTERNAL_ERROR');
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(new Error('aborted'));
      return;
    }
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    function onAbort() {
      clearTimeout(timer);
      reject(new Error('aborted'));
    }
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

type AttemptOutcome<T> = { ok: true; result: ApiResult<T> } | { ok: false; error: ApiError };

interface Attempt {
  url: string;
  init: { method: HttpMethod; headers: Headers; body: string | undefined };
  requestId: string;
  timeoutMs: number;
  cancelSignal: AbortSignal;
  responseType: 'json' | 'text';
}

async function runAttempt<T>(a: Attempt): Promise<AttemptOutcome<T>> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, a.timeoutMs);
  const onCancel = () => controller.abort();
  a.cancelSignal.addEventListener('abort', onCancel, { once: true });

  const abortedError = (cause?: unknown) =>
    timedOut ? clientError('TIMEOUT', a.requestId, 0, cause) : clientError('REQUEST_CANCELLED', a.requestId, 0, cause);

  try {
    if (a.cancelSignal.aborted) return { ok: false, error: clientError('REQUEST_CANCELLED', a.requestId) };
    let res: Response;
    try {
      res = await fetch(a.url, {
        method: a.init.method,
        headers: a.init.headers,
        body: a.init.body,
        signal: controller.signal,
        credentials: 'same-origin',
        cache: 'no-store',
      });
    } catch (err) {
      if (controller.signal.aborted) return { ok: false, error: abortedError(err) };
      return { ok: false, error: clientError('NETWORK_ERROR', a.requestId, 0, err) };
    }

    let text: string;
    try {
      text = await res.text();
    } catch (err) {
      if (controller.signal.aborted) return { ok: false, error: abortedError(err) };
      return { ok: false, error: clientError('NETWORK_ERROR', a.requestId, 0, err) };
    }
    return interpret<T>(res, text, a);
  } finally {
    clearTimeout(timer);
    a.cancelSignal.removeEventListener('abort', onCancel);
  }
}

function interpret<T>(res: Response, text: string, a: Attempt): AttemptOutcome<T> {
  const echoed = res.headers.get('x-request-id');
  const replayed = res.headers.get('idempotent-replayed')?.toLowerCase() === 'true';
  const original = res.headers.get('idempotent-original-request-id') ?? undefined;
  const retryAfterS = parseRetryAfter(res.headers.get('retry-after'));

  let parsed: unknown = undefined;
  let isJson = true;
  try {
    parsed = JSON.parse(text);
  } catch {
    isJson = false;
  }
  const envelope = isJson ? asEnvelope(parsed) : null;
  const envelopeId = typeof envelope?.requestId === 'string' ? envelope.requestId : null;
  const requestId = echoed ?? envelopeId ?? a.requestId;

  if (envelope === null) {
    if (res.ok && a.responseType === 'text') {
      const result: ApiResult<T> = {
        data: text as T,
        status: res.status,
        requestId,
        replayed,
        headers: res.headers,
      };
      if (original !== undefined) result.originalRequestId = original;
      return { ok: true, result };
    }
    // An HTML error page from a proxy, an empty body, a truncated answer: not our server speaking.
    const error = new ApiError({
      code: 'SERVICE_UNAVAILABLE',
      message: t.servicioNoDisponible,
      status: res.status,
      requestId,
      ...(retryAfterS === undefined ? {} : { retryAfterS }),
    });
    return { ok: false, error };
  }

  if (envelope.success) {
    const result: ApiResult<T> = {
      data: (envelope.data ?? null) as T,
      status: res.status,
      requestId,
      replayed,
      headers: res.headers,
    };
    if (envelope.meta !== undefined) result.meta = envelope.meta;
    if (original !== undefined) result.originalRequestId = original;
    return { ok: true, result };
  }

  const err = envelope.error ?? {};
  const error = new ApiError({
    code: typeof err.code === 'string' && err.code !== '' ? err.code : 'INTERNAL_ERROR',
    message: typeof err.message === 'string' ? err.message : '',
    status: res.status,
    details: err.details,
    requestId,
    ...(original === undefined ? {} : { originalRequestId: original }),
    ...(retryAfterS === undefined ? {} : { retryAfterS }),
  });
  return { ok: false, error };
}

/** "/api/ventas/:id" for known routes; otherwise the path with id-like segments masked. */
function describeRoute(method: HttpMethod, pathname: string, table: OperationTable): string {
  const matched = table.match(method, pathname);
  if (matched !== undefined) return matched.key;
  const masked = pathname
    .split('/')
    .map((seg) => (/^[0-9a-f-]{8,}$/i.test(seg) || /^\d+$/.test(seg) ? ':id' : seg))
    .join('/');
  return `${method} ${masked}`;
}

/**
 * Starts a request. The returned promise resolves with the unwrapped envelope or rejects with
 * an ApiError (never anything else).
 */
export function startRequest<T>(path: string, options: RequestOptions = {}): ApiCall<T> {
  if (!path.startsWith('/') || path.startsWith('/api/')) {
    throw new Error(`api-client: paths are relative to the API base ("/ventas"), got "${path}"`);
  }
  const d = deps;
  const method: HttpMethod = options.method ?? 'GET';
  const useAuth = options.auth ?? true;
  const responseType = options.responseType ?? 'json';
  const timeoutMs = options.timeoutMs ?? TIMEOUT_DEFAULT_MS;
  const pathname = `/api${path.split(/[?#]/, 1)[0] ?? path}`;
  const operation = d.operations.match(method, pathname);
  const routeIdempotency = operation?.info.idempotency ?? 'none';

  let idempotencyKey = options.idempotencyKey;
  if (method !== 'GET' && idempotencyKey === undefined && routeIdempotency !== 'none') {
    idempotencyKey = newIdempotencyKey();
  }
  const idempotent = method === 'GET' || (idempotencyKey !== undefined && routeIdempotency !== 'none');

  const baseId = uuidv4();
  const cancelController = new AbortController();
  const callerSignal = options.signal;
  const onCallerAbort = () => cancelController.abort();
  if (callerSignal !== undefined) {
    if (callerSignal.aborted) cancelController.abort();
    else callerSignal.addEventListener('abort', onCallerAbort, { once: true });
  }

  const url = absoluteUrl(d.baseUrl(), path, buildQuery(options.query));
  const body = options.body === undefined ? undefined : JSON.stringify(options.body);

  function headersFor(requestId: string, token: string | null): Headers {
    const h = new Headers(options.headers);
    h.set('Accept', responseType === 'text' ? 'text/csv, application/json' : 'application/json');
    h.set('x-request-id', requestId);
    if (body !== undefined) h.set('Content-Type', 'application/json');
    if (token !== null) h.set('Authorization', `Bearer ${token}`);
    if (idempotencyKey !== undefined) h.set('Idempotency-Key', idempotencyKey);
    return h;
  }

  let slowTimer: ReturnType<typeof setTimeout> | undefined;
  if (options.onSlow !== undefined) {
    const onSlow = options.onSlow;
    slowTimer = setTimeout(() => {
      slowTimer = undefined;
      onSlow();
    }, SLOW_HINT_MS);
  }

  async function run(): Promise<ApiResult<T>> {
    let attempt = 0;
    let transportRetried = false;
    let authReplayed = false;
    for (;;) {
      const requestId = attempt === 0 ? baseId : `${baseId}-r${attempt}`;
      attempt += 1;
      const token = useAuth ? d.getAccessToken() : null;
      const outcome = await runAttempt<T>({
        url,
        init: { method, headers: headersFor(requestId, token), body },
        requestId,
        timeoutMs,
        cancelSignal: cancelController.signal,
        responseType,
      });
      if (outcome.ok) return outcome.result;
      const error = outcome.error;

      if (
        token !== null &&
        !authReplayed &&
        error.status === 401 &&
        (error.code === 'TOKEN_EXPIRED' || error.code === 'UNAUTHORIZED')
      ) {
        authReplayed = true;
        // A 401 means the handler never ran, so replaying is safe for any method.
        if (await d.refreshAccess(token)) {
          if (cancelController.signal.aborted) throw clientError('REQUEST_CANCELLED', requestId);
          continue;
        }
        throw error;
      }

      if (idempotent && !transportRetried && isRetryable(error)) {
        transportRetried = true;
        const wait = RETRY_DELAY_MIN_MS + Math.floor(d.random() * (RETRY_DELAY_MAX_MS - RETRY_DELAY_MIN_MS + 1));
        try {
          await sleep(wait, cancelController.signal);
        } catch {
          throw clientError('REQUEST_CANCELLED', requestId);
        }
        continue;
      }

      if (shouldReport(error)) {
        d.reportError({
          origen: 'api',
          mensaje: `${describeRoute(method, pathname, d.operations)} → ${error.status} ${error.code}`,
          requestId: error.requestId,
        });
      }
      throw error;
    }
  }

  const promise = run().finally(() => {
    if (slowTimer !== undefined) clearTimeout(slowTimer);
    callerSignal?.removeEventListener('abort', onCallerAbort);
  });

  const call: ApiCall<T> = {
    promise,
    cancel: () => cancelController.abort(),
    requestId: baseId,
  };
  if (idempotencyKey !== undefined) call.idempotencyKey = idempotencyKey;
  return call;
}

/** Like `startRequest`, for callers that only need the promise. */
export function request<T>(path: string, options: RequestOptions = {}): Promise<ApiResult<T>> {
  return startRequest<T>(path, options).promise;
}

type BodylessOptions = Omit<RequestOptions, 'method' | 'body'>;

/** Shorthands that resolve with `data` only. */
export const api = {
  get: async <T>(path: string, options: BodylessOptions = {}): Promise<T> =>
    (await request<T>(path, { ...options, method: 'GET' })).data,
  post: async <T>(path: string, body?: unknown, options: BodylessOptions = {}): Promise<T> =>
    (await request<T>(path, { ...options, method: 'POST', body })).data,
  put: async <T>(path: string, body?: unknown, options: BodylessOptions = {}): Promise<T> =>
    (await request<T>(path, { ...options, method: 'PUT', body })).data,
  patch: async <T>(path: string, body?: unknown, options: BodylessOptions = {}): Promise<T> =>
    (await request<T>(path, { ...options, method: 'PATCH', body })).data,
  delete: async <T>(path: string, options: BodylessOptions = {}): Promise<T> =>
    (await request<T>(path, { ...options, method: 'DELETE' })).data,
};
