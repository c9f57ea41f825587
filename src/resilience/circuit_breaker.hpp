// Circuit breakers for outbound dependencies (architecture.md §5, hardening.md WS3, jobs.md
// §4.4): closed → open after `failure_threshold` consecutive failures → after `open_interval`,
// half-open with exactly one probe call → the probe's success closes it, its failure reopens it
// for another interval. While open, callers are refused at once, without touching the
// dependency.
//
// The breaker holds no state of its own: every decision is one atomic read-modify-write of a
// BreakerRecord in a BreakerStateStore. Today that store is in process memory
// (MemoryBreakerStateStore); clustered mode replaces it with a PostgreSQL-backed store so every
// instance consults and moves the same record (a later workstream), without changing this class
// or its callers.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "resilience/breaker_state_store.hpp"

namespace mm::resilience {

struct BreakerOptions {
  int failure_threshold = 5;               // consecutive failures that open the breaker
  std::chrono::seconds open_interval{60};  // open time before one probe may go out
};

// What admin routes and `breaker list` show (jobs.md §5.6); field names are the API's.
struct BreakerSnapshot {
  std::string nombre;
  // The state the next call meets: an open breaker whose interval has passed shows half_open.
  BreakerState estado = BreakerState::kClosed;
  int fallas_consecutivas = 0;
  int umbral_fallas = 0;
  std::optional<core::Timestamp> abierto_en;    // when it last opened; null while closed
  std::optional<core::Timestamp> reintento_en;  // when a probe may go out; null while closed
};

// The answer to "may I call now?". Hand it back to OnSuccess/OnFailure after the call.
struct BreakerPermit {
  bool allowed = false;
  bool probe = false;  // the half-open probe: its outcome closes or reopens the breaker
  std::optional<core::Timestamp> probe_started_at;  // identifies the probe (when `probe`)
  std::optional<core::Timestamp> retry_at;          // refused: when a probe may go out
};

// Thread-safe. Failures are what the caller says they are (for the HTTP client: connection
// errors, timeouts, 5xx and 429; never 4xx).
class CircuitBreaker final {
 public:
  CircuitBreaker(std::string name, BreakerOptions options, const core::Clock& clock,
                 BreakerStateStore& store);

  // Closed: allowed. Open within its interval: refused. Open past it (or half-open with its probe
  // presumed lost): allowed as the probe, and the breaker is half-open. Half-open with a probe out:
  // refused.
  [[nodiscard]] BreakerPermit Acquire();
  // Closed: resets the failure count. Half-open and this is the current probe: closes. Otherwise
  // (a call admitted before the breaker opened) ignored.
  void OnSuccess(const BreakerPermit& permit);
  // Closed: counts; the threshold opens. Half-open and this is the current probe: reopens.
  // Otherwise ignored.
  void OnFailure(const BreakerPermit& permit);
  // Closes the breaker and clears its count (`breaker reset`, an audited admin action).
  void Reset();

  [[nodiscard]] BreakerSnapshot Snapshot() const;
  [[nodiscard]] const std::string& name() const { return name_; }
  [[nodiscard]] const BreakerOptions& options() const { return options_; }

 private:
  const std::string name_;
  const BreakerOptions options_;
  const core::Clock& clock_;
  BreakerStateStore& store_;
};

// Every breaker of the process by name (`jwks-externo`, `supplier:<site>`, `notify:<channel>`),
// created on first use. References stay valid for the registry's lifetime. Thread-safe.
class BreakerRegistry final {
 public:
  // `store` null: the registry owns an in-memory store.
  explicit BreakerRegistry(const core::Clock& clock, BreakerStateStore* store = nullptr,
                           BreakerOptions defaults = {});

  // The breaker `name`; `options` apply only when this call creates it.
  CircuitBreaker& Get(std::string_view name, std::optional<BreakerOptions> options = {});
  // Every breaker created so far, sorted by name.
  [[nodiscard]] std::vector<BreakerSnapshot> Snapshots() const;

 private:
  const core::Clock& clock_;
  std::unique_ptr<BreakerStateStore> owned_store_;
  BreakerStateStore& store_;
  const BreakerOptions defaults_;
  mutable std::mutex mu_;
  std::map<std::string, std::unique_ptr<CircuitBreaker>, std::less<>> breakers_;  // guarded by mu_
};

}  // namespace mm::resilience
