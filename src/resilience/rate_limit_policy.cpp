#include "resilience/rate_limit_policy.hpp"

#include <stdexcept>

#include <boost/json/parse.hpp>

#include "core/hash.hpp"
#include "core/validation.hpp"

namespace mm::resilience {
namespace {

std::size_t Index(RatePolicy p) { return static_cast<std::size_t>(p); }

bool Under(std::string_view path, std::string_view prefix) {
  return path == prefix ||
         (path.starts_with(prefix) && path.size() > prefix.size() && path[prefix.size()] == '/');
}

bool IsReadMethod(std::string_view method) { return method == "GET" || method == "HEAD"; }

// Supplier key ids as the supplier API will issue them; anything else is not trusted as a key.
bool PlausibleKeyId(std::string_view s) {
  if (s.empty() || s.size() > 64) return false;
  for (char c : s) {
    bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

PolicyHit Make(RatePolicy p, std::string_view subject_kind, std::string_view subject) {
  std::string key(PolicyName(p));
  key += ':';
  key += subject_kind;
  key += ':';
  key += subject;
  return PolicyHit{p, std::move(key)};
}

PolicyHit ByIp(RatePolicy p, const RateRequest& r) { return Make(p, "ip", r.client_ip); }

PolicyHit ByUserElseIp(RatePolicy p, const RateRequest& r) {
  return r.user_id.empty() ? ByIp(p, r) : Make(p, "user", r.user_id);
}

}  // namespace

std::string_view PolicyName(RatePolicy policy) {
  switch (policy) {
    case RatePolicy::kLogin:
      return "login";
    case RatePolicy::kLoginIp:
      return "login_ip";
    case RatePolicy::kAuth:
      return "auth";
    case RatePolicy::kRead:
      return "read";
    case RatePolicy::kWrite:
      return "write";
    case RatePolicy::kReport:
      return "report";
    case RatePolicy::kAnon:
      return "anon";
    case RatePolicy::kClientErrors:
      return "client_errors";
    case RatePolicy::kSupplier:
      return "supplier";
  }
  return "?";
}

Quota DefaultQuota(RatePolicy policy) {
  switch (policy) {
    case RatePolicy::kLogin:
      return {10, 300};
    case RatePolicy::kLoginIp:
      return {50, 300};
    case RatePolicy::kAuth:
      return {30, 60};
    case RatePolicy::kRead:
      return {300, 60};
    case RatePolicy::kWrite:
      return {60, 60};
    case RatePolicy::kReport:
      return {20, 60};
    case RatePolicy::kAnon:
      return {60, 60};
    case RatePolicy::kClientErrors:
      return {20, 60};
    case RatePolicy::kSupplier:
      return {120, 60};
  }
  return {};
}

bool FailsClosed(RatePolicy policy) {
  return policy == RatePolicy::kLogin || policy == RatePolicy::kLoginIp ||
         policy == RatePolicy::kSupplier;
}

RateLimitQuotas::RateLimitQuotas() {
  for (RatePolicy p : kAllRatePolicies) quotas_[Index(p)] = DefaultQuota(p);
}

RateLimitQuotas RateLimitQuotas::Load(
    const std::function<std::int64_t(std::string_view key)>& lookup) {
  RateLimitQuotas out;
  for (RatePolicy p : kAllRatePolicies) {
    std::string prefix = "rate_limit." + std::string(PolicyName(p));
    Quota q{lookup(prefix + ".q"), lookup(prefix + ".w")};
    if (q.limit < 1 || q.limit > Quota::kMaxLimit) {
      throw std::invalid_argument(prefix + ".q tiene que estar entre 1 y " +
                                  std::to_string(Quota::kMaxLimit));
    }
    if (q.window_s < 1 || q.window_s > Quota::kMaxWindowS) {
      throw std::invalid_argument(prefix + ".w tiene que estar entre 1 y " +
                                  std::to_string(Quota::kMaxWindowS) + " segundos");
    }
    out.quotas_[Index(p)] = q;
  }
  return out;
}

const Quota& RateLimitQuotas::Of(RatePolicy policy) const { return quotas_[Index(policy)]; }

void RateLimitQuotas::Set(RatePolicy policy, Quota quota) {
  if (!quota.Valid()) throw std::invalid_argument("cuota de rate limit fuera de rango");
  quotas_[Index(policy)] = quota;
}

bool IsRateLimitExempt(std::string_view method, std::string_view path) {
  return method == "OPTIONS" || path == "/healthz" || path == "/readyz" ||
         path == "/api/jobs/health" || path == "/metrics";
}

std::vector<PolicyHit> SelectPolicies(const RateRequest& r) {
  if (IsRateLimitExempt(r.method, r.path)) return {};
  const bool authenticated = !r.user_id.empty();

  if (r.path == "/api/auth/login" && r.method == "POST") {
    // The email is hashed: the key stays short whatever the body holds, and no address is
    // written to rate_limit_state. An IP never contains '|', so the pair is unambiguous.
    std::string subject(r.client_ip);
    subject += '|';
    subject += core::Sha256Hex(NormalizedLoginEmail(r.body)).substr(0, 32);
    return {Make(RatePolicy::kLogin, "ip", subject), ByIp(RatePolicy::kLoginIp, r)};
  }
  if (r.path == "/api/auth/refresh" || r.path == "/api/auth/logout") {
    return {ByIp(RatePolicy::kAuth, r)};
  }
  if (Under(r.path, "/api/proveedor")) {
    // Until the supplier API verifies signatures the key id is only what the caller claims.
    if (r.supplier_key_id && PlausibleKeyId(*r.supplier_key_id)) {
      return {Make(RatePolicy::kSupplier, "key", *r.supplier_key_id)};
    }
    return {ByIp(RatePolicy::kSupplier, r)};
  }
  if (r.path == "/api/client-errors" && r.method == "POST") {
    return {ByUserElseIp(RatePolicy::kClientErrors, r)};
  }
  if (!authenticated) return {ByIp(RatePolicy::kAnon, r)};

  bool read = IsReadMethod(r.method) || (r.method == "POST" && r.path == "/api/ventas/cotizar");
  if (!read) return {Make(RatePolicy::kWrite, "user", r.user_id)};
  if (Under(r.path, "/api/reportes") || r.csv) {
    return {Make(RatePolicy::kReport, "user", r.user_id),
            Make(RatePolicy::kRead, "user", r.user_id)};
  }
  return {Make(RatePolicy::kRead, "user", r.user_id)};
}

std::string NormalizedLoginEmail(std::string_view body) {
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(body, ec);
  if (ec || !v.is_object()) return {};
  const boost::json::value* email = v.get_object().if_contains("email");
  if (!email || !email->is_string()) return {};
  std::string out(core::Trim(std::string_view(email->get_string())));
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

}  // namespace mm::resilience
