#include "services/reservation_consumption.hpp"

#include <algorithm>

#include "services/stock_ledger.hpp"

namespace mm::services::reservations {
namespace {

core::Error Mismatch(const std::string& msg) {
  return core::Error::Conflict("reserva_no_coincide", msg);
}

}  // namespace

core::Result<std::vector<LockedReservation>> LockReservations(
    store::Tx& tx, const std::vector<std::string>& ids, core::Timestamp now,
    const std::map<std::string, std::string>& campo_of) {
  std::vector<std::string> sorted = ids;
  std::sort(sorted.begin(), sorted.end());
  sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
  const std::string lock = tx.dialect() == store::Dialect::kPostgres ? " FOR UPDATE" : "";
  std::vector<LockedReservation> out;
  for (const auto& id : sorted) {
    auto r = tx.QueryOne(
        "SELECT id, producto_id, ubicacion_id, cantidad, estado, pedido_id, CASE WHEN " +
            stock::EffectivelyActive("", "$2") +
            " THEN 1 ELSE 0 END AS vigente FROM stock_reservado WHERE id = $1" + lock,
        {id, now});
    if (!r) {
      auto c = campo_of.find(id);
      return core::Error::ReferenceNotFound(c == campo_of.end() ? "reserva_id" : c->second);
    }
    LockedReservation l;
    l.id = r->Text("id");
    l.producto_id = r->Text("producto_id");
    l.ubicacion_id = r->Text("ubicacion_id");
    l.cantidad = r->Int("cantidad");
    l.estado = r->Text("estado");
    l.pedido_id = r->OptText("pedido_id");
    l.vigente = r->Int("vigente") != 0;
    out.push_back(std::move(l));
  }
  return out;
}

core::Status CheckConsumable(const std::vector<LockedReservation>& locked,
                             const std::vector<Consumption>& uses) {
  for (const auto& u : uses) {
    std::int64_t total = 0;
    for (const auto& id : u.reserva_ids) {
      auto it = std::find_if(locked.begin(), locked.end(),
                             [&](const LockedReservation& l) { return l.id == id; });
      if (it == locked.end()) return Mismatch("La reserva indicada no existe.");
      if (!it->vigente) {
        return Mismatch("La reserva ya no está activa (estado " + it->estado + ").");
      }
      if (it->producto_id != u.producto_id || it->ubicacion_id != u.ubicacion_id) {
        return Mismatch("La reserva es de otro producto o de otra ubicación.");
      }
      if (it->pedido_id != u.pedido_id) {
        return Mismatch(it->pedido_id ? "La reserva pertenece a un pedido."
                                      : "La reserva no pertenece a este pedido.");
      }
      total += it->cantidad;
    }
    if (total > u.cantidad) {
      return Mismatch("La reserva es por más unidades (" + std::to_string(total) +
                      ") que las que se llevan (" + std::to_string(u.cantidad) + ").");
    }
  }
  return core::Ok{};
}

std::int64_t NamedQuantity(const std::vector<LockedReservation>& locked,
                           const std::vector<std::string>& ids) {
  std::int64_t total = 0;
  for (const auto& l : locked) {
    if (std::find(ids.begin(), ids.end(), l.id) != ids.end()) total += l.cantidad;
  }
  return total;
}

void MarkConsumed(store::Tx& tx, const std::vector<std::string>& ids,
                  const std::optional<std::string>& venta_id, core::Timestamp now) {
  for (const auto& id : ids) {
    tx.Exec(
        "UPDATE stock_reservado SET estado = 'consumida', "
        "consumida_en = CASE WHEN creado_en > $1 THEN creado_en ELSE $1 END, venta_id = $2, "
        "actualizado_en = CASE WHEN creado_en > $1 THEN creado_en ELSE $1 END WHERE id = $3",
        {now, venta_id, id});
  }
}

}  // namespace mm::services::reservations
