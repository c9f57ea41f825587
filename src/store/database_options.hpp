#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "store/database.hpp"

namespace mm::store {

struct DatabaseOptions {
  // "sqlite:<path>" or "postgresql://…" / "postgres://…" (libpq URI).
  std::string url = "sqlite:var/minimarket.db";
  int pool_size = 10;  // PostgreSQL connections per instance
  std::chrono::milliseconds acquire_timeout{2000};
  std::chrono::milliseconds statement_timeout{5000};
  // "transaction" when behind PgBouncer in transaction mode: unnamed statements only (decision 33).
  std::string pooler;
  int sqlite_readers = 4;
  std::string sqlite_synchronous = "FULL";  // FULL | NORMAL
  std::chrono::milliseconds connect_timeout{5000};
  // Called with the seconds each acquire waited (for the pool-wait histogram).
  std::function<void(double)> on_acquire_wait;
};

// Opens (and for SQLite creates) the database. Throws DbError kUnavailable when it cannot, or
// std::invalid_argument for a URL of an unknown scheme.
[[nodiscard]] std::unique_ptr<Database> OpenDatabase(const DatabaseOptions& options);

}  // namespace mm::store
