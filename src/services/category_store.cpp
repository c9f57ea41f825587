#include "services/category_store.hpp"

#include "core/normalize.hpp"
#include "services/catalog_common.hpp"

namespace mm::services {
namespace {

constexpr std::string_view kSelect = R"sql(
SELECT id, codigo, nombre, descripcion, parent_id, nivel, markup_minimo_bp, markup_maximo_bp,
       activo, version, creado_en, actualizado_en
FROM categorias )sql";

CategoryRow Map(const store::Row& r) {
  CategoryRow c;
  c.id = r.Text(0);
  c.codigo = r.Text(1);
  c.nombre = r.Text(2);
  c.descripcion = r.OptText(3);
  c.parent_id = r.OptText(4);
  c.nivel = r.Int(5);
  c.markup_minimo_bp = r.OptInt(6);
  c.markup_maximo_bp = r.OptInt(7);
  c.activo = r.Bool(8);
  c.version = r.Int(9);
  c.creado_en = r.Time(10);
  c.actualizado_en = r.Time(11);
  return c;
}

}  // namespace

namespace category_store {

std::optional<CategoryRow> FindById(store::Tx& tx, const std::string& id, bool for_update) {
  std::string sql = std::string(kSelect) + "WHERE id = $1";
  if (for_update) sql += ForUpdate(tx);
  auto row = tx.QueryOne(sql, {id});
  if (!row) return std::nullopt;
  return Map(*row);
}

std::optional<std::string> FindByCodigo(store::Tx& tx, const std::string& codigo) {
  auto row = tx.QueryOne("SELECT id FROM categorias WHERE codigo = $1", {codigo});
  if (!row) return std::nullopt;
  return row->Text(0);
}

std::vector<CategoryRow> List(store::Tx& tx, const CategoryFilter& f) {
  std::vector<store::Value> params;
  std::string where = "WHERE 1 = 1";
  if (f.activo) where += " AND activo = " + Param(params, *f.activo);
  if (f.parent_id) where += " AND parent_id = " + Param(params, *f.parent_id);
  std::string order = tx.dialect() == store::Dialect::kPostgres
                          ? " ORDER BY nombre_normalizado COLLATE \"C\", id"
                          : " ORDER BY nombre_normalizado, id";
  std::vector<CategoryRow> out;
  for (const auto& r : tx.Query(
           std::string(kSelect) + where + order + " LIMIT " + std::to_string(kListMax), params)) {
    out.push_back(Map(r));
  }
  return out;
}

std::vector<CategoryNode> Tree(store::Tx& tx) {
  std::vector<CategoryNode> out;
  for (const auto& r : tx.Query("SELECT id, parent_id, nivel FROM categorias")) {
    out.push_back(CategoryNode{r.Text(0), r.OptText(1), r.Int(2)});
  }
  return out;
}

void Insert(store::Tx& tx, const CategoryRow& c) {
  tx.Exec(
      R"sql(
INSERT INTO categorias (id, codigo, nombre, nombre_normalizado, descripcion, parent_id, nivel,
                        markup_minimo_bp, markup_maximo_bp, activo, version, creado_en,
                        actualizado_en)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 0, $11, $12))sql",
      {c.id, c.codigo, c.nombre, core::NormalizeSearch(c.nombre), c.descripcion, c.parent_id,
       c.nivel, c.markup_minimo_bp, c.markup_maximo_bp, c.activo, c.creado_en, c.actualizado_en});
}

bool Update(store::Tx& tx, const CategoryRow& c, core::Timestamp now) {
  return tx.Exec(
             R"sql(
UPDATE categorias SET codigo = $2, nombre = $3, nombre_normalizado = $4, descripcion = $5,
  parent_id = $6, nivel = $7, markup_minimo_bp = $8, markup_maximo_bp = $9, activo = $10,
  version = version + 1, actualizado_en = $11
WHERE id = $1 AND version = $12)sql",
             {c.id, c.codigo, c.nombre, core::NormalizeSearch(c.nombre), c.descripcion, c.parent_id,
              c.nivel, c.markup_minimo_bp, c.markup_maximo_bp, c.activo, now, c.version}) == 1;
}

void SetNivel(store::Tx& tx, const std::string& id, std::int64_t nivel, core::Timestamp now) {
  tx.Exec(
      "UPDATE categorias SET nivel = $2, version = version + 1, actualizado_en = $3 "
      "WHERE id = $1",
      {id, nivel, now});
}

std::int64_t CountActiveProducts(store::Tx& tx, const std::string& id) {
  return tx
      .QueryOne("SELECT COUNT(*) FROM productos WHERE categoria_id = $1 AND activo = $2",
                {id, true})
      ->Int(0);
}

std::int64_t CountActiveChildren(store::Tx& tx, const std::string& id) {
  return tx
      .QueryOne("SELECT COUNT(*) FROM categorias WHERE parent_id = $1 AND activo = $2", {id, true})
      ->Int(0);
}

}  // namespace category_store

boost::json::object CategoryJson(const CategoryRow& c) {
  return boost::json::object{{"id", c.id},
                             {"codigo", c.codigo},
                             {"nombre", c.nombre},
                             {"descripcion", JsonOrNull(c.descripcion)},
                             {"parent_id", JsonOrNull(c.parent_id)},
                             {"nivel", c.nivel},
                             {"markup_minimo_bp", JsonOrNull(c.markup_minimo_bp)},
                             {"markup_maximo_bp", JsonOrNull(c.markup_maximo_bp)},
                             {"activo", c.activo},
                             {"version", c.version},
                             {"creado_en", core::FormatApiTimestamp(c.creado_en)},
                             {"actualizado_en", core::FormatApiTimestamp(c.actualizado_en)}};
}

}  // namespace mm::services
