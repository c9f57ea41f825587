// Applies the embedded migrations, each in its own transaction, recording them with their
// SHA-256 in schema_migrations (decision 30). Safe when several processes start at once:
// PostgreSQL serialises them with a transaction-level advisory lock, SQLite with BEGIN IMMEDIATE.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "store/database.hpp"
#include "store/embedded_migrations.hpp"

namespace mm::store {

struct MigrationStatus {
  std::vector<int> applied;         // versions recorded in the database
  std::vector<int> pending;         // embedded versions not yet applied
  std::vector<std::string> errors;  // changed checksums, versions unknown to this binary
  [[nodiscard]] bool current() const { return pending.empty() && errors.empty(); }
};

class Migrator {
 public:
  Migrator(Database& db, const core::Clock& clock);
  // For tests: use these migrations instead of the embedded ones.
  Migrator(Database& db, const core::Clock& clock, std::span<const EmbeddedMigration> migrations);

  [[nodiscard]] MigrationStatus Status();
  // Applies every pending migration. Returns the versions this call applied. Throws
  // std::runtime_error (Spanish message) when Status() reports errors: start-up must stop.
  std::vector<int> Apply();

 private:
  Database& db_;
  const core::Clock& clock_;
  std::span<const EmbeddedMigration> migrations_;
};

}  // namespace mm::store
