#include "core/cuit.hpp"

#include <gtest/gtest.h>

#include <string>

namespace mm::core {
namespace {

TEST(Cuit, ValidNumbersAreNormalisedToElevenDigits) {
  EXPECT_EQ(NormalizeCuit("20-12345678-6"), "20123456786");
  EXPECT_EQ(NormalizeCuit("20123456786"), "20123456786");
  EXPECT_EQ(NormalizeCuit("30-71234567-1"), "30712345671");
  EXPECT_EQ(NormalizeCuit("3071234567-1"), "30712345671");
}

TEST(Cuit, EveryOtherCheckDigitIsRefused) {
  std::string cuit = "20123456786";
  for (int d = 0; d <= 9; ++d) {
    if (d == 6) continue;
    cuit.back() = static_cast<char>('0' + d);
    EXPECT_EQ(NormalizeCuit(cuit), std::nullopt) << cuit;
  }
}

TEST(Cuit, MalformedTextIsRefused) {
  EXPECT_EQ(NormalizeCuit(""), std::nullopt);
  EXPECT_EQ(NormalizeCuit("2012345678"), std::nullopt);     // 10 digits
  EXPECT_EQ(NormalizeCuit("201234567860"), std::nullopt);   // 12 digits
  EXPECT_EQ(NormalizeCuit("20 12345678 6"), std::nullopt);  // spaces
  EXPECT_EQ(NormalizeCuit("20.12345678.6"), std::nullopt);
  EXPECT_EQ(NormalizeCuit("-20123456786"), std::nullopt);
  EXPECT_EQ(NormalizeCuit("20123456786-"), std::nullopt);
  EXPECT_EQ(NormalizeCuit("20--12345678-6"), std::nullopt);
  EXPECT_EQ(NormalizeCuit("2O-12345678-6"), std::nullopt);  // letter O
}

TEST(Cuit, CheckDigitRule) {
  EXPECT_EQ(CuitCheckDigit("2012345678"), 6);
  EXPECT_EQ(CuitCheckDigit("3071234567"), 1);
  EXPECT_EQ(CuitCheckDigit("123"), std::nullopt);
  // Bodies whose sum is ≡ 0 (mod 11) get 0; ≡ 1 would need 10, which no CUIT has.
  int zeros = 0, impossible = 0;
  for (int n = 0; n < 2000; ++n) {
    std::string body = "20" + std::string(8 - std::to_string(n).size(), '0') + std::to_string(n);
    auto d = CuitCheckDigit(body);
    if (!d) {
      ++impossible;
      continue;
    }
    if (*d == 0) ++zeros;
    EXPECT_EQ(NormalizeCuit(body + std::to_string(*d)), body + std::to_string(*d));
  }
  EXPECT_GT(zeros, 0);
  EXPECT_GT(impossible, 0);
}

}  // namespace
}  // namespace mm::core
