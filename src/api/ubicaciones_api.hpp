// Locations (api.md §7.1): GET/POST /api/ubicaciones, PATCH /api/ubicaciones/:id.
#pragma once

#include "api/route.hpp"
#include "services/locations.hpp"

namespace mm::api {

struct UbicacionesApi {
  services::Locations* locations = nullptr;

  void Register(RouteTable& table);
};

}  // namespace mm::api
