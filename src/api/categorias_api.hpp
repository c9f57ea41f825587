// Categories (api.md §6.1): /api/categorias and /api/categorias/:id. Reads for every role,
// writes for admin.
#pragma once

#include "api/route.hpp"
#include "services/categories.hpp"

namespace mm::api {

struct CategoriasApi {
  services::Categories* categories = nullptr;

  void Register(RouteTable& table);
};

}  // namespace mm::api
