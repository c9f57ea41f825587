import { describe, expect, it } from 'vitest';
import { extractOperations, renderRolesModule, toRouteTemplate } from './openapi-roles.mjs';

function doc(paths: Record<string, unknown>, version = '3.1.0') {
  return { openapi: version, info: { title: 't', version: '1' }, paths };
}

describe('gen:api role table', () => {
  it('keys operations by "METHOD /path" with :params, with their roles and idempotency', () => {
    const ops = extractOperations(
      doc({
        '/api/ventas': {
          post: { operationId: 'ventasCreate', 'x-roles': ['admin', 'ventas'], 'x-idempotency': 'req' },
          get: { operationId: 'ventasList', 'x-roles': ['admin', 'ventas'], 'x-idempotency': 'none' },
        },
        '/api/ventas/{id}/anular': {
          parameters: [],
          post: { 'x-roles': ['admin', 'ventas'], 'x-idempotency': 'opt', 'x-roles-condicion': 'propia' },
        },
        '/api/auth/login': { post: { 'x-roles': ['publico'], 'x-idempotency': 'none' } },
      }),
    );
    expect([...ops.keys()]).toEqual([
      'GET /api/ventas',
      'POST /api/auth/login',
      'POST /api/ventas',
      'POST /api/ventas/:id/anular',
    ]);
    expect(ops.get('POST /api/ventas')).toEqual({ roles: ['admin', 'ventas'], idempotency: 'req', operationId: 'ventasCreate' });
    expect(ops.get('POST /api/ventas/:id/anular')?.condicion).toBe('propia');
  });

  it('reads "público" as "publico"', () => {
    const ops = extractOperations(doc({ '/api/auth/login': { post: { 'x-roles': ['público'], 'x-idempotency': 'none' } } }));
    expect(ops.get('POST /api/auth/login')?.roles).toEqual(['publico']);
  });

  it('renders a TypeScript module', () => {
    const source = renderRolesModule(
      extractOperations(doc({ '/api/stock': { get: { 'x-roles': ['usuario'], 'x-idempotency': 'none' } } })),
    );
    expect(source).toContain('"GET /api/stock": {"roles":["usuario"],"idempotency":"none"},');
    expect(source).toContain('export const OPERATIONS = {');
    expect(source).toContain('as const satisfies Record<string, OperationInfo>;');
  });

  it.each([
    ['missing x-roles', { get: { 'x-idempotency': 'none' } }],
    ['an unknown role', { get: { 'x-roles': ['dueño'], 'x-idempotency': 'none' } }],
    ['empty x-roles', { get: { 'x-roles': [], 'x-idempotency': 'none' } }],
    ['publico with another role', { get: { 'x-roles': ['publico', 'admin'], 'x-idempotency': 'none' } }],
    ['a bad x-idempotency', { get: { 'x-roles': ['admin'], 'x-idempotency': 'maybe' } }],
  ])('rejects a document with %s', (_label, item) => {
    expect(() => extractOperations(doc({ '/api/x': item }))).toThrow(/break the contract/);
  });

  it('rejects documents that are not OpenAPI 3.1', () => {
    expect(() => extractOperations(doc({}, '3.0.3'))).toThrow(/3\.1/);
    expect(() => extractOperations(null)).toThrow();
  });

  it('converts path templates', () => {
    expect(toRouteTemplate('/api/a/{id}/b/{nombre}')).toBe('/api/a/:id/b/:nombre');
  });
});
