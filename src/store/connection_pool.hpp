// A bounded pool of connections with an acquire deadline (decision 35). Connections are opened
// lazily by the factory, outside the pool's lock; a connection returned as broken is dropped.
// Waiters are served in arrival order: a released connection goes to the oldest waiter, and a
// newcomer never takes one while others wait. Without that, under a sustained burst one unlucky
// request could keep losing the race for a connection until its acquire timeout (a 503) while
// the pool served hundreds of later ones.
#pragma once

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>

#include "store/database.hpp"
#include "store/db_error.hpp"

namespace mm::store {

template <typename Conn>
class ConnectionPool {
 public:
  using Factory = std::function<std::unique_ptr<Conn>()>;

  // RAII loan of one connection; returns it to the pool (or drops it when marked broken).
  class Lease {
   public:
    Lease(ConnectionPool* pool, std::unique_ptr<Conn> conn) : pool_(pool), conn_(std::move(conn)) {}
    Lease(Lease&& o) noexcept = default;
    Lease& operator=(Lease&&) = delete;
    ~Lease() {
      if (pool_ && conn_) pool_->Release(std::move(conn_), broken_);
    }
    Conn& operator*() { return *conn_; }
    Conn* operator->() { return conn_.get(); }
    void MarkBroken() { broken_ = true; }

   private:
    ConnectionPool* pool_;
    std::unique_ptr<Conn> conn_;
    bool broken_ = false;
  };

  ConnectionPool(int max_size, std::chrono::milliseconds acquire_timeout, Factory factory,
                 std::function<void(double)> on_wait = {})
      : max_(max_size),
        acquire_timeout_(acquire_timeout),
        factory_(std::move(factory)),
        on_wait_(std::move(on_wait)) {}

  // Waits up to the acquire timeout (or the deadline, if sooner). Throws DbError kPoolTimeout
  // (or kDeadline) when none frees up, kUnavailable when a new connection cannot be opened.
  Lease Acquire(const std::optional<SteadyTime>& deadline) {
    auto start = std::chrono::steady_clock::now();
    auto until = start + acquire_timeout_;
    bool deadline_first = deadline && *deadline < until;
    if (deadline_first) until = *deadline;
    std::unique_lock lock(mu_);
    Waiter me;
    queue_.push_back(&me);
    ++waiting_;
    bool ok = me.cv.wait_until(lock, until, [&] { return queue_.front() == &me && Available(); });
    --waiting_;
    queue_.erase(std::find(queue_.begin(), queue_.end(), &me));
    Report(start);
    if (!ok) {
      ++timeouts_;
      WakeFront();  // this waiter may have been at the front
      if (deadline_first) throw DbError(DbError::Kind::kDeadline, "request deadline passed");
      throw DbError(DbError::Kind::kPoolTimeout, "no database connection within the timeout");
    }
    ++in_use_;
    if (!idle_.empty()) {
      auto conn = std::move(idle_.back());
      idle_.pop_back();
      WakeFront();  // another connection may be free for the next in line
      return Lease(this, std::move(conn));
    }
    ++open_;
    WakeFront();
    lock.unlock();
    try {
      return Lease(this, factory_());
    } catch (...) {
      lock.lock();
      --open_;
      --in_use_;
      WakeFront();
      throw;
    }
  }

  PoolStats Stats() const {
    std::lock_guard lock(mu_);
    return PoolStats{max_, in_use_, waiting_, timeouts_};
  }

 private:
  void Release(std::unique_ptr<Conn> conn, bool broken) {
    std::lock_guard lock(mu_);
    --in_use_;
    if (broken) {
      --open_;
    } else {
      idle_.push_back(std::move(conn));
    }
    WakeFront();
  }

  struct Waiter {
    std::condition_variable cv;
  };

  bool Available() const { return !idle_.empty() || open_ < max_; }
  // Called with mu_ held: the oldest waiter re-checks its turn.
  void WakeFront() {
    if (!queue_.empty() && Available()) queue_.front()->cv.notify_one();
  }

  void Report(std::chrono::steady_clock::time_point start) {
    if (on_wait_) {
      on_wait_(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    }
  }

  const int max_;
  const std::chrono::milliseconds acquire_timeout_;
  Factory factory_;
  std::function<void(double)> on_wait_;

  mutable std::mutex mu_;
  std::deque<Waiter*> queue_;  // arrival order; each waiter sleeps on its own condition
  std::deque<std::unique_ptr<Conn>> idle_;
  int open_ = 0;
  int in_use_ = 0;
  int waiting_ = 0;
  std::uint64_t timeouts_ = 0;
};

}  // namespace mm::store
