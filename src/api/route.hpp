// One row of the route table: path, roles, idempotency, limits, the OpenAPI description and the
// handler. The table is the single source of truth for roles (api.md §1.8): the router checks
// them and the OpenAPI document publishes them as x-roles.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include <boost/json/value.hpp>

#include "api/reply.hpp"
#include "api/request.hpp"
#include "core/error_code.hpp"
#include "core/role.hpp"

namespace mm::api {

enum class Idempotency { kNone, kOptional, kRequired };

// Who may call the route.
struct Access {
  bool publico = false;           // no token needed (a token, if sent, is still verified)
  std::vector<core::Role> roles;  // when not público
  std::string condicion;          // per-row condition, for x-roles-condicion

  static Access Public() { return Access{true, {}, {}}; }
  static Access Roles(std::vector<core::Role> r, std::string cond = {}) {
    return Access{false, std::move(r), std::move(cond)};
  }
  static Access All() { return Roles({core::kAllRoles, core::kAllRoles + 4}); }
};

enum class BodyKind {
  kNone,  // no body expected; one sent is ignored
  kJson,  // a JSON object (Content-Type application/json), parsed strictly before the handler
};

// A query parameter, for the OpenAPI document.
struct QueryParamDoc {
  std::string name;
  std::string type = "string";  // JSON Schema type
  std::string description;
  bool required = false;
};

// How a path parameter is validated before the handler runs. Parameters are UUIDs unless the
// route says otherwise (api.md §1.1).
enum class ParamFormat {
  kUuid,         // canonical 8-4-4-4-12, normalised to lower case
  kJobId,        // ^[a-z0-9_-]{1,64}$
  kBreakerName,  // ^[a-z0-9_-]+(:[a-z0-9_-]+)?$, at most 64
  kText,         // any non-empty segment
};

using Handler = std::function<Reply(Request&)>;

struct Route {
  std::string method;  // GET POST PUT PATCH DELETE
  std::string path;    // template: literal segments and ":name" parameters
  Access access;
  Idempotency idempotency = Idempotency::kNone;
  BodyKind body = BodyKind::kNone;
  std::size_t body_limit = 0;           // bytes; 0 = server.max_body_bytes
  bool long_deadline = false;           // reports and CSV: 30 s instead of 10 s
  bool no_rate_limit = false;           // health endpoints and /metrics (decision 32)
  bool skip_auth = false;               // health endpoints: never look at a token
  bool empty_body_ok = false;           // action routes whose body fields are all optional
  bool during_password_change = false;  // usable while a password change is pending
  std::map<std::string, ParamFormat> param_formats;  // default kUuid

  // OpenAPI
  std::string operation_id;
  std::string summary;
  std::string tag;
  boost::json::value request_schema;              // JSON Schema of the body (null when none)
  boost::json::value response_schema;             // JSON Schema of data, or of the raw document
  bool enveloped = true;                          // false for documents, metrics, CSV
  std::string content_type = "application/json";  // of the success response
  int success_status = 200;
  bool paginated = false;  // data is a list with meta
  std::vector<QueryParamDoc> query;
  std::vector<core::ErrorCode> errors;  // route-specific errors

  Handler handler;
};

class RouteTable {
 public:
  Route& Add(Route route);
  [[nodiscard]] const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

}  // namespace mm::api
