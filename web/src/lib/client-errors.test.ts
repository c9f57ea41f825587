import { describe, expect, it, vi } from 'vitest';
import { createClientErrorReporter, scrub, type ClientErrorPayload, type ReporterDeps } from './client-errors';

function setup(overrides: Partial<ReporterDeps> = {}) {
  let now = 1_700_000_000_000;
  let online = true;
  const sent: ClientErrorPayload[] = [];
  const send = vi.fn((_url: string, body: string) => {
    sent.push(JSON.parse(body) as ClientErrorPayload);
    return Promise.resolve();
  });
  const reporter = createClientErrorReporter({
    endpoint: 'http://localhost/api/client-errors',
    buildId: 'abc123',
    now: () => now,
    route: () => '/stock',
    isOnline: () => online,
    send,
    ...overrides,
  });
  return {
    reporter,
    sent,
    send,
    advance: (ms: number) => (now += ms),
    setOnline: (v: boolean) => (online = v),
  };
}

describe('client error reporter', () => {
  it('sends the fields of api.md §12', () => {
    const { reporter, sent, send } = setup();
    const id = reporter.report({ mensaje: 'Boom', origen: 'error_boundary', stack: 'at x', requestId: 'req-1' });
    expect(id).toMatch(/^ERR-[0-9A-Z]{12}$/);
    expect(send).toHaveBeenCalledWith('http://localhost/api/client-errors', expect.any(String));
    expect(sent).toEqual([
      {
        mensaje: 'Boom',
        error_id: id,
        origen: 'error_boundary',
        ruta: '/stock',
        request_id: 'req-1',
        build_id: 'abc123',
        nivel: 'error',
        stack: 'at x',
      },
    ]);
  });

  it('clips fields to their limits and never sends an empty message', () => {
    const { reporter, sent } = setup({ route: () => `/${'x'.repeat(500)}` });
    reporter.report({ mensaje: 'm'.repeat(5000), origen: 'otro', stack: 's'.repeat(20_000), nivel: 'warning' });
    reporter.report({ mensaje: '   ', origen: 'otro' });
    expect(sent[0]?.mensaje).toHaveLength(1000);
    expect(sent[0]?.stack).toHaveLength(8000);
    expect(sent[0]?.ruta).toHaveLength(200);
    expect(sent[0]?.nivel).toBe('warning');
    expect(sent[1]?.mensaje).toBe('Error sin mensaje');
  });

  it('drops a malformed request id instead of sending it', () => {
    const { reporter, sent } = setup();
    reporter.report({ mensaje: 'x', origen: 'api', requestId: 'not valid!' });
    expect(sent[0]).not.toHaveProperty('request_id');
  });

  it('sends the same message once a minute, pointing later reports at the first id', () => {
    const { reporter, sent, advance } = setup();
    const first = reporter.report({ mensaje: 'Igual', origen: 'otro' });
    advance(59_999);
    expect(reporter.report({ mensaje: 'Igual', origen: 'otro' })).toBe(first);
    expect(sent).toHaveLength(1);
    advance(1);
    expect(reporter.report({ mensaje: 'Igual', origen: 'otro' })).not.toBe(first);
    expect(sent).toHaveLength(2);
  });

  it('sends at most 10 reports a minute', () => {
    const { reporter, sent, advance } = setup();
    for (let i = 0; i < 15; i++) reporter.report({ mensaje: `error ${i}`, origen: 'otro' });
    expect(sent).toHaveLength(10);
    advance(60_000);
    reporter.report({ mensaje: 'otra vez', origen: 'otro' });
    expect(sent).toHaveLength(11);
  });

  it('keeps up to 20 reports while offline and sends them when flushed', () => {
    const { reporter, sent, setOnline, advance } = setup();
    setOnline(false);
    for (let i = 0; i < 25; i++) {
      reporter.report({ mensaje: `offline ${i}`, origen: 'otro' });
      advance(10_000); // stay under 10 a minute
    }
    expect(sent).toHaveLength(0);
    expect(reporter.pending()).toBe(20);
    setOnline(true);
    reporter.flush();
    expect(sent).toHaveLength(20);
    expect(sent[0]?.mensaje).toBe('offline 5');
    expect(reporter.pending()).toBe(0);
  });

  it('keeps a report whose sending failed', async () => {
    const send = vi.fn(() => Promise.reject(new Error('offline')));
    const { reporter } = setup({ send });
    reporter.report({ mensaje: 'x', origen: 'otro' });
    await vi.waitFor(() => expect(reporter.pending()).toBe(1));
  });

  it('never throws, even when sending throws synchronously', () => {
    const { reporter } = setup({
      send: () => {
        throw new Error('sync');
      },
    });
    expect(() => reporter.report({ mensaje: 'x', origen: 'otro' })).not.toThrow();
  });

  it('removes tokens from messages and stacks', () => {
    const { reporter, sent } = setup();
    reporter.report({
      mensaje: 'fallo con Authorization: Bearer abc.def-ghi y mmr_AAAAbbbbCCCC',
      origen: 'otro',
      stack: 'token eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiIxIn0.sig en el stack',
    });
    expect(sent[0]?.mensaje).toBe('fallo con Authorization: [redactado] y [redactado]');
    expect(sent[0]?.stack).toBe('token [redactado] en el stack');
    expect(scrub('sin secretos')).toBe('sin secretos');
  });
});
