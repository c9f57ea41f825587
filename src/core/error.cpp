#include "core/error.hpp"

#include <boost/json/array.hpp>

namespace mm::core {

std::string_view Error::Message() const {
  return message.empty() ? Info(code).default_message : std::string_view(message);
}

Error Error::NotFound(std::string_view recurso) {
  boost::json::object d;
  d["recurso"] = recurso;
  return Error(ErrorCode::kNotFound, {}, std::move(d));
}

Error Error::Validation(std::vector<FieldError> campos) {
  boost::json::array list;
  for (auto& c : campos) {
    list.push_back(
        boost::json::object{{"campo", c.campo}, {"regla", c.regla}, {"mensaje", c.mensaje}});
  }
  boost::json::object d;
  d["campos"] = std::move(list);
  return Error(ErrorCode::kValidationError, {}, std::move(d));
}

Error Error::Conflict(std::string_view motivo, std::string msg) {
  boost::json::object d;
  d["motivo"] = motivo;
  return Error(ErrorCode::kConflict, std::move(msg), std::move(d));
}

Error Error::ReferenceNotFound(std::string_view campo) {
  boost::json::object d;
  d["campo"] = campo;
  return Error(ErrorCode::kReferenceNotFound, {}, std::move(d));
}

Error Error::Unavailable(int retry_after_s) {
  Error e(ErrorCode::kServiceUnavailable);
  e.retry_after_s = retry_after_s;
  return e;
}

Error Error::Internal() { return Error(ErrorCode::kInternalError); }

}  // namespace mm::core
