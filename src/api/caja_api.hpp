// Cash sessions (api.md §9.2): /api/caja — the open session, opening, cash in/out, the arqueo,
// the close, and the list and detail of sessions.
#pragma once

#include "api/route.hpp"
#include "services/cash_sessions.hpp"

namespace mm::api {

struct CajaApi {
  services::CashSessions* sessions = nullptr;

  void Register(RouteTable& table);
};

}  // namespace mm::api
