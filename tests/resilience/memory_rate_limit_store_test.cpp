// The in-process counter store: the embedded shape's store and every instance's fallback.
#include "resilience/memory_rate_limit_store.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

namespace mm::resilience {
namespace {

using std::chrono::seconds;

const core::Timestamp kNoon = core::ParseTimestamp("2026-11-29T12:00:00Z").value();

TEST(MemoryRateLimitStore, KeysCountIndependently) {
  MemoryRateLimitStore store;
  Quota q{2, 60};
  EXPECT_TRUE(store.Hit("anon:ip:10.0.0.1", kNoon, q).allowed);
  EXPECT_TRUE(store.Hit("anon:ip:10.0.0.1", kNoon, q).allowed);
  EXPECT_FALSE(store.Hit("anon:ip:10.0.0.1", kNoon, q).allowed);
  EXPECT_TRUE(store.Hit("anon:ip:10.0.0.2", kNoon, q).allowed);
  EXPECT_EQ(store.size(), 2u);
}

TEST(MemoryRateLimitStore, ConcurrentHitsOnOneKeyAdmitExactlyTheQuota) {
  MemoryRateLimitStore store;
  Quota q{250, 60};
  std::atomic<int> admitted{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 100; ++i) {
        if (store.Hit("write:user:u1", kNoon + seconds(5), q).allowed) ++admitted;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(admitted.load(), 250);
}

TEST(MemoryRateLimitStore, SweepDropsOnlyKeysWhoseTwoWindowsHaveEnded) {
  MemoryRateLimitStore store(4);
  (void)store.Hit("a", kNoon, Quota{5, 60});
  (void)store.Hit("b", kNoon, Quota{5, 300});
  store.Sweep(kNoon + seconds(119));
  EXPECT_EQ(store.size(), 2u);
  store.Sweep(kNoon + seconds(120));  // "a": both windows over; "b" still in its first
  EXPECT_EQ(store.size(), 1u);
  store.Sweep(kNoon + seconds(600));
  EXPECT_EQ(store.size(), 0u);
}

TEST(MemoryRateLimitStore, HitsSweepStaleKeysAsTheyGo) {
  MemoryRateLimitStore store(1);
  Quota q{5, 1};
  for (std::uint64_t i = 0; i < MemoryRateLimitStore::kSweepEvery - 1; ++i) {
    (void)store.Hit("k" + std::to_string(i), kNoon, q);
  }
  EXPECT_EQ(store.size(), MemoryRateLimitStore::kSweepEvery - 1);
  (void)store.Hit("late", kNoon + seconds(10), q);
  EXPECT_EQ(store.size(), 1u);
}

}  // namespace
}  // namespace mm::resilience
