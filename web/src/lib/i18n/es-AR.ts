/**
 * Every user-visible string of the web app, in Spanish (es-AR, voseo). Components never
 * spell text inline: a lint rule rejects JSX text outside this module, and a test scans it
 * for leftover English.
 */

import type { Rol } from '@/types/api';
import type { NavGroup, PageId } from '@/config/navigation';

const roles: Record<Rol, string> = {
  admin: 'Administración',
  deposito: 'Depósito',
  ventas: 'Ventas',
  usuario: 'Consulta',
};

const grupos: Record<NavGroup, string> = {
  vender: 'Vender',
  mercaderia: 'Mercadería',
  diaADia: 'Día a día',
  gestion: 'Gestión',
};

const paginas: Record<PageId | 'inicio', string> = {
  inicio: 'Inicio',
  pos: 'Punto de venta',
  pocket: 'Pocket',
  stock: 'Stock',
  deposito: 'Depósito',
  kardex: 'Kardex',
  productos: 'Productos',
  proveedores: 'Proveedores',
  compras: 'Órdenes de compra',
  pedidos: 'Pedidos',
  clientes: 'Clientes y fiado',
  ventas: 'Ventas',
  caja: 'Caja',
  tareas: 'Tareas',
  cuaderno: 'Cuaderno de faltantes',
  preciosProveedor: 'Precios de proveedor',
  alertas: 'Alertas',
  reportes: 'Reportes',
  sistema: 'Jobs y Salud',
  usuarios: 'Usuarios',
  bitacora: 'Bitácora',
  configuracion: 'Configuración',
  perfil: 'Mi perfil',
};

export const esAR = {
  app: {
    nombre: 'Mini Market',
    saltarAlContenido: 'Saltar al contenido',
  },
  nav: {
    menuPrincipal: 'Menú principal',
    grupos,
    paginas,
  },
  topBar: {
    usuarioActual: (nombre: string, rol: Rol) => `${nombre} · ${roles[rol]}`,
    salir: 'Salir',
    miPerfil: 'Mi perfil',
  },
  roles,
  login: {
    titulo: 'Ingresá a Mini Market',
    subtitulo: 'Usá el email y la contraseña que te dio la administración.',
    email: 'Email',
    password: 'Contraseña',
    ingresar: 'Ingresar',
    ingresando: 'Ingresando…',
    sesionVencida: 'Tu sesión venció. Ingresá de nuevo.',
    credencialesInvalidas: 'Email o contraseña incorrectos.',
    bloqueado: (minutos: number) =>
      `Demasiados intentos; probá de nuevo en ${minutos} ${minutos === 1 ? 'minuto' : 'minutos'}.`,
    bloqueadoSinTiempo: 'Demasiados intentos; probá de nuevo en unos minutos.',
    completaLosCampos: 'Completá el email y la contraseña.',
  },
  dashboard: {
    titulo: 'Inicio',
    saludo: (nombre: string) => `Hola, ${nombre}`,
    proximamente: 'Acá vas a ver el resumen del día: ventas, tareas, alertas y lo que hay que reponer.',
  },
  paginas: {
    enConstruccion: 'Esta página todavía está en construcción. Volvé pronto.',
    noEncontrada: 'Página no encontrada',
    noEncontradaDetalle: 'La dirección que abriste no existe. Revisá el enlace o volvé al inicio.',
    sinPermiso: 'No tenés permiso para ver esta página',
    sinPermisoDetalle: 'Si necesitás usarla, pedíselo a quien administra el sistema.',
    volverAlInicio: 'Volver al inicio',
  },
  estados: {
    cargando: 'Cargando…',
    tardando: 'Está tardando más de lo normal…',
    cancelar: 'Cancelar',
    reintentar: 'Reintentar',
    esperaCancelada: 'Cancelaste la espera.',
    esperaCanceladaIdempotente:
      'Cancelaste la espera. Si llegó al servidor, reintentar no la duplica.',
    desactualizado: 'desactualizado',
    referencia: (requestId: string, original?: string) =>
      original !== undefined && original !== requestId
        ? `Ref: ${requestId} (original: ${original})`
        : `Ref: ${requestId}`,
    copiar: 'Copiar',
    copiado: 'Copiado',
  },
  errorBoundary: {
    titulo: 'Algo salió mal',
    detalle: 'Ocurrió un error inesperado en la pantalla. Ya le avisamos al equipo técnico.',
    codigo: (errorId: string) => `Código del error: ${errorId}`,
    intentarDeNuevo: 'Intentar de nuevo',
  },
  /** Messages for API error codes (ui.md §4 item 10); see lib/error-messages.ts. */
  errores: {
    validacion: 'Revisá los datos.',
    sesionVencida: 'Tu sesión venció. Ingresá de nuevo.',
    sinPermiso: 'No tenés permiso para esta acción.',
    noEncontrado: 'No encontramos ese registro (puede haber sido borrado).',
    conflicto: 'Alguien lo cambió recién. Actualizamos los datos; revisá y probá de nuevo.',
    duplicado: (campo: string) => `Ya existe uno con ese ${campo}.`,
    stockInsuficiente: (disponible: number, producto: string) =>
      `No alcanza el stock: hay ${disponible} de ${producto}.`,
    limiteCredito: (disponible: string) =>
      `El cliente supera su límite de crédito (disponible ${disponible}).`,
    margenBajo: (markup: string, minimo: string) =>
      `El markup queda en ${markup}, debajo del mínimo de ${minimo}.`,
    preciosCambiaron: (total: string) => `Los precios cambiaron; el total nuevo es ${total}.`,
    jobEnCurso: 'Ya está en curso.',
    cajaCerrada: 'La caja está cerrada. Abrila para cobrar.',
    productoNoVendible: (producto: string) => `${producto} no se puede vender (inactivo o sin precio).`,
    esteProducto: 'Este producto',
    claveReusada: 'Esta operación ya se envió con otros datos. Empezá una nueva.',
    demasiadosIntentos: (segundos: number) => `Demasiados intentos; esperá ${segundos} s.`,
    demasiadosIntentosSinTiempo: 'Demasiados intentos; esperá un momento.',
    servicioNoDisponible: 'El servidor no está disponible por un momento. Probá de nuevo.',
    errorInterno: 'Error del servidor. Si se repite, pasale la Ref al técnico.',
    conexionLenta: 'La conexión está muy lenta; el pedido no llegó completo. Probá de nuevo.',
    sinConexion: 'No hay conexión con el servidor. Verificá la red.',
    tiempoAgotado: 'El servidor no respondió a tiempo.',
    esperaCancelada: 'Cancelaste la espera.',
    credencialesInvalidas: 'Email o contraseña incorrectos.',
    generico: 'Ocurrió un error. Probá de nuevo.',
    campos: {
      sku: 'SKU',
      codigo_barras: 'código de barras',
      email: 'email',
      codigo: 'código',
      nombre: 'nombre',
      documento: 'documento',
      direccion: 'dirección',
    } as Record<string, string>,
  },
} as const;

export type Catalogue = typeof esAR;
