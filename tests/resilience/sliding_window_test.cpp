// The sliding-window arithmetic of api.md §4 (decision 32).
#include "resilience/sliding_window.hpp"

#include <gtest/gtest.h>

#include <random>

namespace mm::resilience {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

core::Timestamp At(const char* text) { return core::ParseTimestamp(text).value(); }

// 12:00:00 is a multiple of 60 s and of 10 s since the epoch.
const core::Timestamp kMinute = At("2026-11-29T12:00:00Z");

TEST(SlidingWindow, WindowsAreAlignedToMultiplesOfTheirLengthSinceTheEpoch) {
  EXPECT_EQ(WindowStart(At("2026-11-29T12:00:59.999999Z"), 60), kMinute);
  EXPECT_EQ(WindowStart(kMinute, 60), kMinute);
  EXPECT_EQ(WindowStart(At("2026-11-29T12:01:00Z"), 60), At("2026-11-29T12:01:00Z"));
  for (std::int64_t w : {7, 300, 86'400}) {
    core::Timestamp now = At("2026-11-29T12:34:56.789Z");
    core::Timestamp start = WindowStart(now, w);
    EXPECT_EQ(start.time_since_epoch().count() % (w * 1'000'000), 0) << w;
    EXPECT_LE(start, now);
    EXPECT_GT(start + seconds(w), now);
  }
}

TEST(SlidingWindow, AdmitsUpToTheQuotaAndCountsDownRemaining) {
  Quota q{5, 60};
  WindowState s;
  core::Timestamp now = kMinute + seconds(43) + milliseconds(200);
  for (int i = 1; i <= 5; ++i) {
    RateVerdict v = Hit(s, now, q);
    EXPECT_TRUE(v.allowed) << i;
    EXPECT_EQ(v.remaining, 5 - i);
    EXPECT_EQ(v.reset_s, 17);  // 16.8 s left in the window, rounded up
    EXPECT_EQ(v.retry_after_s, 0);
  }
  RateVerdict refused = Hit(s, now, q);
  EXPECT_FALSE(refused.allowed);
  EXPECT_EQ(refused.remaining, 0);
  EXPECT_EQ(s.count, 5);
  EXPECT_EQ(s.window_start, kMinute);
}

TEST(SlidingWindow, RefusedRequestsConsumeNothing) {
  Quota q{3, 60};
  WindowState s;
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(Hit(s, kMinute, q).allowed);
  for (int i = 0; i < 50; ++i) EXPECT_FALSE(Hit(s, kMinute + seconds(1), q).allowed);
  EXPECT_EQ(s.count, 3);
  EXPECT_EQ(s.previous_count, 0);
  // Had the refusals counted, 53 would weigh 26.5 half-way through the next window; only the
  // three admitted do, weighing 1.5, so two more fit (1.5 and 2.5 < 3) and a third does not.
  core::Timestamp half = kMinute + seconds(90);
  EXPECT_TRUE(Hit(s, half, q).allowed);
  EXPECT_TRUE(Hit(s, half, q).allowed);
  EXPECT_FALSE(Hit(s, half, q).allowed);
}

TEST(SlidingWindow, RollOverMovesTheCountIntoThePreviousWindow) {
  Quota q{5, 60};
  WindowState s{kMinute, 5, 2};
  EXPECT_EQ(Roll(s, kMinute + seconds(59), q), s);
  EXPECT_EQ(Roll(s, kMinute + seconds(60), q), (WindowState{kMinute + seconds(60), 0, 5}));
  EXPECT_EQ(Roll(s, kMinute + seconds(119), q), (WindowState{kMinute + seconds(60), 0, 5}));
  // Two windows later neither count is inside the sliding window any more.
  EXPECT_EQ(Roll(s, kMinute + seconds(120), q), (WindowState{kMinute + seconds(120), 0, 0}));
  EXPECT_EQ(Roll(WindowState{}, kMinute + seconds(7), q), (WindowState{kMinute, 0, 0}));
}

TEST(SlidingWindow, ThePreviousWindowWeighsWhatIsLeftOfIt) {
  Quota q{5, 60};
  // At the edge the previous five weigh fully: nothing fits.
  WindowState s{kMinute - seconds(60), 5, 0};
  EXPECT_FALSE(Hit(s, kMinute, q).allowed);
  // Half-way they weigh 2.5: three more fit (2.5, 3.5, 4.5 < 5), the fourth does not.
  int admitted = 0;
  for (int i = 0; i < 10; ++i) admitted += Hit(s, kMinute + seconds(30), q).allowed ? 1 : 0;
  EXPECT_EQ(admitted, 3);
  EXPECT_EQ(s, (WindowState{kMinute, 3, 5}));
}

// hardening.md WS3: window 10 s, q = 100, a burst of 100 in the last second of a window and 100
// in the first second of the next → at most 110 admitted (a fixed window would admit 200).
TEST(SlidingWindow, BurstAcrossTheWindowEdgeCannotPassTheQuotaTwice) {
  Quota q{100, 10};
  WindowState s;
  int first = 0, second = 0;
  core::Timestamp last_second = kMinute + seconds(9);
  for (int i = 0; i < 100; ++i) {
    first += Hit(s, last_second + milliseconds(10 * i), q).allowed ? 1 : 0;
  }
  core::Timestamp next = kMinute + seconds(10);
  for (int i = 0; i < 100; ++i) {
    second += Hit(s, next + milliseconds(10 * i), q).allowed ? 1 : 0;
  }
  EXPECT_EQ(first, 100);
  // In the first second the previous 100 still weigh 100 × (10 − e)/10 ≥ 90.
  EXPECT_EQ(second, 10);
  EXPECT_LE(first + second, 110);
}

TEST(SlidingWindow, RetryAfterWhenTheCurrentWindowIsFull) {
  Quota q{5, 60};
  WindowState s{kMinute, 5, 0};
  // Full at 12:00:45: the five become the previous window at 12:01:00 and weigh 5 there, so
  // the first admission is 1 ms later; rounded up, 16 s.
  RateVerdict v = Hit(s, kMinute + seconds(45), q);
  EXPECT_FALSE(v.allowed);
  EXPECT_EQ(v.reset_s, 15);
  EXPECT_EQ(v.retry_after_s, 16);
  // Filled at the very start of a window: the true wait is 60.001 s; the header caps it at w.
  WindowState early{kMinute, 5, 0};
  EXPECT_EQ(Hit(early, kMinute, q).retry_after_s, 60);
}

TEST(SlidingWindow, RetryAfterWhileThePreviousWindowFades) {
  Quota q{10, 60};
  // 4 now + 10 before, at e = 0: weighted 14. Below 10 once 10 × (60 − e)/60 < 6, i.e. just
  // after e = 24 s.
  WindowState s{kMinute, 4, 10};
  RateVerdict v = Hit(s, kMinute, q);
  EXPECT_FALSE(v.allowed);
  EXPECT_EQ(v.retry_after_s, 25);
  EXPECT_FALSE(Hit(s, kMinute + seconds(24), q).allowed);
  EXPECT_TRUE(Hit(s, kMinute + seconds(25), q).allowed);
}

TEST(SlidingWindow, RemainingRoundsUpTheFractionLeft) {
  Quota q{60, 60};
  // 19 + 10 × 45/60 = 26.5 → 33.5 left → 34.
  WindowState s{kMinute, 18, 10};
  RateVerdict v = Hit(s, kMinute + seconds(15), q);
  EXPECT_TRUE(v.allowed);
  EXPECT_EQ(v.remaining, 34);
  EXPECT_EQ(v.reset_s, 45);
}

TEST(SlidingWindow, AClockBehindTheStoredWindowNeverMovesItBack) {
  Quota q{5, 60};
  WindowState ahead{kMinute + seconds(60), 2, 3};
  EXPECT_EQ(Roll(ahead, kMinute + seconds(59), q), ahead);
  // Read at the stored window's start: 2 + 3 = 5, full.
  RateVerdict v = Hit(ahead, kMinute + seconds(59), q);
  EXPECT_FALSE(v.allowed);
  EXPECT_EQ(ahead, (WindowState{kMinute + seconds(60), 2, 3}));
}

// Over random states: remaining ≥ 1 exactly when the next request fits, and a refused request
// fits again after retry_after_s (when not capped at w) but not one second earlier.
TEST(SlidingWindow, RemainingAndRetryAfterAgreeWithAdmission) {
  std::mt19937_64 rng(20261129);
  for (int i = 0; i < 20'000; ++i) {
    Quota q{std::uniform_int_distribution<std::int64_t>(1, 50)(rng),
            std::uniform_int_distribution<std::int64_t>(1, 120)(rng)};
    WindowState s;
    s.window_start = WindowStart(kMinute + seconds(3600), q.window_s);
    s.count = std::uniform_int_distribution<std::int64_t>(0, q.limit)(rng);
    s.previous_count = std::uniform_int_distribution<std::int64_t>(0, q.limit)(rng);
    auto e = std::uniform_int_distribution<std::int64_t>(0, q.window_ms() - 1)(rng);
    core::Timestamp now = s.window_start + milliseconds(e);

    WindowState probe = s;
    RateVerdict v = Hit(probe, now, q);
    EXPECT_EQ(v.allowed, Describe(s, now, q, false).remaining >= 1);
    if (v.allowed) continue;
    ASSERT_GE(v.retry_after_s, 1);
    ASSERT_LE(v.retry_after_s, q.window_s);
    WindowState later = s;
    bool fits = Hit(later, now + seconds(v.retry_after_s), q).allowed;
    if (v.retry_after_s < q.window_s) {
      EXPECT_TRUE(fits) << i;
    }
    if (v.retry_after_s > 1) {
      WindowState earlier = s;
      EXPECT_FALSE(Hit(earlier, now + seconds(v.retry_after_s - 1), q).allowed) << i;
    }
  }
}

}  // namespace
}  // namespace mm::resilience
