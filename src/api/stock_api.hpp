// Stock read models and levels (api.md §7.1): /api/stock, /api/stock/resumen,
// /api/stock/minimo, /api/stock/producto/:id and PATCH /api/stock/:id.
#pragma once

#include "api/route.hpp"
#include "services/stock_queries.hpp"

namespace mm::api {

struct StockApi {
  services::StockQueries* queries = nullptr;

  void Register(RouteTable& table);
};

}  // namespace mm::api
