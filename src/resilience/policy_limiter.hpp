// The rate limiter proper (api.md §4, hardening.md WS3): picks the policies of a request, counts
// it in each through the store, and says what to answer. Protocol-neutral; http/ adapts it.
#pragma once

#include <atomic>
#include <chrono>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "obs/metrics.hpp"
#include "resilience/memory_rate_limit_store.hpp"
#include "resilience/rate_limit_policy.hpp"

namespace mm::resilience {

struct RateLimitResult {
  bool allowed = true;
  // RateLimit-Policy lists every policy that applies; RateLimit those that were counted (all of
  // them, unless a narrower one refused first). Empty for exempt requests.
  std::vector<std::pair<std::string, std::string>> headers;
  std::optional<core::Error> error;  // 429 RATE_LIMITED, or 503 when a fail-closed policy's
                                     // store is down
};

class PolicyLimiter final {
 public:
  // After the shared store fails, it is not asked again for this long: requests meanwhile go to
  // the local counters (or get 503) at once instead of each waiting for the store's timeout.
  static constexpr std::chrono::milliseconds kSharedRetryAfter{1000};

  // `shared` and `metrics` are borrowed and must outlive the limiter. The local fallback is
  // owned: one per instance, with the same quotas.
  PolicyLimiter(RateLimitQuotas quotas, RateLimitStore& shared, const core::Clock& clock,
                obs::Metrics& metrics,
                std::chrono::milliseconds shared_retry_after = kSharedRetryAfter);

  // Thread-safe.
  RateLimitResult Check(const RateRequest& request);

  [[nodiscard]] const RateLimitQuotas& quotas() const { return quotas_; }

 private:
  // nullopt when the shared store failed now or recently.
  std::optional<RateVerdict> HitShared(const PolicyHit& hit, core::Timestamp now,
                                       const Quota& quota);
  core::Error Refusal(RatePolicy policy, const RateVerdict& verdict);

  RateLimitQuotas quotas_;
  RateLimitStore& shared_;
  MemoryRateLimitStore fallback_;
  const core::Clock& clock_;
  obs::Metrics& metrics_;
  const std::chrono::milliseconds shared_retry_after_;
  // steady_clock ticks before which the shared store is skipped; 0 when healthy.
  std::atomic<std::int64_t> skip_shared_until_{0};
};

// "Demasiadas solicitudes. Probá de nuevo en 17 segundos." (es-AR, api.md §4).
[[nodiscard]] std::string RateLimitedMessage(std::int64_t retry_after_s);

}  // namespace mm::resilience
