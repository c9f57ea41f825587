#include "core/barcode.hpp"

namespace mm::core {

std::optional<int> GtinCheckDigit(std::string_view body) {
  if (body.empty()) return std::nullopt;
  int sum = 0;
  bool triple = true;  // the digit next to the check digit weighs 3
  for (auto it = body.rbegin(); it != body.rend(); ++it) {
    if (*it < '0' || *it > '9') return std::nullopt;
    sum += (*it - '0') * (triple ? 3 : 1);
    triple = !triple;
  }
  return (10 - sum % 10) % 10;
}

bool IsGtinLength(std::size_t length) {
  return length == 8 || length == 12 || length == 13 || length == 14;
}

BarcodeCheck CheckBarcode(std::string_view code) {
  if (code.size() < 4 || code.size() > 32) return BarcodeCheck::kFormat;
  for (char c : code) {
    if (c < '0' || c > '9') return BarcodeCheck::kFormat;
  }
  if (!IsGtinLength(code.size())) return BarcodeCheck::kOk;
  auto expected = GtinCheckDigit(code.substr(0, code.size() - 1));
  return expected && *expected == code.back() - '0' ? BarcodeCheck::kOk : BarcodeCheck::kCheckDigit;
}

}  // namespace mm::core
