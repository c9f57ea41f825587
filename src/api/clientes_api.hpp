// Customers (api.md §10.1): /api/clientes (list with search and csv, create) and
// /api/clientes/:id (read, edit, deactivate with activo:false). Admin and ventas; only the admin
// sets `limite_credito_centavos`.
#pragma once

#include "api/route.hpp"
#include "services/customers.hpp"

namespace mm::api {

struct ClientesApi {
  services::Customers* customers = nullptr;

  void Register(RouteTable& table);
};

}  // namespace mm::api
