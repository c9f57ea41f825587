// Staff accounts (api.md §3.5): /api/usuarios, admin only; the dropdown also for D and V.
#pragma once

#include "api/route.hpp"
#include "services/users.hpp"

namespace mm::api {

struct UsersApi {
  services::Users* users = nullptr;

  void Register(RouteTable& table);
};

}  // namespace mm::api
