#include "services/principal_seed.hpp"

#include "core/normalize.hpp"
#include "services/stock_ledger.hpp"

namespace mm::services {

Seed PrincipalLocationSeed() {
  return Seed{
      "ubicacion_principal",
      [](store::Tx& tx) { return tx.QueryOne("SELECT id FROM ubicaciones LIMIT 1").has_value(); },
      [](store::Tx& tx, Env& env) {
        auto now = env.clock.Now();
        tx.Exec(
            "INSERT INTO ubicaciones (id, nombre, nombre_normalizado, es_venta, activo, "
            "creado_en, actualizado_en) VALUES ($1, $2, $3, $4, $5, $6, $6)",
            {std::string(stock::kPrincipalId), "Principal", core::NormalizeSearch("Principal"),
             true, true, now});
      }};
}

}  // namespace mm::services
