// The external issuer's JWKS over HTTP (api.md §3.2): a 3 s connect and 5 s total timeout per
// attempt, two retries with backoff and jitter, breaker `jwks-externo`. JwksCache (services/)
// decides when to fetch; this class only fetches.
#pragma once

#include <chrono>
#include <string>

#include "integrations/http_client.hpp"
#include "services/jwks_cache.hpp"

namespace mm::integrations {

struct ExternalJwksOptions {
  std::string url;  // auth.external.jwks_url
  std::chrono::milliseconds connect_timeout{3000};
  std::chrono::milliseconds total_timeout{5000};
  int max_retries = 2;
  std::size_t max_bytes = 256 * 1024;  // a JWKS is a few KB
};

class ExternalJwksSource final : public services::JwksSource {
 public:
  static constexpr const char* kBreaker = "jwks-externo";

  ExternalJwksSource(HttpClient& http, ExternalJwksOptions options);

  // The body of a 200 answer; DEPENDENCY_UNAVAILABLE for anything else (the log says what).
  core::Result<std::string> Fetch() override;

 private:
  HttpClient& http_;
  const ExternalJwksOptions options_;
};

}  // namespace mm::integrations
