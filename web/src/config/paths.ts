/**
 * Every route path of the web app (ui.md §2). Pages, links and redirects use these constants;
 * no other module spells a path.
 */
export const paths = {
  home: '/',
  login: '/login',
  pos: '/pos',
  pocket: '/pocket',
  stock: '/stock',
  deposito: '/deposito',
  kardex: '/kardex',
  productos: '/productos',
  proveedores: '/proveedores',
  compras: '/compras',
  pedidos: '/pedidos',
  clientes: '/clientes',
  ventas: '/ventas',
  caja: '/caja',
  tareas: '/tareas',
  cuaderno: '/cuaderno',
  preciosProveedor: '/precios-proveedor',
  alertas: '/alertas',
  reportes: '/reportes',
  sistema: '/sistema',
  usuarios: '/usuarios',
  bitacora: '/bitacora',
  configuracion: '/configuracion',
  perfil: '/perfil',
  sinPermiso: '/sin-permiso',
} as const;

export type PathKey = keyof typeof paths;

/** Name of the query parameter that carries the page to return to after login. */
export const VOLVER_PARAM = 'volver';

/** `/login?volver=<path>`; `volver` is left out when it is the home page or unsafe. */
export function loginHref(volver?: string): string {
  const target = safeVolver(volver);
  if (target === paths.home) return paths.login;
  return `${paths.login}?${VOLVER_PARAM}=${encodeURIComponent(target)}`;
}

/**
 * Accepts only same-app paths ("/stock?x=1"), never another origin ("//evil", "https://…",
 * "/\\evil") nor the login page itself; anything else becomes "/".
 */
export function safeVolver(raw: string | null | undefined): string {
  if (raw === null || raw === undefined) return paths.home;
  const value = raw.trim();
  if (!value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return paths.home;
  for (let i = 0; i < value.length; i++) {
    if (value.charCodeAt(i) < 0x20 || value.charCodeAt(i) === 0x7f) return paths.home;
  }
  const pathname = value.split(/[?#]/, 1)[0] ?? '';
  if (pathname === paths.login) return paths.home;
  return value;
}
