#include "resilience/circuit_breaker.hpp"

#include <stdexcept>

#include "obs/log.hpp"

namespace mm::resilience {

CircuitBreaker::CircuitBreaker(std::string name, BreakerOptions options, const core::Clock& clock,
                               BreakerStateStore& store)
    : name_(std::move(name)), options_(options), clock_(clock), store_(store) {
  if (options_.failure_threshold < 1 || options_.open_interval.count() < 0) {
    throw std::invalid_argument("breaker options out of range");
  }
}

BreakerPermit CircuitBreaker::Acquire() {
  const core::Timestamp now = clock_.Now();
  BreakerPermit permit;
  bool probing = false;
  store_.Update(name_, [&](BreakerRecord& r) {
    permit = BreakerPermit{};
    probing = false;
    switch (r.state) {
      case BreakerState::kClosed:
        permit.allowed = true;
        return;
      case BreakerState::kOpen: {
        core::Timestamp retry = r.opened_at.value_or(now) + options_.open_interval;
        if (now < retry) {
          permit.retry_at = retry;
          return;
        }
        break;
      }
      case BreakerState::kHalfOpen:
        if (r.probe_started_at && now < *r.probe_started_at + options_.open_interval) {
          permit.retry_at = *r.probe_started_at + options_.open_interval;
          return;
        }
        break;  // the probe is presumed lost
    }
    r.state = BreakerState::kHalfOpen;
    r.probe_started_at = now;
    permit.allowed = true;
    permit.probe = true;
    permit.probe_started_at = now;
    probing = true;
  });
  if (probing) obs::Log(obs::Level::kInfo, "breaker_prueba").Str("breaker", name_);
  return permit;
}

void CircuitBreaker::OnSuccess(const BreakerPermit& permit) {
  if (!permit.allowed) return;
  bool closed = false;
  store_.Update(name_, [&](BreakerRecord& r) {
    closed = false;
    if (r.state == BreakerState::kClosed) {
      r.consecutive_failures = 0;
    } else if (r.state == BreakerState::kHalfOpen && permit.probe &&
               r.probe_started_at == permit.probe_started_at) {
      r = BreakerRecord{};
      closed = true;
    }
  });
  if (closed) obs::Log(obs::Level::kInfo, "breaker_cerrado").Str("breaker", name_);
}

void CircuitBreaker::OnFailure(const BreakerPermit& permit) {
  if (!permit.allowed) return;
  const core::Timestamp now = clock_.Now();
  bool opened = false;
  int failures = 0;
  store_.Update(name_, [&](BreakerRecord& r) {
    opened = false;
    bool current_probe = r.state == BreakerState::kHalfOpen && permit.probe &&
                         r.probe_started_at == permit.probe_started_at;
    if (r.state != BreakerState::kClosed && !current_probe) return;
    ++r.consecutive_failures;
    if (current_probe || r.consecutive_failures >= options_.failure_threshold) {
      r.state = BreakerState::kOpen;
      r.opened_at = now;
      r.probe_started_at.reset();
      opened = true;
    }
    failures = r.consecutive_failures;
  });
  if (opened) {
    obs::Log(obs::Level::kWarn, "breaker_abierto")
        .Str("breaker", name_)
        .Int("fallas_consecutivas", failures)
        .Int("abierto_s", options_.open_interval.count());
  }
}

void CircuitBreaker::Reset() {
  store_.Update(name_, [](BreakerRecord& r) { r = BreakerRecord{}; });
  obs::Log(obs::Level::kInfo, "breaker_reiniciado").Str("breaker", name_);
}

BreakerSnapshot CircuitBreaker::Snapshot() const {
  const core::Timestamp now = clock_.Now();
  BreakerRecord r = store_.Read(name_);
  BreakerSnapshot s;
  s.nombre = name_;
  s.estado = r.state;
  s.fallas_consecutivas = r.consecutive_failures;
  s.umbral_fallas = options_.failure_threshold;
  if (r.state == BreakerState::kClosed) return s;
  s.abierto_en = r.opened_at;
  if (r.state == BreakerState::kHalfOpen && r.probe_started_at) {
    s.reintento_en = *r.probe_started_at + options_.open_interval;
  } else if (r.opened_at) {
    s.reintento_en = *r.opened_at + options_.open_interval;
    if (now >= *s.reintento_en) s.estado = BreakerState::kHalfOpen;
  }
  return s;
}

BreakerRegistry::BreakerRegistry(const core::Clock& clock, BreakerStateStore* store,
                                 BreakerOptions defaults)
    : clock_(clock),
      owned_store_(store ? nullptr : std::make_unique<MemoryBreakerStateStore>()),
      store_(store ? *store : *owned_store_),
      defaults_(defaults) {}

CircuitBreaker& BreakerRegistry::Get(std::string_view name, std::optional<BreakerOptions> options) {
  std::lock_guard lock(mu_);
  auto it = breakers_.find(name);
  if (it != breakers_.end()) return *it->second;
  auto breaker = std::make_unique<CircuitBreaker>(std::string(name), options.value_or(defaults_),
                                                  clock_, store_);
  CircuitBreaker& ref = *breaker;
  breakers_.emplace(std::string(name), std::move(breaker));
  return ref;
}

std::vector<BreakerSnapshot> BreakerRegistry::Snapshots() const {
  std::vector<CircuitBreaker*> all;
  {
    std::lock_guard lock(mu_);
    for (const auto& [name, b] : breakers_) all.push_back(b.get());
  }
  std::vector<BreakerSnapshot> out;
  out.reserve(all.size());
  for (const CircuitBreaker* b : all) out.push_back(b->Snapshot());
  return out;
}

}  // namespace mm::resilience
