// Credit accounts (api.md §10.1): /api/cuentas-corrientes — the summary (dinero en la calle), the
// balances list (csv), a customer's statement, payments on account (A V, key required) and the
// admin's adjustments (A, key required).
#pragma once

#include "api/route.hpp"
#include "services/credit_accounts.hpp"
#include "services/customers.hpp"

namespace mm::api {

struct CuentasCorrientesApi {
  services::CreditAccounts* accounts = nullptr;
  services::Customers* customers = nullptr;

  void Register(RouteTable& table);
};

}  // namespace mm::api
