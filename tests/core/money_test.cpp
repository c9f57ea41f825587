#include <gtest/gtest.h>

#include <random>

#include "core/money.hpp"
#include "core/store_calendar.hpp"

namespace mm::core {
namespace {

TEST(Money, RoundHalfUpMatchesTheDefinition) {
  EXPECT_EQ(RoundHalfUp(1, 1, 2), 1);     // 0.5 → 1
  EXPECT_EQ(RoundHalfUp(1, 1, 3), 0);     // 0.33 → 0
  EXPECT_EQ(RoundHalfUp(2, 1, 3), 1);     // 0.67 → 1
  EXPECT_EQ(RoundHalfUp(250, 1999, 1000), 500);  // 250 g at $19,99/kg = 499.75 → 500
  // 128-bit intermediates: 10^6 × 10^11 does not overflow.
  EXPECT_EQ(RoundHalfUp(kMaxCantidad, kMaxCentavos, 1000), 100'000'000'000'000);
  EXPECT_THROW((void)RoundHalfUp(-1, 1, 1), std::invalid_argument);
}

TEST(Money, RoundHalfUpIsWithinHalfOfTheExactQuotient) {
  std::mt19937_64 gen(42);
  for (int i = 0; i < 20000; ++i) {
    std::int64_t a = static_cast<std::int64_t>(gen() % 1'000'001);
    std::int64_t b = static_cast<std::int64_t>(gen() % 10'000'000'001);
    std::int64_t c = static_cast<std::int64_t>(gen() % 10000) + 1;
    __int128 exact2 = static_cast<__int128>(a) * b * 2;  // 2·a·b compared with c·(2r ± 1)
    __int128 r = RoundHalfUp(a, b, c);
    EXPECT_LE((2 * r - 1) * c, exact2);
    EXPECT_GT((2 * r + 1) * c, exact2);
  }
}

TEST(Money, CeilToAndUnits) {
  EXPECT_EQ(CeilTo(101, 50), 150);
  EXPECT_EQ(CeilTo(100, 50), 100);
  EXPECT_EQ(CeilTo(0, 10), 0);
  EXPECT_EQ(LineAmount(3, 1250, "u"), 3750);
  EXPECT_EQ(LineAmount(1500, 1000, "g"), 1500);
  EXPECT_EQ(LineAmount(333, 1000, "ml"), 333);
}

TEST(Money, MarkupAndMarginHaveOneMeaningEach) {
  EXPECT_EQ(MarkupBp(15000, 10000), 5000);  // 50 % over cost
  EXPECT_EQ(MargenBp(15000, 10000), 3333);  // 33.33 % of price
  EXPECT_EQ(MarkupBp(9000, 10000), -1000);
  EXPECT_EQ(MarkupBp(100, 0), std::nullopt);
  EXPECT_EQ(MargenBp(0, 100), std::nullopt);
  EXPECT_EQ(VariacionBp(1000, 1100), 1000);
  EXPECT_EQ(VariacionBp(0, 1100), std::nullopt);
}

TEST(Money, PriceFromMarkupNeverFallsBelowTheMarkupAskedFor) {
  std::mt19937_64 gen(7);
  for (int i = 0; i < 20000; ++i) {
    std::int64_t costo = static_cast<std::int64_t>(gen() % 10'000'000) + 1;
    std::int64_t markup = static_cast<std::int64_t>(gen() % 100'001);
    std::int64_t redondeo = (i % 3 == 0) ? 1 : (i % 3 == 1 ? 10 : 100);
    std::int64_t precio = PriceFromMarkup(costo, markup, redondeo);
    EXPECT_EQ(precio % redondeo, 0);
    EXPECT_GE(*MarkupBp(precio, costo), markup);
    // And it is the smallest such multiple of the rounding step.
    if (redondeo == 1) {
      EXPECT_LT(*MarkupBp(precio - 1, costo), markup);
    }
  }
  EXPECT_EQ(PriceFromMarkup(1000, 3000, 1), 1300);
  EXPECT_EQ(PriceFromMarkup(1001, 3000, 100), 1400);
}

TEST(StoreCalendar, DaysFollowTheStoreZone) {
  const auto& cal = StoreCalendar::Default();
  // 2026-11-30T02:00Z is still the 29th in Buenos Aires (UTC−3).
  auto t = *ParseTimestamp("2026-11-30T02:00:00Z");
  EXPECT_EQ(FormatDate(cal.DayOf(t)), "2026-11-29");
  EXPECT_EQ(FormatDate(cal.DayOf(*ParseTimestamp("2026-11-30T03:00:00Z"))), "2026-11-30");
  auto d = *ParseDate("2026-11-29");
  EXPECT_EQ(FormatApiTimestamp(cal.StartOf(d)), "2026-11-29T03:00:00.000Z");
  EXPECT_EQ(FormatDbTimestamp(cal.EndOf(d)), "2026-11-30T02:59:59.999999Z");
  EXPECT_EQ(FormatDate(AddDays(d, 3)), "2026-12-02");
  EXPECT_EQ(DaysBetween(d, *ParseDate("2027-01-01")), 33);
}

TEST(StoreCalendar, ParseDateIsStrict) {
  EXPECT_FALSE(ParseDate("2026-02-30"));
  EXPECT_FALSE(ParseDate("2026-1-05"));
  EXPECT_FALSE(ParseDate("2026-01-05T00"));
  EXPECT_TRUE(ParseDate("2024-02-29"));
  EXPECT_THROW(StoreCalendar("Marte/Olympus"), std::invalid_argument);
}

}  // namespace
}  // namespace mm::core
