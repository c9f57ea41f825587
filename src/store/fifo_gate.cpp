#include "store/fifo_gate.hpp"

#include <algorithm>

namespace mm::store {

bool FifoGate::Enter(std::chrono::steady_clock::time_point until) {
  std::unique_lock lock(mu_);
  std::uint64_t ticket = next_ticket_++;
  queue_.push_back(ticket);
  bool ok = cv_.wait_until(lock, until, [&] { return !held_ && queue_.front() == ticket; });
  if (!ok) {
    queue_.erase(std::find(queue_.begin(), queue_.end(), ticket));
    cv_.notify_all();  // the next in line may now be at the front
    return false;
  }
  queue_.pop_front();
  held_ = true;
  return true;
}

void FifoGate::Leave() {
  {
    std::lock_guard lock(mu_);
    held_ = false;
  }
  cv_.notify_all();
}

int FifoGate::waiting() const {
  std::lock_guard lock(mu_);
  return static_cast<int>(queue_.size());
}

bool FifoGate::busy() const {
  std::lock_guard lock(mu_);
  return held_;
}

}  // namespace mm::store
