/**
 * Codes → Spanish messages (ui.md §4 item 10). Every server code of api.md §2 has an entry:
 * either a message of our own, a formatter that reads `details`, or SERVER_MESSAGE, which
 * shows the server's Spanish `message` as it came. The UI branches on `code`, never on text.
 */

import { formatBasisPoints, formatCentavos } from '@/utils/money';
import type { ApiError } from './api-error';
import type { KnownErrorCode } from './error-codes';
import { esAR } from './i18n/es-AR';

/** Show the server's Spanish `message` for this code. */
export const SERVER_MESSAGE = Symbol('server-message');

/** Extra context a screen may know better than the error (e.g. the product's name). */
export interface MessageContext {
  producto?: string;
}

type Formatter = (error: ApiError, ctx: MessageContext) => string | null;
export type MessageEntry = string | Formatter | typeof SERVER_MESSAGE;

const t = esAR.errores;

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

function integer(value: unknown): number | null {
  return typeof value === 'number' && Number.isSafeInteger(value) ? value : null;
}

function retryAfterSeconds(error: ApiError): number | null {
  if (error.retryAfterS !== undefined) return error.retryAfterS;
  return integer(record(error.details).reintentar_en_s);
}

const tooManyAttempts: Formatter = (error) => {
  const s = retryAfterSeconds(error);
  return s === null ? t.demasiadosIntentosSinTiempo : t.demasiadosIntentos(s);
};

const notSellable: Formatter = (_error, ctx) => t.productoNoVendible(ctx.producto ?? t.esteProducto);

export const ERROR_MESSAGES: Readonly<Record<KnownErrorCode, MessageEntry>> = {
  VALIDATION_ERROR: t.validacion,
  INVALID_JSON: SERVER_MESSAGE,
  IDEMPOTENCY_KEY_REQUIRED: SERVER_MESSAGE,
  IDEMPOTENCY_KEY_INVALID: SERVER_MESSAGE,
  PASSWORD_TOO_WEAK: SERVER_MESSAGE,
  CURRENT_PASSWORD_INVALID: SERVER_MESSAGE,
  UNAUTHORIZED: t.sesionVencida,
  TOKEN_EXPIRED: t.sesionVencida,
  INVALID_CREDENTIALS: t.credencialesInvalidas,
  REFRESH_TOKEN_INVALID: t.sesionVencida,
  REFRESH_TOKEN_REUSED: t.sesionVencida,
  SIGNATURE_MISSING: SERVER_MESSAGE,
  SIGNATURE_INVALID: SERVER_MESSAGE,
  TIMESTAMP_SKEW: SERVER_MESSAGE,
  NONCE_REPLAYED: SERVER_MESSAGE,
  KEY_UNKNOWN: SERVER_MESSAGE,
  IP_NOT_ALLOWED: SERVER_MESSAGE,
  FORBIDDEN: t.sinPermiso,
  PASSWORD_CHANGE_REQUIRED: SERVER_MESSAGE,
  CORS_ORIGIN_NOT_ALLOWED: SERVER_MESSAGE,
  NOT_FOUND: t.noEncontrado,
  METHOD_NOT_ALLOWED: SERVER_MESSAGE,
  REQUEST_TIMEOUT: t.conexionLenta,
  VERSION_CONFLICT: t.conflicto,
  INVALID_STATE_TRANSITION: t.conflicto,
  CONFLICT: t.conflicto,
  DUPLICATE: (error) => {
    const campo = record(error.details).campo;
    if (typeof campo !== 'string') return null;
    return t.duplicado(t.campos[campo] ?? campo);
  },
  INSUFFICIENT_STOCK: (error, ctx) => {
    const items = record(error.details).items;
    const first = Array.isArray(items) ? record(items[0]) : {};
    const disponible = integer(first.disponible);
    if (disponible === null || ctx.producto === undefined) return null;
    return t.stockInsuficiente(disponible, ctx.producto);
  },
  PRODUCT_INACTIVE: notSellable,
  PRODUCT_WITHOUT_PRICE: notSellable,
  // The POS opens its risk dialog on this code before any toast; elsewhere the server's text.
  LOSS_RISK_CONFIRM_REQUIRED: SERVER_MESSAGE,
  PRICE_CHANGED: (error) => {
    const total = integer(record(error.details).total_centavos);
    return total === null ? null : t.preciosCambiaron(formatCentavos(total));
  },
  CREDIT_LIMIT_EXCEEDED: (error) => {
    const d = record(error.details);
    const saldo = integer(d.saldo_centavos);
    const limite = integer(d.limite_centavos);
    if (saldo === null || limite === null) return null;
    return t.limiteCredito(formatCentavos(Math.max(0, limite - saldo)));
  },
  CUSTOMER_INACTIVE: SERVER_MESSAGE,
  MARGIN_BELOW_MINIMUM: (error) => {
    const d = record(error.details);
    const markup = integer(d.markup_bp);
    const minimo = integer(d.markup_minimo_bp);
    if (markup === null || minimo === null) return null;
    return t.margenBajo(formatBasisPoints(markup), formatBasisPoints(minimo));
  },
  RECEPTION_EXCEEDS_PENDING: SERVER_MESSAGE,
  RETURN_EXCEEDS_SOLD: SERVER_MESSAGE,
  PAYMENT_EXCEEDS_TOTAL: SERVER_MESSAGE,
  CASH_SESSION_CLOSED: t.cajaCerrada,
  CASH_SESSION_ALREADY_OPEN: SERVER_MESSAGE,
  OFFER_ALREADY_ACTIVE: SERVER_MESSAGE,
  LAST_ADMIN: SERVER_MESSAGE,
  JOB_ALREADY_RUNNING: t.jobEnCurso,
  BODY_TOO_LARGE: SERVER_MESSAGE,
  UNSUPPORTED_MEDIA_TYPE: SERVER_MESSAGE,
  IDEMPOTENCY_KEY_REUSED: t.claveReusada,
  REFERENCE_NOT_FOUND: SERVER_MESSAGE,
  JOB_PARAM_INVALID: SERVER_MESSAGE,
  RATE_LIMITED: tooManyAttempts,
  LOGIN_LOCKED: tooManyAttempts,
  HEADERS_TOO_LARGE: SERVER_MESSAGE,
  INTERNAL_ERROR: t.errorInterno,
  SERVICE_UNAVAILABLE: t.servicioNoDisponible,
  DEPENDENCY_UNAVAILABLE: t.servicioNoDisponible,
  NOT_READY: t.servicioNoDisponible,
  NETWORK_ERROR: t.sinConexion,
  TIMEOUT: t.tiempoAgotado,
  REQUEST_CANCELLED: t.esperaCancelada,
};

/**
 * The Spanish text to show for an API error. Formatters that lack the data they need, codes
 * marked SERVER_MESSAGE and codes this table does not know fall back to the server's message,
 * and to a generic line when there is none.
 */
export function messageFor(error: ApiError, ctx: MessageContext = {}): string {
  const entry: MessageEntry | undefined = (ERROR_MESSAGES as Readonly<Record<string, MessageEntry>>)[
    error.code
  ];
  let text: string | null = null;
  if (typeof entry === 'string') text = entry;
  else if (typeof entry === 'function') text = entry(error, ctx);
  if (text !== null) return text;
  const server = error.message.trim();
  return server === '' ? t.generico : server;
}
