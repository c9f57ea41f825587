import { http, HttpResponse } from 'msw';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { apiUrl, server } from '@/testing/msw-server';
import {
  api,
  configureApiClient,
  parseRetryAfter,
  request,
  resetApiClient,
  SLOW_HINT_MS,
  startRequest,
  TIMEOUT_DEFAULT_MS,
  TIMEOUT_LONG_MS,
} from './api-client';
import { ApiError } from './api-error';
import type { ClientErrorInput } from './client-errors';
import { createOperationTable } from './operations';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const table = createOperationTable({
  'GET /api/stock': { roles: ['admin', 'deposito', 'ventas', 'usuario'], idempotency: 'none' },
  'GET /api/reportes/ventas': { roles: ['admin', 'ventas'], idempotency: 'none' },
  'POST /api/ventas': { roles: ['admin', 'ventas'], idempotency: 'req' },
  'POST /api/tareas': { roles: ['admin', 'deposito', 'ventas'], idempotency: 'opt' },
  'POST /api/jobs/:id/pause': { roles: ['admin'], idempotency: 'none' },
  'PATCH /api/productos/:id': { roles: ['admin', 'deposito'], idempotency: 'none' },
});

interface Seen {
  method: string;
  url: string;
  requestId: string | null;
  idempotencyKey: string | null;
  authorization: string | null;
  contentType: string | null;
  body: string;
}

let seen: Seen[];
let reportError: ReturnType<typeof vi.fn<(input: ClientErrorInput) => string>>;
let token: string | null;
let refreshAccess: ReturnType<typeof vi.fn<(failed: string) => Promise<boolean>>>;

async function record(req: Request): Promise<void> {
  seen.push({
    method: req.method,
    url: req.url,
    requestId: req.headers.get('x-request-id'),
    idempotencyKey: req.headers.get('idempotency-key'),
    authorization: req.headers.get('authorization'),
    contentType: req.headers.get('content-type'),
    body: await req.clone().text(),
  });
}

function ok(data: unknown, init: { status?: number; headers?: Record<string, string>; meta?: unknown } = {}) {
  return (req: Request) => {
    const id = req.headers.get('x-request-id') ?? 'srv';
    return HttpResponse.json(
      { success: true, data, ...(init.meta === undefined ? {} : { meta: init.meta }), requestId: id },
      { status: init.status ?? 200, headers: { 'x-request-id': id, ...init.headers } },
    );
  };
}

function fail(status: number, code: string, message = 'Mensaje del servidor.', headers: Record<string, string> = {}, details?: unknown) {
  return (req: Request) => {
    const id = req.headers.get('x-request-id') ?? 'srv';
    return HttpResponse.json(
      { success: false, error: { code, message, ...(details === undefined ? {} : { details }) }, requestId: id },
      { status, headers: { 'x-request-id': id, ...headers } },
    );
  };
}

/** A handler that never answers; it settles (unseen) once the client has aborted. */
function hang(req: Request): Promise<Response> {
  return new Promise((resolve) => {
    req.signal.addEventListener('abort', () => resolve(new Response(null, { status: 599 })));
  });
}

/** Answers each call with the next responder; the last one repeats. */
function sequence(method: 'get' | 'post' | 'patch', path: string, ...responders: ((req: Request) => Response | Promise<Response>)[]) {
  let i = 0;
  server.use(
    http[method](apiUrl(path), async ({ request: req }) => {
      await record(req);
      const responder = responders[Math.min(i, responders.length - 1)];
      i += 1;
      if (responder === undefined) throw new Error('no responder');
      return responder(req);
    }),
  );
}

async function rejection(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof ApiError) return err;
    throw new Error(`expected an ApiError, got ${String(err)}`, { cause: err });
  }
  throw new Error('expected the request to fail');
}

beforeEach(() => {
  seen = [];
  token = null;
  reportError = vi.fn<(input: ClientErrorInput) => string>(() => 'ERR-TEST');
  refreshAccess = vi.fn(() => Promise.resolve(false));
  configureApiClient({
    operations: table,
    getAccessToken: () => token,
    refreshAccess,
    reportError,
    random: () => 0,
    baseUrl: () => '/api',
  });
});

afterEach(() => {
  vi.useRealTimers();
  resetApiClient();
});

describe('envelope', () => {
  it('unwraps data and meta, and returns the id the server echoed', async () => {
    server.use(
      http.get(apiUrl('/stock'), async ({ request: req }) => {
        await record(req);
        return HttpResponse.json(
          { success: true, data: [{ id: 'a' }], meta: { total: 1, limit: 50, offset: 0 }, requestId: 'srv-id-1' },
          { headers: { 'x-request-id': 'srv-id-1' } },
        );
      }),
    );
    const result = await request<{ id: string }[]>('/stock', { query: { limit: 50, estado: ['bajo', 'agotado'], q: undefined } });
    expect(result.data).toEqual([{ id: 'a' }]);
    expect(result.meta).toEqual({ total: 1, limit: 50, offset: 0 });
    expect(result.requestId).toBe('srv-id-1');
    expect(result.replayed).toBe(false);
    expect(seen[0]?.url).toBe('http://localhost:3000/api/stock?limit=50&estado=bajo%2Cagotado');
  });

  it('turns a failure envelope into an ApiError with code, message, status, details and request id', async () => {
    const details = { campos: [{ campo: 'nombre', regla: 'requerido', mensaje: 'Es obligatorio.' }] };
    sequence('post', '/tareas', fail(400, 'VALIDATION_ERROR', 'Revisá los datos.', {}, details));
    const err = await rejection(api.post('/tareas', { titulo: '' }));
    expect(err.code).toBe('VALIDATION_ERROR');
    expect(err.message).toBe('Revisá los datos.');
    expect(err.status).toBe(400);
    expect(err.details).toEqual(details);
    expect(err.requestId).toBe(seen[0]?.requestId);
    expect(seen[0]?.contentType).toBe('application/json');
    expect(JSON.parse(seen[0]?.body ?? '')).toEqual({ titulo: '' });
  });

  it.each([
    ['an HTML page', 200, '<!doctype html><p>hola</p>', 'text/html'],
    ['an empty body', 200, '', 'text/plain'],
    ['JSON that is not an envelope', 200, '{"foo":1}', 'application/json'],
    ['a proxy error page', 500, '<html>Bad gateway</html>', 'text/html'],
  ])('maps %s to SERVICE_UNAVAILABLE', async (_label, status, body, type) => {
    server.use(
      http.post(apiUrl('/jobs/j1/pause'), async ({ request: req }) => {
        await record(req);
        return new HttpResponse(body, { status, headers: { 'content-type': type } });
      }),
    );
    const err = await rejection(api.post('/jobs/j1/pause'));
    expect(err.code).toBe('SERVICE_UNAVAILABLE');
    expect(err.status).toBe(status);
    expect(err.message).toBe('El servidor no está disponible por un momento. Probá de nuevo.');
    expect(seen).toHaveLength(1);
  });

  it('surfaces the idempotent-replay headers', async () => {
    sequence(
      'post',
      '/ventas',
      ok({ id: 'v1' }, {
        status: 201,
        headers: { 'Idempotent-Replayed': 'true', 'Idempotent-Original-Request-Id': 'first-request' },
      }),
    );
    const result = await request<{ id: string }>('/ventas', { method: 'POST', body: {}, idempotencyKey: 'key-1' });
    expect(result.status).toBe(201);
    expect(result.replayed).toBe(true);
    expect(result.originalRequestId).toBe('first-request');
    expect(result.requestId).toBe(seen[0]?.requestId);
  });

  it('returns CSV text when asked for text', async () => {
    server.use(
      http.get(apiUrl('/reportes/ventas'), () =>
        new HttpResponse('\uFEFFfecha;total\n2024-01-01;10,00\n', {
          headers: { 'content-type': 'text/csv; charset=utf-8', 'x-request-id': 'csv-1' },
        }),
      ),
    );
    const result = await request<string>('/reportes/ventas', { query: { formato: 'csv' }, responseType: 'text', timeoutMs: TIMEOUT_LONG_MS });
    expect(result.data).toContain('fecha;total');
    expect(result.requestId).toBe('csv-1');
  });

  it('rejects paths that repeat the /api base', () => {
    expect(() => startRequest('/api/stock')).toThrow(/relative to the API base/);
  });
});

describe('request ids', () => {
  it('sends a UUID per request and "-r1" on the retry', async () => {
    sequence('get', '/stock', fail(503, 'SERVICE_UNAVAILABLE'), ok([]));
    const call = startRequest('/stock');
    const result = await call.promise;
    expect(seen).toHaveLength(2);
    expect(seen[0]?.requestId).toMatch(UUID);
    expect(seen[0]?.requestId).toBe(call.requestId);
    expect(seen[1]?.requestId).toBe(`${call.requestId}-r1`);
    expect(result.requestId).toBe(`${call.requestId}-r1`);
  });

  it('keeps the id it sent when the answer never came', async () => {
    server.use(http.post(apiUrl('/jobs/j1/pause'), () => HttpResponse.error()));
    const call = startRequest('/jobs/j1/pause', { method: 'POST' });
    const err = await rejection(call.promise);
    expect(err.code).toBe('NETWORK_ERROR');
    expect(err.status).toBe(0);
    expect(err.requestId).toBe(call.requestId);
  });
});

describe('timeouts, slow hint and cancel', () => {
  it('fails with TIMEOUT after 10 s per attempt', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    sequence('post', '/jobs/j1/pause', hang);
    const promise = rejection(api.post('/jobs/j1/pause'));
    await vi.advanceTimersByTimeAsync(TIMEOUT_DEFAULT_MS - 1);
    expect(seen).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    const err = await promise;
    expect(err.code).toBe('TIMEOUT');
    expect(err.message).toBe('El servidor no respondió a tiempo.');
    expect(seen).toHaveLength(1);
  });

  it('gives each attempt of an idempotent request its own timeout, then fails with TIMEOUT', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    sequence('get', '/stock', hang);
    const promise = rejection(api.get('/stock'));
    await vi.advanceTimersByTimeAsync(TIMEOUT_DEFAULT_MS + 300 + 1);
    expect(seen).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(TIMEOUT_DEFAULT_MS);
    expect((await promise).code).toBe('TIMEOUT');
    expect(seen).toHaveLength(2);
  });

  it('honours a longer timeout for reports', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    sequence('post', '/jobs/j1/pause', hang);
    const promise = rejection(api.post('/jobs/j1/pause', undefined, { timeoutMs: TIMEOUT_LONG_MS }));
    await vi.advanceTimersByTimeAsync(TIMEOUT_DEFAULT_MS + 1);
    let settled = false;
    void promise.then(() => (settled = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(TIMEOUT_LONG_MS - TIMEOUT_DEFAULT_MS);
    expect((await promise).code).toBe('TIMEOUT');
  });

  it('calls onSlow once, after 3 s', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    sequence('post', '/jobs/j1/pause', hang);
    const onSlow = vi.fn();
    const call = startRequest('/jobs/j1/pause', { method: 'POST', onSlow });
    const settled = rejection(call.promise);
    await vi.advanceTimersByTimeAsync(SLOW_HINT_MS - 1);
    expect(onSlow).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(onSlow).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(TIMEOUT_DEFAULT_MS);
    await settled;
    expect(onSlow).toHaveBeenCalledTimes(1);
  });

  it('does not call onSlow when the answer comes first', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    sequence('get', '/stock', ok([]));
    const onSlow = vi.fn();
    await request('/stock', { onSlow });
    await vi.advanceTimersByTimeAsync(SLOW_HINT_MS * 2);
    expect(onSlow).not.toHaveBeenCalled();
  });

  it('cancel() stops the wait with REQUEST_CANCELLED and never retries', async () => {
    sequence('get', '/stock', hang);
    const call = startRequest('/stock');
    await vi.waitFor(() => expect(seen).toHaveLength(1));
    call.cancel();
    const err = await rejection(call.promise);
    expect(err.code).toBe('REQUEST_CANCELLED');
    expect(err.message).toBe('Cancelaste la espera.');
    expect(seen).toHaveLength(1);
  });

  it("chains the caller's AbortSignal", async () => {
    sequence('get', '/stock', hang);
    const controller = new AbortController();
    const promise = rejection(api.get('/stock', { signal: controller.signal }));
    await vi.waitFor(() => expect(seen).toHaveLength(1));
    controller.abort();
    expect((await promise).code).toBe('REQUEST_CANCELLED');
  });

  it('does not even send a request whose signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const err = await rejection(api.get('/stock', { signal: controller.signal }));
    expect(err.code).toBe('REQUEST_CANCELLED');
    expect(seen).toHaveLength(0);
  });

  it('cancel() during the retry wait stops the retry', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    sequence('get', '/stock', fail(503, 'SERVICE_UNAVAILABLE'), ok([]));
    const call = startRequest('/stock');
    const settled = rejection(call.promise);
    await vi.advanceTimersByTimeAsync(100);
    expect(seen).toHaveLength(1);
    call.cancel();
    expect((await settled).code).toBe('REQUEST_CANCELLED');
    await vi.advanceTimersByTimeAsync(1000);
    expect(seen).toHaveLength(1);
  });
});

describe('single retry, only for idempotent requests', () => {
  it('retries a GET once after 503 and succeeds', async () => {
    sequence('get', '/stock', fail(503, 'SERVICE_UNAVAILABLE'), ok(['ok']));
    await expect(api.get('/stock')).resolves.toEqual(['ok']);
    expect(seen).toHaveLength(2);
  });

  it('retries at most once', async () => {
    sequence('get', '/stock', fail(503, 'SERVICE_UNAVAILABLE'));
    const err = await rejection(api.get('/stock'));
    expect(err.code).toBe('SERVICE_UNAVAILABLE');
    expect(seen).toHaveLength(2);
  });

  it.each([
    ['408', fail(408, 'REQUEST_TIMEOUT')],
    ['502', (req: Request) => fail(502, 'SERVICE_UNAVAILABLE')(req)],
    ['504', fail(504, 'SERVICE_UNAVAILABLE')],
    ['429 with Retry-After: 3', fail(429, 'RATE_LIMITED', 'Esperá.', { 'Retry-After': '3' })],
    ['a network error', () => HttpResponse.error()],
  ])('retries a GET after %s', async (_label, first) => {
    sequence('get', '/stock', first, ok([]));
    await api.get('/stock');
    expect(seen).toHaveLength(2);
  });

  it.each([
    ['400', fail(400, 'VALIDATION_ERROR')],
    ['404', fail(404, 'NOT_FOUND')],
    ['409', fail(409, 'VERSION_CONFLICT')],
    ['500', fail(500, 'INTERNAL_ERROR', 'Error interno del servidor.')],
    ['429 with Retry-After: 10', fail(429, 'RATE_LIMITED', 'Esperá.', { 'Retry-After': '10' })],
    ['429 without Retry-After', fail(429, 'RATE_LIMITED')],
  ])('does not retry a GET after %s', async (_label, first) => {
    sequence('get', '/stock', first, ok([]));
    await rejection(api.get('/stock'));
    expect(seen).toHaveLength(1);
  });

  it('waits 300–800 ms before the retry', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    configureApiClient({ random: () => 0.999999 });
    sequence('get', '/stock', fail(503, 'SERVICE_UNAVAILABLE'), ok([]));
    const promise = api.get('/stock');
    await vi.advanceTimersByTimeAsync(799);
    expect(seen).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    await promise;
    expect(seen).toHaveLength(2);
  });

  it('does not retry a mutation without an Idempotency-Key', async () => {
    sequence('post', '/jobs/j1/pause', fail(503, 'SERVICE_UNAVAILABLE'), ok({}));
    await rejection(api.post('/jobs/j1/pause'));
    expect(seen).toHaveLength(1);
    expect(seen[0]?.idempotencyKey).toBeNull();
  });

  it('does not retry a mutation whose route ignores keys (x-idempotency none), even with a key', async () => {
    sequence('post', '/jobs/j1/pause', () => HttpResponse.error(), ok({}));
    await rejection(api.post('/jobs/j1/pause', undefined, { idempotencyKey: 'k-1' }));
    expect(seen).toHaveLength(1);
  });

  it('does not retry a mutation on a route the server does not publish', async () => {
    sequence('post', '/faltantes', () => HttpResponse.error(), ok({}));
    await rejection(api.post('/faltantes', { texto_original: 'falta yerba' }, { idempotencyKey: 'k-1' }));
    expect(seen).toHaveLength(1);
  });

  it('retries a keyed mutation on an "opt" route once, with the same key', async () => {
    sequence('post', '/tareas', () => HttpResponse.error(), ok({ id: 't1' }, { status: 201 }));
    const call = startRequest('/tareas', { method: 'POST', body: { titulo: 'x' }, idempotencyKey: 'accion-123' });
    await call.promise;
    expect(seen).toHaveLength(2);
    expect(seen.map((s) => s.idempotencyKey)).toEqual(['accion-123', 'accion-123']);
    expect(call.idempotencyKey).toBe('accion-123');
  });

  it('makes a key for a "req" route when none is given, and reuses it on the retry', async () => {
    sequence('post', '/ventas', fail(504, 'SERVICE_UNAVAILABLE'), ok({ id: 'v1' }, { status: 201 }));
    const call = startRequest('/ventas', { method: 'POST', body: { items: [] } });
    await call.promise;
    expect(seen).toHaveLength(2);
    expect(seen[0]?.idempotencyKey).toMatch(UUID);
    expect(seen[1]?.idempotencyKey).toBe(seen[0]?.idempotencyKey);
    expect(call.idempotencyKey).toBe(seen[0]?.idempotencyKey);
  });

  it('does not retry a keyed mutation after a definite 4xx', async () => {
    sequence('post', '/ventas', fail(409, 'INSUFFICIENT_STOCK'), ok({}));
    const err = await rejection(api.post('/ventas', {}, { idempotencyKey: 'k' }));
    expect(err.code).toBe('INSUFFICIENT_STOCK');
    expect(seen).toHaveLength(1);
  });
});

describe('401 and the shared refresh', () => {
  it('refreshes once and replays with the new token', async () => {
    token = 'old';
    refreshAccess.mockImplementation(() => {
      token = 'new';
      return Promise.resolve(true);
    });
    sequence('get', '/stock', fail(401, 'TOKEN_EXPIRED'), ok(['ok']));
    await expect(api.get('/stock')).resolves.toEqual(['ok']);
    expect(refreshAccess).toHaveBeenCalledTimes(1);
    expect(refreshAccess).toHaveBeenCalledWith('old');
    expect(seen.map((s) => s.authorization)).toEqual(['Bearer old', 'Bearer new']);
  });

  it('replays a mutation too (the handler never ran), once', async () => {
    token = 'old';
    refreshAccess.mockImplementation(() => {
      token = 'new';
      return Promise.resolve(true);
    });
    sequence('patch', '/productos/p1', fail(401, 'UNAUTHORIZED'));
    const err = await rejection(api.patch('/productos/p1', { nombre: 'x', version: 1 }));
    expect(err.code).toBe('UNAUTHORIZED');
    expect(seen).toHaveLength(2);
    expect(refreshAccess).toHaveBeenCalledTimes(1);
  });

  it('fails with the 401 when the refresh fails', async () => {
    token = 'old';
    sequence('get', '/stock', fail(401, 'TOKEN_EXPIRED'));
    const err = await rejection(api.get('/stock'));
    expect(err.code).toBe('TOKEN_EXPIRED');
    expect(seen).toHaveLength(1);
  });

  it('does not refresh for anonymous requests or other 401 codes', async () => {
    sequence('post', '/jobs/j1/pause', fail(401, 'INVALID_CREDENTIALS'));
    await rejection(api.post('/jobs/j1/pause'));
    token = 't';
    await rejection(api.post('/jobs/j1/pause'));
    expect(refreshAccess).not.toHaveBeenCalled();
  });

  it('sends no Authorization header when auth is off', async () => {
    token = 'secret';
    sequence('post', '/jobs/j1/pause', ok({}));
    await api.post('/jobs/j1/pause', undefined, { auth: false });
    expect(seen[0]?.authorization).toBeNull();
  });
});

describe('client error reports', () => {
  it('reports an unexpected 500 with the route template and request id, never the query', async () => {
    sequence('patch', '/productos/6f1c0e9a-0000-4000-8000-000000000000', fail(500, 'INTERNAL_ERROR'));
    const err = await rejection(
      request('/productos/6f1c0e9a-0000-4000-8000-000000000000', { method: 'PATCH', body: { nombre: 'Yerba' } }),
    );
    expect(reportError).toHaveBeenCalledTimes(1);
    expect(reportError).toHaveBeenCalledWith({
      origen: 'api',
      mensaje: 'PATCH /api/productos/:id → 500 INTERNAL_ERROR',
      requestId: err.requestId,
    });
  });

  it('does not report expected failures', async () => {
    sequence('post', '/tareas', fail(409, 'VERSION_CONFLICT'));
    await rejection(api.post('/tareas', {}));
    sequence('get', '/stock', fail(503, 'SERVICE_UNAVAILABLE'));
    await rejection(api.get('/stock'));
    expect(reportError).not.toHaveBeenCalled();
  });
});

describe('parseRetryAfter', () => {
  it('reads delta-seconds and HTTP dates', () => {
    expect(parseRetryAfter('3')).toBe(3);
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(parseRetryAfter('soon')).toBeUndefined();
    const now = Date.parse('2024-05-01T12:00:00Z');
    expect(parseRetryAfter('Wed, 01 May 2024 12:00:02 GMT', now)).toBe(2);
  });
});
