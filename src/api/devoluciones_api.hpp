// Voids and returns of a sale (api.md §9.1): POST /api/ventas/:id/anular and
// POST /api/ventas/:id/devoluciones, both with a required Idempotency-Key.
#pragma once

#include "api/route.hpp"
#include "services/sale_refunds.hpp"

namespace mm::api {

struct DevolucionesApi {
  services::SaleRefunds* refunds = nullptr;

  void Register(RouteTable& table);
};

}  // namespace mm::api
