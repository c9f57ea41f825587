import { describe, expect, it } from 'vitest';
import { esAR } from './es-AR';

/** Every string of the catalogue, with functions called on sample arguments. */
function collect(value: unknown, path: string, out: [string, string][]): void {
  if (typeof value === 'string') out.push([path, value]);
  else if (typeof value === 'function') {
    const fn = value as (...args: unknown[]) => unknown;
    collect(fn('Ana', 'admin'), `${path}()`, out);
    collect(fn(3, 'Yerba'), `${path}(3)`, out);
  } else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) collect(v, `${path}.${k}`, out);
  }
}

// Words that only English would use; Spanish UI text never needs them.
const ENGLISH = /\b(the|and|or|of|to|please|loading|submit|cancel|retry|sign|login|logout|password|settings|search|save|delete|edit|home|page|not found|something went wrong|try again|welcome|error occurred|user|users)\b/i;

describe('es-AR catalogue', () => {
  const strings: [string, string][] = [];
  collect(esAR, 'esAR', strings);

  it('has strings', () => {
    expect(strings.length).toBeGreaterThan(50);
  });

  it('contains no leftover English', () => {
    const english = strings.filter(([, s]) => ENGLISH.test(s));
    expect(english).toEqual([]);
  });

  it('has no empty strings or stray spaces', () => {
    const bad = strings.filter(([, s]) => s.trim() === '' || s !== s.trim() || s.includes('  '));
    expect(bad).toEqual([]);
  });

  it('uses voseo in the imperatives of ui.md', () => {
    expect(esAR.login.titulo).toBe('Ingresá a Mini Market');
    expect(esAR.errores.sinConexion).toContain('Verificá');
    expect(esAR.estados.tardando).toBe('Está tardando más de lo normal…');
  });
});
