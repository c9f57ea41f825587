#include "services/text_search.hpp"

namespace mm::services {
namespace {

std::string Escape(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 2);
  for (char c : s) {
    if (c == '%' || c == '_' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out;
}

// Code points, for the 3-character trigram threshold.
std::size_t Chars(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

// An FTS5 string literal: the token in double quotes, inner quotes doubled.
std::string FtsPhrase(std::string_view token) {
  std::string out = "\"";
  for (char c : token) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

}  // namespace

std::string LikeContains(std::string_view token) { return "%" + Escape(token) + "%"; }

std::string LikePrefix(std::string_view text) { return Escape(text) + "%"; }

std::int64_t FtsRowId(std::string_view uuid) {
  std::uint64_t h = 14695981039346656037ull;  // FNV-1a
  for (unsigned char c : uuid) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return static_cast<std::int64_t>(h & 0x7FFFFFFFFFFFFFFFull);
}

void WriteFtsRow(store::Tx& tx, std::string_view fts_table, const std::string& id,
                 const std::string& texto, bool is_new) {
  if (tx.dialect() != store::Dialect::kSqlite) return;
  std::int64_t rowid = FtsRowId(id);
  std::string table(fts_table);
  if (!is_new &&
      tx.Exec("UPDATE " + table + " SET texto = $2 WHERE rowid = $1", {rowid, texto}) > 0) {
    return;
  }
  tx.Exec("INSERT INTO " + table + " (rowid, id, texto) VALUES ($1, $2, $3)", {rowid, id, texto});
}

void DeleteFtsRow(store::Tx& tx, std::string_view fts_table, const std::string& id) {
  if (tx.dialect() != store::Dialect::kSqlite) return;
  tx.Exec("DELETE FROM " + std::string(fts_table) + " WHERE rowid = $1", {FtsRowId(id)});
}

std::string LikeAll(std::string_view column, const std::vector<std::string>& tokens,
                    std::vector<store::Value>& params) {
  std::string sql = "(";
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    if (i) sql += " AND ";
    sql += std::string(column) + " LIKE " + Param(params, LikeContains(tokens[i])) + " ESCAPE '\\'";
  }
  return sql + ")";
}

FtsQuery SplitForFts(const std::vector<std::string>& tokens) {
  FtsQuery out;
  for (const auto& t : tokens) {
    if (Chars(t) >= 3) {
      out.match += (out.match.empty() ? "" : " ") + FtsPhrase(t);
    } else {
      out.short_tokens.push_back(t);
    }
  }
  return out;
}

std::string ContainsAll(store::Dialect dialect, const TextColumn& where,
                        const std::vector<std::string>& tokens, std::vector<store::Value>& params) {
  auto fts = SplitForFts(tokens);
  if (dialect == store::Dialect::kSqlite && !fts.match.empty()) {
    std::string table(where.fts_table);
    std::string sql = std::string(where.id) + " IN (SELECT id FROM " + table + " WHERE " + table +
                      " MATCH " + Param(params, fts.match);
    for (const auto& t : fts.short_tokens) {
      sql += " AND texto LIKE " + Param(params, LikeContains(t)) + " ESCAPE '\\'";
    }
    return sql + ")";
  }
  return LikeAll(where.column, tokens, params);
}

}  // namespace mm::services
