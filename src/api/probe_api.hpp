// Routes for the test suite only, registered when testing.rutas_prueba = true (never in
// production: preflight refuses it). They exercise the generic layers with a real effect:
//   POST /api/_pruebas/efectos  (Idempotency-Key required) bumps the cache version
//        "prueba:<namespace>" once per effect, optionally holding the transaction demora_ms;
//   GET  /api/_pruebas/ocupar?ms=N holds a database connection N ms (pool exhaustion).
#pragma once

#include "api/idempotent_route.hpp"
#include "api/route.hpp"
#include "services/context.hpp"
#include "services/idempotency.hpp"

namespace mm::api {

struct ProbeApi {
  services::Env* env = nullptr;
  services::Idempotency* idempotency = nullptr;

  void Register(RouteTable& table);
};

}  // namespace mm::api
