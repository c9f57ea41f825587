// JSON Schema snippets for the OpenAPI document (api.md §1.8), shared by the route files.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

namespace mm::api {

// {"type":"object","properties":…,"required":…,"additionalProperties":false}
[[nodiscard]] inline boost::json::object ObjectSchema(boost::json::object props,
                                                      boost::json::array required = {}) {
  return boost::json::object{{"type", "object"},
                             {"properties", std::move(props)},
                             {"required", std::move(required)},
                             {"additionalProperties", false}};
}

}  // namespace mm::api
