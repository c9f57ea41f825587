#!/usr/bin/env node
// Checks the built app against the server's rules (ui.md §6, hardening.md):
// CSP `default-src 'self'` allows no inline script or style, so dist/index.html may only
// reference external module scripts and stylesheets, and they must be hashed files under
// /assets/ (served with `immutable`).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const dist = resolve(dirname(fileURLToPath(import.meta.url)), '../dist');

/**
 * @param {string} html
 * @returns {string[]} problems found
 */
export function checkIndexHtml(html) {
  /** @type {string[]} */
  const problems = [];
  const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
  if (scripts.length === 0) problems.push('no <script> at all');
  for (const [, attrs = '', body = ''] of scripts) {
    if (body.trim() !== '') problems.push(`inline script: ${body.trim().slice(0, 80)}`);
    if (!/\btype="module"/.test(attrs)) problems.push(`script is not type="module": ${attrs.trim()}`);
    const src = /\bsrc="([^"]+)"/.exec(attrs)?.[1];
    if (src === undefined) problems.push('script without src');
    else if (!/^\/assets\/[\w.-]+-[\w-]{8,}\.js$/.test(src)) problems.push(`script not a hashed /assets/ file: ${src}`);
  }
  if (/<style\b/i.test(html)) problems.push('inline <style> element');
  if (/\sstyle="/i.test(html)) problems.push('inline style attribute');
  if (/\son[a-z]+="/i.test(html)) problems.push('inline event handler attribute');
  for (const [, href = ''] of html.matchAll(/<link\b[^>]*rel="(?:stylesheet|modulepreload)"[^>]*href="([^"]+)"/gi)) {
    if (!/^\/assets\/[\w.-]+-[\w-]{8,}\.(css|js)$/.test(href)) problems.push(`link not a hashed /assets/ file: ${href}`);
  }
  return problems;
}

function main() {
  const indexPath = resolve(dist, 'index.html');
  if (!existsSync(indexPath)) {
    console.error('check-dist: dist/index.html is missing');
    process.exit(1);
  }
  const problems = checkIndexHtml(readFileSync(indexPath, 'utf8'));
  const assets = existsSync(resolve(dist, 'assets')) ? readdirSync(resolve(dist, 'assets')) : [];
  if (!assets.some((f) => f.endsWith('.js'))) problems.push('dist/assets/ has no JavaScript');
  if (problems.length > 0) {
    console.error(`check-dist: dist/index.html breaks the CSP rules:\n  ${problems.join('\n  ')}`);
    process.exit(1);
  }
  console.log(`check-dist: dist/index.html OK (${assets.length} files in dist/assets/)`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
