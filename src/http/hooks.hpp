// Extension points of the request pipeline that later modules fill: who is calling
// (authentication) and whether they may call now (rate limiting).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "api/request.hpp"
#include "core/result.hpp"

namespace mm::http {

class Authenticator {
 public:
  virtual ~Authenticator() = default;
  // No credentials → an anonymous principal. Bad or expired credentials → 401 (or 503 when a
  // dependency needed to verify them is down). Local tokens never touch the network; an external
  // issuer's key set is fetched only with bounded timeouts behind a breaker (api.md §3.2).
  virtual core::Result<core::Principal> Authenticate(const api::Request& req) = 0;
};

// Until local tokens exist every request is anonymous, and any bearer token is refused.
class AnonymousAuthenticator final : public Authenticator {
 public:
  core::Result<core::Principal> Authenticate(const api::Request& req) override;
};

struct RateDecision {
  bool allowed = true;
  std::vector<std::pair<std::string, std::string>> headers;  // RateLimit, RateLimit-Policy
  std::optional<core::Error> error;                          // 429 or 503 when refused
};

class RateLimiter {
 public:
  virtual ~RateLimiter() = default;
  virtual RateDecision Check(const api::Request& req) = 0;
};

class NoRateLimiter final : public RateLimiter {
 public:
  RateDecision Check(const api::Request&) override { return {}; }
};

}  // namespace mm::http
