/**
 * The app shell, served by the real server: the SPA loads under its CSP, a deep link gets the
 * app too (SPA fallback), and with no session the app shows the login page.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ConsoleMessage, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type E2EBrowser } from './support/browser';
import { SCREENSHOTS_DIR, screenshotPath, TRACES_DIR } from './support/paths';
import { startServer, type RunningServer } from './support/server';

const SCENARIO = 'app-shell';

let server: RunningServer | undefined;
let browser: E2EBrowser | undefined;
let failed = false;

beforeAll(async () => {
  server = await startServer({ name: SCENARIO });
  browser = await launchBrowser();
  await browser.context.tracing.start({ screenshots: true, snapshots: true });
});

afterEach((ctx) => {
  if (ctx.task.result?.state === 'fail') failed = true;
});

afterAll(async () => {
  try {
    if (browser !== undefined) {
      // A failing file keeps its trace (open with `npx playwright-core show-trace`).
      if (failed) {
        mkdirSync(TRACES_DIR, { recursive: true });
        await browser.context.tracing.stop({ path: join(TRACES_DIR, `${SCENARIO}.zip`) });
      } else {
        await browser.context.tracing.stop();
      }
      await browser.close();
    }
  } finally {
    await server?.stop();
  }
});

function ready(): { server: RunningServer; browser: E2EBrowser } {
  if (server === undefined || browser === undefined) throw new Error('e2e setup failed');
  return { server, browser };
}

/** Collects page errors and console errors (CSP violations show up there). */
function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  page.on('console', (msg: ConsoleMessage) => {
    if (msg.type() === 'error') errors.push(`console: ${msg.text()}`);
  });
  return errors;
}

describe('app shell', () => {
  it('loads at / and shows the login page when signed out', async () => {
    const { server: srv, browser: b } = ready();
    const page = await b.context.newPage();
    const errors = watchErrors(page);

    const response = await page.goto(`${srv.baseUrl}/`);
    expect(response?.status()).toBe(200);

    const heading = page.getByRole('heading', { level: 1, name: 'Ingresá a Mini Market' });
    await heading.waitFor({ state: 'visible', timeout: 10_000 });
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(await page.getByLabel('Email').isVisible()).toBe(true);
    expect(await page.getByLabel('Contraseña').isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: 'Ingresar' }).isVisible()).toBe(true);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('es-AR');

    mkdirSync(SCREENSHOTS_DIR, { recursive: true });
    await page.screenshot({ path: screenshotPath(SCENARIO, 'login'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('answers a deep link with the app (SPA fallback) and keeps the path to return to', async () => {
    const { server: srv, browser: b } = ready();
    const page = await b.context.newPage();
    const errors = watchErrors(page);

    const response = await page.goto(`${srv.baseUrl}/productos`);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-type']).toContain('text/html');

    await page.getByRole('heading', { level: 1, name: 'Ingresá a Mini Market' }).waitFor({ timeout: 10_000 });
    const url = new URL(page.url());
    expect(url.pathname).toBe('/login');
    expect(url.searchParams.get('volver')).toBe('/productos');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('serves the hashed assets the page references, and 404 (not HTML) for a missing one', async () => {
    const { server: srv } = ready();
    const html = await (await fetch(`${srv.baseUrl}/`, { headers: { Accept: 'text/html' } })).text();
    const script = /<script type="module"[^>]*src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();

    const asset = await fetch(`${srv.baseUrl}${script ?? ''}`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toMatch(/javascript/);

    const missing = await fetch(`${srv.baseUrl}/assets/no-existe-12345678.js`, { headers: { Accept: 'text/html' } });
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type') ?? '').not.toContain('text/html');
  });
});
