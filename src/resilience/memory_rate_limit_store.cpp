#include "resilience/memory_rate_limit_store.hpp"

#include <algorithm>
#include <functional>

namespace mm::resilience {

MemoryRateLimitStore::MemoryRateLimitStore(std::size_t shards)
    : shards_(std::make_unique<Shard[]>(std::max<std::size_t>(1, shards))),
      shard_count_(std::max<std::size_t>(1, shards)) {}

RateVerdict MemoryRateLimitStore::Hit(const std::string& key, core::Timestamp now,
                                      const Quota& quota) {
  Shard& shard = shards_[std::hash<std::string>{}(key) % shard_count_];
  std::lock_guard lock(shard.mu);
  if (++shard.hits % kSweepEvery == 0) SweepLocked(shard, now);
  Entry& entry = shard.entries[key];
  entry.window_s = quota.window_s;
  return resilience::Hit(entry.state, now, quota);
}

std::size_t MemoryRateLimitStore::size() const {
  std::size_t n = 0;
  for (std::size_t i = 0; i < shard_count_; ++i) {
    std::lock_guard lock(shards_[i].mu);
    n += shards_[i].entries.size();
  }
  return n;
}

void MemoryRateLimitStore::Sweep(core::Timestamp now) {
  for (std::size_t i = 0; i < shard_count_; ++i) {
    std::lock_guard lock(shards_[i].mu);
    SweepLocked(shards_[i], now);
  }
}

void MemoryRateLimitStore::SweepLocked(Shard& shard, core::Timestamp now) {
  std::erase_if(shard.entries, [&](const auto& kv) {
    const Entry& e = kv.second;
    return e.state.window_start + 2 * std::chrono::seconds(e.window_s) <= now;
  });
}

}  // namespace mm::resilience
