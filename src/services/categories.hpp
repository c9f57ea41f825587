// The category tree with its markup band (api.md §6.1, domain.md §1.1, §2.6): at most 5 levels
// (nivel = parent + 1), no cycles, a unique codigo, min ≤ max, and a category with active
// products or active children cannot be deactivated. Writes move the `catalogo` namespace.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "services/catalog_common.hpp"
#include "services/category_store.hpp"
#include "services/context.hpp"
#include "services/idempotency.hpp"

namespace mm::services {

struct NewCategory {
  std::string codigo;
  std::string nombre;
  std::optional<std::string> descripcion;
  std::optional<std::string> parent_id;
  std::optional<std::int64_t> markup_minimo_bp;
  std::optional<std::int64_t> markup_maximo_bp;
};

struct CategoryPatch {
  std::optional<std::string> codigo;
  std::optional<std::string> nombre;
  Nullable<std::string> descripcion;
  Nullable<std::string> parent_id;
  Nullable<std::int64_t> markup_minimo_bp;
  Nullable<std::int64_t> markup_maximo_bp;
  std::optional<bool> activo;
  std::optional<std::int64_t> version;

  [[nodiscard]] bool empty() const {
    return !codigo && !nombre && !descripcion && !parent_id && !markup_minimo_bp &&
           !markup_maximo_bp && !activo;
  }
};

class Categories {
 public:
  Categories(Env& env, Idempotency& idempotency) : env_(env), idempotency_(idempotency) {}

  // 201 categoria; 400 (deeper than 5 levels, min > max), 409 DUPLICATE {codigo},
  // 422 REFERENCE_NOT_FOUND {parent_id}.
  core::Result<IdempotentReply> Create(const std::optional<IdempotencyKey>& key,
                                       const RequestMeta& meta, const NewCategory& input);
  core::Result<std::vector<CategoryRow>> List(const CategoryFilter& filter);
  core::Result<CategoryRow> Get(const std::string& id);
  // 404; 400; 409 VERSION_CONFLICT, DUPLICATE, CONFLICT ciclo | categoria_en_uso; 422.
  core::Result<CategoryRow> Update(const RequestMeta& meta, const std::string& id,
                                   const CategoryPatch& patch);

 private:
  Env& env_;
  Idempotency& idempotency_;
};

}  // namespace mm::services
