#include "store/postgres_database.hpp"

#include <random>
#include <thread>

#include "store/db_error.hpp"

namespace mm::store {
namespace {

// Deadlocks and serialization failures are retried this many times before they surface (503).
constexpr int kMaxAttempts = 6;

class PgTx final : public Tx {
 public:
  PgTx(PgConnection& conn, bool writable, std::optional<SteadyTime> deadline)
      : conn_(conn), writable_(writable), deadline_(deadline) {}
  [[nodiscard]] Dialect dialect() const override { return Dialect::kPostgres; }
  [[nodiscard]] bool writable() const override { return writable_; }
  using Tx::Exec;
  using Tx::Query;
  std::vector<Row> Query(std::string_view sql, std::span<const Value> params) override {
    CheckDeadline();
    return conn_.Query(sql, params);
  }
  std::int64_t Exec(std::string_view sql, std::span<const Value> params) override {
    CheckDeadline();
    return conn_.Exec(sql, params);
  }
  void ExecScript(std::string_view sql) override {
    CheckDeadline();
    conn_.ExecScript(sql);
  }

 private:
  void CheckDeadline() const {
    if (deadline_ && std::chrono::steady_clock::now() >= *deadline_) {
      throw DbError(DbError::Kind::kDeadline, "request deadline passed");
    }
  }
  PgConnection& conn_;
  bool writable_;
  std::optional<SteadyTime> deadline_;
};

void Backoff(int attempt) {
  thread_local std::minstd_rand rng{std::random_device{}()};
  int base_ms = 2 << std::min(attempt, 5);
  std::uniform_int_distribution<int> jitter(base_ms / 2, base_ms * 2);
  std::this_thread::sleep_for(std::chrono::milliseconds(jitter(rng)));
}

}  // namespace

PostgresDatabase::PostgresDatabase(const DatabaseOptions& options)
    : options_(options),
      pool_(
          options.pool_size, options.acquire_timeout,
          [this] {
            return std::make_unique<PgConnection>(options_.url, options_.connect_timeout,
                                                  options_.pooler != "transaction");
          },
          options.on_acquire_wait) {}

void PostgresDatabase::RunTransaction(bool write, const TxOptions& options,
                                      const std::function<bool(Tx&)>& body) {
  for (int attempt = 1;; ++attempt) {
    std::vector<std::function<void()>> after;
    bool done = false;
    {
      auto lease = pool_.Acquire(options.deadline);
      auto rollback = [&] {
        if (!lease->healthy()) {
          lease.MarkBroken();
          return;
        }
        try {
          lease->ExecScript("ROLLBACK");
        } catch (...) {
          lease.MarkBroken();
        }
      };
      auto timeout = options.statement_timeout.value_or(options_.statement_timeout);
      if (options.deadline) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            *options.deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) throw DbError(DbError::Kind::kDeadline, "request deadline passed");
        timeout = std::min(timeout, left);
      }
      try {
        lease->ExecScript(std::string(write ? "BEGIN" : "BEGIN READ ONLY") +
                          "; SET LOCAL statement_timeout = " + std::to_string(timeout.count()));
        PgTx tx(*lease, write, options.deadline);
        bool commit = body(tx);
        lease->ExecScript(commit ? "COMMIT" : "ROLLBACK");
        if (commit) after = tx.TakeOnCommit();
        done = true;
      } catch (const DbError& e) {
        rollback();
        bool retry = e.kind() == DbError::Kind::kSerialization && attempt < kMaxAttempts &&
                     (!options.deadline || std::chrono::steady_clock::now() < *options.deadline);
        if (!retry) throw;
      } catch (...) {
        rollback();
        throw;
      }
    }
    if (done) {
      for (auto& fn : after) fn();
      return;
    }
    Backoff(attempt);
  }
}

}  // namespace mm::store
