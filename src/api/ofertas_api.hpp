// Offers (api.md §10.3): GET /api/ofertas, GET /api/ofertas/sugeridas, POST /api/ofertas/aplicar,
// POST /api/ofertas/:id/desactivar.
#pragma once

#include "api/route.hpp"
#include "services/offers.hpp"

namespace mm::api {

struct OfertasApi {
  services::Offers* offers = nullptr;

  void Register(RouteTable& table);
};

}  // namespace mm::api
