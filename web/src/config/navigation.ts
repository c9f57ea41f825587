import type { OperationRef } from '@/types/api';
import { paths } from './paths';

/** Sidebar groups, in order (ui.md §2). */
export const NAV_GROUPS = ['vender', 'mercaderia', 'diaADia', 'gestion'] as const;
export type NavGroup = (typeof NAV_GROUPS)[number];

export type PageId =
  | 'pos'
  | 'pocket'
  | 'stock'
  | 'deposito'
  | 'kardex'
  | 'productos'
  | 'proveedores'
  | 'compras'
  | 'pedidos'
  | 'clientes'
  | 'ventas'
  | 'caja'
  | 'tareas'
  | 'cuaderno'
  | 'preciosProveedor'
  | 'alertas'
  | 'reportes'
  | 'sistema'
  | 'usuarios'
  | 'bitacora'
  | 'configuracion'
  | 'perfil';

export interface PageDef {
  id: PageId;
  path: string;
  /** Sidebar group; `null` for pages reached from elsewhere (Mi perfil is in the user menu). */
  group: NavGroup | null;
  /**
   * The page's main operation(s) (ui.md §2): the page is open to a role when the role may call
   * any of them. An operation the server does not publish yet opens the page to nobody.
   */
  operations: readonly OperationRef[];
  /** Full-screen pages render without the sidebar layout. */
  fullScreen?: boolean;
}

/**
 * The pages of ui.md §2 other than Login, Dashboard, Sin permiso and Not Found.
 * Sidebar order within a group follows this list.
 */
export const PAGES: readonly PageDef[] = [
  { id: 'pos', path: paths.pos, group: 'vender', operations: ['POST /api/ventas'], fullScreen: true },
  { id: 'ventas', path: paths.ventas, group: 'vender', operations: ['GET /api/ventas'] },
  { id: 'caja', path: paths.caja, group: 'vender', operations: ['GET /api/caja/sesion-actual'] },
  { id: 'clientes', path: paths.clientes, group: 'vender', operations: ['GET /api/clientes'] },
  { id: 'pedidos', path: paths.pedidos, group: 'vender', operations: ['GET /api/pedidos'] },

  { id: 'stock', path: paths.stock, group: 'mercaderia', operations: ['GET /api/stock'] },
  { id: 'deposito', path: paths.deposito, group: 'mercaderia', operations: ['POST /api/deposito/movimiento'] },
  {
    id: 'pocket',
    path: paths.pocket,
    group: 'mercaderia',
    operations: ['POST /api/deposito/movimiento'],
    fullScreen: true,
  },
  { id: 'kardex', path: paths.kardex, group: 'mercaderia', operations: ['GET /api/kardex'] },
  { id: 'productos', path: paths.productos, group: 'mercaderia', operations: ['GET /api/precios/producto/:id'] },
  { id: 'proveedores', path: paths.proveedores, group: 'mercaderia', operations: ['GET /api/proveedores'] },
  { id: 'compras', path: paths.compras, group: 'mercaderia', operations: ['GET /api/ordenes-compra'] },
  {
    id: 'preciosProveedor',
    path: paths.preciosProveedor,
    group: 'mercaderia',
    operations: ['GET /api/precios-proveedor'],
  },

  { id: 'tareas', path: paths.tareas, group: 'diaADia', operations: ['GET /api/tareas'] },
  { id: 'cuaderno', path: paths.cuaderno, group: 'diaADia', operations: ['GET /api/faltantes'] },
  { id: 'alertas', path: paths.alertas, group: 'diaADia', operations: ['GET /api/alertas'] },
  { id: 'bitacora', path: paths.bitacora, group: 'diaADia', operations: ['GET /api/bitacora'] },

  {
    id: 'reportes',
    path: paths.reportes,
    group: 'gestion',
    operations: [
      'GET /api/reportes/ventas',
      'GET /api/reportes/rentabilidad',
      'GET /api/reportes/rotacion',
      'GET /api/reportes/valor-inventario',
      'GET /api/reportes/diario',
    ],
  },
  { id: 'sistema', path: paths.sistema, group: 'gestion', operations: ['GET /api/jobs'] },
  { id: 'usuarios', path: paths.usuarios, group: 'gestion', operations: ['GET /api/usuarios'] },
  { id: 'configuracion', path: paths.configuracion, group: 'gestion', operations: ['PATCH /api/config/tienda'] },

  { id: 'perfil', path: paths.perfil, group: null, operations: ['GET /api/auth/me'] },
];
