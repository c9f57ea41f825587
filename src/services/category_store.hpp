// SQL over the categorias table (domain.md §1.1). Callers own the transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "core/clock.hpp"
#include "store/tx.hpp"

namespace mm::services {

struct CategoryRow {
  std::string id;
  std::string codigo;
  std::string nombre;
  std::optional<std::string> descripcion;
  std::optional<std::string> parent_id;
  std::int64_t nivel = 1;
  std::optional<std::int64_t> markup_minimo_bp;
  std::optional<std::int64_t> markup_maximo_bp;
  bool activo = true;
  std::int64_t version = 0;
  core::Timestamp creado_en;
  core::Timestamp actualizado_en;
};

struct CategoryFilter {
  std::optional<bool> activo = true;
  std::optional<std::string> parent_id;
};

// One node of the tree, for cycle and depth checks.
struct CategoryNode {
  std::string id;
  std::optional<std::string> parent_id;
  std::int64_t nivel = 1;
};

namespace category_store {

inline constexpr std::int64_t kMaxNivel = 5;
inline constexpr int kListMax = 500;

std::optional<CategoryRow> FindById(store::Tx& tx, const std::string& id, bool for_update = false);
std::optional<std::string> FindByCodigo(store::Tx& tx, const std::string& codigo);
// Ordered by normalized name; at most kListMax rows.
std::vector<CategoryRow> List(store::Tx& tx, const CategoryFilter& f);
// Every category as a tree node (the table is small: hundreds at most).
std::vector<CategoryNode> Tree(store::Tx& tx);
void Insert(store::Tx& tx, const CategoryRow& row);
// Writes every mutable column and bumps version; false when `row.version` is stale.
bool Update(store::Tx& tx, const CategoryRow& row, core::Timestamp now);
void SetNivel(store::Tx& tx, const std::string& id, std::int64_t nivel, core::Timestamp now);
std::int64_t CountActiveProducts(store::Tx& tx, const std::string& id);
std::int64_t CountActiveChildren(store::Tx& tx, const std::string& id);

}  // namespace category_store

[[nodiscard]] boost::json::object CategoryJson(const CategoryRow& row);

}  // namespace mm::services
