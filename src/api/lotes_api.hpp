// Lots and their expiry (api.md §7.1): GET /api/lotes and PATCH /api/lotes/:id.
#pragma once

#include "api/route.hpp"
#include "services/stock_queries.hpp"

namespace mm::api {

struct LotesApi {
  services::StockQueries* queries = nullptr;

  void Register(RouteTable& table);
};

}  // namespace mm::api
