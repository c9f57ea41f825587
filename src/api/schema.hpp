// JSON Schema snippets for the OpenAPI document (api.md §1.8), shared by the route files.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/string.hpp>
#include <string_view>

namespace mm::api {

// {"type":"object","properties":…,"required":…,"additionalProperties":false}
[[nodiscard]] inline boost::json::object ObjectSchema(boost::json::object props,
                                                      boost::json::array required = {}) {
  return boost::json::object{{"type", "object"},
                             {"properties", std::move(props)},
                             {"required", std::move(required)},
                             {"additionalProperties", false}};
}

// {"type":"integer"}, {"type":"string"}, {"type":"boolean"}.
[[nodiscard]] inline boost::json::object IntegerSchema() {
  return boost::json::object{{"type", "integer"}};
}
[[nodiscard]] inline boost::json::object StringSchema() {
  return boost::json::object{{"type", "string"}};
}
[[nodiscard]] inline boost::json::object BooleanSchema() {
  return boost::json::object{{"type", "boolean"}};
}
// {"type":[type,"null"]}: a field that may be null.
[[nodiscard]] inline boost::json::object NullableSchema(std::string_view type) {
  return boost::json::object{{"type", boost::json::array{boost::json::string(type), "null"}}};
}

}  // namespace mm::api
