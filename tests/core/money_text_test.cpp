#include "core/money_text.hpp"

#include <gtest/gtest.h>

#include <limits>

namespace mm::core {
namespace {

TEST(FormatPesos, GroupsThousandsWithDotsAndUsesADecimalComma) {
  EXPECT_EQ(FormatPesos(0), "$ 0,00");
  EXPECT_EQ(FormatPesos(5), "$ 0,05");
  EXPECT_EQ(FormatPesos(100), "$ 1,00");
  EXPECT_EQ(FormatPesos(99999), "$ 999,99");
  EXPECT_EQ(FormatPesos(123456), "$ 1.234,56");
  EXPECT_EQ(FormatPesos(100000000), "$ 1.000.000,00");
  EXPECT_EQ(FormatPesos(100000000000), "$ 1.000.000.000,00");
}

TEST(FormatPesos, NegativeAmountsCarryALeadingMinus) {
  EXPECT_EQ(FormatPesos(-1), "-$ 0,01");
  EXPECT_EQ(FormatPesos(-123456), "-$ 1.234,56");
  EXPECT_EQ(FormatPesos(std::numeric_limits<std::int64_t>::min()), "-$ 92.233.720.368.547.758,08");
}

}  // namespace
}  // namespace mm::core
