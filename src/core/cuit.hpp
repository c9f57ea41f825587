// Argentine CUIT/CUIL numbers (api.md §1.4): 11 digits, dashes allowed on input
// ("20-12345678-6"), the last digit a mod-11 check digit over the first ten. Stored as 11 digits.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace mm::core {

// The check digit for the first ten digits (weights 5,4,3,2,7,6,5,4,3,2; 11 − sum mod 11, where
// 11 → 0). nullopt when the result would be 10 (no valid CUIT has that body) or `body` is not
// ten digits.
[[nodiscard]] std::optional<int> CuitCheckDigit(std::string_view body);

// The 11 digits of a valid CUIT, dashes removed; nullopt when the text is not 11 digits (with
// optional dashes) or the check digit is wrong.
[[nodiscard]] std::optional<std::string> NormalizeCuit(std::string_view text);

}  // namespace mm::core
