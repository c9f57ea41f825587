#include "api/openapi.hpp"

#include <algorithm>
#include <map>
#include <set>

#include <boost/json/array.hpp>

namespace mm::api {
namespace {

namespace json = boost::json;
using core::ErrorCode;

json::object Ref(std::string_view name) {
  return json::object{{"$ref", "#/components/schemas/" + std::string(name)}};
}

json::object Envelope(const json::value& data_schema, bool paginated) {
  json::object props{{"success", json::object{{"const", true}}},
                     {"data", data_schema.is_null() ? json::value(json::object{}) : data_schema},
                     {"requestId", json::object{{"type", "string"}}}};
  json::array required{"success", "data", "requestId"};
  if (paginated) {
    props["meta"] = Ref("Meta");
    required.push_back("meta");
  }
  return json::object{{"type", "object"},
                      {"properties", std::move(props)},
                      {"required", std::move(required)},
                      {"additionalProperties", false}};
}

json::object Components() {
  json::array codes;
  for (const auto& info : core::AllErrorCodes()) {
    if (info.http_status > 0) codes.push_back(json::string(info.name));
  }
  json::object schemas;
  schemas["ErrorCode"] = json::object{{"type", "string"}, {"enum", std::move(codes)}};
  schemas["Error"] = json::object{
      {"type", "object"},
      {"required", json::array{"success", "error", "requestId"}},
      {"properties",
       json::object{
           {"success", json::object{{"const", false}}},
           {"error", json::object{{"type", "object"},
                                  {"required", json::array{"code", "message"}},
                                  {"properties",
                                   json::object{{"code", Ref("ErrorCode")},
                                                {"message", json::object{{"type", "string"}}},
                                                {"details", json::object{{"type", "object"}}}}}}},
           {"requestId", json::object{{"type", "string"}}}}}};
  schemas["Meta"] =
      json::object{{"type", "object"},
                   {"required", json::array{"total", "limit", "offset"}},
                   {"properties", json::object{{"total", json::object{{"type", "integer"}}},
                                               {"limit", json::object{{"type", "integer"}}},
                                               {"offset", json::object{{"type", "integer"}}}}}};
  return json::object{{"schemas", std::move(schemas)}};
}

// Errors any route of this shape can answer, besides its own.
std::vector<ErrorCode> CommonErrors(const Route& r) {
  std::vector<ErrorCode> out;
  if (r.body == BodyKind::kJson) {
    out.insert(out.end(), {ErrorCode::kValidationError, ErrorCode::kInvalidJson,
                           ErrorCode::kBodyTooLarge, ErrorCode::kUnsupportedMediaType});
  } else if (!r.query.empty()) {
    out.push_back(ErrorCode::kValidationError);
  }
  if (r.idempotency != Idempotency::kNone) {
    out.insert(out.end(), {ErrorCode::kIdempotencyKeyInvalid, ErrorCode::kIdempotencyKeyReused});
  }
  if (r.idempotency == Idempotency::kRequired) out.push_back(ErrorCode::kIdempotencyKeyRequired);
  if (!r.skip_auth) out.insert(out.end(), {ErrorCode::kUnauthorized, ErrorCode::kTokenExpired});
  if (!r.access.publico) out.push_back(ErrorCode::kForbidden);
  if (!r.no_rate_limit) out.push_back(ErrorCode::kRateLimited);
  out.insert(out.end(), {ErrorCode::kRequestTimeout, ErrorCode::kHeadersTooLarge,
                         ErrorCode::kInternalError, ErrorCode::kServiceUnavailable});
  return out;
}

json::object Operation(const Route& r) {
  json::object op;
  op["operationId"] = r.operation_id;
  if (!r.summary.empty()) op["summary"] = r.summary;
  if (!r.tag.empty()) op["tags"] = json::array{json::string(r.tag)};
  json::array roles;
  if (r.access.publico) {
    roles.push_back("publico");
  } else {
    for (auto role : r.access.roles) roles.push_back(json::string(core::RoleName(role)));
  }
  op["x-roles"] = std::move(roles);
  if (!r.access.condicion.empty()) op["x-roles-condicion"] = r.access.condicion;
  op["x-idempotency"] = IdempotencyName(r.idempotency);
  if (!r.access.publico) op["security"] = json::array{json::object{{"bearer", json::array{}}}};

  json::array params;
  std::string path = r.path;
  for (std::size_t pos = 0; (pos = path.find(':', pos)) != std::string::npos;) {
    auto end = path.find('/', pos);
    std::string name = path.substr(pos + 1, end == std::string::npos ? end : end - pos - 1);
    params.push_back(json::object{{"name", name},
                                  {"in", "path"},
                                  {"required", true},
                                  {"schema", json::object{{"type", "string"}}}});
    pos = end == std::string::npos ? path.size() : end;
  }
  for (const auto& q : r.query) {
    json::object p{{"name", q.name},
                   {"in", "query"},
                   {"required", q.required},
                   {"schema", json::object{{"type", q.type}}}};
    if (!q.description.empty()) p["description"] = q.description;
    params.push_back(std::move(p));
  }
  if (r.idempotency != Idempotency::kNone) {
    params.push_back(json::object{
        {"name", "Idempotency-Key"},
        {"in", "header"},
        {"required", r.idempotency == Idempotency::kRequired},
        {"schema", json::object{{"type", "string"}, {"pattern", "^[A-Za-z0-9_-]{1,128}$"}}}});
  }
  if (!params.empty()) op["parameters"] = std::move(params);

  if (r.body == BodyKind::kJson) {
    json::value schema = r.request_schema.is_null() ? json::value(json::object{{"type", "object"}})
                                                    : r.request_schema;
    op["requestBody"] = json::object{
        {"required", true},
        {"content", json::object{{"application/json", json::object{{"schema", schema}}}}}};
  }

  json::object responses;
  json::value success_schema =
      r.enveloped ? json::value(Envelope(r.response_schema, r.paginated))
                  : (r.response_schema.is_null() ? json::value(json::object{}) : r.response_schema);
  const std::string& content_type = r.content_type;
  responses[std::to_string(r.success_status)] = json::object{
      {"description", r.summary.empty() ? std::string("OK") : r.summary},
      {"content", json::object{{content_type, json::object{{"schema", success_schema}}}}}};

  std::map<int, std::set<std::string>> by_status;
  auto errors = CommonErrors(r);
  errors.insert(errors.end(), r.errors.begin(), r.errors.end());
  for (auto code : errors) {
    by_status[core::HttpStatus(code)].insert(std::string(core::Name(code)));
  }
  for (auto& [status, codes] : by_status) {
    json::array list;
    std::string desc;
    for (const auto& c : codes) {
      list.push_back(json::string(c));
      if (!desc.empty()) desc += ", ";
      desc += c;
    }
    responses[std::to_string(status)] = json::object{
        {"description", desc},
        {"x-error-codes", std::move(list)},
        {"content", json::object{{"application/json", json::object{{"schema", Ref("Error")}}}}}};
  }
  op["responses"] = std::move(responses);
  return op;
}

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

}  // namespace

std::string OpenApiPath(const std::string& t) {
  std::string out;
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (t[i] == ':' && i > 0 && t[i - 1] == '/') {
      auto end = t.find('/', i);
      if (end == std::string::npos) end = t.size();
      out += "{" + t.substr(i + 1, end - i - 1) + "}";
      i = end - 1;
    } else {
      out.push_back(t[i]);
    }
  }
  return out;
}

std::string IdempotencyName(Idempotency i) {
  switch (i) {
    case Idempotency::kRequired:
      return "req";
    case Idempotency::kOptional:
      return "opt";
    case Idempotency::kNone:
      return "none";
  }
  return "none";
}

json::object BuildOpenApi(const RouteTable& table) {
  json::object paths;
  for (const auto& r : table.routes()) {
    auto& item = paths[OpenApiPath(r.path)];
    if (!item.is_object()) item = json::object{};
    item.get_object()[Lower(r.method)] = Operation(r);
  }
  json::object doc;
  doc["openapi"] = "3.1.0";
  doc["info"] = json::object{
      {"title", "Mini Market API"},
      {"version", MM_VERSION},
      {"description",
       "API de Mini Market. Roles por operación en x-roles; idempotencia en x-idempotency."}};
  doc["paths"] = std::move(paths);
  auto components = Components();
  components["securitySchemes"] = json::object{
      {"bearer", json::object{{"type", "http"}, {"scheme", "bearer"}, {"bearerFormat", "JWT"}}}};
  doc["components"] = std::move(components);
  return doc;
}

}  // namespace mm::api
