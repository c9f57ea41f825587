// The pipeline's rate limiter (api.md §4, architecture.md §6): adapts a request to
// resilience::PolicyLimiter, whose counters live in memory for the embedded shape (SQLite, one
// process) and in PostgreSQL for the clustered one, so N instances enforce one limit.
#pragma once

#include <memory>

#include "core/clock.hpp"
#include "http/hooks.hpp"
#include "obs/metrics.hpp"
#include "resilience/policy_limiter.hpp"
#include "resilience/rate_limit_store.hpp"
#include "store/database.hpp"

namespace mm::http {

class SlidingRateLimiter final : public RateLimiter {
 public:
  // Picks (and owns) the counter store by the database's dialect. `db`, `clock` and `metrics`
  // are borrowed and must outlive the limiter.
  SlidingRateLimiter(resilience::RateLimitQuotas quotas, store::Database& db,
                     const core::Clock& clock, obs::Metrics& metrics);
  // Counts in `shared`, borrowed.
  SlidingRateLimiter(resilience::RateLimitQuotas quotas, resilience::RateLimitStore& shared,
                     const core::Clock& clock, obs::Metrics& metrics);

  // Runs after authentication (req.principal set) with req.client_ip already resolved through
  // the trusted proxies. Thread-safe.
  RateDecision Check(const api::Request& req) override;

 private:
  std::unique_ptr<resilience::RateLimitStore> owned_store_;
  resilience::PolicyLimiter limiter_;
};

}  // namespace mm::http
