/** Shared API-level types that do not come from the generated OpenAPI types. */

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** An operation of the route table, written as in api.md: `"POST /api/ventas"`, `"GET /api/ventas/:id"`. */
export type OperationRef = `${HttpMethod} /api/${string}`;

/** The four staff roles (api.md §1.8). */
export type Rol = 'admin' | 'deposito' | 'ventas' | 'usuario';

export const ROLES: readonly Rol[] = ['admin', 'deposito', 'ventas', 'usuario'];

/** `meta` of paginated lists (api.md §1.2). */
export interface ListMeta {
  total: number;
  limit: number;
  offset: number;
}
