#include "http/token_authenticator.hpp"

#include <chrono>

namespace mm::http {

core::Result<core::Principal> TokenAuthenticator::Authenticate(const api::Request& req) {
  auto header = req.Header("Authorization");
  if (!header) return core::Principal::Anonymous();
  constexpr std::string_view kBearer = "Bearer ";
  if (header->size() <= kBearer.size() || !api::IEquals(header->substr(0, kBearer.size()), kBearer)) {
    return core::Error(core::ErrorCode::kUnauthorized);
  }
  if (external_ && external_->Handles(header->substr(kBearer.size()))) {
    return AuthenticateExternal(req, header->substr(kBearer.size()));
  }
  auto verified = tokens_.Verify(header->substr(kBearer.size()));
  if (!verified.ok()) return verified.error();
  auto state = users_.FindOrLoad(verified->user_id);
  if (!state || !state->activo) return core::Error(core::ErrorCode::kUnauthorized);
  auto iat_s =
      std::chrono::duration_cast<std::chrono::seconds>(verified->issued_at.time_since_epoch())
          .count();
  if (iat_s < state->tokens_invalidados_s) {
    return core::Error(core::ErrorCode::kUnauthorized, "La sesión ya no es válida. Ingresá de nuevo.");
  }
  core::Principal p;
  p.user_id = verified->user_id;
  p.role = verified->role;
  p.session_id = verified->session_id;
  p.must_change_password = state->debe_cambiar_password;
  return p;
}

core::Result<core::Principal> TokenAuthenticator::AuthenticateExternal(const api::Request& req,
                                                                       std::string_view token) {
  auto verified = external_->Authenticate(token, req.Meta());
  if (!verified.ok()) return verified.error();
  auto state = users_.FindOrLoad(verified->user_id);
  if (!state || !state->activo) return core::Error(core::ErrorCode::kUnauthorized);
  auto iat_s =
      std::chrono::duration_cast<std::chrono::seconds>(verified->issued_at.time_since_epoch())
          .count();
  if (iat_s < state->tokens_invalidados_s) {
    return core::Error(core::ErrorCode::kUnauthorized,
                       "La sesión ya no es válida. Ingresá de nuevo.");
  }
  core::Principal p;
  p.user_id = verified->user_id;
  p.role = verified->role;  // no session id: external sessions live at the issuer
  return p;
}

}  // namespace mm::http
