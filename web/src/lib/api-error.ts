import type { ClientErrorCode, KnownErrorCode } from './error-codes';

export interface ApiErrorInit {
  /** A code of api.md §2, or a client transport code. Unknown server codes are kept as sent. */
  code: KnownErrorCode | (string & {});
  /** Spanish message: the server's, or the client's for its own codes. */
  message: string;
  /** HTTP status; 0 when no response arrived (network error, timeout, cancel). */
  status: number;
  details?: unknown;
  /** The id the server echoed, else the id this attempt sent. */
  requestId: string;
  /** `Idempotent-Original-Request-Id` of a replayed answer (api.md §1.6). */
  originalRequestId?: string;
  /** Seconds from `Retry-After`, when the answer had it. */
  retryAfterS?: number;
  cause?: unknown;
}

/** The one error type every API call rejects with. The UI branches on `code`, never on `message`. */
export class ApiError extends Error {
  readonly code: ApiErrorInit['code'];
  readonly status: number;
  readonly details: unknown;
  readonly requestId: string;
  readonly originalRequestId: string | undefined;
  readonly retryAfterS: number | undefined;

  constructor(init: ApiErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'ApiError';
    this.code = init.code;
    this.status = init.status;
    this.details = init.details;
    this.requestId = init.requestId;
    this.originalRequestId = init.originalRequestId;
    this.retryAfterS = init.retryAfterS;
  }

  /** True for the client's own outcomes (no answer from the server). */
  get isTransport(): boolean {
    return this.status === 0;
  }
}

export function isApiError(value: unknown): value is ApiError {
  return value instanceof ApiError;
}

export function isClientCode(code: string): code is ClientErrorCode {
  return code === 'NETWORK_ERROR' || code === 'TIMEOUT' || code === 'REQUEST_CANCELLED';
}
