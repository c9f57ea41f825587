// Rows the POS sale HTTP suites write straight into the server's database: products priced above
// their cost with stock at the sales location (through the stock engine, so the kardex matches)
// and an open cash session (the cash-session routes have their own suite).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/random.hpp"
#include "core/uuid.hpp"
#include "services/stock_ledger.hpp"
#include "store/database.hpp"

namespace mm::testing {

// `n` products "<prefix> i" at `precio` (cost `costo`), each with `stock` units in the default
// lot at the sales location. Returns their ids.
inline std::vector<std::string> SeedSaleProducts(store::Database& db, const std::string& prefix,
                                                 int n, std::int64_t precio, std::int64_t costo,
                                                 std::int64_t stock) {
  core::SystemRandom random;
  std::vector<std::string> ids;
  db.Write([&](store::Tx& tx) {
    const auto now = core::SystemClock().Now();
    const auto today = core::StoreCalendar::Default().DayOf(now);
    const std::string ubicacion = services::stock::SalesLocationId(tx);
    for (int i = 0; i < n; ++i) {
      std::string id = core::NewUuidV4(random);
      std::string nombre = prefix + " " + std::to_string(i);
      tx.Exec(R"sql(
INSERT INTO productos (id, nombre, nombre_normalizado, busqueda_normalizado, sku, unidad,
                       precio_venta_centavos, costo_centavos, controla_vencimiento, activo,
                       version, creado_en, actualizado_en)
VALUES ($1, $2, $3, $3, $4, 'u', $5, $6, $7, $8, 0, $9, $9))sql",
              {id, nombre, nombre, "SALE-" + id.substr(0, 8), precio, costo, false, true, now});
      if (stock > 0) {
        auto row = services::stock::LockStockRow(tx, random, id, ubicacion, now);
        auto lots = services::stock::LockLots(tx, row, today);
        auto lot = services::stock::EnsureLot(tx, random, row, lots, "", std::nullopt, now, now);
        services::stock::MovementSpec spec;
        spec.tipo = "entrada";
        spec.motivo = "Carga inicial";
        spec.lots = {{lot, stock}};
        services::stock::ApplyMovement(tx, random, row, lots, spec, now);
      }
      ids.push_back(id);
    }
  });
  return ids;
}

// Opens a cash session by the demo cashier when none is open.
inline void SeedOpenCashSession(store::Database& db) {
  core::SystemRandom random;
  db.Write([&](store::Tx& tx) {
    if (tx.QueryOne("SELECT id FROM sesiones_caja WHERE estado = 'abierta'")) return;
    const auto now = core::SystemClock().Now();
    auto user = tx.QueryOne("SELECT id FROM usuarios WHERE email = 'ventas@demo.local'")->Text(0);
    auto numero = tx.QueryOne("SELECT COALESCE(MAX(numero), 0) + 1000 FROM sesiones_caja")->Int(0);
    tx.Exec(R"sql(
INSERT INTO sesiones_caja (id, numero, estado, abierta_por, abierta_en, monto_inicial_centavos,
                           creado_en, actualizado_en)
VALUES ($1, $2, 'abierta', $3, $4, 0, $4, $4))sql",
            {core::NewUuidV4(random), numero, user, now});
  });
}

}  // namespace mm::testing
