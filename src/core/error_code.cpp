#include "core/error_code.hpp"

#include <array>
#include <stdexcept>

namespace mm::core {
namespace {

using enum ErrorCode;

constexpr std::array kCodes = {
    ErrorCodeInfo{kValidationError, "VALIDATION_ERROR", 400, "Revisá los datos enviados."},
    ErrorCodeInfo{kInvalidJson, "INVALID_JSON", 400, "El cuerpo no es un objeto JSON válido."},
    ErrorCodeInfo{kIdempotencyKeyRequired, "IDEMPOTENCY_KEY_REQUIRED", 400,
                  "Esta operación necesita el encabezado Idempotency-Key."},
    ErrorCodeInfo{kIdempotencyKeyInvalid, "IDEMPOTENCY_KEY_INVALID", 400,
                  "El Idempotency-Key debe tener de 1 a 128 caracteres A-Z, a-z, 0-9, _ o -."},
    ErrorCodeInfo{kPasswordTooWeak, "PASSWORD_TOO_WEAK", 400, "La contraseña es demasiado débil."},
    ErrorCodeInfo{kCurrentPasswordInvalid, "CURRENT_PASSWORD_INVALID", 400,
                  "La contraseña actual no es correcta."},
    ErrorCodeInfo{kUnauthorized, "UNAUTHORIZED", 401, "Necesitás iniciar sesión."},
    ErrorCodeInfo{kTokenExpired, "TOKEN_EXPIRED", 401, "Tu sesión venció. Ingresá de nuevo."},
    ErrorCodeInfo{kInvalidCredentials, "INVALID_CREDENTIALS", 401,
                  "Email o contraseña incorrectos."},
    ErrorCodeInfo{kRefreshTokenInvalid, "REFRESH_TOKEN_INVALID", 401,
                  "La sesión no es válida. Ingresá de nuevo."},
    ErrorCodeInfo{kRefreshTokenReused, "REFRESH_TOKEN_REUSED", 401,
                  "La sesión se cerró por seguridad. Ingresá de nuevo."},
    ErrorCodeInfo{kSignatureMissing, "SIGNATURE_MISSING", 401, "Falta la firma de la solicitud."},
    ErrorCodeInfo{kSignatureInvalid, "SIGNATURE_INVALID", 401, "La firma no es válida."},
    ErrorCodeInfo{kTimestampSkew, "TIMESTAMP_SKEW", 401,
                  "La hora de la solicitud está fuera del margen permitido."},
    ErrorCodeInfo{kNonceReplayed, "NONCE_REPLAYED", 401, "La solicitud ya fue recibida."},
    ErrorCodeInfo{kKeyUnknown, "KEY_UNKNOWN", 401, "La clave de API no existe."},
    ErrorCodeInfo{kIpNotAllowed, "IP_NOT_ALLOWED", 403,
                  "La clave no puede usarse desde esta dirección."},
    ErrorCodeInfo{kForbidden, "FORBIDDEN", 403, "No tenés permiso para esta acción."},
    ErrorCodeInfo{kPasswordChangeRequired, "PASSWORD_CHANGE_REQUIRED", 403,
                  "Tenés que cambiar tu contraseña antes de seguir."},
    ErrorCodeInfo{kCorsOriginNotAllowed, "CORS_ORIGIN_NOT_ALLOWED", 403,
                  "El origen de la solicitud no está permitido."},
    ErrorCodeInfo{kNotFound, "NOT_FOUND", 404, "No encontramos lo que buscás."},
    ErrorCodeInfo{kMethodNotAllowed, "METHOD_NOT_ALLOWED", 405,
                  "Este método no está permitido en esta ruta."},
    ErrorCodeInfo{kRequestTimeout, "REQUEST_TIMEOUT", 408,
                  "La solicitud no llegó completa a tiempo. Probá de nuevo."},
    ErrorCodeInfo{kVersionConflict, "VERSION_CONFLICT", 409,
                  "Alguien modificó este registro. Actualizá y probá de nuevo."},
    ErrorCodeInfo{kDuplicate, "DUPLICATE", 409, "Ya existe un registro con ese valor."},
    ErrorCodeInfo{kInvalidStateTransition, "INVALID_STATE_TRANSITION", 409,
                  "La acción no está permitida en el estado actual."},
    ErrorCodeInfo{kConflict, "CONFLICT", 409,
                  "La operación entra en conflicto con el estado actual."},
    ErrorCodeInfo{kInsufficientStock, "INSUFFICIENT_STOCK", 409, "Stock insuficiente."},
    ErrorCodeInfo{kProductInactive, "PRODUCT_INACTIVE", 409, "El producto está desactivado."},
    ErrorCodeInfo{kProductWithoutPrice, "PRODUCT_WITHOUT_PRICE", 409,
                  "El producto todavía no tiene precio de venta."},
    ErrorCodeInfo{kLossRiskConfirmRequired, "LOSS_RISK_CONFIRM_REQUIRED", 409,
                  "La venta queda en o debajo del costo de reposición. Confirmá para seguir."},
    ErrorCodeInfo{kPriceChanged, "PRICE_CHANGED", 409, "Los precios cambiaron."},
    ErrorCodeInfo{kCreditLimitExceeded, "CREDIT_LIMIT_EXCEEDED", 409,
                  "El cliente supera su límite de crédito."},
    ErrorCodeInfo{kCustomerInactive, "CUSTOMER_INACTIVE", 409, "El cliente está desactivado."},
    ErrorCodeInfo{kMarginBelowMinimum, "MARGIN_BELOW_MINIMUM", 409,
                  "El markup queda debajo del mínimo de la categoría."},
    ErrorCodeInfo{kReceptionExceedsPending, "RECEPTION_EXCEEDS_PENDING", 409,
                  "La recepción supera lo pendiente de la orden."},
    ErrorCodeInfo{kReturnExceedsSold, "RETURN_EXCEEDS_SOLD", 409,
                  "La devolución supera lo vendido."},
    ErrorCodeInfo{kPaymentExceedsTotal, "PAYMENT_EXCEEDS_TOTAL", 409,
                  "El pago supera el saldo pendiente."},
    ErrorCodeInfo{kCashSessionClosed, "CASH_SESSION_CLOSED", 409,
                  "La caja está cerrada. Abrila para seguir."},
    ErrorCodeInfo{kCashSessionAlreadyOpen, "CASH_SESSION_ALREADY_OPEN", 409,
                  "Ya hay una caja abierta."},
    ErrorCodeInfo{kOfferAlreadyActive, "OFFER_ALREADY_ACTIVE", 409,
                  "Ya hay una oferta activa para ese producto y ubicación."},
    ErrorCodeInfo{kLastAdmin, "LAST_ADMIN", 409,
                  "No puede quedar la tienda sin un administrador activo."},
    ErrorCodeInfo{kJobAlreadyRunning, "JOB_ALREADY_RUNNING", 409, "La tarea ya está en curso."},
    ErrorCodeInfo{kBodyTooLarge, "BODY_TOO_LARGE", 413,
                  "El cuerpo de la solicitud es demasiado grande."},
    ErrorCodeInfo{kUnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE", 415,
                  "El cuerpo tiene que ser JSON (Content-Type: application/json)."},
    ErrorCodeInfo{kIdempotencyKeyReused, "IDEMPOTENCY_KEY_REUSED", 422,
                  "Esta operación ya se envió con otros datos. Empezá una nueva."},
    ErrorCodeInfo{kReferenceNotFound, "REFERENCE_NOT_FOUND", 422,
                  "Un identificador enviado no existe."},
    ErrorCodeInfo{kJobParamInvalid, "JOB_PARAM_INVALID", 422,
                  "Los parámetros de la tarea no son válidos."},
    ErrorCodeInfo{kRateLimited, "RATE_LIMITED", 429,
                  "Demasiadas solicitudes. Probá de nuevo en un rato."},
    ErrorCodeInfo{kLoginLocked, "LOGIN_LOCKED", 429,
                  "Demasiados intentos fallidos. Esperá antes de volver a intentar."},
    ErrorCodeInfo{kHeadersTooLarge, "HEADERS_TOO_LARGE", 431,
                  "Los encabezados de la solicitud son demasiado grandes."},
    ErrorCodeInfo{kInternalError, "INTERNAL_ERROR", 500, "Error interno del servidor."},
    ErrorCodeInfo{kServiceUnavailable, "SERVICE_UNAVAILABLE", 503,
                  "El servidor no está disponible por un momento. Probá de nuevo."},
    ErrorCodeInfo{kDependencyUnavailable, "DEPENDENCY_UNAVAILABLE", 503,
                  "Un servicio externo no responde. Probá de nuevo en un rato."},
    ErrorCodeInfo{kNotReady, "NOT_READY", 503, "El servidor todavía no está listo."},
    ErrorCodeInfo{kExternalTimeout, "EXTERNAL_TIMEOUT", 0,
                  "El servicio externo no respondió a tiempo."},
    ErrorCodeInfo{kExternalUnavailable, "EXTERNAL_UNAVAILABLE", 0,
                  "El servicio externo no está disponible."},
    ErrorCodeInfo{kBreakerOpen, "BREAKER_OPEN", 0, "El circuito está abierto."},
    ErrorCodeInfo{kSupplierRateLimited, "SUPPLIER_RATE_LIMITED", 0,
                  "El proveedor limitó las solicitudes."},
    ErrorCodeInfo{kDbUnavailable, "DB_UNAVAILABLE", 0, "La base de datos no está disponible."},
    ErrorCodeInfo{kSupplierBlocked, "SUPPLIER_BLOCKED", 0, "El proveedor bloqueó el acceso."},
    ErrorCodeInfo{kSupplierLayoutChanged, "SUPPLIER_LAYOUT_CHANGED", 0,
                  "El sitio del proveedor cambió de formato."},
    ErrorCodeInfo{kLeaseExpired, "LEASE_EXPIRED", 0, "La ejecución perdió su lease."},
};

constexpr bool InDeclarationOrder() {
  for (std::size_t i = 0; i < kCodes.size(); ++i) {
    if (static_cast<std::size_t>(kCodes[i].code) != i) return false;
  }
  return true;
}
static_assert(InDeclarationOrder(), "kCodes must list every ErrorCode in declaration order");

}  // namespace

const ErrorCodeInfo& Info(ErrorCode code) {
  auto index = static_cast<std::size_t>(code);
  if (index >= kCodes.size()) throw std::logic_error("unknown ErrorCode");
  return kCodes[index];
}

std::string_view Name(ErrorCode code) { return Info(code).name; }
int HttpStatus(ErrorCode code) { return Info(code).http_status; }

std::optional<ErrorCode> ParseErrorCode(std::string_view name) {
  for (const auto& info : kCodes) {
    if (info.name == name) return info.code;
  }
  return std::nullopt;
}

std::span<const ErrorCodeInfo> AllErrorCodes() { return kCodes; }

}  // namespace mm::core
