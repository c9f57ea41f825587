import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** web/ */
export const WEB_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const DIST_DIR = resolve(WEB_DIR, 'dist');
export const ARTIFACTS_DIR = resolve(WEB_DIR, 'e2e/artifacts');
export const SCREENSHOTS_DIR = resolve(ARTIFACTS_DIR, 'screenshots');
export const TRACES_DIR = resolve(ARTIFACTS_DIR, 'traces');
export const LOGS_DIR = resolve(ARTIFACTS_DIR, 'logs');

/** `<scenario>-<page>.png` under e2e/artifacts/screenshots/ (ui.md §6). */
export function screenshotPath(scenario: string, page: string): string {
  return resolve(SCREENSHOTS_DIR, `${scenario}-${page}.png`);
}
