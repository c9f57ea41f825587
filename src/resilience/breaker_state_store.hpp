// Where circuit breakers keep their state (hardening.md WS3). The in-process store serves one
// instance; clustered mode will put the same records in PostgreSQL (`circuit_breaker_state`,
// jobs.md §5.6) behind this interface, so N instances share one breaker per dependency.
#pragma once

#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/clock.hpp"

namespace mm::resilience {

enum class BreakerState { kClosed, kOpen, kHalfOpen };

// "closed" | "open" | "half_open", the values admin routes and `breaker list` show.
[[nodiscard]] std::string_view BreakerStateName(BreakerState state);

// One breaker's persisted state. Instants come from the caller's clock (decision 28).
struct BreakerRecord {
  BreakerState state = BreakerState::kClosed;
  int consecutive_failures = 0;
  std::optional<core::Timestamp> opened_at;  // set while open or half-open
  // Half-open: when the single probe went out. A probe that never reports back (its caller died)
  // is presumed lost after the open interval, and another probe may go.
  std::optional<core::Timestamp> probe_started_at;
};

class BreakerStateStore {
 public:
  virtual ~BreakerStateStore() = default;

  // Reads the record of `name` (a closed one with no failures when never seen), lets `change`
  // modify it, stores the result and returns it, as one atomic step with respect to every other
  // caller of the store (threads here; instances for a shared backend, e.g. one transaction with
  // SELECT … FOR UPDATE). `change` must be quick and must not call the store. Thread-safe.
  virtual BreakerRecord Update(std::string_view name,
                               const std::function<void(BreakerRecord&)>& change) = 0;
  // The current record of `name` (a closed one when never seen). Thread-safe.
  [[nodiscard]] virtual BreakerRecord Read(std::string_view name) = 0;
};

// Records in process memory, one mutex for all: breakers are few and their updates tiny.
class MemoryBreakerStateStore final : public BreakerStateStore {
 public:
  BreakerRecord Update(std::string_view name,
                       const std::function<void(BreakerRecord&)>& change) override;
  [[nodiscard]] BreakerRecord Read(std::string_view name) override;

 private:
  std::mutex mu_;
  std::unordered_map<std::string, BreakerRecord> records_;  // guarded by mu_
};

}  // namespace mm::resilience
