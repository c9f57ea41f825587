import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api-error';
import { refreshAccess, resetRefreshForTests, setRefresher } from './refresh';
import { clearSession, getAccessToken, getSession, setSession, type Session } from './session';

const usuario = { id: 'u1', email: 'ana@example.com', nombre: 'Ana', rol: 'ventas', debe_cambiar_password: false } as const;

function session(token: string): Session {
  return { accessToken: token, usuario };
}

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (err: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

beforeEach(() => {
  resetRefreshForTests();
  setSession(session('old'));
});

afterEach(() => {
  vi.unstubAllGlobals();
  resetRefreshForTests();
  clearSession('logout');
});

describe('refreshAccess', () => {
  it('shares one refresh between simultaneous 401s', async () => {
    const gate = deferred<Session>();
    const refresher = vi.fn(() => gate.promise);
    setRefresher(refresher);
    const results = [refreshAccess('old'), refreshAccess('old'), refreshAccess('old')];
    gate.resolve(session('new'));
    await expect(Promise.all(results)).resolves.toEqual([true, true, true]);
    expect(refresher).toHaveBeenCalledTimes(1);
    expect(getAccessToken()).toBe('new');
  });

  it('does not refresh when the token was already replaced', async () => {
    const refresher = vi.fn(() => Promise.resolve(session('newer')));
    setRefresher(refresher);
    setSession(session('new'));
    await expect(refreshAccess('old')).resolves.toBe(true);
    expect(refresher).not.toHaveBeenCalled();
  });

  it('starts a new refresh once the previous one finished', async () => {
    const refresher = vi
      .fn<() => Promise<Session>>()
      .mockResolvedValueOnce(session('t2'))
      .mockResolvedValueOnce(session('t3'));
    setRefresher(refresher);
    await refreshAccess('old');
    await refreshAccess('t2');
    expect(refresher).toHaveBeenCalledTimes(2);
    expect(getAccessToken()).toBe('t3');
  });

  it.each(['REFRESH_TOKEN_INVALID', 'REFRESH_TOKEN_REUSED'])('drops the session as expired on %s', async (code) => {
    setRefresher(() => Promise.reject(new ApiError({ code, message: 'x', status: 401, requestId: 'r' })));
    await expect(refreshAccess('old')).resolves.toBe(false);
    expect(getSession()).toBeNull();
  });

  it('keeps the session when the refresh fails for lack of network', async () => {
    setRefresher(() => Promise.reject(new ApiError({ code: 'NETWORK_ERROR', message: 'x', status: 0, requestId: 'r' })));
    await expect(refreshAccess('old')).resolves.toBe(false);
    expect(getAccessToken()).toBe('old');
  });

  it('runs under the Web Lock "auth-refresh" when the browser has Web Locks', async () => {
    const names: string[] = [];
    let held = false;
    let queue: Promise<unknown> = Promise.resolve();
    const locks = {
      request<T>(name: string, cb: () => Promise<T>): Promise<T> {
        names.push(name);
        const run = queue.then(async () => {
          expect(held).toBe(false);
          held = true;
          try {
            return await cb();
          } finally {
            held = false;
          }
        });
        queue = run.catch(() => undefined);
        return run;
      },
    };
    vi.stubGlobal('navigator', { locks });
    setRefresher(() => Promise.resolve(session('locked')));
    await expect(refreshAccess('old')).resolves.toBe(true);
    expect(names).toEqual(['auth-refresh']);
    expect(getAccessToken()).toBe('locked');
  });

  it('skips the refresh when another tab refreshed while this one waited for the lock', async () => {
    const refresher = vi.fn(() => Promise.resolve(session('mine')));
    setRefresher(refresher);
    const locks = {
      async request<T>(_name: string, cb: () => Promise<T>): Promise<T> {
        // Another tab held the lock, refreshed, and its BroadcastChannel message arrived.
        setSession(session('from-other-tab'));
        return cb();
      },
    };
    vi.stubGlobal('navigator', { locks });
    await expect(refreshAccess('old')).resolves.toBe(true);
    expect(refresher).not.toHaveBeenCalled();
    expect(getAccessToken()).toBe('from-other-tab');
  });

  it('expires the session when no refresher is configured', async () => {
    await expect(refreshAccess('old')).resolves.toBe(false);
    expect(getSession()).toBeNull();
  });
});

describe('two tabs', () => {
  it('shares the refreshed session with the other tab over BroadcastChannel', async () => {
    vi.resetModules();
    const tabA = { refresh: await import('./refresh'), session: await import('./session') };
    vi.resetModules();
    const tabB = { refresh: await import('./refresh'), session: await import('./session') };
    expect(tabA.session).not.toBe(tabB.session);

    const disconnectA = tabA.refresh.connectAuthChannel();
    const disconnectB = tabB.refresh.connectAuthChannel();
    try {
      tabA.session.setSession(session('old'));
      tabB.session.setSession(session('old'));
      const refresherA = vi.fn(() => Promise.resolve(session('new')));
      const refresherB = vi.fn(() => Promise.resolve(session('b-new')));
      tabA.refresh.setRefresher(refresherA);
      tabB.refresh.setRefresher(refresherB);

      await expect(tabA.refresh.refreshAccess('old')).resolves.toBe(true);
      await vi.waitFor(() => expect(tabB.session.getAccessToken()).toBe('new'));
      // Tab B's own 401 with the old token now replays without a second refresh.
      await expect(tabB.refresh.refreshAccess('old')).resolves.toBe(true);
      expect(refresherA).toHaveBeenCalledTimes(1);
      expect(refresherB).not.toHaveBeenCalled();

      tabA.session.clearSession('logout');
      tabA.refresh.broadcastSessionEnded();
      await vi.waitFor(() => expect(tabB.session.getSession()).toBeNull());
    } finally {
      disconnectA();
      disconnectB();
    }
  });
});
