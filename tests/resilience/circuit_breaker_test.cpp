// The in-process circuit breaker (hardening.md WS3, jobs.md §4.4): 5 consecutive failures open
// it, 60 s later exactly one probe goes out, and the probe decides.
#include "resilience/circuit_breaker.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

namespace mm::resilience {
namespace {

using std::chrono::seconds;

const core::Timestamp kNoon = core::ParseTimestamp("2026-11-29T12:00:00Z").value();

class CircuitBreakerTest : public ::testing::Test {
 protected:
  // Fails `n` admitted calls in a row.
  void Fail(int n) {
    for (int i = 0; i < n; ++i) {
      BreakerPermit p = breaker_.Acquire();
      ASSERT_TRUE(p.allowed) << "call " << i;
      breaker_.OnFailure(p);
    }
  }

  core::ManualClock clock_{kNoon};
  MemoryBreakerStateStore store_;
  CircuitBreaker breaker_{"jwks-externo", BreakerOptions{}, clock_, store_};
};

TEST_F(CircuitBreakerTest, StaysClosedBelowTheThresholdAndASuccessResetsTheCount) {
  Fail(4);
  EXPECT_EQ(breaker_.Snapshot().fallas_consecutivas, 4);
  BreakerPermit ok = breaker_.Acquire();
  ASSERT_TRUE(ok.allowed);
  EXPECT_FALSE(ok.probe);
  breaker_.OnSuccess(ok);
  Fail(4);  // the count started again
  BreakerSnapshot s = breaker_.Snapshot();
  EXPECT_EQ(s.estado, BreakerState::kClosed);
  EXPECT_EQ(s.fallas_consecutivas, 4);
  EXPECT_EQ(s.umbral_fallas, 5);
  EXPECT_FALSE(s.abierto_en.has_value());
  EXPECT_FALSE(s.reintento_en.has_value());
}

TEST_F(CircuitBreakerTest, FiveConsecutiveFailuresOpenItForSixtySeconds) {
  Fail(5);
  BreakerPermit refused = breaker_.Acquire();
  EXPECT_FALSE(refused.allowed);
  ASSERT_TRUE(refused.retry_at.has_value());
  EXPECT_EQ(*refused.retry_at, kNoon + seconds(60));
  BreakerSnapshot s = breaker_.Snapshot();
  EXPECT_EQ(s.nombre, "jwks-externo");
  EXPECT_EQ(BreakerStateName(s.estado), "open");
  EXPECT_EQ(s.abierto_en, kNoon);
  EXPECT_EQ(s.reintento_en, kNoon + seconds(60));
  clock_.Advance(seconds(59));
  EXPECT_FALSE(breaker_.Acquire().allowed);
}

TEST_F(CircuitBreakerTest, AfterTheIntervalExactlyOneProbeGoesOutAndItsSuccessCloses) {
  Fail(5);
  clock_.Advance(seconds(60));
  EXPECT_EQ(breaker_.Snapshot().estado, BreakerState::kHalfOpen);
  BreakerPermit probe = breaker_.Acquire();
  ASSERT_TRUE(probe.allowed);
  EXPECT_TRUE(probe.probe);
  BreakerPermit second = breaker_.Acquire();
  EXPECT_FALSE(second.allowed);  // one probe at a time
  EXPECT_EQ(BreakerStateName(breaker_.Snapshot().estado), "half_open");
  breaker_.OnSuccess(probe);
  BreakerSnapshot s = breaker_.Snapshot();
  EXPECT_EQ(s.estado, BreakerState::kClosed);
  EXPECT_EQ(s.fallas_consecutivas, 0);
  EXPECT_FALSE(s.abierto_en.has_value());
  EXPECT_TRUE(breaker_.Acquire().allowed);
}

TEST_F(CircuitBreakerTest, AFailedProbeReopensForAnotherInterval) {
  Fail(5);
  clock_.Advance(seconds(61));
  BreakerPermit probe = breaker_.Acquire();
  ASSERT_TRUE(probe.probe);
  breaker_.OnFailure(probe);
  BreakerSnapshot s = breaker_.Snapshot();
  EXPECT_EQ(s.estado, BreakerState::kOpen);
  EXPECT_EQ(s.abierto_en, kNoon + seconds(61));
  EXPECT_EQ(s.reintento_en, kNoon + seconds(121));
  clock_.Advance(seconds(30));
  EXPECT_FALSE(breaker_.Acquire().allowed);
  clock_.Advance(seconds(30));
  EXPECT_TRUE(breaker_.Acquire().probe);
}

TEST_F(CircuitBreakerTest, LateOutcomesOfCallsAdmittedBeforeOpeningChangeNothing) {
  BreakerPermit early = breaker_.Acquire();  // admitted while closed, answers late
  Fail(5);
  breaker_.OnSuccess(early);
  EXPECT_EQ(breaker_.Snapshot().estado, BreakerState::kOpen);
  clock_.Advance(seconds(60));
  BreakerPermit probe = breaker_.Acquire();
  breaker_.OnFailure(early);  // not the probe: ignored
  EXPECT_EQ(breaker_.Snapshot().estado, BreakerState::kHalfOpen);
  breaker_.OnSuccess(probe);
  EXPECT_EQ(breaker_.Snapshot().estado, BreakerState::kClosed);
}

TEST_F(CircuitBreakerTest, AProbeThatNeverReportsIsPresumedLostAfterTheInterval) {
  Fail(5);
  clock_.Advance(seconds(60));
  BreakerPermit lost = breaker_.Acquire();
  ASSERT_TRUE(lost.probe);
  clock_.Advance(seconds(60));
  BreakerPermit next = breaker_.Acquire();
  ASSERT_TRUE(next.probe);
  breaker_.OnSuccess(lost);  // the lost probe is no longer the one that decides
  EXPECT_EQ(breaker_.Snapshot().estado, BreakerState::kHalfOpen);
  breaker_.OnSuccess(next);
  EXPECT_EQ(breaker_.Snapshot().estado, BreakerState::kClosed);
}

TEST_F(CircuitBreakerTest, ResetClosesAnOpenBreaker) {
  Fail(5);
  breaker_.Reset();
  BreakerSnapshot s = breaker_.Snapshot();
  EXPECT_EQ(s.estado, BreakerState::kClosed);
  EXPECT_EQ(s.fallas_consecutivas, 0);
  EXPECT_TRUE(breaker_.Acquire().allowed);
}

TEST_F(CircuitBreakerTest, ConcurrentCallersGetExactlyOneProbe) {
  Fail(5);
  clock_.Advance(seconds(60));
  std::atomic<int> probes{0}, allowed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 50; ++i) {
        BreakerPermit p = breaker_.Acquire();
        if (p.allowed) ++allowed;
        if (p.probe) ++probes;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(probes.load(), 1);
  EXPECT_EQ(allowed.load(), 1);
}

TEST_F(CircuitBreakerTest, ConcurrentFailuresOpenItOnceAtTheThreshold) {
  std::vector<std::thread> threads;
  std::atomic<int> admitted{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 25; ++i) {
        BreakerPermit p = breaker_.Acquire();
        if (!p.allowed) continue;
        ++admitted;
        breaker_.OnFailure(p);
      }
    });
  }
  for (auto& t : threads) t.join();
  BreakerSnapshot s = breaker_.Snapshot();
  EXPECT_EQ(s.estado, BreakerState::kOpen);
  EXPECT_GE(admitted.load(), 5);
  // Failures of calls admitted before it opened are not counted once it is open.
  EXPECT_EQ(s.fallas_consecutivas, 5);
}

TEST(BreakerRegistry, CreatesOneBreakerPerNameAndListsThemSorted) {
  core::ManualClock clock{kNoon};
  BreakerRegistry registry(clock);
  CircuitBreaker& a = registry.Get("notify:email");
  CircuitBreaker& b = registry.Get("jwks-externo", BreakerOptions{2, seconds(10)});
  EXPECT_EQ(&registry.Get("notify:email"), &a);
  EXPECT_EQ(
      registry.Get("jwks-externo", BreakerOptions{9, seconds(99)}).options().failure_threshold,
      2);  // options apply on creation only
  for (int i = 0; i < 2; ++i) b.OnFailure(b.Acquire());
  auto all = registry.Snapshots();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].nombre, "jwks-externo");
  EXPECT_EQ(all[0].estado, BreakerState::kOpen);
  EXPECT_EQ(all[0].reintento_en, kNoon + seconds(10));
  EXPECT_EQ(all[1].nombre, "notify:email");
  EXPECT_EQ(all[1].estado, BreakerState::kClosed);
}

TEST(BreakerRegistry, BreakersOverOneSharedStoreSeeEachOthersState) {
  // Two registries over one store stand for two instances over the shared backend.
  core::ManualClock clock{kNoon};
  MemoryBreakerStateStore shared;
  BreakerRegistry one(clock, &shared), two(clock, &shared);
  for (int i = 0; i < 5; ++i) {
    CircuitBreaker& b = (i % 2 ? one : two).Get("supplier:sitio");
    b.OnFailure(b.Acquire());
  }
  EXPECT_FALSE(one.Get("supplier:sitio").Acquire().allowed);
  EXPECT_FALSE(two.Get("supplier:sitio").Acquire().allowed);
}

}  // namespace
}  // namespace mm::resilience
