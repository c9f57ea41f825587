// Local bearer-token authentication (api.md §3.1, hardening.md WS4): the signature and claims
// are checked in memory (AccessTokens, with its cache), then the user's state from the
// per-instance cache: disabled users and tokens issued before tokens_invalidados_en get 401.
// No network call per request.
#pragma once

#include "http/hooks.hpp"
#include "services/access_tokens.hpp"
#include "services/user_state_cache.hpp"

namespace mm::http {

class TokenAuthenticator final : public Authenticator {
 public:
  TokenAuthenticator(services::AccessTokens& tokens, services::UserStateCache& users)
      : tokens_(tokens), users_(users) {}

  core::Result<core::Principal> Authenticate(const api::Request& req) override;

 private:
  services::AccessTokens& tokens_;
  services::UserStateCache& users_;
};

}  // namespace mm::http
