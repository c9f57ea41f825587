#include "api/route.hpp"

#include <stdexcept>

namespace mm::api {

Route& RouteTable::Add(Route route) {
  for (const auto& r : routes_) {
    if (r.method == route.method && r.path == route.path) {
      throw std::logic_error("route registered twice: " + route.method + " " + route.path);
    }
  }
  if (route.operation_id.empty()) {
    throw std::logic_error("route without operation_id: " + route.method + " " + route.path);
  }
  routes_.push_back(std::move(route));
  return routes_.back();
}

}  // namespace mm::api
