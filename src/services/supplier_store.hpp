// SQL over the proveedores table (domain.md §1.1) and its FTS side table. Callers own the
// transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "core/clock.hpp"
#include "store/tx.hpp"

namespace mm::services {

struct SupplierRow {
  std::string id;
  std::string nombre;
  std::optional<std::string> razon_social;
  std::optional<std::string> cuit;  // 11 digits
  std::optional<std::string> contacto;
  std::optional<std::string> telefono;
  std::optional<std::string> email;
  std::optional<std::string> whatsapp_e164;
  std::optional<std::string> direccion;
  std::optional<std::string> sitio_web;
  std::vector<std::string> categorias_ofrecidas;
  std::optional<std::string> notas;
  bool activo = true;
  std::int64_t version = 0;
  core::Timestamp creado_en;
  core::Timestamp actualizado_en;
  std::int64_t productos_count = 0;  // read only: active products it is the main supplier of
};

struct SupplierFilter {
  std::vector<std::string> tokens;  // normalized search tokens over the name
  std::optional<bool> activo = true;
  int limit = 50;
  int offset = 0;
};

// A product whose main supplier this is (GET /api/proveedores/:id).
struct SupplierProduct {
  std::string id;
  std::string nombre;
  std::string sku;
  std::optional<std::string> codigo_barras;
  std::int64_t precio_venta_centavos = 0;
  std::optional<std::int64_t> costo_centavos;
  bool activo = true;
};

namespace supplier_store {

inline constexpr int kDropdownMax = 1000;
inline constexpr int kProductsMax = 200;

std::optional<SupplierRow> FindById(store::Tx& tx, const std::string& id, bool for_update = false);
// The active supplier with this normalized name, if any (names are unique among active ones).
std::optional<std::string> FindActiveByNormalizedName(store::Tx& tx,
                                                      const std::string& nombre_normalizado);
std::optional<std::string> FindByCuit(store::Tx& tx, const std::string& cuit);
// Ordered by normalized name, with productos_count.
std::vector<SupplierRow> List(store::Tx& tx, const SupplierFilter& f, std::int64_t* total);
// Active suppliers {id, nombre} by name, at most kDropdownMax.
std::vector<std::pair<std::string, std::string>> Dropdown(store::Tx& tx);
std::vector<SupplierProduct> MainProducts(store::Tx& tx, const std::string& id);
void Insert(store::Tx& tx, const SupplierRow& row);
// Writes every mutable column and bumps version; false when `row.version` is stale.
bool Update(store::Tx& tx, const SupplierRow& row, core::Timestamp now);

}  // namespace supplier_store

// The supplier as the API shows it (productos_count included; faltantes_pendientes is 0 until
// the shortage notebook exists — the jobs issue adds it).
[[nodiscard]] boost::json::object SupplierJson(const SupplierRow& row);

}  // namespace mm::services
