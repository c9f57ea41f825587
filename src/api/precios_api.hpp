// Prices (api.md §6.2): apply a price, record a purchase cost, round, a product's price history
// and its suggested markup. Cost and markup fields are omitted for ventas (api.md §1.8).
#pragma once

#include "api/route.hpp"
#include "services/pricing.hpp"

namespace mm::api {

struct PreciosApi {
  services::Pricing* pricing = nullptr;

  void Register(RouteTable& table);
};

}  // namespace mm::api
