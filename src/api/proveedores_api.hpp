// Suppliers (api.md §6.1): /api/proveedores, /api/proveedores/dropdown, /api/proveedores/:id.
// Admin and deposito only.
#pragma once

#include "api/route.hpp"
#include "services/suppliers.hpp"

namespace mm::api {

struct ProveedoresApi {
  services::Suppliers* suppliers = nullptr;

  void Register(RouteTable& table);
};

}  // namespace mm::api
