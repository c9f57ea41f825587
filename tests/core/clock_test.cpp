#include "core/clock.hpp"

#include <gtest/gtest.h>

namespace mm::core {
namespace {

using namespace std::chrono;

Timestamp At(int y, unsigned m, unsigned d, int h, int mi, int s, int us) {
  return time_point_cast<microseconds>(sys_days(year(y) / month(m) / day(d))) + hours(h) +
         minutes(mi) + seconds(s) + microseconds(us);
}

TEST(Clock, DbFormatIsFixedWidthUtc) {
  auto t = At(2026, 3, 5, 7, 8, 9, 42);
  EXPECT_EQ(FormatDbTimestamp(t), "2026-03-05T07:08:09.000042Z");
  EXPECT_EQ(FormatDbTimestamp(t).size(), 27u);
  EXPECT_EQ(FormatApiTimestamp(t), "2026-03-05T07:08:09.000Z");
}

TEST(Clock, TextOrderIsTimeOrder) {
  Timestamp a = At(2026, 12, 31, 23, 59, 59, 999999);
  Timestamp b = a + microseconds(1);
  Timestamp c = At(2027, 1, 1, 0, 0, 0, 10);
  EXPECT_LT(FormatDbTimestamp(a), FormatDbTimestamp(b));
  EXPECT_LT(FormatDbTimestamp(b), FormatDbTimestamp(c));
}

TEST(Clock, ParsesItsOwnFormatsAndPostgresOutput) {
  auto t = At(2026, 11, 29, 18, 30, 46, 123456);
  EXPECT_EQ(ParseTimestamp("2026-11-29T18:30:46.123456Z"), t);
  EXPECT_EQ(ParseTimestamp("2026-11-29 18:30:46.123456+00"), t);
  EXPECT_EQ(ParseTimestamp("2026-11-29 15:30:46.123456-03"), t);
  EXPECT_EQ(ParseTimestamp("2026-11-29T21:00:46.123456+02:30"), t);
  EXPECT_EQ(ParseTimestamp("2026-11-29T18:30:46Z"), At(2026, 11, 29, 18, 30, 46, 0));
  EXPECT_EQ(ParseTimestamp("2026-11-29T18:30:46.1Z"), At(2026, 11, 29, 18, 30, 46, 100000));
}

TEST(Clock, RejectsAmbiguousOrBrokenText) {
  EXPECT_EQ(ParseTimestamp("2026-11-29T18:30:46"), std::nullopt);  // no zone
  EXPECT_EQ(ParseTimestamp("2026-02-30T00:00:00Z"), std::nullopt);
  EXPECT_EQ(ParseTimestamp("2026-11-29T25:00:00Z"), std::nullopt);
  EXPECT_EQ(ParseTimestamp("2026-11-29T18:30:46.Z"), std::nullopt);
  EXPECT_EQ(ParseTimestamp("2026-11-29T18:30:46Zjunk"), std::nullopt);
  EXPECT_EQ(ParseTimestamp(""), std::nullopt);
}

TEST(Clock, RoundTripsThroughText) {
  for (auto t : {At(1999, 1, 1, 0, 0, 0, 0), At(2026, 6, 15, 12, 34, 56, 789012),
                 At(2099, 12, 31, 23, 59, 59, 999999)}) {
    EXPECT_EQ(ParseTimestamp(FormatDbTimestamp(t)), t);
  }
}

TEST(Clock, ManualClockMovesOnlyWhenTold) {
  ManualClock clock(At(2026, 1, 1, 0, 0, 0, 0));
  auto first = clock.Now();
  EXPECT_EQ(clock.Now(), first);
  clock.Advance(seconds(90));
  EXPECT_EQ(clock.Now() - first, seconds(90));
  clock.Set(first);
  EXPECT_EQ(clock.Now(), first);
}

}  // namespace
}  // namespace mm::core
