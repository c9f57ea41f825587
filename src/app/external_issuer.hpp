// Wiring of the optional external issuer (api.md §3.2) from `[auth.external]`: the JWKS source
// over the outbound HTTP client (breaker `jwks-externo`), the key-set cache, token verification
// and the user mapping. Owned by the Application for the life of `serve`.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "app/config.hpp"
#include "integrations/external_jwks.hpp"
#include "integrations/http_client.hpp"
#include "resilience/circuit_breaker.hpp"
#include "services/external_auth.hpp"
#include "services/external_tokens.hpp"
#include "services/jwks_cache.hpp"
#include "services/user_state_cache.hpp"

namespace mm::app {

struct ExternalIssuer {
  std::unique_ptr<integrations::CurlHttpClient> http;
  std::unique_ptr<integrations::ExternalJwksSource> source;
  std::unique_ptr<services::JwksCache> keys;
  std::unique_ptr<services::ExternalTokens> tokens;
  std::unique_ptr<services::ExternalAuth> auth;
};

// What is wrong with `[auth.external]`, in Spanish; empty when it is disabled (no issuer) or
// valid. The JWKS URL must be https; in development http://127.0.0.1 and http://localhost are
// allowed too (tests run a fake issuer there).
[[nodiscard]] std::vector<std::string> ExternalIssuerProblems(const Config& cfg);

// nullptr when auth.external.issuer is empty. Throws std::runtime_error listing the problems of
// an invalid configuration.
[[nodiscard]] std::unique_ptr<ExternalIssuer> BuildExternalIssuer(
    const Config& cfg, services::Env& env, services::UserStateCache& users,
    resilience::BreakerRegistry& breakers);

}  // namespace mm::app
