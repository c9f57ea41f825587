// Other texts a product is known by (domain.md §1.1 producto_aliases): from the shortage
// notebook, invoices or typed by hand. Product search also finds a product through its active
// aliases. No routes yet (api.md has none): demo data and, later, the notebook and invoice
// matching call these. Each write keeps the SQLite FTS row and bumps the `catalogo` namespace in
// the caller's transaction.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/random.hpp"
#include "store/tx.hpp"

namespace mm::services {

struct AliasRow {
  std::string id;
  std::string producto_id;
  std::optional<std::string> proveedor_id;  // null = global
  std::string alias_texto;
  std::string alias_normalizado;
  std::string origen = "manual";    // manual | factura | cuaderno
  std::string confianza = "media";  // alta | media | baja
  bool activo = true;
  std::optional<std::string> creado_por;
  core::Timestamp creado_en;
  core::Timestamp actualizado_en;
};

struct NewAlias {
  std::string producto_id;
  std::optional<std::string> proveedor_id;
  std::string texto;
  std::string origen = "manual";
  std::string confianza = "media";
  std::optional<std::string> creado_por;
};

namespace product_alias_store {

// Adds the alias. When one with the same normalized text and supplier scope already exists, it is
// returned unchanged and `created` is false: the caller compares its producto_id (an alias names
// one product per scope).
AliasRow Add(store::Tx& tx, core::Random& random, const NewAlias& alias, core::Timestamp now,
             bool* created = nullptr);
std::optional<AliasRow> FindById(store::Tx& tx, const std::string& id);
std::vector<AliasRow> OfProduct(store::Tx& tx, const std::string& producto_id);
// Activates or deactivates an alias; false when it does not exist.
bool SetActive(store::Tx& tx, const std::string& id, bool activo, core::Timestamp now);

}  // namespace product_alias_store

}  // namespace mm::services
