#include "resilience/sliding_window.hpp"

#include <algorithm>

namespace mm::resilience {
namespace {

using std::chrono::microseconds;
using std::chrono::seconds;

// ⌈a / b⌉ for a ≥ 0, b > 0.
std::int64_t CeilDiv(std::int64_t a, std::int64_t b) { return (a + b - 1) / b; }

// count·W + previous·(W − e): the weighted count scaled by W.
std::int64_t ScaledWeighted(const WindowState& s, std::int64_t elapsed_ms, std::int64_t w_ms) {
  return s.count * w_ms + s.previous_count * (w_ms - elapsed_ms);
}

// Milliseconds from `elapsed_ms` into the current window until a request would be admitted.
// Precondition: refused now (ScaledWeighted ≥ q·W).
std::int64_t MsUntilAdmitted(const WindowState& s, std::int64_t elapsed_ms, const Quota& quota) {
  const std::int64_t w_ms = quota.window_ms();
  if (s.count < quota.limit) {
    // Still in this window, once previous·(W − e') < (q − count)·W, i.e. from
    // e' = W − ⌈(q − count)·W / previous⌉ + 1. previous > 0 here, else count < q would admit.
    // At the next window's start (e' = W) the weighted count is `count` < q in any case.
    std::int64_t room = (quota.limit - s.count) * w_ms;
    std::int64_t first = w_ms - CeilDiv(room, s.previous_count) + 1;
    return std::min(first, w_ms) - elapsed_ms;
  }
  // count ≥ q (the quota was lowered): only in the next window, where `count` is the previous
  // one, once count·(W − e'') < q·W.
  std::int64_t next = w_ms - CeilDiv(quota.limit * w_ms, s.count) + 1;
  return (w_ms - elapsed_ms) + next;
}

}  // namespace

core::Timestamp WindowStart(core::Timestamp now, std::int64_t window_s) {
  const std::int64_t w_us = window_s * 1'000'000;
  std::int64_t t = now.time_since_epoch().count();
  std::int64_t q = t / w_us;
  if (t % w_us < 0) --q;  // floor for instants before the epoch
  return core::Timestamp(microseconds(q * w_us));
}

WindowState Roll(const WindowState& state, core::Timestamp now, const Quota& quota) {
  core::Timestamp current = WindowStart(now, quota.window_s);
  if (state.window_start >= current) return state;
  if (state.window_start == current - seconds(quota.window_s)) {
    return WindowState{current, 0, state.count};
  }
  return WindowState{current, 0, 0};
}

std::int64_t ElapsedMs(const WindowState& rolled, core::Timestamp now, const Quota& quota) {
  std::int64_t us = (now - rolled.window_start).count();
  if (us <= 0) return 0;
  return std::min(us / 1000, quota.window_ms() - 1);
}

bool Admits(const WindowState& rolled, core::Timestamp now, const Quota& quota) {
  std::int64_t e = ElapsedMs(rolled, now, quota);
  return ScaledWeighted(rolled, e, quota.window_ms()) < quota.limit * quota.window_ms();
}

RateVerdict Describe(const WindowState& rolled, core::Timestamp now, const Quota& quota,
                     bool allowed) {
  const std::int64_t w_ms = quota.window_ms();
  const std::int64_t e = ElapsedMs(rolled, now, quota);
  const std::int64_t scaled = ScaledWeighted(rolled, e, w_ms);
  const std::int64_t cap = quota.limit * w_ms;

  RateVerdict v;
  v.allowed = allowed;
  v.remaining = scaled >= cap ? 0 : CeilDiv(cap - scaled, w_ms);
  v.reset_s = CeilDiv(w_ms - e, 1000);
  if (!allowed) {
    std::int64_t wait_ms = scaled >= cap ? MsUntilAdmitted(rolled, e, quota) : 1;
    v.retry_after_s = std::clamp<std::int64_t>(CeilDiv(wait_ms, 1000), 1, quota.window_s);
  }
  return v;
}

RateVerdict Hit(WindowState& state, core::Timestamp now, const Quota& quota) {
  WindowState rolled = Roll(state, now, quota);
  bool admitted = Admits(rolled, now, quota);
  if (admitted) ++rolled.count;
  state = rolled;
  return Describe(rolled, now, quota, admitted);
}

}  // namespace mm::resilience
