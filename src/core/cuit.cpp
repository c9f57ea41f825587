#include "core/cuit.hpp"

#include <array>

namespace mm::core {

std::optional<int> CuitCheckDigit(std::string_view body) {
  static constexpr std::array<int, 10> kWeights = {5, 4, 3, 2, 7, 6, 5, 4, 3, 2};
  if (body.size() != 10) return std::nullopt;
  int sum = 0;
  for (std::size_t i = 0; i < 10; ++i) {
    if (body[i] < '0' || body[i] > '9') return std::nullopt;
    sum += (body[i] - '0') * kWeights[i];
  }
  int check = 11 - sum % 11;
  if (check == 11) return 0;
  if (check == 10) return std::nullopt;
  return check;
}

std::optional<std::string> NormalizeCuit(std::string_view text) {
  if (text.empty() || text.front() == '-' || text.back() == '-') return std::nullopt;
  std::string digits;
  char previous = 0;
  for (char c : text) {
    if (c == '-') {
      if (previous == '-') return std::nullopt;
    } else if (c >= '0' && c <= '9') {
      digits.push_back(c);
    } else {
      return std::nullopt;
    }
    previous = c;
  }
  if (digits.size() != 11) return std::nullopt;
  auto check = CuitCheckDigit(std::string_view(digits).substr(0, 10));
  if (!check || *check != digits.back() - '0') return std::nullopt;
  return digits;
}

}  // namespace mm::core
