#include "core/stock_level.hpp"

#include <gtest/gtest.h>

#include <limits>
#include <vector>

namespace mm::core {
namespace {

TEST(StockLevel, RuleTableAtEveryBoundary) {
  struct Case {
    std::int64_t disponible, minimo;
    StockLevel want;
  };
  const std::vector<Case> cases = {
      // Not monitored: only agotado or normal.
      {0, 0, StockLevel::kAgotado},
      {1, 0, StockLevel::kNormal},
      {500, 0, StockLevel::kNormal},
      // minimo 10: muy_bajo up to 5, bajo up to 10.
      {0, 10, StockLevel::kAgotado},
      {1, 10, StockLevel::kMuyBajo},
      {5, 10, StockLevel::kMuyBajo},
      {6, 10, StockLevel::kBajo},
      {10, 10, StockLevel::kBajo},
      {11, 10, StockLevel::kNormal},
      // Odd minimo 7: 2·3 = 6 ≤ 7 is muy_bajo, 2·4 = 8 > 7 is bajo.
      {3, 7, StockLevel::kMuyBajo},
      {4, 7, StockLevel::kBajo},
      {7, 7, StockLevel::kBajo},
      {8, 7, StockLevel::kNormal},
      // minimo 1: any positive quantity reaching it is bajo, never muy_bajo.
      {1, 1, StockLevel::kBajo},
      {2, 1, StockLevel::kNormal},
      // minimo 2: 1 is muy_bajo (2·1 ≤ 2).
      {1, 2, StockLevel::kMuyBajo},
      {2, 2, StockLevel::kBajo},
      // A negative value (never stored) counts as nothing available.
      {-3, 10, StockLevel::kAgotado},
      {-3, 0, StockLevel::kAgotado},
      // Extremes do not overflow.
      {std::numeric_limits<std::int64_t>::max(), std::numeric_limits<std::int64_t>::max(),
       StockLevel::kBajo},
      {std::numeric_limits<std::int64_t>::max() / 2 + 1, std::numeric_limits<std::int64_t>::max(),
       StockLevel::kBajo},
      {std::numeric_limits<std::int64_t>::max() / 2, std::numeric_limits<std::int64_t>::max(),
       StockLevel::kMuyBajo},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(StockLevelOf(c.disponible, c.minimo), c.want)
        << "disponible " << c.disponible << " minimo " << c.minimo;
  }
}

TEST(StockLevel, MatchesTheSpecWordingExhaustivelyOnSmallValues) {
  for (std::int64_t m = 0; m <= 60; ++m) {
    for (std::int64_t d = 0; d <= 130; ++d) {
      StockLevel want = d == 0       ? StockLevel::kAgotado
                        : 2 * d <= m ? StockLevel::kMuyBajo
                        : d <= m     ? StockLevel::kBajo
                                     : StockLevel::kNormal;
      ASSERT_EQ(StockLevelOf(d, m), want) << d << " " << m;
      if (m == 0) {
        ASSERT_TRUE(want == StockLevel::kAgotado || want == StockLevel::kNormal);
      }
    }
  }
}

TEST(StockLevel, NamesRoundTripAndOrderIsUrgency) {
  for (auto l :
       {StockLevel::kAgotado, StockLevel::kMuyBajo, StockLevel::kBajo, StockLevel::kNormal}) {
    EXPECT_EQ(ParseStockLevel(StockLevelName(l)), l);
  }
  EXPECT_EQ(StockLevelName(StockLevel::kMuyBajo), "muy_bajo");
  EXPECT_EQ(ParseStockLevel("critico"), std::nullopt);
  EXPECT_EQ(ParseStockLevel("Agotado"), std::nullopt);
  EXPECT_LT(StockLevel::kAgotado, StockLevel::kMuyBajo);
  EXPECT_LT(StockLevel::kMuyBajo, StockLevel::kBajo);
  EXPECT_LT(StockLevel::kBajo, StockLevel::kNormal);
}

}  // namespace
}  // namespace mm::core
