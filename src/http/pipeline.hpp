// The request pipeline of architecture.md §6: request id → access log → CORS → OPTIONS
// short-circuit → authentication → rate limit → route → role → idempotency header → body →
// handler → envelope → metrics. Thread-safe; called from the worker threads.
#pragma once

#include <atomic>
#include <chrono>
#include <string>
#include <vector>

#include "api/route.hpp"
#include "core/cidr.hpp"
#include "core/random.hpp"
#include "http/hooks.hpp"
#include "http/response.hpp"
#include "http/router.hpp"
#include "http/static_files.hpp"
#include "obs/metrics.hpp"

namespace mm::http {

struct PipelineOptions {
  std::vector<std::string> cors_allowed_origins;  // exact scheme://host[:port]
  std::vector<core::Cidr> trusted_proxies;
  std::chrono::seconds request_deadline{10};
  std::chrono::seconds long_request_deadline{30};
  std::size_t max_body_bytes = 256 * 1024;
};

class Pipeline {
 public:
  Pipeline(PipelineOptions options, const api::RouteTable& table, Authenticator& auth,
           RateLimiter& limiter, obs::Metrics& metrics, core::Random& random,
           StaticFiles* static_files);

  // Answers one complete request. Never throws.
  HttpResponse Handle(api::Request& req);

  // The body limit for a request line, known before the body is read.
  [[nodiscard]] std::size_t BodyLimit(std::string_view method, std::string_view target) const;

  // An answer the server gives before a request could be read whole (408, 413, 431, 400) or
  // while shutting down (503): enveloped, logged and counted like any other.
  HttpResponse Reject(const core::Error& error, const std::string& method,
                      const std::string& target, const std::string& client_ip,
                      std::chrono::steady_clock::time_point started);

  // While draining, every new request gets 503 SERVICE_UNAVAILABLE and the connection closes.
  void SetDraining() { draining_.store(true); }
  [[nodiscard]] bool draining() const { return draining_.load(); }
  [[nodiscard]] const Router& router() const { return router_; }

 private:
  HttpResponse Dispatch(api::Request& req, std::string& route_label);
  std::optional<core::Error> CheckCors(const api::Request& req, bool& allowed_origin) const;
  std::optional<core::Error> PrepareParams(api::Request& req, const api::Route& route) const;
  std::optional<core::Error> PrepareBody(api::Request& req, const api::Route& route) const;
  HttpResponse Invoke(api::Request& req, const api::Route& route);
  std::string NewRequestId();
  std::string ClientIp(const api::Request& req) const;
  void Finish(HttpResponse& resp, const api::Request& req, bool cors_origin,
              const std::string& route_label, std::chrono::steady_clock::time_point started);

  PipelineOptions options_;
  Router router_;
  Authenticator& auth_;
  RateLimiter& limiter_;
  obs::Metrics& metrics_;
  core::Random& random_;
  StaticFiles* static_files_;
  std::atomic<bool> draining_{false};
};

}  // namespace mm::http
