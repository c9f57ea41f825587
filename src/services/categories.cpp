#include "services/categories.hpp"

#include <map>

#include "core/uuid.hpp"
#include "services/cache_versions.hpp"

namespace mm::services {
namespace {

core::Error CodeTaken() { return Duplicate("codigo", "Ya existe una categoría con ese código."); }

core::Error TooDeep() {
  return InvalidField(
      "parent_id", "rango",
      "Las categorías llegan hasta " + std::to_string(category_store::kMaxNivel) + " niveles.");
}

std::optional<core::Error> CheckBand(const std::optional<std::int64_t>& min,
                                     const std::optional<std::int64_t>& max) {
  if (min && max && *min > *max) {
    return InvalidField("markup_minimo_bp", "rango",
                        "El markup mínimo no puede superar al máximo.");
  }
  return std::nullopt;
}

template <typename Fn>
std::optional<core::Error> Guarded(Fn&& write) {
  try {
    write();
    return std::nullopt;
  } catch (const store::DbError& e) {
    if (DuplicateFieldOf(e) == "codigo") return CodeTaken();
    throw;
  }
}

// The category's descendants with their depth below it (1 = child).
std::vector<std::pair<std::string, std::int64_t>> Descendants(const std::vector<CategoryNode>& tree,
                                                              const std::string& root) {
  std::multimap<std::string, std::string> children;
  for (const auto& n : tree) {
    if (n.parent_id) children.emplace(*n.parent_id, n.id);
  }
  std::vector<std::pair<std::string, std::int64_t>> out;
  std::vector<std::pair<std::string, std::int64_t>> pending{{root, 0}};
  while (!pending.empty()) {
    auto [id, depth] = pending.back();
    pending.pop_back();
    auto [lo, hi] = children.equal_range(id);
    for (auto it = lo; it != hi; ++it) {
      if (it->second == root) continue;  // a corrupted tree never loops here
      out.emplace_back(it->second, depth + 1);
      pending.emplace_back(it->second, depth + 1);
      if (out.size() > tree.size()) return out;
    }
  }
  return out;
}

}  // namespace

core::Result<IdempotentReply> Categories::Create(const std::optional<IdempotencyKey>& key,
                                                 const RequestMeta& meta,
                                                 const NewCategory& input) {
  if (auto err = CheckBand(input.markup_minimo_bp, input.markup_maximo_bp)) return *err;
  return idempotency_.Run(key, meta, [&](store::Tx& tx) -> core::Result<Outcome> {
    LockTableForWriters(tx, "categorias");
    if (category_store::FindByCodigo(tx, input.codigo)) return CodeTaken();
    std::int64_t nivel = 1;
    if (input.parent_id) {
      auto parent = category_store::FindById(tx, *input.parent_id);
      if (!parent) return core::Error::ReferenceNotFound("parent_id");
      nivel = parent->nivel + 1;
      if (nivel > category_store::kMaxNivel) return TooDeep();
    }
    auto now = env_.clock.Now();
    CategoryRow c;
    c.id = core::NewUuidV4(env_.random);
    c.codigo = input.codigo;
    c.nombre = input.nombre;
    c.descripcion = input.descripcion;
    c.parent_id = input.parent_id;
    c.nivel = nivel;
    c.markup_minimo_bp = input.markup_minimo_bp;
    c.markup_maximo_bp = input.markup_maximo_bp;
    c.creado_en = now;
    c.actualizado_en = now;
    if (auto err = Guarded([&] { category_store::Insert(tx, c); })) return *err;
    BumpCacheVersion(tx, "catalogo", now);
    return Outcome{201, CategoryJson(c), c.id};
  });
}

core::Result<std::vector<CategoryRow>> Categories::List(const CategoryFilter& filter) {
  return env_.db.Read([&](store::Tx& tx) -> core::Result<std::vector<CategoryRow>> {
    return category_store::List(tx, filter);
  });
}

core::Result<CategoryRow> Categories::Get(const std::string& id) {
  return env_.db.Read([&](store::Tx& tx) -> core::Result<CategoryRow> {
    auto c = category_store::FindById(tx, id);
    if (!c) return core::Error::NotFound("categoria");
    return *c;
  });
}

core::Result<CategoryRow> Categories::Update(const RequestMeta& meta, const std::string& id,
                                             const CategoryPatch& patch) {
  return env_.db.Write(
      [&](store::Tx& tx) -> core::Result<CategoryRow> {
        LockTableForWriters(tx, "categorias");
        auto current = category_store::FindById(tx, id, true);
        if (!current) return core::Error::NotFound("categoria");
        if (patch.version && *patch.version != current->version) {
          return StaleVersion(current->version);
        }
        CategoryRow next = *current;
        if (patch.codigo) next.codigo = *patch.codigo;
        if (patch.nombre) next.nombre = *patch.nombre;
        if (patch.descripcion) next.descripcion = *patch.descripcion;
        if (patch.parent_id) next.parent_id = *patch.parent_id;
        if (patch.markup_minimo_bp) next.markup_minimo_bp = *patch.markup_minimo_bp;
        if (patch.markup_maximo_bp) next.markup_maximo_bp = *patch.markup_maximo_bp;
        if (patch.activo) next.activo = *patch.activo;
        if (auto err = CheckBand(next.markup_minimo_bp, next.markup_maximo_bp)) return *err;
        if (next.codigo != current->codigo) {
          auto other = category_store::FindByCodigo(tx, next.codigo);
          if (other && *other != id) return CodeTaken();
        }
        std::vector<std::pair<std::string, std::int64_t>> moved;  // descendants to re-level
        if (next.parent_id != current->parent_id) {
          auto tree = category_store::Tree(tx);
          std::int64_t nivel = 1;
          if (next.parent_id) {
            if (*next.parent_id == id) {
              return core::Error::Conflict("ciclo",
                                           "Una categoría no puede quedar dentro de sí misma.");
            }
            auto parent = category_store::FindById(tx, *next.parent_id);
            if (!parent) return core::Error::ReferenceNotFound("parent_id");
            nivel = parent->nivel + 1;
          }
          auto below = Descendants(tree, id);
          std::int64_t height = 0;
          for (const auto& [child, depth] : below) {
            if (next.parent_id && child == *next.parent_id) {
              return core::Error::Conflict(
                  "ciclo", "No podés mover una categoría debajo de una de sus subcategorías.");
            }
            height = std::max(height, depth);
          }
          if (nivel + height > category_store::kMaxNivel) return TooDeep();
          next.nivel = nivel;
          if (nivel != current->nivel) moved = std::move(below);
        }
        if (current->activo && !next.activo &&
            (category_store::CountActiveProducts(tx, id) > 0 ||
             category_store::CountActiveChildren(tx, id) > 0)) {
          return core::Error::Conflict(
              "categoria_en_uso",
              "La categoría tiene productos o subcategorías activos: movelos o desactivalos "
              "primero.");
        }
        auto now = env_.clock.Now();
        bool written = false;
        if (auto err = Guarded([&] { written = category_store::Update(tx, next, now); })) {
          return *err;
        }
        if (!written) return StaleVersion(current->version);
        for (const auto& [child, depth] : moved) {
          category_store::SetNivel(tx, child, next.nivel + depth, now);
        }
        BumpCacheVersion(tx, "catalogo", now);
        next.version = current->version + 1;
        next.actualizado_en = now;
        return next;
      },
      meta.TxOptions());
}

}  // namespace mm::services
