// Reservations (api.md §7.3): POST /api/reservas, GET /api/reservas, GET /api/reservas/:id and
// POST /api/reservas/:id/cancelar.
#pragma once

#include "api/route.hpp"
#include "services/reservations.hpp"

namespace mm::api {

struct ReservasApi {
  services::Reservations* reservations = nullptr;

  void Register(RouteTable& table);
};

}  // namespace mm::api
