// POS sales (api.md §9.1): POST /api/ventas (key required), POST /api/ventas/cotizar (read-only
// quote, `read` rate policy) and GET /api/ventas/:id. The list, the ticket, voids and returns
// are registered by their own route files.
#pragma once

#include "api/route.hpp"
#include "services/sales.hpp"

namespace mm::api {

struct VentasApi {
  services::Sales* sales = nullptr;

  void Register(RouteTable& table);
};

}  // namespace mm::api
