#include "store/sqlite_database.hpp"

#include "store/db_error.hpp"

namespace mm::store {
namespace {

// How long a writer waits for its turn when the caller gave no deadline (CLI, jobs).
constexpr std::chrono::seconds kDefaultWriterWait{30};

class SqliteTx final : public Tx {
 public:
  SqliteTx(SqliteConnection& conn, bool writable) : conn_(conn), writable_(writable) {}
  [[nodiscard]] Dialect dialect() const override { return Dialect::kSqlite; }
  [[nodiscard]] bool writable() const override { return writable_; }
  using Tx::Exec;
  using Tx::Query;
  std::vector<Row> Query(std::string_view sql, std::span<const Value> params) override {
    return conn_.Query(sql, params);
  }
  std::int64_t Exec(std::string_view sql, std::span<const Value> params) override {
    return conn_.Exec(sql, params);
  }
  void ExecScript(std::string_view sql) override { conn_.ExecScript(sql); }

 private:
  SqliteConnection& conn_;
  bool writable_;
};

}  // namespace

SqliteDatabase::SqliteDatabase(std::string path, const DatabaseOptions& options)
    : path_(std::move(path)),
      options_(options),
      writer_(std::make_unique<SqliteConnection>(path_, false, options.sqlite_synchronous)),
      readers_(
          std::max(1, options.sqlite_readers), options.acquire_timeout,
          [this] {
            return std::make_unique<SqliteConnection>(path_, true, options_.sqlite_synchronous);
          },
          options.on_acquire_wait) {}

PoolStats SqliteDatabase::Stats() const {
  PoolStats s = readers_.Stats();
  s.max += 1;
  s.in_use += writer_gate_.busy() ? 1 : 0;
  s.waiting += writer_gate_.waiting();
  s.acquire_timeouts += writer_timeouts_.load();
  return s;
}

std::vector<std::function<void()>> SqliteDatabase::RunOn(SqliteConnection& conn, bool write,
                                                         const TxOptions& options,
                                                         const std::function<bool(Tx&)>& body) {
  auto now = std::chrono::steady_clock::now();
  conn.SetLimits(now + options.statement_timeout.value_or(options_.statement_timeout),
                 options.deadline);
  SqliteTx tx(conn, write);
  conn.ExecScript(write ? "BEGIN IMMEDIATE" : "BEGIN");
  bool commit = false;
  try {
    commit = body(tx);
  } catch (...) {
    conn.SetLimits(std::nullopt, std::nullopt);
    try {
      conn.ExecScript("ROLLBACK");
    } catch (...) {
    }
    throw;
  }
  conn.SetLimits(std::nullopt, std::nullopt);
  if (!commit) {
    conn.ExecScript("ROLLBACK");
    return {};
  }
  try {
    conn.ExecScript("COMMIT");
  } catch (...) {
    try {
      conn.ExecScript("ROLLBACK");
    } catch (...) {
    }
    throw;
  }
  return tx.TakeOnCommit();
}

void SqliteDatabase::RunTransaction(bool write, const TxOptions& options,
                                    const std::function<bool(Tx&)>& body) {
  if (options.deadline && std::chrono::steady_clock::now() >= *options.deadline) {
    throw DbError(DbError::Kind::kDeadline, "request deadline passed");
  }
  if (!write) {
    std::vector<std::function<void()>> after;
    {
      auto lease = readers_.Acquire(options.deadline);
      try {
        after = RunOn(*lease, false, options, body);
      } catch (const DbError& e) {
        if (e.kind() == DbError::Kind::kUnavailable) lease.MarkBroken();
        throw;
      }
    }
    for (auto& fn : after) fn();
    return;
  }
  auto start = std::chrono::steady_clock::now();
  auto until = options.deadline.value_or(start + kDefaultWriterWait);
  if (!writer_gate_.Enter(until)) {
    ++writer_timeouts_;
    throw DbError(options.deadline ? DbError::Kind::kDeadline : DbError::Kind::kPoolTimeout,
                  "the SQLite writer was not free in time");
  }
  if (options_.on_acquire_wait) {
    options_.on_acquire_wait(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  std::vector<std::function<void()>> after;
  {
    struct Leave {
      FifoGate& g;
      ~Leave() { g.Leave(); }
    } leave{writer_gate_};
    after = RunOn(*writer_, true, options, body);
  }
  for (auto& fn : after) fn();
}

}  // namespace mm::store
