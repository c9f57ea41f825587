// The POS catalogue (api.md §9.1): GET /api/pos/catalogo with ETag and If-None-Match.
#pragma once

#include "api/route.hpp"
#include "services/pos_catalog.hpp"

namespace mm::api {

struct PosApi {
  services::PosCatalog* catalog = nullptr;

  void Register(RouteTable& table);
};

}  // namespace mm::api
