// Substring search over `*_normalizado` columns (decision 26, domain.md §0 "Search"): a row
// matches when every query token is a substring of its normalized text. PostgreSQL answers with
// `LIKE '%tok%'` on the column, which its pg_trgm GIN index serves; SQLite keeps a side FTS5 table
// `<tabla>_fts(id UNINDEXED, texto)` with the trigram tokenizer, written here in the same
// transaction as the row, and narrows with MATCH on the tokens of 3+ characters. Tokens under
// 3 characters still filter, with LIKE, only without the index.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "services/catalog_common.hpp"
#include "store/tx.hpp"
#include "store/value.hpp"

namespace mm::services {

// `%tok%` with LIKE's wildcards escaped (use with ESCAPE '\').
[[nodiscard]] std::string LikeContains(std::string_view token);
// `text%`, escaped likewise.
[[nodiscard]] std::string LikePrefix(std::string_view text);

// The FTS5 rowid of a row: a 63-bit hash of its UUID, so that the side table is updated and
// deleted by rowid (the `id` column is UNINDEXED) and survives VACUUM. Two UUIDs of one table
// colliding is ~n²/2⁶⁴ (10⁻⁹ at 100k rows); the insert would then fail and roll back.
[[nodiscard]] std::int64_t FtsRowId(std::string_view uuid);

// SQLite: (re)writes the row's FTS entry; PostgreSQL: nothing (its index follows the column).
void WriteFtsRow(store::Tx& tx, std::string_view fts_table, const std::string& id,
                 const std::string& texto, bool is_new);
void DeleteFtsRow(store::Tx& tx, std::string_view fts_table, const std::string& id);

// Where a normalized text lives and how it is indexed.
struct TextColumn {
  std::string_view column;     // qualified, e.g. "p.busqueda_normalizado"
  std::string_view id;         // the row's id, qualified, e.g. "p.id"
  std::string_view fts_table;  // e.g. "productos_fts"
};

// `(col LIKE '%t1%' ESCAPE '\' AND …)`: every token a substring, tested on the row itself (no
// index; for rows another condition already narrowed or walks in order).
[[nodiscard]] std::string LikeAll(std::string_view column, const std::vector<std::string>& tokens,
                                  std::vector<store::Value>& params);

// The tokens the trigram index can serve (3+ characters) as an FTS5 query ("t1" "t2"), and the
// shorter ones that only LIKE can filter. `match` is empty when no token is long enough.
struct FtsQuery {
  std::string match;
  std::vector<std::string> short_tokens;
};
[[nodiscard]] FtsQuery SplitForFts(const std::vector<std::string>& tokens);

// A boolean SQL expression: every token is a substring of the column. Appends its parameters to
// `params` and numbers them from there. `tokens` must already be normalized (SearchTokens) and
// non-empty.
[[nodiscard]] std::string ContainsAll(store::Dialect dialect, const TextColumn& where,
                                      const std::vector<std::string>& tokens,
                                      std::vector<store::Value>& params);

}  // namespace mm::services
