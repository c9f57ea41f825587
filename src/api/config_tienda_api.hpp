// Store settings (api.md §12.1): GET /api/config/tienda for everyone (markup_defecto_bp only for
// A and D), PATCH for admins. The time zone is the configuration file's `store.timezone`,
// read-only here.
#pragma once

#include <string>

#include "api/route.hpp"
#include "services/store_settings.hpp"

namespace mm::api {

struct ConfigTiendaApi {
  services::StoreSettings* settings = nullptr;
  std::string zona_horaria;  // store.timezone

  void Register(RouteTable& table);
};

}  // namespace mm::api
