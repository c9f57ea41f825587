// SQL over the ubicaciones table (domain.md §1.1). Callers own the transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "core/clock.hpp"
#include "store/tx.hpp"

namespace mm::services {

struct LocationRow {
  std::string id;
  std::string nombre;
  bool es_venta = false;
  bool activo = true;
  core::Timestamp creado_en;
  core::Timestamp actualizado_en;
};

namespace location_store {

std::optional<LocationRow> FindById(store::Tx& tx, const std::string& id, bool for_update = false);
// The id of the location whose normalized name is `nombre_normalizado`, if any.
std::optional<std::string> FindByNormalizedName(store::Tx& tx,
                                                const std::string& nombre_normalizado);
// The sales location (es_venta), if any.
std::optional<LocationRow> FindSalesLocation(store::Tx& tx);
// Ordered by normalized name.
std::vector<LocationRow> List(store::Tx& tx, std::optional<bool> activo);
void Insert(store::Tx& tx, const LocationRow& row);
void Update(store::Tx& tx, const LocationRow& row, core::Timestamp now);
// Clears es_venta on every location but `except_id` (before another one takes it: the partial
// UNIQUE index allows one).
void ClearSalesFlag(store::Tx& tx, const std::string& except_id, core::Timestamp now);
// Σ stock_deposito.cantidad at the location.
std::int64_t StockOnHand(store::Tx& tx, const std::string& id);

}  // namespace location_store

// {id, nombre, es_venta, activo} (api.md §7.1).
[[nodiscard]] boost::json::object LocationJson(const LocationRow& row);

}  // namespace mm::services
