// Local bearer-token authentication (api.md §3.1, hardening.md WS4): the signature and claims
// are checked in memory (AccessTokens, with its cache), then the user's state from the
// per-instance cache: disabled users and tokens issued before tokens_invalidados_en get 401.
// No network call per request.
//
// With the optional external issuer (api.md §3.2), a token whose unverified `iss` is that issuer
// goes to ExternalAuth instead, then through the same user-state checks. Its first sight of an
// unknown key may fetch the issuer's JWKS (bounded: timeouts, one fetch per 60 s, breaker), on the
// worker thread; a JWKS that cannot be fetched gives 503 DEPENDENCY_UNAVAILABLE.
#pragma once

#include "http/hooks.hpp"
#include "services/access_tokens.hpp"
#include "services/external_auth.hpp"
#include "services/user_state_cache.hpp"

namespace mm::http {

class TokenAuthenticator final : public Authenticator {
 public:
  // `external` null: only local tokens are accepted.
  TokenAuthenticator(services::AccessTokens& tokens, services::UserStateCache& users,
                     services::ExternalAuth* external = nullptr)
      : tokens_(tokens), users_(users), external_(external) {}

  core::Result<core::Principal> Authenticate(const api::Request& req) override;

 private:
  // A verified token's user must be active and the token newer than tokens_invalidados_en.
  core::Result<core::Principal> Admit(const std::string& user_id, core::Role role,
                                      const std::string& session_id, core::Timestamp issued_at);

  services::AccessTokens& tokens_;
  services::UserStateCache& users_;
  services::ExternalAuth* external_;
};

}  // namespace mm::http
