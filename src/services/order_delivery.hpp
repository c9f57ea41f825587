// The stock side of Change order state (domain.md §2.4; I25): delivery takes each catalogue
// line's units out of the order's location (FEFO, one `pedido` kardex movement per line),
// consuming the line's hold when it is still effectively active and otherwise needing the units
// available; cancellation releases the order's active holds. Nothing here commits; the caller
// holds the order (L4) locked.
#pragma once

#include <cstdint>
#include <string>

#include "core/clock.hpp"
#include "core/random.hpp"
#include "core/result.hpp"
#include "services/order_store.hpp"
#include "store/tx.hpp"

namespace mm::services {

// Locks productos FOR SHARE (L5), the stock rows (L6), their lots (L7) and the order's active
// holds (L8); 409 INSUFFICIENT_STOCK listing every short line; then writes the movements and
// marks the holds consumida. Returns how many movements it wrote.
core::Result<std::int64_t> DeliverOrder(store::Tx& tx, core::Random& random, const OrderRow& o,
                                        const std::string& usuario_id, core::Timestamp now);

// Locks the order's activa holds (L8) and cancels them with `motivo`. Returns how many.
std::int64_t ReleaseOrderHolds(store::Tx& tx, const OrderRow& o, const std::string& usuario_id,
                               const std::string& motivo, core::Timestamp now);

}  // namespace mm::services
