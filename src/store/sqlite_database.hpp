// SQLite backend: one writer connection behind a FIFO gate, readers from a small pool (WAL).
#pragma once

#include <atomic>
#include <memory>
#include <vector>

#include "store/connection_pool.hpp"
#include "store/database.hpp"
#include "store/database_options.hpp"
#include "store/fifo_gate.hpp"
#include "store/sqlite_connection.hpp"

namespace mm::store {

class SqliteDatabase final : public Database {
 public:
  SqliteDatabase(std::string path, const DatabaseOptions& options);

  [[nodiscard]] Dialect dialect() const override { return Dialect::kSqlite; }
  [[nodiscard]] PoolStats Stats() const override;

 protected:
  void RunTransaction(bool write, const TxOptions& options,
                      const std::function<bool(Tx&)>& body) override;

 private:
  // Returns the transaction's OnCommit callbacks, for the caller to run once it has released
  // the connection (an empty list when it rolled back).
  std::vector<std::function<void()>> RunOn(SqliteConnection& conn, bool write,
                                           const TxOptions& options,
                                           const std::function<bool(Tx&)>& body);

  std::string path_;
  DatabaseOptions options_;
  std::unique_ptr<SqliteConnection> writer_;
  FifoGate writer_gate_;
  ConnectionPool<SqliteConnection> readers_;
  std::atomic<std::uint64_t> writer_timeouts_{0};
};

}  // namespace mm::store
