#include "resilience/breaker_state_store.hpp"

namespace mm::resilience {

std::string_view BreakerStateName(BreakerState state) {
  switch (state) {
    case BreakerState::kClosed:
      return "closed";
    case BreakerState::kOpen:
      return "open";
    case BreakerState::kHalfOpen:
      return "half_open";
  }
  return "closed";
}

BreakerRecord MemoryBreakerStateStore::Update(std::string_view name,
                                              const std::function<void(BreakerRecord&)>& change) {
  std::lock_guard lock(mu_);
  BreakerRecord& record = records_[std::string(name)];
  change(record);
  return record;
}

BreakerRecord MemoryBreakerStateStore::Read(std::string_view name) {
  std::lock_guard lock(mu_);
  auto it = records_.find(std::string(name));
  return it == records_.end() ? BreakerRecord{} : it->second;
}

}  // namespace mm::resilience
