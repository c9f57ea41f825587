// SQL over the productos table (domain.md §1.1) and its FTS side table. The normalized columns
// (nombre_normalizado; busqueda_normalizado over nombre, marca, sku and codigo_barras) and the
// SQLite FTS row are recomputed here on every insert and update, in the caller's transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "core/clock.hpp"
#include "store/tx.hpp"

namespace mm::services {

struct ProductRow {
  std::string id;
  std::string nombre;
  std::string sku;
  std::optional<std::string> codigo_barras;
  std::optional<std::string> marca;
  std::optional<std::string> contenido_neto;
  std::optional<std::string> descripcion;
  std::optional<std::string> categoria_id;
  std::optional<std::string> proveedor_principal_id;
  std::string unidad = "u";
  std::int64_t precio_venta_centavos = 0;
  std::optional<std::int64_t> costo_centavos;
  std::optional<std::int64_t> markup_bp;
  bool controla_vencimiento = false;
  bool activo = true;
  std::int64_t version = 0;
  std::optional<std::string> creado_por;
  std::optional<std::string> actualizado_por;
  core::Timestamp creado_en;
  core::Timestamp actualizado_en;
  // Read only (joined): the names of the category and the main supplier.
  std::optional<std::string> categoria_nombre;
  std::optional<std::string> proveedor_nombre;
};

// Stock of one product over every location (GET /api/productos/:id).
struct ProductStock {
  std::int64_t total = 0;       // Σ stock_deposito.cantidad
  std::int64_t disponible = 0;  // Σ per location max(0, cantidad − effectively active reserved)
};

namespace product_store {

// The SELECT list and FROM clause (with the category and supplier joins) that Map reads; the
// product is `p`.
extern const std::string_view kSelectFrom;
[[nodiscard]] ProductRow Map(const store::Row& r);

// `for_update` locks the product row (PostgreSQL FOR UPDATE OF p).
std::optional<ProductRow> FindById(store::Tx& tx, const std::string& id, bool for_update = false);
std::optional<std::string> FindIdBySku(store::Tx& tx, const std::string& sku);
std::optional<std::string> FindIdByBarcode(store::Tx& tx, const std::string& codigo_barras);
// The next generated SKU, `P-` + a 6-digit sequence: PostgreSQL nextval('productos_sku_seq'),
// SQLite the highest existing P-NNNNNN + 1 (inside the write transaction, which serialises it).
// Skips values a user already took by hand.
std::string NextSku(store::Tx& tx);
// Inserts the row as given (prices and costs included: demo data and bulk loads use this).
void Insert(store::Tx& tx, const ProductRow& row);
// Writes every mutable column (prices and costs included) and bumps version; false when
// `row.version` is stale.
bool Update(store::Tx& tx, const ProductRow& row, core::Timestamp now);
ProductStock StockOf(store::Tx& tx, const std::string& id, core::Timestamp now);
// Σ cantidad of the product's effectively active reservations (estado 'activa' and not expired).
std::int64_t ActiveReserved(store::Tx& tx, const std::string& id, core::Timestamp now);
// Customer orders not yet delivered or cancelled with a line of the product.
std::int64_t OpenOrders(store::Tx& tx, const std::string& id);
// The normalized search text of a product: nombre, marca, sku and codigo_barras.
[[nodiscard]] std::string SearchText(const ProductRow& row);

}  // namespace product_store

// The product as api.md §6.1 shows it. `with_costs` false omits costo_centavos, markup_bp and
// margen_bruto_bp (roles ventas and usuario, api.md §1.8).
[[nodiscard]] boost::json::object ProductJson(const ProductRow& row, bool with_costs);

}  // namespace mm::services
