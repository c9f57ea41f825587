// The external issuer's key set (api.md §3.2), held in memory: keys are used at most `ttl` after
// the fetch that brought them; a `kid` the set lacks triggers a refetch, but fetches start at most
// once per `refetch_interval` whatever the reason, so a flood of tokens with made-up kids (or a
// dead JWKS endpoint) costs one outbound call per interval. The fetch itself (timeouts, retries,
// breaker `jwks-externo`) is the JwksSource's business: services do no network I/O, the
// implementation lives in integrations/.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"

namespace mm::services {

// One published key, converted for libjwt.
struct JwksKey {
  std::string kid;
  std::string alg;  // "ES256" (an EC P-256 key) or "RS256" (an RSA key): the one it verifies
  std::string public_pem;
};

class JwksSource {
 public:
  virtual ~JwksSource() = default;
  // The body of the JWKS document, or DEPENDENCY_UNAVAILABLE when it could not be fetched (no
  // connection, timeout, breaker open, a status other than 200). Blocks; thread-safe.
  virtual core::Result<std::string> Fetch() = 0;
};

// The keys of a JWKS document {"keys":[…]} that can verify ES256 or RS256 tokens (PemFromJwk:
// EC P-256, RSA 2048–8192; `use` sig when present; an RSA key's `alg` RS256 when present). Keys
// without a `kid`, of other types or repeated kids (the first wins) are skipped; at most
// `max_keys`. nullopt when the document is not such an object.
[[nodiscard]] std::optional<std::vector<JwksKey>> ParseJwks(std::string_view document,
                                                            std::size_t max_keys = 100);

struct JwksCacheOptions {
  std::chrono::seconds ttl{600};              // auth.external.jwks_ttl_s
  std::chrono::seconds refetch_interval{60};  // at most one fetch per interval
  std::size_t max_keys = 100;
};

// Thread-safe. While one thread fetches, others that need the key set wait for that fetch
// instead of starting another; lookups that the current set answers never wait.
class JwksCache final {
 public:
  JwksCache(JwksCacheOptions options, const core::Clock& clock, JwksSource& source);

  // The key `kid`, fetching the set first when it is older than the TTL (or was never fetched)
  // or lacks `kid`, if a fetch may start now. Errors:
  //   UNAUTHORIZED            the set is current (fetched successfully within the TTL, and the
  //                           last fetch attempt succeeded) and has no such kid
  //   DEPENDENCY_UNAVAILABLE  no current set answers, and the JWKS could not be fetched now
  //                           (it failed, or the last attempt, less than refetch_interval ago,
  //                           failed); retry_after_s says when the next fetch may start
  [[nodiscard]] core::Result<JwksKey> Find(std::string_view kid);
  // Whether the last successfully fetched set still has `kid`. Never fetches (the token-cache
  // hit path uses it to drop tokens whose key the issuer has withdrawn).
  [[nodiscard]] bool Published(std::string_view kid) const;

  [[nodiscard]] std::uint64_t fetches() const { return fetches_.load(); }

 private:
  const JwksCacheOptions options_;
  const core::Clock& clock_;
  JwksSource& source_;

  mutable std::mutex mu_;
  std::condition_variable fetched_;
  std::map<std::string, JwksKey, std::less<>> keys_;  // guarded by mu_
  std::optional<core::Timestamp> fetched_at_;         // last successful fetch; guarded by mu_
  std::optional<core::Timestamp> last_attempt_;       // last fetch start; guarded by mu_
  bool last_attempt_ok_ = false;                      // guarded by mu_
  bool fetching_ = false;                             // guarded by mu_
  std::atomic<std::uint64_t> fetches_{0};
};

}  // namespace mm::services
