// The rate-limit policies of api.md §4: which apply to a request, under which key, and with
// which quota. Pure (no HTTP types, no I/O), so the mapping is unit-tested on its own.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "resilience/sliding_window.hpp"

namespace mm::resilience {

enum class RatePolicy {
  kLogin,         // POST /api/auth/login, per client IP + normalised email
  kLoginIp,       // POST /api/auth/login, per client IP
  kAuth,          // /api/auth/refresh and /api/auth/logout, per client IP
  kRead,          // authenticated GET and POST /api/ventas/cotizar, per user
  kWrite,         // other authenticated POST, PUT, PATCH, DELETE, per user
  kReport,        // GET /api/reportes/* and formato=csv, per user, in addition to read
  kAnon,          // other unauthenticated requests, per client IP
  kClientErrors,  // POST /api/client-errors, per user, else per client IP
  kSupplier,      // /api/proveedor/*, per supplier key
};

inline constexpr std::array<RatePolicy, 9> kAllRatePolicies = {
    RatePolicy::kLogin, RatePolicy::kLoginIp,      RatePolicy::kAuth,
    RatePolicy::kRead,  RatePolicy::kWrite,        RatePolicy::kReport,
    RatePolicy::kAnon,  RatePolicy::kClientErrors, RatePolicy::kSupplier};

// "login", "login_ip", …: the name in headers, config keys, metrics and 429 details.
[[nodiscard]] std::string_view PolicyName(RatePolicy policy);
// The quota of api.md §4 (the configuration's defaults).
[[nodiscard]] Quota DefaultQuota(RatePolicy policy);
// login, login_ip and supplier answer 503 when the shared store fails instead of falling back
// to local counters (api.md §4, hardening.md WS3).
[[nodiscard]] bool FailsClosed(RatePolicy policy);

// One quota per policy.
class RateLimitQuotas final {
 public:
  // The defaults of api.md §4.
  RateLimitQuotas();
  // Reads `rate_limit.<policy>.q` and `.w` through `lookup`. Throws std::invalid_argument with a
  // Spanish message naming the key when a value is outside Quota's bounds.
  static RateLimitQuotas Load(const std::function<std::int64_t(std::string_view key)>& lookup);

  [[nodiscard]] const Quota& Of(RatePolicy policy) const;
  void Set(RatePolicy policy, Quota quota);  // throws std::invalid_argument when !quota.Valid()

 private:
  std::array<Quota, kAllRatePolicies.size()> quotas_;
};

// What policy selection needs to know about a request.
struct RateRequest {
  std::string_view method;     // upper case
  std::string_view path;       // decoded, without the query
  bool csv = false;            // the query has formato=csv
  std::string_view user_id;    // the authenticated user; empty when anonymous
  std::string_view client_ip;  // already resolved through trusted proxies
  std::string_view body;       // raw request body (the login email is read from it)
  std::optional<std::string_view> supplier_key_id;  // X-MM-Key-Id header
};

// A policy that applies to a request and the store key of its counter.
struct PolicyHit {
  RatePolicy policy;
  std::string key;  // "<policy>:<subject>", e.g. "write:user:<id>", "anon:ip:10.0.0.7"

  bool operator==(const PolicyHit&) const = default;
};

// Health endpoints and /metrics, which no policy ever limits (decision 32), token or not.
[[nodiscard]] bool IsRateLimitExempt(std::string_view method, std::string_view path);

// The policies that apply, in the order the limiter checks them: the narrower first (login
// before login_ip, report before read), so a request refused by the narrower one consumes
// nothing of the wider one. Empty for exempt requests (OPTIONS, health, /metrics).
[[nodiscard]] std::vector<PolicyHit> SelectPolicies(const RateRequest& request);

// The login body's `email`, read leniently (any JSON, any shape): trimmed and lower-cased; empty
// when absent or unreadable. Lower-casing is ASCII only, like the email validation.
[[nodiscard]] std::string NormalizedLoginEmail(std::string_view body);

}  // namespace mm::resilience
