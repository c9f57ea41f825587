// An expected failure of an operation: a typed code, the Spanish message a client sees, and the
// structured details api.md defines for that code. Log-only context never goes in here.
#pragma once

#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "core/error_code.hpp"

namespace mm::core {

// One bad field of a VALIDATION_ERROR (api.md §1.4).
struct FieldError {
  std::string campo;    // path of the field, e.g. "items[2].cantidad"
  std::string regla;    // requerido | tipo | rango | longitud | formato | enum | desconocido
  std::string mensaje;  // Spanish
};

struct Error {
  ErrorCode code = ErrorCode::kInternalError;
  std::string message;          // Spanish, shown to the user; empty = the code's default
  boost::json::object details;  // only what api.md defines for the code
  int retry_after_s = 0;        // > 0 adds a Retry-After header (429, 503)

  Error() = default;
  explicit Error(ErrorCode c, std::string msg = {}, boost::json::object d = {})
      : code(c), message(std::move(msg)), details(std::move(d)) {}

  [[nodiscard]] std::string_view Message() const;

  static Error NotFound(std::string_view recurso);
  static Error Validation(std::vector<FieldError> campos);
  static Error Conflict(std::string_view motivo, std::string msg);
  static Error ReferenceNotFound(std::string_view campo);
  static Error Unavailable(int retry_after_s = 1);
  static Error Internal();
};

}  // namespace mm::core
