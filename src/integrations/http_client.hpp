// Outbound HTTP (architecture.md §5: "every external call has a connect and total timeout,
// bounded retries with exponential backoff and jitter, and a circuit breaker"). Callers depend
// on the HttpClient interface so tests inject fakes; CurlHttpClient is the real one, over libcurl.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/clock.hpp"
#include "core/random.hpp"
#include "core/result.hpp"
#include "resilience/circuit_breaker.hpp"

namespace mm::integrations {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

struct OutboundRequest {
  std::string method = "GET";
  std::string url;  // http:// or https:// only; redirects are not followed
  HeaderList headers;
  std::string body;
};

struct OutboundResponse {
  int status = 0;
  HeaderList headers;  // names in lower case
  std::string body;

  // The first header of that (lower-case) name, or "".
  [[nodiscard]] std::string Header(std::string_view lower_name) const;
};

// How one logical call behaves. The defaults are the external JWKS's (api.md §3.2).
struct CallPolicy {
  std::string destination;  // breaker name: "jwks-externo", "supplier:<site>", "notify:<channel>"
  std::chrono::milliseconds connect_timeout{3000};
  std::chrono::milliseconds total_timeout{5000};  // per attempt, connect included
  int max_retries = 2;                            // attempts = 1 + max_retries
  // Retry n (0-based) waits a random time in [d/2, d], d = min(backoff_max, backoff_base·2^n).
  std::chrono::milliseconds backoff_base{200};
  std::chrono::milliseconds backoff_max{2000};
  std::size_t max_response_bytes = 1 << 20;  // a longer body fails the call (not retried)
};

class HttpClient {
 public:
  virtual ~HttpClient() = default;

  // One logical call: the breaker of `policy.destination` admits it or not, then up to
  // 1 + max_retries attempts; connection errors, timeouts, 5xx and 429 are retried. The breaker
  // records one outcome per logical call. Any other final status (2xx, 3xx, 4xx) is returned as a
  // response. Errors (job-run codes, never shown to a client as such):
  //   BREAKER_OPEN          the breaker refused the call; no attempt was made
  //                         (retry_after_s: when a probe may go out)
  //   EXTERNAL_TIMEOUT      the last attempt timed out
  //   EXTERNAL_UNAVAILABLE  anything else: no connection, 5xx/429 after the retries, body too long
  // When the calling thread serves a request, its id goes out as `x-request-id`.
  // Thread-safe; blocks the calling thread.
  virtual core::Result<OutboundResponse> Send(const OutboundRequest& request,
                                              const CallPolicy& policy) = 0;
};

class CurlHttpClient final : public HttpClient {
 public:
  using Sleeper = std::function<void(std::chrono::milliseconds)>;

  // `sleep` waits between attempts (std::this_thread::sleep_for when empty; tests record the
  // delays instead). `random` draws the jitter.
  CurlHttpClient(resilience::BreakerRegistry& breakers, const core::Clock& clock,
                 core::Random& random, Sleeper sleep = {});

  core::Result<OutboundResponse> Send(const OutboundRequest& request,
                                      const CallPolicy& policy) override;

 private:
  struct Attempt;
  Attempt Perform(const OutboundRequest& request, const CallPolicy& policy) const;
  std::chrono::milliseconds Backoff(const CallPolicy& policy, int retry);

  resilience::BreakerRegistry& breakers_;
  const core::Clock& clock_;
  core::Random& random_;
  Sleeper sleep_;
};

}  // namespace mm::integrations
