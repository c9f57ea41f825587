#include "services/order_delivery.hpp"

#include <algorithm>
#include <map>

#include "core/store_calendar.hpp"
#include "services/reservation_consumption.hpp"
#include "services/reservation_store.hpp"
#include "services/stock_ledger.hpp"

namespace mm::services {
namespace {

// One catalogue line of the order with what its delivery decides on.
struct LineTake {
  OrderItemRow item;
  stock::ProductInfo product;
  stock::StockRow row;
  std::vector<stock::Lot> lots;
  std::vector<std::string> holds;  // its effectively active holds
};

}  // namespace

core::Result<std::int64_t> DeliverOrder(store::Tx& tx, core::Random& random, const OrderRow& o,
                                        const std::string& usuario_id, core::Timestamp now) {
  const core::Date today = core::StoreCalendar::Default().DayOf(now);
  std::vector<LineTake> takes;
  for (auto& i : order_store::Items(tx, o.id)) {
    if (i.producto_id) takes.push_back(LineTake{std::move(i), {}, {}, {}, {}});
  }
  // Ascending product id (one line per product in an order): the order of L5 and L6.
  std::sort(takes.begin(), takes.end(), [](const LineTake& a, const LineTake& b) {
    return *a.item.producto_id < *b.item.producto_id;
  });
  for (auto& t : takes) {
    t.product = *stock::LockProduct(tx, *t.item.producto_id, stock::Lock::kShare);
  }
  for (auto& t : takes) t.row = stock::LockStockRow(tx, random, t.product.id, o.ubicacion_id, now);
  for (auto& t : takes) t.lots = stock::LockLots(tx, t.row, today);
  // L8: the order's holds.
  auto locked =
      reservations::LockReservations(tx, order_store::ActiveReservationIds(tx, o.id), now);
  if (!locked.ok()) return locked.error();
  std::vector<reservations::Consumption> uses;
  std::vector<std::string> consumed;
  for (auto& t : takes) {
    for (const auto& r : *locked) {
      if (r.vigente && r.producto_id == t.product.id && r.ubicacion_id == o.ubicacion_id) {
        t.holds.push_back(r.id);
      }
    }
    if (!t.holds.empty()) {
      uses.push_back({t.product.id, o.ubicacion_id, t.item.cantidad, t.holds, o.id});
      consumed.insert(consumed.end(), t.holds.begin(), t.holds.end());
    }
  }
  if (auto ok = reservations::CheckConsumable(*locked, uses); !ok.ok()) return ok.error();
  // Availability: what others do not hold, plus the line's own holds, within the lots.
  std::vector<stock::Shortage> shortages;
  for (const auto& t : takes) {
    const std::int64_t reservado = stock::Reserved(tx, t.product.id, o.ubicacion_id, now);
    const std::int64_t propias = reservations::NamedQuantity(*locked, t.holds);
    std::int64_t en_lotes = 0;
    for (const auto& l : t.lots) en_lotes += l.cantidad;
    const std::int64_t disponible =
        std::min(std::max<std::int64_t>(0, t.row.cantidad - reservado) + propias, en_lotes);
    if (t.item.cantidad > disponible) {
      shortages.push_back({t.product.id, t.product.nombre, disponible, t.item.cantidad});
    }
  }
  if (!shortages.empty()) return stock::InsufficientStock(shortages);
  for (auto& t : takes) {
    auto plan = stock::PlanOutflow(t.lots, t.item.cantidad, std::nullopt);
    if (!plan) {
      return stock::InsufficientStock({{t.product.id, t.product.nombre, 0, t.item.cantidad}});
    }
    stock::MovementSpec spec;
    spec.tipo = "pedido";
    spec.pedido_id = o.id;
    spec.pedido_item_id = t.item.id;
    spec.usuario_id = usuario_id;
    spec.lots = std::move(*plan);
    stock::ApplyMovement(tx, random, t.row, t.lots, spec, now);
  }
  reservations::MarkConsumed(tx, consumed, std::nullopt, now);
  return static_cast<std::int64_t>(takes.size());
}

std::int64_t ReleaseOrderHolds(store::Tx& tx, const OrderRow& o, const std::string& usuario_id,
                               const std::string& motivo, core::Timestamp now) {
  auto ids = order_store::ActiveReservationIds(tx, o.id);
  if (ids.empty()) return 0;
  auto locked = reservations::LockReservations(tx, ids, now);
  std::int64_t n = 0;
  const std::string why = "Pedido " + std::to_string(o.numero) + " cancelado: " + motivo;
  for (const auto& r : *locked) {
    if (reservation_store::Cancel(tx, r.id, now, usuario_id, why)) ++n;
  }
  return n;
}

}  // namespace mm::services
