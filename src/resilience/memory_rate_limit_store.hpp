// Sliding-window counters in process memory: the store of the embedded shape (one process), and
// every instance's local fallback when the shared store fails (api.md §4).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "resilience/rate_limit_store.hpp"

namespace mm::resilience {

class MemoryRateLimitStore final : public RateLimitStore {
 public:
  // Keys are spread over `shards` maps, each behind its own mutex, so hits on different keys
  // rarely contend.
  explicit MemoryRateLimitStore(std::size_t shards = 16);

  // Never throws RateLimitStoreUnavailable.
  RateVerdict Hit(const std::string& key, core::Timestamp now, const Quota& quota) override;

  // Keys currently held (stale ones included until their shard is swept).
  [[nodiscard]] std::size_t size() const;
  // Drops every key whose two windows have both ended by `now`; such a key counts as unseen,
  // so dropping it changes no verdict. Hit calls this on its shard every kSweepEvery hits.
  void Sweep(core::Timestamp now);

  static constexpr std::uint64_t kSweepEvery = 4096;

 private:
  struct Entry {
    WindowState state;
    std::int64_t window_s = 1;
  };
  struct Shard {
    mutable std::mutex mu;
    std::unordered_map<std::string, Entry> entries;  // guarded by mu
    std::uint64_t hits = 0;                          // guarded by mu
  };
  static void SweepLocked(Shard& shard, core::Timestamp now);

  std::unique_ptr<Shard[]> shards_;
  std::size_t shard_count_;
};

}  // namespace mm::resilience
