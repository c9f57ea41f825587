// The global search (api.md §11.4): GET /api/search.
#pragma once

#include "api/route.hpp"
#include "services/global_search.hpp"

namespace mm::api {

struct SearchApi {
  services::GlobalSearch* search = nullptr;

  void Register(RouteTable& table);
};

}  // namespace mm::api
