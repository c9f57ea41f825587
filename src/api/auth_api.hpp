// Authentication routes (api.md §3.4): login, refresh, logout, me, own password change, and
// the JWKS document.
#pragma once

#include "api/route.hpp"
#include "services/sessions.hpp"
#include "services/signing_keys.hpp"
#include "services/users.hpp"

namespace mm::api {

struct AuthApi {
  services::Sessions* sessions = nullptr;
  services::SigningKeys* keys = nullptr;
  services::Users* users = nullptr;
  bool cookie_secure = true;

  void Register(RouteTable& table);
};

}  // namespace mm::api
