// Private to the stock movement files: what every movement checked before it moved anything.
#pragma once

#include <optional>
#include <string>

#include "core/clock.hpp"
#include "core/store_calendar.hpp"
#include "services/stock_ledger.hpp"
#include "services/stock_movements.hpp"

namespace mm::services {

struct StockMovements::Refs {
  stock::ProductInfo producto;
  stock::LocationInfo ubicacion;               // the row written (the origin of a transfer)
  std::optional<stock::LocationInfo> destino;  // transferencia only
  std::optional<std::string> usuario_id;       // null for a system caller
  core::Timestamp now;                         // read once per operation
  core::Date today;                            // the store day of `now`
};

// 409 INSUFFICIENT_STOCK with details.items[{producto_id, disponible, solicitado}].
core::Error InsufficientStock(const stock::ProductInfo& p, std::int64_t disponible,
                              std::int64_t solicitado);

}  // namespace mm::services
