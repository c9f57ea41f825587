#include "core/barcode.hpp"

#include <gtest/gtest.h>

#include <string>

namespace mm::core {
namespace {

TEST(Barcode, ValidGtinsOfEveryLengthPass) {
  EXPECT_EQ(CheckBarcode("96385074"), BarcodeCheck::kOk);        // EAN-8
  EXPECT_EQ(CheckBarcode("036000291452"), BarcodeCheck::kOk);    // UPC-A
  EXPECT_EQ(CheckBarcode("4006381333931"), BarcodeCheck::kOk);   // EAN-13
  EXPECT_EQ(CheckBarcode("7790387000016"), BarcodeCheck::kOk);   // EAN-13, Argentine prefix
  EXPECT_EQ(CheckBarcode("17790387000013"), BarcodeCheck::kOk);  // GTIN-14
}

TEST(Barcode, EveryWrongCheckDigitOfAGtinIsRefused) {
  for (std::string code : {"96385074", "036000291452", "4006381333931", "17790387000013"}) {
    int good = code.back() - '0';
    for (int d = 0; d <= 9; ++d) {
      if (d == good) continue;
      code.back() = static_cast<char>('0' + d);
      EXPECT_EQ(CheckBarcode(code), BarcodeCheck::kCheckDigit) << code;
    }
  }
}

TEST(Barcode, OtherLengthsAreInternalCodesWithoutCheckDigit) {
  EXPECT_EQ(CheckBarcode("1234"), BarcodeCheck::kOk);
  EXPECT_EQ(CheckBarcode("12345"), BarcodeCheck::kOk);
  EXPECT_EQ(CheckBarcode("1234567"), BarcodeCheck::kOk);
  EXPECT_EQ(CheckBarcode("1234567890"), BarcodeCheck::kOk);
  EXPECT_EQ(CheckBarcode("123456789012345"), BarcodeCheck::kOk);
  EXPECT_EQ(CheckBarcode(std::string(32, '7')), BarcodeCheck::kOk);
}

TEST(Barcode, FormatIsDigitsFourToThirtyTwo) {
  EXPECT_EQ(CheckBarcode(""), BarcodeCheck::kFormat);
  EXPECT_EQ(CheckBarcode("123"), BarcodeCheck::kFormat);
  EXPECT_EQ(CheckBarcode(std::string(33, '1')), BarcodeCheck::kFormat);
  EXPECT_EQ(CheckBarcode("77903870000a6"), BarcodeCheck::kFormat);
  EXPECT_EQ(CheckBarcode("7790387 000016"), BarcodeCheck::kFormat);
  EXPECT_EQ(CheckBarcode("-1234"), BarcodeCheck::kFormat);
}

TEST(Barcode, CheckDigitOfBody) {
  EXPECT_EQ(GtinCheckDigit("400638133393"), 1);
  EXPECT_EQ(GtinCheckDigit("03600029145"), 2);
  EXPECT_EQ(GtinCheckDigit("9638507"), 4);
  EXPECT_EQ(GtinCheckDigit(""), std::nullopt);
  EXPECT_EQ(GtinCheckDigit("12x"), std::nullopt);
  // A body whose weighted sum is a multiple of 10 has check digit 0, not 10.
  EXPECT_EQ(GtinCheckDigit("0000000"), 0);
}

}  // namespace
}  // namespace mm::core
