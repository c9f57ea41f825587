// The one protocol-neutral error enum of the system (api.md §2). Each code has a stable
// UPPER_SNAKE name and, for request errors, its HTTP status; the mapping lives only here.
#pragma once

#include <optional>
#include <span>
#include <string_view>

namespace mm::core {

enum class ErrorCode {
  // 400
  kValidationError,
  kInvalidJson,
  kIdempotencyKeyRequired,
  kIdempotencyKeyInvalid,
  kPasswordTooWeak,
  kCurrentPasswordInvalid,
  // 401
  kUnauthorized,
  kTokenExpired,
  kInvalidCredentials,
  kRefreshTokenInvalid,
  kRefreshTokenReused,
  kSignatureMissing,
  kSignatureInvalid,
  kTimestampSkew,
  kNonceReplayed,
  kKeyUnknown,
  // 403
  kIpNotAllowed,
  kForbidden,
  kPasswordChangeRequired,
  kCorsOriginNotAllowed,
  // 404, 405, 408
  kNotFound,
  kMethodNotAllowed,
  kRequestTimeout,
  // 409
  kVersionConflict,
  kDuplicate,
  kInvalidStateTransition,
  kConflict,
  kInsufficientStock,
  kProductInactive,
  kProductWithoutPrice,
  kLossRiskConfirmRequired,
  kPriceChanged,
  kCreditLimitExceeded,
  kCustomerInactive,
  kMarginBelowMinimum,
  kReceptionExceedsPending,
  kReturnExceedsSold,
  kPaymentExceedsTotal,
  kCashSessionClosed,
  kCashSessionAlreadyOpen,
  kOfferAlreadyActive,
  kLastAdmin,
  kJobAlreadyRunning,
  // 413, 415, 422, 429, 431
  kBodyTooLarge,
  kUnsupportedMediaType,
  kIdempotencyKeyReused,
  kReferenceNotFound,
  kJobParamInvalid,
  kRateLimited,
  kLoginLocked,
  kHeadersTooLarge,
  // 5xx
  kInternalError,
  kServiceUnavailable,
  kDependencyUnavailable,
  kNotReady,
  // Job-run codes: never in an error envelope, only in a run's error (jobs.md §1.4).
  kExternalTimeout,
  kExternalUnavailable,
  kBreakerOpen,
  kSupplierRateLimited,
  kDbUnavailable,
  kSupplierBlocked,
  kSupplierLayoutChanged,
  kLeaseExpired,
};

struct ErrorCodeInfo {
  ErrorCode code;
  std::string_view name;             // stable UPPER_SNAKE code
  int http_status;                   // 0 for job-run codes
  std::string_view default_message;  // Spanish (es-AR), used when the caller gives none
};

[[nodiscard]] const ErrorCodeInfo& Info(ErrorCode code);
[[nodiscard]] std::string_view Name(ErrorCode code);
[[nodiscard]] int HttpStatus(ErrorCode code);
[[nodiscard]] std::optional<ErrorCode> ParseErrorCode(std::string_view name);
// Every code, in declaration order.
[[nodiscard]] std::span<const ErrorCodeInfo> AllErrorCodes();

}  // namespace mm::core
