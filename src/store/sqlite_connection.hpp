// One SQLite connection with its prepared-statement cache. Not thread-safe: a connection is
// used by one thread at a time (the pool or the writer gate guarantees it).
#pragma once

#include <chrono>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "store/row.hpp"
#include "store/value.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace mm::store {

class SqliteConnection {
 public:
  // Opens `path` (creating it when `create`), with WAL, foreign keys and the given
  // synchronous mode; `read_only` connections set query_only.
  SqliteConnection(const std::string& path, bool read_only, const std::string& synchronous);
  ~SqliteConnection();
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;

  std::vector<Row> Query(std::string_view sql, std::span<const Value> params);
  std::int64_t Exec(std::string_view sql, std::span<const Value> params);
  void ExecScript(std::string_view sql);

  // Statements interrupt themselves (DbError kTimeout / kDeadline) past these instants.
  void SetLimits(std::optional<std::chrono::steady_clock::time_point> statement_until,
                 std::optional<std::chrono::steady_clock::time_point> deadline);

 private:
  sqlite3_stmt* Prepare(std::string_view sql);
  void Bind(sqlite3_stmt* stmt, std::span<const Value> params);
  [[noreturn]] void Fail(int rc, std::string_view what);
  static int Progress(void* self);

  sqlite3* db_ = nullptr;
  std::unordered_map<std::string, sqlite3_stmt*> cache_;
  std::optional<std::chrono::steady_clock::time_point> statement_until_;
  std::optional<std::chrono::steady_clock::time_point> deadline_;
  bool deadline_hit_ = false;
};

}  // namespace mm::store
