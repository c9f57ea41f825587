// Sign-in with the optional external issuer (api.md §3.2): a verified external token is mapped by
// (iss, sub) to a local `usuarios` row with origen "externo", created on first use. Verified
// tokens are cached like local ones (bounded LRU, until exp), so a repeated token costs a hash
// and a lookup, with no database and no network.
//
// Choices (documented in docs and the report):
// - Creation needs a valid email claim that no other user has: an external identity never takes
//   over an existing account by email (403 FORBIDDEN otherwise). nombre is the `name` claim, else
//   the email. No audit row: no AuditAction fits the creation of an external user.
// - The issuer owns the role: when a newer token maps to another role than the row's, the row
//   follows it (audited `rol_cambiado`, detalles.origen "emisor_externo"), and
//   tokens_invalidados_en moves to that token's iat, so older tokens with the old role stop
//   working, as after a local role change. A role an admin sets by hand lasts until the user's
//   next new token.
// - Email and nombre are not updated after creation.
// - A disabled row, or a token issued before the row's tokens_invalidados_en, changes nothing
//   here; the authenticator answers 401 from the user-state cache.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "core/role.hpp"
#include "services/context.hpp"
#include "services/external_tokens.hpp"
#include "services/token_cache.hpp"
#include "services/user_state_cache.hpp"

namespace mm::services {

struct ExternalPrincipal {
  std::string user_id;
  core::Role role = core::Role::kUsuario;
  core::Timestamp issued_at;  // compare with the user's tokens_invalidados_en
};

// Thread-safe.
class ExternalAuth final {
 public:
  // `cache_entries` 0 disables the verification cache.
  ExternalAuth(Env& env, ExternalTokens& tokens, JwksCache& keys, UserStateCache& users,
               std::size_t cache_entries);

  // Whether `token` claims to come from the external issuer (ExternalTokens::IsExternal).
  [[nodiscard]] bool Handles(std::string_view token) const { return tokens_.IsExternal(token); }

  // The local user of a valid external token (created on first use), with the token's role.
  // Errors: those of ExternalTokens::Verify, and FORBIDDEN when a new user cannot be created
  // (no valid email claim, or the email belongs to another user). `meta` (request id, ip) goes
  // into the audit row of a role change. Throws store::DbError when the database is down.
  [[nodiscard]] core::Result<ExternalPrincipal> Authenticate(std::string_view token,
                                                             const RequestMeta& meta);

  [[nodiscard]] std::uint64_t cache_hits() const { return hits_.load(); }

 private:
  struct Cached {
    ExternalPrincipal principal;
    core::Timestamp expires_at;
    std::string kid;
  };

  core::Result<std::string> Resolve(const ExternalIdentity& id, const RequestMeta& meta);
  core::Result<std::string> ResolveOnce(const ExternalIdentity& id, const RequestMeta& meta);

  Env& env_;
  ExternalTokens& tokens_;
  JwksCache& keys_;
  UserStateCache& users_;
  TokenCache<Cached> cache_;
  std::atomic<std::uint64_t> hits_{0};
};

}  // namespace mm::services
