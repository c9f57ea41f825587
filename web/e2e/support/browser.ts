/**
 * Debian's chromium through playwright-core; no browser is ever downloaded.
 *
 * Environment read:
 *   MM_CHROMIUM   the browser binary (default /usr/bin/chromium)
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];

export interface E2EBrowser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** A browser with a fresh profile (user-data-dir), removed on close. Desktop viewport 1366×768. */
export async function launchBrowser(): Promise<E2EBrowser> {
  const userDataDir = await mkdtemp(join(tmpdir(), 'mm-e2e-chromium-'));
  try {
    const context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: process.env.MM_CHROMIUM ?? '/usr/bin/chromium',
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1366, height: 768 },
      locale: 'es-AR',
      timezoneId: 'America/Argentina/Buenos_Aires',
    });
    return {
      context,
      close: async () => {
        await context.close();
        await rm(userDataDir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await rm(userDataDir, { recursive: true, force: true });
    throw err;
  }
}
