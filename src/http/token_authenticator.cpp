#include "http/token_authenticator.hpp"

#include <chrono>

namespace mm::http {

core::Result<core::Principal> TokenAuthenticator::Authenticate(const api::Request& req) {
  auto header = req.Header("Authorization");
  if (!header) return core::Principal::Anonymous();
  constexpr std::string_view kBearer = "Bearer ";
  if (header->size() <= kBearer.size() ||
      !api::IEquals(header->substr(0, kBearer.size()), kBearer)) {
    return core::Error(core::ErrorCode::kUnauthorized);
  }
  std::string_view token = header->substr(kBearer.size());
  if (external_ && external_->Handles(token)) {
    auto verified = external_->Authenticate(token, req.Meta());
    if (!verified.ok()) return verified.error();
    // No session id: external sessions live at the issuer.
    return Admit(verified->user_id, verified->role, "", verified->issued_at);
  }
  auto verified = tokens_.Verify(token);
  if (!verified.ok()) return verified.error();
  return Admit(verified->user_id, verified->role, verified->session_id, verified->issued_at);
}

core::Result<core::Principal> TokenAuthenticator::Admit(const std::string& user_id, core::Role role,
                                                        const std::string& session_id,
                                                        core::Timestamp issued_at) {
  auto state = users_.FindOrLoad(user_id);
  if (!state || !state->activo) return core::Error(core::ErrorCode::kUnauthorized);
  auto iat_s =
      std::chrono::duration_cast<std::chrono::seconds>(issued_at.time_since_epoch()).count();
  if (iat_s < state->tokens_invalidados_s) {
    return core::Error(core::ErrorCode::kUnauthorized,
                       "La sesión ya no es válida. Ingresá de nuevo.");
  }
  core::Principal p;
  p.user_id = user_id;
  p.role = role;
  p.session_id = session_id;
  p.must_change_password = state->debe_cambiar_password;
  return p;
}

}  // namespace mm::http
