// The one writer of purchase costs (domain.md §1.6): a precios_compra row, the product's
// costo_centavos and, when the cost changed, one precios_historicos row, all in the caller's
// transaction (I26, I28). Used by /precios/aplicar, /precios/costo, entries and receipts.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "services/context.hpp"
#include "store/tx.hpp"

namespace mm::services {

struct PurchaseCost {
  std::string producto_id;
  std::optional<std::string> proveedor_id;
  std::int64_t costo_unitario_centavos = 0;  // ≥ 0, on the product's price basis
  std::string origen;                        // precios_compra.origen: manual | recepcion | factura
  std::optional<std::string> recepcion_linea_id;
  std::string motivo;            // history motivo; empty = a default for historial_origen
  std::string historial_origen;  // precios_historicos.origen: costo | recepcion | aplicar_precio
};

struct PurchaseCostResult {
  std::optional<std::int64_t> costo_anterior;  // the product's cost before (null = unknown)
  bool cambio = false;                         // the cost changed (a history row was written)
};

// Records one purchase cost. The caller has already locked the product row (FOR UPDATE on
// PostgreSQL) and checked that it exists; the sale price is left as it is. Writes:
//  - precios_compra (always), with the request's user;
//  - when the cost differs from productos.costo_centavos: the new cost, actualizado_en/_por and
//    version + 1 on the product, and one precios_historicos row (price unchanged, cost old/new,
//    markup at the current price, origen = historial_origen);
//  - bumps the `catalogo` and `precios` cache namespaces.
// Throws std::invalid_argument on a negative cost or an unknown origin (a caller bug), and
// std::logic_error when the product does not exist.
PurchaseCostResult RecordPurchaseCost(store::Tx& tx, Env& env, const RequestMeta& meta,
                                      const PurchaseCost& c);

// Only the precios_compra row of `c` (motivo and historial_origen unused). For *Apply price*,
// which writes the product and its one history row itself, price and cost together.
void InsertPurchaseCostRow(store::Tx& tx, Env& env, const RequestMeta& meta, const PurchaseCost& c);

}  // namespace mm::services
