#include "services/product_search.hpp"

#include <algorithm>

#include "core/normalize.hpp"
#include "core/validation.hpp"
#include "services/catalog_common.hpp"
#include "services/text_search.hpp"

namespace mm::services {
namespace {

// U+10FFFF in UTF-8: every text that starts with q sorts (bytewise) below q + this.
constexpr std::string_view kPrefixEnd = "\xF4\x8F\xBF\xBF";

std::string Upper(std::string s) {
  for (char& c : s) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return s;
}

std::string NameCol(store::Dialect dialect, std::string_view alias) {
  return NameOrder(dialect, alias);
}

// An exact code match: the barcode equals the normalized q, or the SKU equals q as typed, its
// normalized or its upper-case form (indexable, unlike lower(sku)).
std::string ExactCode(std::string_view a, std::string_view q, std::vector<store::Value>& params,
                      bool negatable = true) {
  std::string raw(core::Trim(q));
  std::string normalized = core::NormalizeSearch(q);
  std::string n = Param(params, normalized);
  std::string alias(a);
  // codigo_barras may be null: under NOT, COALESCE keeps the expression two-valued; a positive
  // test leaves the column bare so that its unique index serves it.
  std::string code = alias + ".codigo_barras = " + n;
  if (negatable) code = "COALESCE(" + code + ", FALSE)";
  return "(" + code + " OR " + alias + ".sku = " + Param(params, raw) + " OR " + alias +
         ".sku = " + n + " OR " + alias + ".sku = " + Param(params, Upper(normalized)) + ")";
}

// The normalized name starts with the normalized q: a byte range (the (activo, nombre) index
// serves it; PostgreSQL compares in COLLATE "C").
std::string NamePrefix(store::Dialect dialect, std::string_view a, std::string_view q,
                       std::vector<store::Value>& params) {
  std::string normalized = core::NormalizeSearch(q);
  std::string col = NameCol(dialect, a);
  return "(" + col + " >= " + Param(params, normalized) + " AND " + col + " < " +
         Param(params, normalized + std::string(kPrefixEnd)) + ")";
}

// The search tested on the product row in hand (no subquery over the match set), for walks.
std::string RowMatches(const std::vector<std::string>& tokens, std::vector<store::Value>& params) {
  std::string own = LikeAll("p.busqueda_normalizado", tokens, params);
  std::string aliased = LikeAll("pa.alias_normalizado", tokens, params);
  return "(" + own +
         " OR EXISTS (SELECT 1 FROM producto_aliases pa WHERE pa.producto_id = p.id AND "
         "pa.activo = TRUE AND " +
         aliased + "))";
}

struct Where {
  std::string sql;
  std::vector<store::Value> params;
};

// The filters other than q. `plus_activo`: SQLite drives from the FTS ids rather than the
// (activo, nombre) index (the unary + keeps that index out).
Where Filters(const ProductFilter& f, bool plus_activo) {
  Where w{"WHERE 1 = 1", {}};
  if (f.activo) {
    w.sql += std::string(plus_activo ? " AND +p.activo = " : " AND p.activo = ") +
             Param(w.params, *f.activo);
  }
  if (f.codigo_barras) w.sql += " AND p.codigo_barras = " + Param(w.params, *f.codigo_barras);
  if (f.sku) w.sql += " AND p.sku = " + Param(w.params, *f.sku);
  if (f.categoria_id) w.sql += " AND p.categoria_id = " + Param(w.params, *f.categoria_id);
  if (f.proveedor_id) {
    w.sql += " AND p.proveedor_principal_id = " + Param(w.params, *f.proveedor_id);
  }
  return w;
}

std::int64_t Count(store::Tx& tx, const std::string& where, const std::vector<store::Value>& p) {
  return tx.Query("SELECT COUNT(*) FROM productos p " + where, p).front().Int(0);
}

std::vector<ProductRow> Rows(store::Tx& tx, const std::string& sql,
                             const std::vector<store::Value>& params) {
  std::vector<ProductRow> out;
  for (const auto& r : tx.Query(sql, params)) out.push_back(product_store::Map(r));
  return out;
}

std::string LimitOffset(std::vector<store::Value>& params, std::int64_t limit,
                        std::int64_t offset) {
  std::string sql = " LIMIT " + Param(params, limit);
  return sql + " OFFSET " + Param(params, offset);
}

// SQLite, active products and no other filter: |own matches| − |inactive own matches| +
// |active products found only through an alias|, without visiting the matched rows. nullopt when
// it does not apply (no token long enough for the index).
std::optional<std::int64_t> IndexCount(store::Tx& tx, const std::vector<std::string>& tokens) {
  auto fts = SplitForFts(tokens);
  if (fts.match.empty()) return std::nullopt;
  std::vector<store::Value> p1;
  std::string own =
      "SELECT COUNT(*) FROM productos_fts WHERE productos_fts MATCH " + Param(p1, fts.match);
  for (const auto& t : fts.short_tokens) {
    own += " AND texto LIKE " + Param(p1, LikeContains(t)) + " ESCAPE '\\'";
  }
  std::int64_t n = tx.Query(own, p1).front().Int(0);
  std::vector<store::Value> p2;
  std::string inactive = "SELECT COUNT(*) FROM productos p WHERE p.activo = " + Param(p2, false) +
                         " AND " + LikeAll("p.busqueda_normalizado", tokens, p2);
  n -= tx.Query(inactive, p2).front().Int(0);
  std::vector<store::Value> p3;
  std::string alias_match =
      ContainsAll(store::Dialect::kSqlite,
                  {"pa.alias_normalizado", "pa.id", "producto_aliases_fts"}, tokens, p3);
  // CROSS JOIN and +p.activo: start from the (few) matching aliases, never walk the products.
  std::string alias_only =
      "SELECT COUNT(DISTINCT pa.producto_id) FROM producto_aliases pa CROSS JOIN productos p ON "
      "p.id = pa.producto_id WHERE pa.activo = TRUE AND " +
      alias_match + " AND +p.activo = " + Param(p3, true) + " AND NOT " +
      LikeAll("p.busqueda_normalizado", tokens, p3);
  n += tx.Query(alias_only, p3).front().Int(0);
  return n;
}

// The relevance page read tier by tier, each in name order with its own limit: exact codes, then
// names starting with q (a range of the name index; such a name contains every token), then the
// rest — walked in name order testing each row when they are many, sorted when they are few.
// `total` is the number of matches.
std::vector<ProductRow> TieredPage(store::Tx& tx, const ProductFilter& f,
                                   const std::vector<std::string>& tokens, std::int64_t total,
                                   const SearchPlan& plan) {
  auto dialect = tx.dialect();
  std::string order = " ORDER BY " + NameCol(dialect, "p") + ", p.id";
  std::string normalized = core::NormalizeSearch(*f.q);
  std::int64_t skip = f.offset;
  std::int64_t need = f.limit;
  std::vector<ProductRow> out;
  auto take = [&](std::vector<ProductRow> rows) {
    for (auto& r : rows) out.push_back(std::move(r));
    need = f.limit - static_cast<std::int64_t>(out.size());
  };

  // Tier 0: exact barcode or SKU (a handful at most; the codes are unique).
  Where w0 = Filters(f, dialect == store::Dialect::kSqlite);  // the code indexes, not (activo, …)
  std::string exact0 = ExactCode("p", *f.q, w0.params, false);
  auto exact = Rows(tx, std::string(product_store::kSelectFrom) + w0.sql + " AND " + exact0 + order,
                    w0.params);
  std::int64_t n0 = static_cast<std::int64_t>(exact.size());
  std::int64_t exact_prefixed = 0;
  for (const auto& r : exact)
    exact_prefixed += core::NormalizeSearch(r.nombre).starts_with(normalized);
  if (skip < n0) {
    std::vector<ProductRow> page(exact.begin() + skip, exact.end());
    if (static_cast<std::int64_t>(page.size()) > need) page.resize(static_cast<std::size_t>(need));
    take(std::move(page));
  }
  skip = std::max<std::int64_t>(0, skip - n0);

  // Tier 1: the name starts with q. Counted on the index alone (the exact rows already seen are
  // taken out by hand), read with its own limit.
  Where c1 = Filters(f, false);
  std::int64_t n1 =
      Count(tx, c1.sql + " AND " + NamePrefix(dialect, "p", *f.q, c1.params), c1.params) -
      exact_prefixed;
  if (need > 0 && skip < n1) {
    Where w1 = Filters(f, false);
    std::string cond = " AND " + NamePrefix(dialect, "p", *f.q, w1.params) + " AND NOT " +
                       ExactCode("p", *f.q, w1.params);
    take(Rows(tx,
              std::string(product_store::kSelectFrom) + w1.sql + cond + order +
                  LimitOffset(w1.params, need, skip),
              w1.params));
  }
  skip = std::max<std::int64_t>(0, skip - n1);

  // Tier 2: the rest.
  std::int64_t n2 = total - n0 - n1;
  if (need <= 0 || n2 <= 0 || skip >= n2) return out;
  // Walking the name index and testing each row stops early only when matches are spread over
  // the alphabet; they cluster (a word that names a kind of product sits in one stretch of
  // names), so the walk is only for plans that ask for it.
  bool walk = plan.walk_rest && n2 > plan.tiered_above;
  Where w2 = Filters(f, !walk && dialect == store::Dialect::kSqlite);
  std::string cond =
      " AND NOT " + NamePrefix(dialect, "p", *f.q, w2.params) + " AND NOT " +
      ExactCode("p", *f.q, w2.params) + " AND " +
      (walk ? RowMatches(tokens, w2.params) : ProductMatches(dialect, "p", tokens, w2.params));
  take(Rows(tx,
            std::string(product_store::kSelectFrom) + w2.sql + cond + order +
                LimitOffset(w2.params, need, skip),
            w2.params));
  return out;
}

}  // namespace

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
  std::string exact = ExactCode(alias, q, params);
  std::string prefix = NamePrefix(dialect, alias, q, params);
  return "CASE WHEN " + exact + " THEN 0 WHEN " + prefix + " THEN 1 ELSE 2 END, " +
         NameOrder(dialect, alias) + ", " + std::string(alias) + ".id";
}

namespace product_store {

std::vector<ProductRow> List(store::Tx& tx, const ProductFilter& f, std::int64_t* total,
                             const SearchPlan& plan) {
  auto dialect = tx.dialect();
  std::vector<std::string> tokens;
  if (f.q) tokens = core::SearchTokens(*f.q);
  bool search = !tokens.empty();
  Where w = Filters(f, search && dialect == store::Dialect::kSqlite);
  if (search) w.sql += " AND " + ProductMatches(dialect, "p", tokens, w.params);
  bool relevance = search && f.sort.empty();

  std::optional<std::int64_t> count;
  bool only_active =
      f.activo == true && !f.codigo_barras && !f.sku && !f.categoria_id && !f.proveedor_id;
  if (search && plan.index_count && only_active && dialect == store::Dialect::kSqlite) {
    count = IndexCount(tx, tokens);
  }
  if (!count && (total || relevance)) count = Count(tx, w.sql, w.params);
  if (total) *total = *count;
  if (relevance && *count > plan.tiered_above) return TieredPage(tx, f, tokens, *count, plan);

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
  } else if (relevance) {
    order = ProductRelevanceOrder(dialect, "p", *f.q, w.params);
  } else {
    order = NameOrder(dialect, "p") + ", p.id";
  }
  std::string sql = std::string(kSelectFrom) + w.sql + " ORDER BY " + order;
  sql += LimitOffset(w.params, f.limit, f.offset);
  return Rows(tx, sql, w.params);
}

}  // namespace product_store

}  // namespace mm::services
