#include "integrations/external_jwks.hpp"

#include "obs/log.hpp"

namespace mm::integrations {

ExternalJwksSource::ExternalJwksSource(HttpClient& http, ExternalJwksOptions options)
    : http_(http), options_(std::move(options)) {}

core::Result<std::string> ExternalJwksSource::Fetch() {
  CallPolicy policy;
  policy.destination = kBreaker;
  policy.connect_timeout = options_.connect_timeout;
  policy.total_timeout = options_.total_timeout;
  policy.max_retries = options_.max_retries;
  policy.max_response_bytes = options_.max_bytes;
  OutboundRequest request{"GET", options_.url, {{"Accept", "application/json"}}, {}};
  auto r = http_.Send(request, policy);
  core::Error unavailable(core::ErrorCode::kDependencyUnavailable);
  if (!r.ok()) {
    obs::Log(obs::Level::kWarn, "jwks_externo_no_disponible")
        .Str("causa", core::Name(r.error().code));
    unavailable.retry_after_s = r.error().retry_after_s;
    return unavailable;
  }
  if (r->status != 200) {
    obs::Log(obs::Level::kWarn, "jwks_externo_no_disponible").Int("status", r->status);
    return unavailable;
  }
  return std::move(r->body);
}

}  // namespace mm::integrations
