// The sliding-window counter of the rate limiter (api.md §4, architecture.md §9 decision 32).
//
// Time is cut into fixed windows of `w` seconds aligned to multiples of `w` since the Unix epoch,
// so every instance agrees on them. A key keeps the count of its current window and of the one
// before. At `e` into the current window the weighted count is
//     count + previous × (w − e) / w
// and a request is admitted when that is below the quota `q`; only an admitted request adds one
// to `count`. A burst across a window edge therefore cannot pass the quota twice.
//
// Arithmetic is exact integer arithmetic in milliseconds: the elapsed time is truncated to a whole
// millisecond (which weighs the previous window at most 1 ms more, i.e. errs towards refusing),
// and the comparison is done scaled by W = 1000·w, as count·W + previous·(W − e) < q·W. With the
// bounds of Quota (q ≤ 10⁶, w ≤ 86 400) every product fits in int64.
//
// Pure functions; no clock, no locking. Stores (memory, SQL) apply them under their own atomicity.
#pragma once

#include <cstdint>

#include "core/clock.hpp"

namespace mm::resilience {

// At most `limit` requests per sliding window of `window_s` seconds.
struct Quota {
  static constexpr std::int64_t kMaxLimit = 1'000'000;
  static constexpr std::int64_t kMaxWindowS = 86'400;

  std::int64_t limit = 1;     // q, 1..kMaxLimit
  std::int64_t window_s = 1;  // w, 1..kMaxWindowS

  [[nodiscard]] std::int64_t window_ms() const { return window_s * 1000; }
  [[nodiscard]] bool Valid() const {
    return limit >= 1 && limit <= kMaxLimit && window_s >= 1 && window_s <= kMaxWindowS;
  }
};

// The counters of one key. A default-constructed state (epoch, 0, 0) is a key never seen.
struct WindowState {
  core::Timestamp window_start{};   // start of the window `count` belongs to (aligned)
  std::int64_t count = 0;           // admitted in that window
  std::int64_t previous_count = 0;  // admitted in the window just before it

  bool operator==(const WindowState&) const = default;
};

// What a hit decided, and what the RateLimit / Retry-After headers say about it.
struct RateVerdict {
  bool allowed = false;
  // q − weighted count after this hit, rounded up, ≥ 0. ≥ 1 exactly when another request at the
  // same instant would be admitted.
  std::int64_t remaining = 0;
  // Whole seconds (rounded up, ≥ 1) until the current fixed window ends.
  std::int64_t reset_s = 0;
  // Refused only: whole seconds (rounded up) until the weighted count falls below q, in 1..w.
  // 0 when allowed.
  std::int64_t retry_after_s = 0;
};

// Start of the aligned window of `window_s` seconds that contains `now`.
[[nodiscard]] core::Timestamp WindowStart(core::Timestamp now, std::int64_t window_s);

// `state` as seen at `now`: moved forward to now's window (the current count becomes the
// previous one if the windows are adjacent, else both are zero). Never moved backward: when
// `now` lies before state.window_start (this clock behind another instance's), the state is
// kept as it is and Describe reads `now` as that window's start.
[[nodiscard]] WindowState Roll(const WindowState& state, core::Timestamp now, const Quota& quota);

// Whether a rolled state admits one more request at `now`.
[[nodiscard]] bool Admits(const WindowState& rolled, core::Timestamp now, const Quota& quota);

// The verdict for a rolled state: after the increment when `allowed`, unchanged when refused.
[[nodiscard]] RateVerdict Describe(const WindowState& rolled, core::Timestamp now,
                                   const Quota& quota, bool allowed);

// Check and increment: rolls `state` to `now`, adds one when admitted, and returns the verdict.
// A refused request leaves the counts as they were.
RateVerdict Hit(WindowState& state, core::Timestamp now, const Quota& quota);

// Milliseconds elapsed since the rolled state's window start, in [0, W) (truncated; 0 when `now`
// lies before it). Exposed so the SQL store binds exactly the weight this file computes.
[[nodiscard]] std::int64_t ElapsedMs(const WindowState& rolled, core::Timestamp now,
                                     const Quota& quota);

}  // namespace mm::resilience
