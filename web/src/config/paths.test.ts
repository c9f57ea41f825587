import { describe, expect, it } from 'vitest';
import { loginHref, paths, safeVolver } from './paths';

describe('safeVolver', () => {
  it.each([
    ['/stock', '/stock'],
    ['/productos?q=yerba#x', '/productos?q=yerba#x'],
    [null, '/'],
    [undefined, '/'],
    ['', '/'],
    ['stock', '/'],
    ['//evil.example', '/'],
    ['/\\evil.example', '/'],
    ['https://evil.example/', '/'],
    ['javascript:alert(1)', '/'],
    ['/login', '/'],
    ['/login?volver=/stock', '/'],
    ['/stock\n', '/stock'],
    ['/sto\u0000ck', '/'],
  ])('%j → %j', (raw, expected) => {
    expect(safeVolver(raw)).toBe(expected);
  });
});

describe('loginHref', () => {
  it('carries the page to return to', () => {
    expect(loginHref('/productos?q=a b')).toBe('/login?volver=%2Fproductos%3Fq%3Da%20b');
    expect(loginHref('/')).toBe(paths.login);
    expect(loginHref()).toBe(paths.login);
  });
});
