// A request as the API layer sees it: already read, size-checked and routed by http/.
// Protocol-neutral (no Beast types), so handlers and their tests need no server.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/json/value.hpp>

#include "core/role.hpp"
#include "services/context.hpp"

namespace mm::api {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

struct Request {
  std::string method;  // upper case, e.g. "GET"
  std::string target;  // as received: path and query
  std::string path;    // percent-decoded path
  std::string raw_query;
  std::vector<std::pair<std::string, std::string>> query;  // decoded, in order
  HeaderList headers;
  std::string body;
  std::string client_ip;

  // Filled in by the pipeline.
  std::string request_id;
  std::string traceparent;  // the W3C trace context to continue on outbound calls
  std::string route;        // the matched template, e.g. "/api/reservas/:id"
  std::map<std::string, std::string> params;
  core::Principal principal;
  std::optional<store::SteadyTime> deadline;
  std::optional<boost::json::value> json;  // the parsed body of a JSON route
  std::string idempotency_key;             // validated header value, empty when absent

  // Case-insensitive header lookup; the first value when repeated.
  [[nodiscard]] std::optional<std::string_view> Header(std::string_view name) const;
  [[nodiscard]] std::optional<std::string_view> QueryParam(std::string_view name) const;
  [[nodiscard]] services::RequestMeta Meta() const;
  [[nodiscard]] const boost::json::object* JsonObject() const;
};

[[nodiscard]] bool IEquals(std::string_view a, std::string_view b);

}  // namespace mm::api
