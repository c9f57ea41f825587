// A fresh database for one test: a file in a temporary directory (SQLite) or a new database on
// the harness's PostgreSQL server, dropped afterwards. Empty, or (`Migrated`) already holding
// every migration, copied from a template the process migrated once (PostgreSQL `CREATE
// DATABASE … TEMPLATE`, SQLite a file copy): migrating each test's database was most of a
// storage test's time.
#pragma once

#include <memory>
#include <string>

#include "store/database.hpp"
#include "store/database_options.hpp"
#include "support/test_env.hpp"

namespace mm::testing {

class TestDatabase {
 public:
  explicit TestDatabase(store::Dialect dialect);
  // A fresh database with the schema of every migration already applied.
  [[nodiscard]] static std::unique_ptr<TestDatabase> Migrated(store::Dialect dialect);
  ~TestDatabase();
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;

  [[nodiscard]] const std::string& url() const { return url_; }
  [[nodiscard]] store::Dialect dialect() const { return dialect_; }
  // Opens a Database over it (a new pool each call).
  [[nodiscard]] std::unique_ptr<store::Database> Open(store::DatabaseOptions options = {}) const;

 private:
  struct FromTemplate {};
  TestDatabase(store::Dialect dialect, FromTemplate);

  store::Dialect dialect_;
  std::string url_;
  std::string pg_name_;
  std::unique_ptr<TempDir> dir_;
};

// Runs one SQL statement on the harness's PostgreSQL maintenance database.
void PostgresAdmin(const std::string& sql);

}  // namespace mm::testing
