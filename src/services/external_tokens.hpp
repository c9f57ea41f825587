// Tokens of the optional external issuer (api.md §3.2, hardening.md WS4), checked with the same
// split as our own (api.md §3.1): our code pins the header's `alg` to the configured algorithms
// and picks the key by `kid` from the issuer's JWKS (JwksCache); libjwt checks the signature with
// that key's PEM; our code checks again that libjwt decoded the algorithm of the header (an HS256
// token "signed" with a public key never passes), then the claims, and maps the role claim
// through the configured table. No database here: ExternalAuth maps the identity to a user.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "core/role.hpp"
#include "services/jwks_cache.hpp"

namespace mm::services {

struct ExternalTokenOptions {
  std::string issuer;                   // auth.external.issuer (never empty here)
  std::string audience;                 // auth.external.audience
  std::vector<std::string> algorithms;  // auth.external.algoritmos: "ES256" and/or "RS256"
  std::string role_claim = "rol";       // auth.external.rol_claim
  std::map<std::string, core::Role, std::less<>> role_map;  // auth.external.rol_map
  std::string email_claim = "email";                        // auth.external.email_claim
  std::chrono::seconds leeway{60};  // clock skew allowed on exp, nbf and iat
  std::size_t max_token_bytes = 16384;
};

// What a valid external token says.
struct ExternalIdentity {
  std::string subject;                     // sub
  core::Role role = core::Role::kUsuario;  // role_claim through role_map
  std::optional<std::string> email;        // email_claim, lower-cased, when a valid address
  std::optional<std::string> name;         // `name`, trimmed, when present
  core::Timestamp issued_at;               // iat (else nbf), whole seconds
  core::Timestamp expires_at;              // exp, whole seconds
  std::string kid;
};

// Thread-safe.
class ExternalTokens final {
 public:
  ExternalTokens(ExternalTokenOptions options, const core::Clock& clock, JwksCache& keys);

  // Whether the token's payload, read without verifying anything, has `iss` equal to the
  // external issuer: such tokens are verified here, every other one as a local token.
  [[nodiscard]] bool IsExternal(std::string_view token) const;

  // The identity, or:
  //   UNAUTHORIZED            malformed, `alg` not allowed, unknown kid, bad signature, wrong
  //                           iss or aud, not yet valid, no sub, no iat/nbf
  //   TOKEN_EXPIRED           valid but past exp + leeway
  //   FORBIDDEN               valid, but the role claim is missing or not in the map
  //   DEPENDENCY_UNAVAILABLE  the key could not be looked up (JWKS unreachable)
  [[nodiscard]] core::Result<ExternalIdentity> Verify(std::string_view token) const;

  [[nodiscard]] const ExternalTokenOptions& options() const { return options_; }

 private:
  core::Result<ExternalIdentity> CheckClaims(std::string_view payload_json) const;

  const ExternalTokenOptions options_;
  const core::Clock& clock_;
  JwksCache& keys_;
};

}  // namespace mm::services
