// PostgreSQL backend: a bounded pool of libpq connections; READ COMMITTED transactions with a
// per-transaction statement timeout (SET LOCAL, so nothing survives into the session).
#pragma once

#include "store/connection_pool.hpp"
#include "store/database.hpp"
#include "store/database_options.hpp"
#include "store/pg_connection.hpp"

namespace mm::store {

class PostgresDatabase final : public Database {
 public:
  explicit PostgresDatabase(const DatabaseOptions& options);

  [[nodiscard]] Dialect dialect() const override { return Dialect::kPostgres; }
  [[nodiscard]] PoolStats Stats() const override { return pool_.Stats(); }

 protected:
  void RunTransaction(bool write, const TxOptions& options,
                      const std::function<bool(Tx&)>& body) override;

 private:
  DatabaseOptions options_;
  ConnectionPool<PgConnection> pool_;
};

}  // namespace mm::store
