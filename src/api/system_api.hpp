// Operational routes (api.md §12): /healthz, /readyz, /metrics, /api/openapi.json and
// /api/client-errors.
#pragma once

#include <string>
#include <vector>

#include "api/route.hpp"
#include "core/cidr.hpp"
#include "obs/metrics.hpp"
#include "services/readiness.hpp"

namespace mm::api {

struct SystemApi {
  services::Readiness* readiness = nullptr;
  obs::Metrics* metrics = nullptr;
  std::string openapi_json;  // set once the table is complete
  std::vector<core::Cidr> metrics_allow;
  std::string metrics_token;  // empty = no token access
  std::string instance_id;
  bool client_stack = false;  // keep the stack of client error reports

  // Adds the routes; `this` must outlive the table. Handlers are never called when the table is
  // built only for the OpenAPI document.
  void Register(RouteTable& table);
};

}  // namespace mm::api
