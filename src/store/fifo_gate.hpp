// A mutex that admits waiters in arrival order, with a deadline per waiter. Guards SQLite's
// single writer connection (decision 27): writers queue here instead of meeting SQLITE_BUSY.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>

namespace mm::store {

class FifoGate {
 public:
  // Returns false if `until` passed before this caller's turn came.
  bool Enter(std::chrono::steady_clock::time_point until);
  void Leave();
  [[nodiscard]] int waiting() const;
  [[nodiscard]] bool busy() const;

 private:
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::uint64_t> queue_;
  std::uint64_t next_ticket_ = 0;
  bool held_ = false;
};

}  // namespace mm::store
