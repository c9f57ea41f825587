// Purchasing (api.md §8): /api/ordenes-compra and POST /api/compras/recepcion, roles A and D.
#pragma once

#include "api/route.hpp"
#include "services/purchase_orders.hpp"
#include "services/receipts.hpp"

namespace mm::api {

struct OrdenesCompraApi {
  services::PurchaseOrders* orders = nullptr;
  services::Receipts* receipts = nullptr;

  void Register(RouteTable& table);
};

}  // namespace mm::api
