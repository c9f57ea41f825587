// Replacement cost and loss risk (domain.md §3, decision 39): the one rule the POS catalogue flag,
// the sale check (§2.3 step 7), the quote, the dashboard and the reports use. The replacement cost
// is the latest matched supplier price when one exists, else the product's own costo_centavos.
// The supplier catalogue (precios_proveedor) arrives with supplier price scraping; until that
// table exists the product's own cost is the replacement cost, and this file is the one place
// that changes then.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/tx.hpp"

namespace mm::services {

struct ReplacementCost {
  std::int64_t costo_centavos = 0;
  std::string fuente;  // "proveedor" | "costo_producto"
};

// nullopt when the product has neither a matched supplier price nor a cost.
std::optional<ReplacementCost> FindReplacementCost(store::Tx& tx, std::string_view producto_id);
// The replacement cost of each of `producto_ids` that has one.
std::map<std::string, ReplacementCost> FindReplacementCosts(
    store::Tx& tx, const std::vector<std::string>& producto_ids);
// Every active product that has one (the POS catalogue, reports).
std::map<std::string, ReplacementCost> AllReplacementCosts(store::Tx& tx);

// riesgo_perdida: a product with a price and a replacement cost at or above it.
bool AtLossRisk(std::int64_t precio_venta_centavos, const std::optional<ReplacementCost>& costo);

}  // namespace mm::services
