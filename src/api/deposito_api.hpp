// Warehouse movements and the kardex (api.md §7.2): POST /api/deposito/movimiento,
// POST /api/deposito/ingreso, GET /api/kardex and its alias GET /api/deposito/movimientos.
#pragma once

#include "api/route.hpp"
#include "services/kardex.hpp"
#include "services/stock_movements.hpp"

namespace mm::api {

struct DepositoApi {
  services::StockMovements* movements = nullptr;
  services::Kardex* kardex = nullptr;

  void Register(RouteTable& table);
};

}  // namespace mm::api
