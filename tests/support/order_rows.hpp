// A bare customer order (one catalogue line) written straight into pedidos and pedido_items, for
// tests of reservations that need an order's hold without going through the order service.
#pragma once

#include <string>

#include "core/clock.hpp"
#include "core/random.hpp"
#include "store/database.hpp"

namespace mm::testing {

struct OrderRows {
  std::string pedido_id;
  std::string item_id;
};

// A pendiente order of one unit of `producto_id` at $ 1,00, numbered after the last one.
OrderRows InsertOrderRows(store::Database& db, core::Random& random, const std::string& producto_id,
                          const std::string& ubicacion_id, const std::string& usuario_id,
                          core::Timestamp now);

}  // namespace mm::testing
