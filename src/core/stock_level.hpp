// The stock level of a (producto, ubicación) row (domain.md §3 "nivel de stock", api.md §7.1,
// architecture.md §9 decision 4): the one rule the stock routes, the alert jobs and the web app
// share. Pure.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace mm::core {

// Declared from the most to the least urgent: the enum's order is the sort order of `nivel`.
enum class StockLevel { kAgotado = 0, kMuyBajo = 1, kBajo = 2, kNormal = 3 };

// `agotado` when disponible = 0 (a negative value, which the invariant forbids, counts as 0);
// else `muy_bajo` when 2·disponible ≤ minimo; else `bajo` when disponible ≤ minimo; else
// `normal`. With minimo = 0 (not monitored) only `agotado` or `normal`.
[[nodiscard]] StockLevel StockLevelOf(std::int64_t disponible, std::int64_t minimo);

// agotado | muy_bajo | bajo | normal
[[nodiscard]] std::string_view StockLevelName(StockLevel level);
[[nodiscard]] std::optional<StockLevel> ParseStockLevel(std::string_view name);

}  // namespace mm::core
