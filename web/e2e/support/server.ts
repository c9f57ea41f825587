/**
 * Starts the real `minimarket serve` for one e2e test file (architecture.md §9 decision 37:
 * one server per file, each on its own port and database, so files may run in parallel).
 *
 * Environment read:
 *   MM_BIN   the server binary (default ../build/minimarket, relative to web/)
 * Environment given to the server (decision 36), on top of the caller's environment:
 *   MM_SERVER_LISTEN=127.0.0.1:<free port>
 *   MM_DATABASE_URL=sqlite:<fresh temp dir>/mm.db
 *   MM_WEB_ROOT=<absolute path of web/dist>
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DIST_DIR, LOGS_DIR, WEB_DIR } from './paths';

export const READY_TIMEOUT_MS = 20_000;
export const READY_POLL_MS = 200;
export const STOP_GRACE_MS = 5_000;

export interface StartServerOptions {
  /** Names the log file: e2e/artifacts/logs/<name>-server.log. */
  name: string;
  /** Load the demo data (`minimarket demo-data`) into the fresh database before serving. */
  demoData?: boolean;
  /** Extra `MM_*` settings for this file's server. */
  env?: Record<string, string>;
}

export interface RunningServer {
  baseUrl: string;
  port: number;
  dataDir: string;
  logFile: string;
  /** SIGTERM, then SIGKILL after 5 s; removes the temp dir. Safe to call twice. */
  stop(): Promise<void>;
}

export function serverBinary(): string {
  return resolve(WEB_DIR, process.env.MM_BIN ?? '../build/minimarket');
}

/** A port the OS just handed out on 127.0.0.1 (closed again before the server binds it). */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      if (address === null || typeof address === 'string') {
        srv.close();
        reject(new Error('freePort: no TCP address'));
        return;
      }
      srv.close(() => resolvePort(address.port));
    });
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolveExit) => {
    const timer = setTimeout(() => {
      child.off('exit', onExit);
      resolveExit(false);
    }, timeoutMs);
    function onExit() {
      clearTimeout(timer);
      resolveExit(true);
    }
    child.once('exit', onExit);
  });
}

async function waitReady(baseUrl: string, child: ChildProcess, logFile: string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `minimarket serve exited (code ${String(child.exitCode)}, signal ${String(child.signalCode)}) before /readyz; see ${logFile}`,
      );
    }
    try {
      const res = await fetch(`${baseUrl}/readyz`, { signal: AbortSignal.timeout(2_000) });
      if (res.status === 200) return;
      last = `HTTP ${res.status}: ${(await res.text()).slice(0, 300)}`;
    } catch (err) {
      last = err instanceof Error ? err.message : String(err);
    }
    await sleep(READY_POLL_MS);
  }
  throw new Error(`minimarket serve: /readyz not 200 within ${READY_TIMEOUT_MS} ms (last: ${last}); see ${logFile}`);
}

export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const bin = serverBinary();
  if (!existsSync(bin)) {
    throw new Error(`e2e: server binary not found at ${bin}; build it or set MM_BIN`);
  }
  if (!existsSync(join(DIST_DIR, 'index.html'))) {
    throw new Error(`e2e: ${DIST_DIR}/index.html is missing; run "npm run build" first`);
  }

  const dataDir = await mkdtemp(join(tmpdir(), `mm-e2e-${options.name}-`));
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...options.env,
    MM_SERVER_LISTEN: `127.0.0.1:${port}`,
    MM_DATABASE_URL: `sqlite:${join(dataDir, 'mm.db')}`,
    MM_WEB_ROOT: DIST_DIR,
  };

  mkdirSync(LOGS_DIR, { recursive: true });
  const logFile = join(LOGS_DIR, `${options.name}-server.log`);
  const logFd = openSync(logFile, 'w');

  let child: ChildProcess | null = null;
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    if (child !== null && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      if (!(await waitForExit(child, STOP_GRACE_MS))) {
        child.kill('SIGKILL');
        await waitForExit(child, STOP_GRACE_MS);
      }
    }
    closeSync(logFd);
    await rm(dataDir, { recursive: true, force: true });
  };

  try {
    if (options.demoData === true) {
      const demo = spawnSync(bin, ['demo-data'], { env, stdio: ['ignore', logFd, logFd], timeout: 60_000 });
      if (demo.status !== 0) throw new Error(`minimarket demo-data failed (status ${String(demo.status)}); see ${logFile}`);
    }
    child = spawn(bin, ['serve'], { env, cwd: dataDir, stdio: ['ignore', logFd, logFd] });
    await waitReady(baseUrl, child, logFile);
  } catch (err) {
    await stop();
    throw err;
  }
  return { baseUrl, port, dataDir, logFile, stop };
}
