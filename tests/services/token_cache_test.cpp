#include "services/token_cache.hpp"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

namespace mm::services {
namespace {

// Digests that differ in byte 0 but land in the same shard (chosen by the last byte).
Sha256Digest Key(std::uint8_t id, std::uint8_t shard = 0) {
  Sha256Digest d{};
  d[0] = id;
  d[31] = shard;
  return d;
}

TEST(TokenCacheTest, GetReturnsWhatWasPutAndMissesOtherwise) {
  TokenCache<std::string> cache(100);
  cache.Put(Key(1), "uno");
  EXPECT_EQ(cache.Get(Key(1)).value_or(""), "uno");
  EXPECT_FALSE(cache.Get(Key(2)).has_value());
  cache.Put(Key(1), "otro");
  EXPECT_EQ(cache.Get(Key(1)).value_or(""), "otro");
  EXPECT_EQ(cache.size(), 1u);
  cache.Erase(Key(1));
  EXPECT_FALSE(cache.Get(Key(1)).has_value());
}

TEST(TokenCacheTest, EvictsTheLeastRecentlyUsedEntryOfAFullShard) {
  TokenCache<int> cache(32);  // 16 shards of 2
  cache.Put(Key(1), 1);
  cache.Put(Key(2), 2);
  ASSERT_TRUE(cache.Get(Key(1)).has_value());  // 1 is now more recent than 2
  cache.Put(Key(3), 3);
  EXPECT_TRUE(cache.Get(Key(1)).has_value());
  EXPECT_FALSE(cache.Get(Key(2)).has_value());
  EXPECT_TRUE(cache.Get(Key(3)).has_value());
  cache.Put(Key(4, 1), 4);  // another shard: evicts nothing here
  EXPECT_TRUE(cache.Get(Key(1)).has_value());
  EXPECT_TRUE(cache.Get(Key(3)).has_value());
}

TEST(TokenCacheTest, ZeroCapacityStoresNothing) {
  TokenCache<int> cache(0);
  EXPECT_FALSE(cache.enabled());
  cache.Put(Key(1), 1);
  EXPECT_FALSE(cache.Get(Key(1)).has_value());
  EXPECT_EQ(cache.size(), 0u);
}

TEST(TokenCacheTest, ConcurrentUseNeverExceedsTheCapacity) {
  TokenCache<int> cache(100);
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&cache, t] {
      for (int i = 0; i < 2000; ++i) {
        Sha256Digest d{};
        d[0] = static_cast<std::uint8_t>(i);
        d[1] = static_cast<std::uint8_t>(i >> 8);
        d[2] = static_cast<std::uint8_t>(t);
        d[31] = static_cast<std::uint8_t>(i * 7 + t);
        cache.Put(d, i);
        auto got = cache.Get(d);
        if (got) {
          EXPECT_EQ(*got, i);
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_LE(cache.size(), 100u);
  EXPECT_GE(cache.size(), 90u);
}

}  // namespace
}  // namespace mm::services
