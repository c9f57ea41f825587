// Product barcodes (api.md §6.1, domain.md §1.1): 4–32 digits. The GTIN lengths carry a check
// digit that is validated — EAN-8 (8), UPC-A (12), EAN-13 (13) and GTIN-14 (14); any other length
// is a shop's internal code and is accepted as it is.
#pragma once

#include <optional>
#include <string_view>

namespace mm::core {

enum class BarcodeCheck {
  kOk,          // a valid GTIN or an internal code
  kFormat,      // not 4–32 ASCII digits
  kCheckDigit,  // a GTIN length whose last digit is wrong
};

// The GTIN check digit (0–9) for the digits before it (mod 10, weights 3,1,3,… from the right).
// `body` must be digits only; nullopt otherwise or when empty.
[[nodiscard]] std::optional<int> GtinCheckDigit(std::string_view body);

// True for the lengths whose last digit is a GTIN check digit (8, 12, 13, 14).
[[nodiscard]] bool IsGtinLength(std::size_t length);

[[nodiscard]] BarcodeCheck CheckBarcode(std::string_view code);

}  // namespace mm::core
