#include "core/stock_level.hpp"

namespace mm::core {

StockLevel StockLevelOf(std::int64_t disponible, std::int64_t minimo) {
  if (disponible <= 0) return StockLevel::kAgotado;
  // 2·disponible ≤ minimo ⇔ disponible ≤ ⌊minimo / 2⌋ for integers, without the overflow.
  if (disponible <= minimo / 2) return StockLevel::kMuyBajo;
  if (disponible <= minimo) return StockLevel::kBajo;
  return StockLevel::kNormal;
}

std::string_view StockLevelName(StockLevel level) {
  switch (level) {
    case StockLevel::kAgotado:
      return "agotado";
    case StockLevel::kMuyBajo:
      return "muy_bajo";
    case StockLevel::kBajo:
      return "bajo";
    case StockLevel::kNormal:
      break;
  }
  return "normal";
}

std::optional<StockLevel> ParseStockLevel(std::string_view name) {
  for (auto l :
       {StockLevel::kAgotado, StockLevel::kMuyBajo, StockLevel::kBajo, StockLevel::kNormal}) {
    if (StockLevelName(l) == name) return l;
  }
  return std::nullopt;
}

}  // namespace mm::core
