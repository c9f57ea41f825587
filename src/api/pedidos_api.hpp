// Customer orders (api.md §10.2): GET/POST /api/pedidos, GET/PATCH /api/pedidos/:id,
// PUT /api/pedidos/:id/estado, PUT /api/pedidos/items/:id and POST /api/pedidos/:id/pagos.
#pragma once

#include "api/route.hpp"
#include "services/order_payments.hpp"
#include "services/orders.hpp"

namespace mm::api {

struct PedidosApi {
  services::Orders* orders = nullptr;
  services::OrderPayments* payments = nullptr;

  void Register(RouteTable& table);
};

}  // namespace mm::api
