#include "http/hooks.hpp"

namespace mm::http {

core::Result<core::Principal> AnonymousAuthenticator::Authenticate(const api::Request& req) {
  if (req.Header("Authorization")) {
    return core::Error(core::ErrorCode::kUnauthorized, "El token no es válido.");
  }
  return core::Principal::Anonymous();
}

}  // namespace mm::http
