#include "services/replacement_cost.hpp"

namespace mm::services {
namespace {

ReplacementCost OwnCost(std::int64_t costo) { return ReplacementCost{costo, "costo_producto"}; }

}  // namespace

std::optional<ReplacementCost> FindReplacementCost(store::Tx& tx, std::string_view producto_id) {
  auto row = tx.QueryOne(
      "SELECT costo_centavos FROM productos WHERE id = $1 AND costo_centavos IS NOT NULL",
      {std::string(producto_id)});
  if (!row) return std::nullopt;
  return OwnCost(row->Int(0));
}

std::map<std::string, ReplacementCost> FindReplacementCosts(
    store::Tx& tx, const std::vector<std::string>& producto_ids) {
  std::map<std::string, ReplacementCost> out;
  for (const auto& id : producto_ids) {
    if (out.count(id) != 0) continue;
    if (auto c = FindReplacementCost(tx, id)) out.emplace(id, *c);
  }
  return out;
}

std::map<std::string, ReplacementCost> AllReplacementCosts(store::Tx& tx) {
  std::map<std::string, ReplacementCost> out;
  for (const auto& r : tx.Query("SELECT id, costo_centavos FROM productos WHERE activo AND "
                                "costo_centavos IS NOT NULL")) {
    out.emplace(r.Text(0), OwnCost(r.Int(1)));
  }
  return out;
}

bool AtLossRisk(std::int64_t precio_venta_centavos, const std::optional<ReplacementCost>& costo) {
  return precio_venta_centavos > 0 && costo && costo->costo_centavos >= precio_venta_centavos;
}

}  // namespace mm::services
