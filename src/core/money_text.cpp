#include "core/money_text.hpp"

namespace mm::core {

std::string FormatPesos(std::int64_t centavos) {
  // Magnitude as unsigned, so INT64_MIN does not overflow.
  const bool negative = centavos < 0;
  std::uint64_t abs =
      negative ? 0 - static_cast<std::uint64_t>(centavos) : static_cast<std::uint64_t>(centavos);
  std::string digits = std::to_string(abs / 100);
  std::string grouped;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) grouped += '.';
    grouped += digits[i];
  }
  const auto cents = static_cast<unsigned>(abs % 100);
  std::string out = negative ? "-$ " : "$ ";
  out += grouped;
  out += ',';
  out += static_cast<char>('0' + cents / 10);
  out += static_cast<char>('0' + cents % 10);
  return out;
}

}  // namespace mm::core
