#include "http/sliding_rate_limiter.hpp"

#include "resilience/memory_rate_limit_store.hpp"
#include "services/sql_rate_limit_store.hpp"

namespace mm::http {
namespace {

std::unique_ptr<resilience::RateLimitStore> StoreFor(store::Database& db) {
  if (db.dialect() == store::Dialect::kPostgres) {
    return std::make_unique<services::SqlRateLimitStore>(db);
  }
  return std::make_unique<resilience::MemoryRateLimitStore>();
}

}  // namespace

SlidingRateLimiter::SlidingRateLimiter(resilience::RateLimitQuotas quotas, store::Database& db,
                                       const core::Clock& clock, obs::Metrics& metrics)
    : owned_store_(StoreFor(db)), limiter_(std::move(quotas), *owned_store_, clock, metrics) {}

SlidingRateLimiter::SlidingRateLimiter(resilience::RateLimitQuotas quotas,
                                       resilience::RateLimitStore& shared, const core::Clock& clock,
                                       obs::Metrics& metrics)
    : limiter_(std::move(quotas), shared, clock, metrics) {}

RateDecision SlidingRateLimiter::Check(const api::Request& req) {
  resilience::RateRequest r;
  r.method = req.method;
  r.path = req.path;
  for (const auto& [name, value] : req.query) {
    if (name == "formato" && value == "csv") r.csv = true;
  }
  r.user_id = req.principal.user_id;
  r.client_ip = req.client_ip;
  r.body = req.body;
  r.supplier_key_id = req.Header("X-MM-Key-Id");
  resilience::RateLimitResult out = limiter_.Check(r);
  return RateDecision{out.allowed, std::move(out.headers), std::move(out.error)};
}

}  // namespace mm::http
