#include "store/migrator.hpp"

#include <algorithm>
#include <map>
#include <stdexcept>

#include "core/hash.hpp"

namespace mm::store {
namespace {

// Any constant works; it only has to be the same in every process of this product.
constexpr long long kMigrationLockKey = 0x4D4D'4D49'4752'4154LL;  // "MMMIGRAT"

constexpr std::string_view kCreateTable = R"sql(
CREATE TABLE IF NOT EXISTS schema_migrations (
  version INTEGER PRIMARY KEY,
  nombre TEXT NOT NULL,
  checksum TEXT NOT NULL,
  aplicada_en TEXT NOT NULL
))sql";

constexpr std::string_view kCreateTablePg = R"sql(
CREATE TABLE IF NOT EXISTS schema_migrations (
  version integer PRIMARY KEY,
  nombre text NOT NULL,
  checksum text NOT NULL,
  aplicada_en timestamptz NOT NULL
))sql";

constexpr std::string_view kSelectApplied =
    "SELECT version, checksum FROM schema_migrations ORDER BY version";
constexpr std::string_view kTableExistsSqlite =
    "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'";
constexpr std::string_view kTableExistsPg = "SELECT to_regclass('schema_migrations') IS NOT NULL";
constexpr std::string_view kInsert =
    "INSERT INTO schema_migrations (version, nombre, checksum, aplicada_en) VALUES ($1, $2, $3, "
    "$4)";

void LockAndEnsureTable(Tx& tx) {
  if (tx.dialect() == Dialect::kPostgres) {
    tx.Query("SELECT pg_advisory_xact_lock($1)", {static_cast<std::int64_t>(kMigrationLockKey)});
    tx.ExecScript(kCreateTablePg);
  } else {
    tx.ExecScript(kCreateTable);
  }
}

std::map<int, std::string> ReadApplied(Tx& tx) {
  std::map<int, std::string> applied;
  bool exists = false;
  if (tx.dialect() == Dialect::kPostgres) {
    exists = tx.QueryOne(kTableExistsPg)->Bool(0);
  } else {
    exists = tx.QueryOne(kTableExistsSqlite).has_value();
  }
  if (!exists) return applied;
  for (const auto& row : tx.Query(kSelectApplied)) {
    applied.emplace(static_cast<int>(row.Int(0)), row.Text(1));
  }
  return applied;
}

}  // namespace

Migrator::Migrator(Database& db, const core::Clock& clock)
    : Migrator(db, clock, EmbeddedMigrations(db.dialect())) {}

Migrator::Migrator(Database& db, const core::Clock& clock,
                   std::span<const EmbeddedMigration> migrations)
    : db_(db), clock_(clock), migrations_(migrations) {}

MigrationStatus Migrator::Status() {
  auto applied = db_.Read([](Tx& tx) { return ReadApplied(tx); });
  MigrationStatus status;
  for (const auto& [version, checksum] : applied) status.applied.push_back(version);
  for (const auto& m : migrations_) {
    auto it = applied.find(m.version);
    if (it == applied.end()) {
      status.pending.push_back(m.version);
    } else if (it->second != core::Sha256Hex(m.sql)) {
      status.errors.push_back("la migración " + std::to_string(m.version) + "_" +
                              std::string(m.name) +
                              " ya aplicada cambió (checksum distinto); no se puede continuar");
    }
  }
  for (const auto& [version, checksum] : applied) {
    bool known = std::any_of(migrations_.begin(), migrations_.end(),
                             [&](const auto& m) { return m.version == version; });
    if (!known) {
      status.errors.push_back("la base tiene la migración " + std::to_string(version) +
                              ", que este binario no conoce (¿versión más vieja?)");
    }
  }
  return status;
}

std::vector<int> Migrator::Apply() {
  MigrationStatus before = Status();
  if (!before.errors.empty()) throw std::runtime_error(before.errors.front());
  std::vector<int> done;
  TxOptions options;
  options.statement_timeout = std::chrono::minutes(10);
  for (const auto& m : migrations_) {
    bool applied_now = db_.Write(
        [&](Tx& tx) {
          LockAndEnsureTable(tx);
          auto applied = ReadApplied(tx);
          auto it = applied.find(m.version);
          if (it != applied.end()) {
            if (it->second != core::Sha256Hex(m.sql)) {
              throw std::runtime_error("la migración " + std::to_string(m.version) +
                                       " cambió mientras se aplicaba otra instancia");
            }
            return false;  // another process applied it first
          }
          tx.ExecScript(m.sql);
          tx.Exec(kInsert, {m.version, std::string(m.name), core::Sha256Hex(m.sql), clock_.Now()});
          return true;
        },
        options);
    if (applied_now) done.push_back(m.version);
  }
  return done;
}

}  // namespace mm::store
