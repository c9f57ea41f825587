#include "resilience/policy_limiter.hpp"

#include "obs/log.hpp"

namespace mm::resilience {
namespace {

std::int64_t SteadyTicks() { return std::chrono::steady_clock::now().time_since_epoch().count(); }

// One item of a structured-field list (draft-ietf-httpapi-ratelimit-headers-10).
void Append(std::string& list, RatePolicy p, std::string_view params) {
  if (!list.empty()) list += ", ";
  list += '"';
  list += PolicyName(p);
  list += '"';
  list += params;
}

}  // namespace

PolicyLimiter::PolicyLimiter(RateLimitQuotas quotas, RateLimitStore& shared,
                             const core::Clock& clock, obs::Metrics& metrics,
                             std::chrono::milliseconds shared_retry_after)
    : quotas_(std::move(quotas)),
      shared_(shared),
      clock_(clock),
      metrics_(metrics),
      shared_retry_after_(shared_retry_after) {}

std::optional<RateVerdict> PolicyLimiter::HitShared(const PolicyHit& hit, core::Timestamp now,
                                                    const Quota& quota) {
  if (SteadyTicks() < skip_shared_until_.load(std::memory_order_relaxed)) return std::nullopt;
  try {
    return shared_.Hit(hit.key, now, quota);
  } catch (const RateLimitStoreUnavailable& e) {
    auto until = std::chrono::steady_clock::now() + shared_retry_after_;
    skip_shared_until_.store(until.time_since_epoch().count(), std::memory_order_relaxed);
    obs::Log(obs::Level::kWarn, "ratelimit_fallback")
        .Str("politica", PolicyName(hit.policy))
        .Str("modo", FailsClosed(hit.policy) ? "cerrado" : "local")
        .Str("error", e.what());
    return std::nullopt;
  }
}

core::Error PolicyLimiter::Refusal(RatePolicy policy, const RateVerdict& verdict) {
  boost::json::object details{{"politica", PolicyName(policy)},
                              {"reintentar_en_s", verdict.retry_after_s}};
  core::Error e(core::ErrorCode::kRateLimited, RateLimitedMessage(verdict.retry_after_s),
                std::move(details));
  e.retry_after_s = static_cast<int>(verdict.retry_after_s);
  return e;
}

RateLimitResult PolicyLimiter::Check(const RateRequest& request) {
  RateLimitResult out;
  std::vector<PolicyHit> hits = SelectPolicies(request);
  if (hits.empty()) return out;

  const core::Timestamp now = clock_.Now();
  std::string policy_header, state_header;
  for (const PolicyHit& hit : hits) {
    const Quota& q = quotas_.Of(hit.policy);
    Append(policy_header, hit.policy,
           ";q=" + std::to_string(q.limit) + ";w=" + std::to_string(q.window_s));
  }
  for (const PolicyHit& hit : hits) {
    const Quota& quota = quotas_.Of(hit.policy);
    std::optional<RateVerdict> verdict = HitShared(hit, now, quota);
    if (!verdict) {
      metrics_
          .Counter("mm_ratelimit_fallback_total",
                   "Rate-limit decisions taken without the shared store (local counters, or 503 "
                   "for login, login_ip and supplier).",
                   {{"politica", std::string(PolicyName(hit.policy))}})
          .Increment();
      if (FailsClosed(hit.policy)) {
        out.allowed = false;
        out.error = core::Error::Unavailable(1);
        break;
      }
      verdict = fallback_.Hit(hit.key, now, quota);
    }
    Append(state_header, hit.policy,
           ";r=" + std::to_string(verdict->remaining) + ";t=" + std::to_string(verdict->reset_s));
    if (!verdict->allowed) {
      metrics_
          .Counter("mm_ratelimit_rejected_total", "Requests refused with 429 by a rate limit.",
                   {{"politica", std::string(PolicyName(hit.policy))}})
          .Increment();
      out.allowed = false;
      out.error = Refusal(hit.policy, *verdict);
      break;
    }
  }
  out.headers.emplace_back("RateLimit-Policy", std::move(policy_header));
  if (!state_header.empty()) out.headers.emplace_back("RateLimit", std::move(state_header));
  return out;
}

std::string RateLimitedMessage(std::int64_t retry_after_s) {
  return "Demasiadas solicitudes. Probá de nuevo en " + std::to_string(retry_after_s) +
         (retry_after_s == 1 ? " segundo." : " segundos.");
}

}  // namespace mm::resilience
