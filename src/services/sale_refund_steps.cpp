#include "services/sale_refund_steps.hpp"

#include <algorithm>
#include <set>
#include <stdexcept>

#include "core/store_calendar.hpp"
#include "core/uuid.hpp"
#include "services/human_number.hpp"
#include "services/sale_credit.hpp"

namespace mm::services::refund_steps {
namespace {

// The order in which a refund fills the payments (domain.md §2.3 "Return items").
int RefundRank(const std::string& metodo) {
  if (metodo == "cuenta_corriente") return 0;
  if (metodo == "efectivo") return 1;
  return 2;
}

// FEFO independent of the store day: expiry ascending (none last), then entry, then id — the
// order a sale takes a row's lots in.
bool TakenBefore(const stock::Lot& a, const stock::Lot& b) {
  if (a.fecha_vencimiento.has_value() != b.fecha_vencimiento.has_value()) {
    return a.fecha_vencimiento.has_value();
  }
  if (a.fecha_vencimiento != b.fecha_vencimiento)
    return *a.fecha_vencimiento < *b.fecha_vencimiento;
  if (a.ingresado_en != b.ingresado_en) return a.ingresado_en < b.ingresado_en;
  return a.id < b.id;
}

}  // namespace

std::optional<cash::OpenSession> LockOpenIfAny(store::Tx& tx) {
  auto open = cash::LockOpen(tx, cash::Hold::kShare);
  if (!open.ok()) return std::nullopt;
  return std::move(open).value();
}

core::Result<std::vector<Reintegro>> SplitRefund(const sale_store::Venta& v, std::int64_t total) {
  std::vector<const sale_store::VentaPagoRow*> pagos;
  for (const auto& p : v.pagos) pagos.push_back(&p);
  std::stable_sort(pagos.begin(), pagos.end(), [](const auto* a, const auto* b) {
    return RefundRank(a->metodo) < RefundRank(b->metodo);
  });
  std::vector<Reintegro> out;
  std::int64_t left = total;
  for (const auto* p : pagos) {
    if (left == 0) break;
    const std::int64_t room = p->monto_centavos - p->monto_reintegrado_centavos;
    const std::int64_t share = std::min(room, left);
    if (share <= 0) continue;
    out.push_back({p->metodo, share});
    left -= share;
  }
  if (left > 0) {
    return core::Error::Conflict("reembolso_excede_pagado",
                                 "El reintegro supera lo que queda por devolver de los pagos.");
  }
  return out;
}

core::Status CheckRefundable(const std::vector<Reintegro>& reintegros,
                             const std::optional<cash::OpenSession>& open) {
  for (const auto& r : reintegros) {
    if (r.metodo == "efectivo" && !open) {
      return core::Error(core::ErrorCode::kCashSessionClosed,
                         "Para devolver efectivo tiene que haber una caja abierta. Abrí la caja "
                         "para continuar.");
    }
  }
  return core::Ok{};
}

std::string InsertDevolucion(store::Tx& tx, Env& env, const std::string& venta_id,
                             const std::string& tipo, bool reingresa_stock,
                             const std::optional<std::string>& sesion_caja_id,
                             const std::string& usuario_id, const std::string& motivo,
                             std::int64_t total, core::Timestamp now) {
  std::string id = core::NewUuidV4(env.random);
  tx.Exec(R"sql(
INSERT INTO devoluciones (id, numero, venta_id, tipo, reingresa_stock, sesion_caja_id, usuario_id,
                          motivo, total_centavos, creado_en)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10))sql",
          {id, NextHumanNumber(tx, "devoluciones", "devoluciones_numero_seq"), venta_id, tipo,
           reingresa_stock, sesion_caja_id, usuario_id, motivo, total, now});
  return id;
}

void InsertDevolucionItem(store::Tx& tx, const std::string& devolucion_id,
                          const std::string& venta_item_id, std::int64_t cantidad,
                          std::int64_t monto) {
  tx.Exec(
      "INSERT INTO devolucion_items (devolucion_id, venta_item_id, cantidad, monto_centavos) "
      "VALUES ($1, $2, $3, $4)",
      {devolucion_id, venta_item_id, cantidad, monto});
}

void ApplyRefund(store::Tx& tx, Env& env, const sale_store::VentaRow& venta,
                 const std::vector<Reintegro>& reintegros,
                 const std::optional<cash::OpenSession>& open, credit::Customer* customer,
                 const std::string& devolucion_id, bool anulacion, const std::string& usuario_id,
                 core::Timestamp now) {
  const std::string& venta_id = venta.id;
  for (const auto& r : reintegros) {
    tx.Exec(
        "UPDATE venta_pagos SET monto_reintegrado_centavos = monto_reintegrado_centavos + $3 "
        "WHERE venta_id = $1 AND metodo = $2",
        {venta_id, r.metodo, r.monto_centavos});
    tx.Exec(
        "INSERT INTO devolucion_reintegros (devolucion_id, metodo, monto_centavos) VALUES ($1, "
        "$2, $3)",
        {devolucion_id, r.metodo, r.monto_centavos});
    if (r.metodo == "efectivo") {
      if (!open) throw std::logic_error("cash refund without an open session (CheckRefundable)");
      cash::CashFlow flow;
      flow.sesion_id = open->id;
      flow.tipo = "devolucion";
      flow.monto_centavos = -r.monto_centavos;
      flow.venta_id = venta_id;
      flow.devolucion_id = devolucion_id;
      flow.usuario_id = usuario_id;
      cash::RecordFlow(tx, env.random, flow, now);
    }
    if (r.metodo == "cuenta_corriente") {
      if (!customer || !venta.cliente_id || customer->id != *venta.cliente_id) {
        throw std::logic_error("cuenta_corriente refund without the sale's locked customer");
      }
      sale_credit::PostRefundCredit(tx, env, *customer, venta_id, venta.numero, devolucion_id,
                                    anulacion, r.monto_centavos, usuario_id, now);
    }
  }
}

std::vector<stock::LotDelta> LotsToRestore(std::vector<stock::LotDelta> taken,
                                           const std::vector<stock::Lot>& row_lots,
                                           std::int64_t ya_devueltas, std::int64_t cantidad) {
  auto lot_of = [&](const std::string& id) -> const stock::Lot& {
    auto it = std::find_if(row_lots.begin(), row_lots.end(),
                           [&](const stock::Lot& l) { return l.id == id; });
    if (it == row_lots.end()) throw std::logic_error("a sale's lot is not in its stock row");
    return *it;
  };
  std::stable_sort(taken.begin(), taken.end(), [&](const auto& a, const auto& b) {
    return TakenBefore(lot_of(a.lote_id), lot_of(b.lote_id));
  });
  std::vector<stock::LotDelta> out;
  std::int64_t skip = ya_devueltas;
  std::int64_t left = cantidad;
  for (auto it = taken.rbegin(); it != taken.rend() && left > 0; ++it) {
    std::int64_t avail = it->delta;
    const std::int64_t skipped = std::min(skip, avail);
    skip -= skipped;
    avail -= skipped;
    const std::int64_t back = std::min(avail, left);
    if (back > 0) {
      out.push_back({it->lote_id, back});
      left -= back;
    }
  }
  if (left > 0) throw std::logic_error("a sale line's kardex holds fewer units than it sold");
  return out;
}

int RestoreStock(store::Tx& tx, Env& env, const sale_store::Venta& v,
                 const std::vector<Restock>& lines, const std::string& tipo,
                 const std::string& devolucion_id, const std::string& usuario_id,
                 const std::string& motivo, core::Timestamp now) {
  std::set<std::string> productos;
  for (const auto& l : lines) {
    if (l.cantidad > 0) productos.insert(l.producto_id);
  }
  if (productos.empty()) return 0;
  // L5, ascending id.
  for (const auto& p : productos) stock::LockProduct(tx, p, stock::Lock::kShare);
  const auto taken = sale_store::ItemLots(tx, v.venta.id);
  const auto today = core::StoreCalendar::Default().DayOf(now);
  int written = 0;
  // L6 then L7 per product, ascending id.
  for (const auto& p : productos) {
    auto row = stock::LockStockRow(tx, env.random, p, v.venta.ubicacion_id, now);
    auto lots = stock::LockLots(tx, row, today);
    for (const auto& l : lines) {
      if (l.producto_id != p || l.cantidad <= 0) continue;
      auto it = taken.find(l.venta_item_id);
      stock::MovementSpec spec;
      spec.tipo = tipo;
      spec.motivo = motivo;
      spec.venta_id = v.venta.id;
      spec.venta_item_id = l.venta_item_id;
      spec.devolucion_id = devolucion_id;
      spec.usuario_id = usuario_id;
      spec.lots = LotsToRestore(it == taken.end() ? std::vector<stock::LotDelta>{} : it->second,
                                lots, l.ya_devueltas, l.cantidad);
      stock::ApplyMovement(tx, env.random, row, lots, spec, now);
      ++written;
    }
  }
  return written;
}

}  // namespace mm::services::refund_steps
