// Product lists and search (api.md §1.5, §6.1; domain.md §0 "Search", decision 26). `q` is
// normalized like the stored texts and split on spaces; a product matches when every token is a
// substring of its search text (nombre, marca, sku, codigo_barras) or of one of its active
// aliases. Without an explicit sort, matches come by relevance: exact codigo_barras or sku first,
// then names starting with the normalized q, then the rest by normalized name (byte order, so
// both databases agree).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "services/product_store.hpp"
#include "store/tx.hpp"
#include "store/value.hpp"

namespace mm::services {

struct ProductFilter {
  std::optional<std::string> q;  // raw text; normalized here
  std::optional<std::string> codigo_barras;
  std::optional<std::string> sku;
  std::optional<std::string> categoria_id;
  std::optional<std::string> proveedor_id;  // main supplier
  std::optional<bool> activo = true;
  // Terms of `sort`: nombre | -actualizado_en | precio_venta_centavos. Empty: relevance with q,
  // else nombre.
  std::vector<std::string> sort;
  int limit = 50;
  int offset = 0;
};

// A boolean SQL expression over the product aliased `alias` (e.g. "p"): its search text or one
// of its active aliases contains every token. For other lists that take the product search
// (GET /api/stock `q`). `tokens` are SearchTokens(q), non-empty. Appends to `params`.
[[nodiscard]] std::string ProductMatches(store::Dialect dialect, std::string_view alias,
                                         const std::vector<std::string>& tokens,
                                         std::vector<store::Value>& params);

// The ORDER BY terms (without "ORDER BY") of the relevance order for `q`, ending with the id.
[[nodiscard]] std::string ProductRelevanceOrder(store::Dialect dialect, std::string_view alias,
                                                std::string_view q,
                                                std::vector<store::Value>& params);

// "nombre_normalizado" ordered by bytes in both dialects (PostgreSQL COLLATE "C").
[[nodiscard]] std::string NameOrder(store::Dialect dialect, std::string_view alias);

// How a relevance search is executed (the answer is the same either way; tests compare them).
struct SearchPlan {
  // Above this many matches the page is read tier by tier in name order — exact codes, then the
  // name-prefix range of the (activo, nombre) index (stops after the page), then the other
  // matches sorted — instead of sorting every match.
  std::int64_t tiered_above = 300;
  // Read the rest (after the exact and prefix tiers) by walking the name index instead of sorting
  // its matches. Off by default: matches cluster in name order, so the walk can visit most of the
  // catalogue (measured: 0.5 s at 100k for a word that starts no name).
  bool walk_rest = false;
  // SQLite, active products, no other filter: count from the FTS index alone (minus inactive
  // products that match, plus products found only through an alias) instead of visiting rows.
  bool index_count = true;
};

namespace product_store {

// The page of products that match `f`, and the exact count in `total` when given.
std::vector<ProductRow> List(store::Tx& tx, const ProductFilter& f, std::int64_t* total,
                             const SearchPlan& plan = {});

}  // namespace product_store

}  // namespace mm::services
