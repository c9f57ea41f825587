// SQL over stock_reservado (domain.md §1.2): read, insert and the state changes of a
// reservation. Callers own the transaction and the lock order (stock_reservado is L8).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "store/tx.hpp"

namespace mm::services {

struct ReservationRow {
  std::string id;
  std::string producto_id;
  std::string ubicacion_id;
  std::int64_t cantidad = 0;
  std::string estado = "activa";  // activa | consumida | cancelada | vencida
  std::optional<std::string> referencia;
  std::optional<std::string> pedido_id;
  std::optional<std::string> pedido_item_id;
  std::optional<core::Timestamp> expira_en;  // null only for order reservations
  std::string usuario_id;
  std::string usuario_nombre;  // read only
  std::optional<std::string> venta_id;
  std::optional<core::Timestamp> consumida_en;
  std::optional<core::Timestamp> cancelada_en;
  std::optional<core::Timestamp> vencida_en;
  std::optional<std::string> cancelada_por;
  std::optional<std::string> cancelada_por_nombre;  // read only
  std::optional<std::string> motivo_cancelacion;
  core::Timestamp creado_en;
  core::Timestamp actualizado_en;

  // estado activa and not past expira_en at `now` (domain.md §1.2, the rule of
  // stock::EffectivelyActive).
  [[nodiscard]] bool EffectivelyActive(core::Timestamp now) const {
    return estado == "activa" && (!expira_en || *expira_en > now);
  }
};

struct ReservationFilter {
  // Effective estado (an activa row past expira_en is vencida for every reader, before the
  // expiry sweep stamps it); empty = all.
  std::vector<std::string> estados;
  std::optional<std::string> producto_id;
  std::optional<std::string> referencia;  // exact match
  std::string sort = "-creado_en";        // -creado_en | expira_en (id breaks ties)
  int limit = 50;
  int offset = 0;
  core::Timestamp now;  // the instant "effective" is read at
};

namespace reservation_store {

// `for_update` locks the row (PostgreSQL FOR UPDATE OF the reservation; SQLite's one writer
// already serialises).
std::optional<ReservationRow> Find(store::Tx& tx, const std::string& id, bool for_update = false);
std::vector<ReservationRow> List(store::Tx& tx, const ReservationFilter& f, std::int64_t* total);

void Insert(store::Tx& tx, const ReservationRow& r);
// activa → cancelada with its stamps; false when the row was not activa any more. The stamp is
// `now`, but never earlier than the hold's creation: an operation reads the clock once, before
// its locks, so it can release a hold that a concurrent request created (and committed) after
// that reading.
bool Cancel(store::Tx& tx, const std::string& id, core::Timestamp now,
            const std::optional<std::string>& cancelada_por,
            const std::optional<std::string>& motivo);
// Every activa row with expira_en ≤ now → vencida, vencida_en = now. Returns how many.
std::int64_t ExpireDue(store::Tx& tx, core::Timestamp now);

}  // namespace reservation_store
}  // namespace mm::services
