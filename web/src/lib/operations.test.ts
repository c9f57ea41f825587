import { describe, expect, it } from 'vitest';
import { createOperationTable, type OperationInfo } from './operations';

const table = createOperationTable({
  'GET /api/ventas': { roles: ['admin', 'ventas'], idempotency: 'none' },
  'POST /api/ventas': { roles: ['admin', 'ventas'], idempotency: 'req' },
  'GET /api/ventas/:id': { roles: ['admin', 'ventas'], idempotency: 'none' },
  'POST /api/ventas/:id/anular': { roles: ['admin', 'ventas'], idempotency: 'opt' },
  'GET /api/productos/dropdown': { roles: ['admin', 'deposito', 'ventas', 'usuario'], idempotency: 'none' },
  'GET /api/productos/:id': { roles: ['admin', 'deposito'], idempotency: 'none' },
  'POST /api/auth/login': { roles: ['publico'], idempotency: 'none' },
} satisfies Record<string, OperationInfo>);

describe('operation table: can', () => {
  it('allows exactly the roles listed in x-roles', () => {
    expect(table.can('ventas', 'POST /api/ventas')).toBe(true);
    expect(table.can('admin', 'POST /api/ventas')).toBe(true);
    expect(table.can('deposito', 'POST /api/ventas')).toBe(false);
    expect(table.can('usuario', 'POST /api/ventas')).toBe(false);
  });

  it('denies operations the server does not publish, for every role', () => {
    for (const rol of ['admin', 'deposito', 'ventas', 'usuario'] as const) {
      expect(table.can(rol, 'POST /api/faltantes')).toBe(false);
    }
  });

  it('denies when there is no user, except for public operations', () => {
    expect(table.can(null, 'GET /api/ventas')).toBe(false);
    expect(table.can(undefined, 'POST /api/auth/login')).toBe(true);
    expect(table.can('usuario', 'POST /api/auth/login')).toBe(true);
  });

  it('looks templates up by their key, not by concrete paths', () => {
    expect(table.can('admin', 'GET /api/ventas/:id')).toBe(true);
    expect(table.can('admin', 'GET /api/ventas/123')).toBe(false);
  });
});

describe('operation table: match', () => {
  it('matches exact paths first', () => {
    expect(table.match('POST', '/api/ventas')?.key).toBe('POST /api/ventas');
  });

  it('matches parameters, preferring literal segments', () => {
    expect(table.match('GET', '/api/productos/dropdown')?.key).toBe('GET /api/productos/dropdown');
    expect(table.match('GET', '/api/productos/6f1c0e9a-0000-4000-8000-000000000000')?.key).toBe(
      'GET /api/productos/:id',
    );
    expect(table.match('POST', '/api/ventas/abc/anular')?.info.idempotency).toBe('opt');
  });

  it('answers undefined for unknown routes, wrong methods and empty parameters', () => {
    expect(table.match('DELETE', '/api/ventas')).toBeUndefined();
    expect(table.match('GET', '/api/ventas/abc/extra')).toBeUndefined();
    expect(table.match('GET', '/api/ventas/')).toBeUndefined();
    expect(table.match('GET', '/api/nada')).toBeUndefined();
  });
});
