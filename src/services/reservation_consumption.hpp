// Consuming reservations (domain.md §2.1 "Consume reservation"): inside Record POS sale (a line's
// reserva_id) and Change order state → entregado. The consumer locks the reservations it names at
// L8 (after its stock rows and lots), checks each against what it takes, and marks them consumida
// in the same transaction. Nothing here commits.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "store/tx.hpp"

namespace mm::services::reservations {

struct LockedReservation {
  std::string id;
  std::string producto_id;
  std::string ubicacion_id;
  std::int64_t cantidad = 0;
  std::string estado;
  std::optional<std::string> pedido_id;
  bool vigente = false;  // effectively active at `now` (stock::EffectivelyActive)
};

// L8: locks `ids` (FOR UPDATE on PostgreSQL) in ascending id. A missing one → 422
// REFERENCE_NOT_FOUND with `campo` (e.g. "items[0].reserva_id"); `campo_of` maps an id to the
// field that named it (default "reserva_id").
core::Result<std::vector<LockedReservation>> LockReservations(
    store::Tx& tx, const std::vector<std::string>& ids, core::Timestamp now,
    const std::map<std::string, std::string>& campo_of = {});

// What the consumer takes of one product at one location.
struct Consumption {
  std::string producto_id;
  std::string ubicacion_id;
  std::int64_t cantidad = 0;             // the quantity sold / delivered of that product
  std::vector<std::string> reserva_ids;  // the reservations named for it
  std::optional<std::string> pedido_id;  // the order consuming them (null for a POS sale)
};

// Each named reservation must be effectively active, of the same product and location, belong
// to `pedido_id` (none for a sale), and the product's named reservations together must not exceed
// the quantity taken; else 409 CONFLICT motivo reserva_no_coincide.
core::Status CheckConsumable(const std::vector<LockedReservation>& locked,
                             const std::vector<Consumption>& uses);

// Σ cantidad of the reservations named for one product (call after CheckConsumable).
std::int64_t NamedQuantity(const std::vector<LockedReservation>& locked,
                           const std::vector<std::string>& ids);

// Marks the reservations consumida (consumida_en = now but never before the hold's creation, as
// reservation_store::Cancel stamps; venta_id when given).
void MarkConsumed(store::Tx& tx, const std::vector<std::string>& ids,
                  const std::optional<std::string>& venta_id, core::Timestamp now);

}  // namespace mm::services::reservations
