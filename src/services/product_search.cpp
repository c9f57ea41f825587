#include "services/product_search.hpp"

#include "core/normalize.hpp"
#include "services/catalog_common.hpp"
#include "services/text_search.hpp"

namespace mm::services {

std::string NameOrder(store::Dialect dialect, std::string_view alias) {
  std::string col = std::string(alias) + ".nombre_normalizado";
  return dialect == store::Dialect::kPostgres ? col + " COLLATE \"C\"" : col;
}

std::string ProductMatches(store::Dialect dialect, std::string_view alias,
                           const std::vector<std::string>& tokens,
                           std::vector<store::Value>& params) {
  std::string own =
      ContainsAll(dialect, {"x.busqueda_normalizado", "x.id", "productos_fts"}, tokens, params);
  std::string aliased = ContainsAll(
      dialect, {"pa.alias_normalizado", "pa.id", "producto_aliases_fts"}, tokens, params);
  return std::string(alias) + ".id IN (SELECT x.id FROM productos x WHERE " + own +
         " UNION SELECT pa.producto_id FROM producto_aliases pa WHERE pa.activo = TRUE AND " +
         aliased + ")";
}

std::string ProductRelevanceOrder(store::Dialect dialect, std::string_view alias,
                                  std::string_view q, std::vector<store::Value>& params) {
  std::string a(alias);
  std::string normalized = core::NormalizeSearch(q);
  std::string exact = Param(params, normalized);
  std::string prefix = Param(params, LikePrefix(normalized));
  return "CASE WHEN " + a + ".codigo_barras = " + exact + " OR lower(" + a + ".sku) = " + exact +
         " THEN 0 WHEN " + a + ".nombre_normalizado LIKE " + prefix +
         " ESCAPE '\\' THEN 1 ELSE 2 END, " + NameOrder(dialect, alias) + ", " + a + ".id";
}

namespace product_store {

std::vector<ProductRow> List(store::Tx& tx, const ProductFilter& f, std::int64_t* total) {
  auto dialect = tx.dialect();
  std::vector<store::Value> params;
  std::vector<std::string> tokens;
  if (f.q) tokens = core::SearchTokens(*f.q);
  std::string where = "WHERE 1 = 1";
  if (f.activo) {
    // With a search, SQLite must drive from the matching ids (the FTS result) rather than walk
    // the (activo, nombre) index over every product: the unary + keeps that index out.
    bool drive_from_search = !tokens.empty() && dialect == store::Dialect::kSqlite;
    where += std::string(drive_from_search ? " AND +p.activo = " : " AND p.activo = ") +
             Param(params, *f.activo);
  }
  if (f.codigo_barras) where += " AND p.codigo_barras = " + Param(params, *f.codigo_barras);
  if (f.sku) where += " AND p.sku = " + Param(params, *f.sku);
  if (f.categoria_id) where += " AND p.categoria_id = " + Param(params, *f.categoria_id);
  if (f.proveedor_id) where += " AND p.proveedor_principal_id = " + Param(params, *f.proveedor_id);
  if (!tokens.empty()) where += " AND " + ProductMatches(dialect, "p", tokens, params);
  if (total) {
    *total = tx.Query("SELECT COUNT(*) FROM productos p " + where, params).front().Int(0);
  }
  std::string order;
  if (!f.sort.empty()) {
    for (const auto& term : f.sort) {
      if (term == "-actualizado_en") {
        order += "p.actualizado_en DESC, ";
      } else if (term == "precio_venta_centavos") {
        order += "p.precio_venta_centavos, ";
      } else {
        order += NameOrder(dialect, "p") + ", ";
      }
    }
    order += "p.id";
  } else if (!tokens.empty()) {
    order = ProductRelevanceOrder(dialect, "p", *f.q, params);
  } else {
    order = NameOrder(dialect, "p") + ", p.id";
  }
  std::string sql = std::string(kSelectFrom) + where + " ORDER BY " + order;
  sql += " LIMIT " + Param(params, static_cast<std::int64_t>(f.limit));
  sql += " OFFSET " + Param(params, static_cast<std::int64_t>(f.offset));
  std::vector<ProductRow> out;
  for (const auto& r : tx.Query(sql, params)) out.push_back(Map(r));
  return out;
}

}  // namespace product_store

}  // namespace mm::services
