// Products (api.md §6.1): /api/productos (list, search, CSV), /api/productos/dropdown,
// /api/productos/:id (read with stock, edit, soft delete). Cost fields are omitted for ventas and
// usuario (§1.8).
#pragma once

#include "api/route.hpp"
#include "services/products.hpp"

namespace mm::api {

struct ProductosApi {
  services::Products* products = nullptr;

  void Register(RouteTable& table);
};

}  // namespace mm::api
