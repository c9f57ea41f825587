/**
 * Build-time environment, validated once. Only `VITE_*` variables reach the browser.
 */

function normaliseApiBase(raw: string | undefined): string {
  const value = (raw ?? '').trim();
  if (value === '') return '/api';
  const isAbsolute = /^https?:\/\//.test(value);
  if (!isAbsolute && !value.startsWith('/')) {
    throw new Error(`VITE_API_BASE must be an absolute URL or start with "/": ${value}`);
  }
  return value.replace(/\/+$/, '');
}

export const env = {
  /** Base of every API request: same-origin `/api` unless `VITE_API_BASE` overrides it. */
  apiBase: normaliseApiBase(import.meta.env.VITE_API_BASE),
  /** Identifies this build in client error reports (≤ 64 characters). */
  buildId: (typeof __BUILD_ID__ === 'string' && __BUILD_ID__ !== '' ? __BUILD_ID__ : 'dev').slice(0, 64),
} as const;

export { normaliseApiBase };
