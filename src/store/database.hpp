// The storage interface every service uses: transactions over SQLite or PostgreSQL.
//
// Write transactions on SQLite run one at a time on the single writer connection, in FIFO order
// (decision 27); on PostgreSQL each takes a pooled connection (bounded, acquire timeout) and runs
// READ COMMITTED with explicit row locks. Deadlocks and serialization failures are retried here,
// with backoff, so they never reach a client; the function passed in must therefore be safe to
// run again (it only touches the database through the Tx and its own locals).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>

#include "core/result.hpp"
#include "store/dialect.hpp"
#include "store/tx.hpp"

namespace mm::store {

using SteadyTime = std::chrono::steady_clock::time_point;

struct TxOptions {
  // The request's deadline: waiting for a connection or a statement past it aborts with
  // DbError kDeadline, and the transaction rolls back.
  std::optional<SteadyTime> deadline;
  // Overrides database.statement_timeout_ms for this transaction (jobs set their own).
  std::optional<std::chrono::milliseconds> statement_timeout;
};

struct PoolStats {
  int max = 0;      // connections the pool may open (SQLite: readers + the writer)
  int in_use = 0;   // connections lent out right now
  int waiting = 0;  // callers waiting for a connection or for the writer
  std::uint64_t acquire_timeouts = 0;
};

class Database {
 public:
  virtual ~Database() = default;

  [[nodiscard]] virtual Dialect dialect() const = 0;
  [[nodiscard]] virtual PoolStats Stats() const = 0;

  // Runs `fn(Tx&)` in a read-only transaction (a consistent snapshot).
  template <typename F>
  auto Read(F&& fn, const TxOptions& options = {}) {
    return Run(false, std::forward<F>(fn), options);
  }
  // Runs `fn(Tx&)` in a write transaction. Commits when fn returns normally and, if it returns a
  // core::Result, only when that result holds a value; rolls back otherwise or on exception.
  template <typename F>
  auto Write(F&& fn, const TxOptions& options = {}) {
    return Run(true, std::forward<F>(fn), options);
  }

 protected:
  // Implementations run `body` inside a transaction: commit iff it returns true, then run the
  // Tx's OnCommit callbacks. Retries the whole body on kSerialization (bounded).
  virtual void RunTransaction(bool write, const TxOptions& options,
                              const std::function<bool(Tx&)>& body) = 0;

 private:
  template <typename T>
  static bool WantsCommit(const T& r) {
    if constexpr (requires { r.ok(); }) {
      return r.ok();
    } else {
      return true;
    }
  }

  template <typename F>
  auto Run(bool write, F&& fn, const TxOptions& options) {
    using R = std::invoke_result_t<F&, Tx&>;
    if constexpr (std::is_void_v<R>) {
      RunTransaction(write, options, [&](Tx& tx) {
        fn(tx);
        return true;
      });
    } else {
      std::optional<R> out;
      RunTransaction(write, options, [&](Tx& tx) {
        out.reset();
        out.emplace(fn(tx));
        return WantsCommit(*out);
      });
      return std::move(*out);
    }
  }
};

}  // namespace mm::store
