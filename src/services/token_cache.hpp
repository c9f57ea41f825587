// A bounded, thread-safe LRU map from a SHA-256 digest to a value, split into shards so that
// concurrent lookups rarely wait on the same mutex. Used by AccessTokens to make a repeated
// verification of the same token a hash plus a lookup.
#pragma once

#include "core/hash.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <list>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <utility>
#include <vector>

namespace mm::services {

using Sha256Digest = core::Sha256Digest;

template <typename Value>
class TokenCache final {
 public:
  // Holds at most `capacity` entries in total, in up to 16 shards of capacity/shards each (LRU
  // order is kept per shard). 0 disables the cache: Get always misses, Put does nothing.
  explicit TokenCache(std::size_t capacity)
      : shards_(std::min(capacity, kMaxShards)),
        per_shard_(shards_.empty() ? 0 : capacity / shards_.size()) {}

  [[nodiscard]] bool enabled() const { return per_shard_ > 0; }

  // A copy of the value and marks the entry most recently used.
  std::optional<Value> Get(const Sha256Digest& key) {
    if (!enabled()) return std::nullopt;
    Shard& s = ShardOf(key);
    std::lock_guard lock(s.mu);
    auto it = s.index.find(key);
    if (it == s.index.end()) return std::nullopt;
    s.order.splice(s.order.begin(), s.order, it->second);
    return it->second->second;
  }

  // Inserts or replaces; evicts the least recently used entry of the shard when full.
  void Put(const Sha256Digest& key, Value value) {
    if (!enabled()) return;
    Shard& s = ShardOf(key);
    std::lock_guard lock(s.mu);
    if (auto it = s.index.find(key); it != s.index.end()) {
      it->second->second = std::move(value);
      s.order.splice(s.order.begin(), s.order, it->second);
      return;
    }
    if (s.index.size() >= per_shard_) {
      s.index.erase(s.order.back().first);
      s.order.pop_back();
    }
    s.order.emplace_front(key, std::move(value));
    s.index.emplace(key, s.order.begin());
  }

  void Erase(const Sha256Digest& key) {
    if (!enabled()) return;
    Shard& s = ShardOf(key);
    std::lock_guard lock(s.mu);
    if (auto it = s.index.find(key); it != s.index.end()) {
      s.order.erase(it->second);
      s.index.erase(it);
    }
  }

  [[nodiscard]] std::size_t size() {
    std::size_t n = 0;
    for (Shard& s : shards_) {
      std::lock_guard lock(s.mu);
      n += s.index.size();
    }
    return n;
  }

 private:
  static constexpr std::size_t kMaxShards = 16;

  // The digest is already uniformly distributed: its first bytes are a good hash.
  struct DigestHash {
    std::size_t operator()(const Sha256Digest& d) const {
      std::size_t h;
      std::memcpy(&h, d.data(), sizeof h);
      return h;
    }
  };
  using Entry = std::pair<Sha256Digest, Value>;

  struct Shard {
    std::mutex mu;
    std::list<Entry> order;  // most recently used first; guarded by mu
    std::unordered_map<Sha256Digest, typename std::list<Entry>::iterator, DigestHash>
        index;  // guarded by mu
  };

  Shard& ShardOf(const Sha256Digest& key) { return shards_[key[31] % shards_.size()]; }

  std::vector<Shard> shards_;
  const std::size_t per_shard_;
};

}  // namespace mm::services
