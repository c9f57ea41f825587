// The OpenAPI 3.1 document, generated from the route table (api.md §1.8): every operation
// carries x-roles, x-roles-condicion (when the row has one) and x-idempotency.
#pragma once

#include <string>

#include <boost/json/object.hpp>

#include "api/route.hpp"

namespace mm::api {

[[nodiscard]] boost::json::object BuildOpenApi(const RouteTable& table);
// "/api/x/:id" → "/api/x/{id}"
[[nodiscard]] std::string OpenApiPath(const std::string& path_template);
[[nodiscard]] std::string IdempotencyName(Idempotency i);  // req | opt | none

}  // namespace mm::api
