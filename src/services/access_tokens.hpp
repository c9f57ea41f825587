// Access tokens (api.md §3.1, hardening.md WS4): ES256 JWTs with a `kid` header, signed and
// signature-checked by libjwt. Everything else is our code: the header is decoded and `alg` pinned
// to ES256 and `kid` to one of our keys before libjwt sees the token; after libjwt, the decoded
// algorithm is checked again (an HS256 token "signed" with our public key as the HMAC secret would
// otherwise pass), then the claims.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/random.hpp"
#include "core/result.hpp"
#include "core/role.hpp"
#include "services/token_cache.hpp"

namespace mm::services {

struct SigningKey {
  std::string kid;
  std::string private_pem;  // PKCS#8 PEM of a P-256 key
};

// The keys tokens are signed and verified with. Implemented over the database (SigningKeys);
// tests use an in-memory fake. Both methods are called from many threads at once and must be
// thread-safe; PublicPem runs on every Verify, cache hits included, so it must answer from
// memory.
class KeyRing {
 public:
  virtual ~KeyRing() = default;
  // The public PEM of `kid` while that key may still verify tokens (active, or retired within its
  // verification window); nullopt otherwise.
  [[nodiscard]] virtual std::optional<std::string> PublicPem(std::string_view kid) = 0;
  // The key new tokens are signed with.
  [[nodiscard]] virtual SigningKey Active() = 0;
};

struct AccessTokenOptions {
  std::string issuer = "minimarket";  // auth.issuer
  std::string audience = "minimarket-api";
  std::chrono::seconds ttl{900};       // exp - iat
  std::chrono::seconds leeway{60};     // clock skew allowed on exp, nbf and iat
  std::size_t cache_entries = 10000;   // 0 disables the verification cache
  std::size_t max_token_bytes = 8192;  // longer tokens are refused unread
};

// What a valid token says. The caller still compares issued_at with the user's
// tokens_invalidados_en (api.md §3.1), which this class does not know.
struct VerifiedToken {
  std::string user_id;                     // sub
  core::Role role = core::Role::kUsuario;  // rol
  std::string session_id;                  // sid
  std::string jti;
  core::Timestamp issued_at;   // iat, whole seconds
  core::Timestamp expires_at;  // exp, whole seconds
};

// Thread-safe: any number of threads may Issue and Verify at once.
class AccessTokens final {
 public:
  using Options = AccessTokenOptions;

  AccessTokens(Options options, const core::Clock& clock, core::Random& random, KeyRing& keys);

  // A token for the user, signed with the key ring's active key: header {alg:"ES256",
  // typ:"JWT", kid}; claims iss, aud, sub, rol, sid, iat = nbf = now (whole seconds),
  // exp = iat + ttl, jti (UUIDv4). Throws std::runtime_error when libjwt cannot sign with the
  // active key (a corrupt key is a bug, not an expected outcome).
  [[nodiscard]] std::string Issue(std::string_view user_id, core::Role role,
                                  std::string_view session_id);

  // The token's claims, or TOKEN_EXPIRED for an otherwise valid token past exp + leeway, or
  // UNAUTHORIZED (one generic message, whatever the reason) for anything else. A token verified
  // before is answered from the cache (SHA-256 of the token → claims) after re-checking exp
  // against the clock and that its kid is still in the key ring.
  [[nodiscard]] core::Result<VerifiedToken> Verify(std::string_view token);

  [[nodiscard]] std::uint64_t cache_hits() const { return hits_.load(std::memory_order_relaxed); }
  [[nodiscard]] std::uint64_t cache_misses() const {
    return misses_.load(std::memory_order_relaxed);
  }

 private:
  struct Cached {
    VerifiedToken token;
    std::string kid;
  };

  core::Result<Cached> VerifyUncached(std::string_view token);
  core::Result<VerifiedToken> CheckClaims(std::string_view payload_json) const;
  [[nodiscard]] bool Expired(core::Timestamp expires_at) const;

  const Options options_;
  const core::Clock& clock_;
  core::Random& random_;
  KeyRing& keys_;
  TokenCache<Cached> cache_;
  std::atomic<std::uint64_t> hits_{0};
  std::atomic<std::uint64_t> misses_{0};
};

}  // namespace mm::services
