#include "services/receipts.hpp"

#include <map>

#include "core/money.hpp"
#include "core/uuid.hpp"
#include "services/audit.hpp"
#include "services/cache_versions.hpp"
#include "services/purchase_costs.hpp"
#include "services/purchase_order_store.hpp"
#include "services/purchase_orders.hpp"
#include "services/stock_ledger.hpp"

namespace mm::services {
namespace {

namespace json = boost::json;
using core::Error;
using core::ErrorCode;
using core::FieldError;

constexpr std::int64_t kMaxCosto = 10'000'000'000;  // 10^10

std::string ItemPath(std::size_t i, std::string_view field) {
  return "items[" + std::to_string(i) + "]." + std::string(field);
}

// One line of the order with what this receipt brings to it.
struct LinePlan {
  PurchaseOrderLineRow line;
  std::vector<std::size_t> entries;  // indexes into NewReceipt::items, in input order
  std::int64_t total = 0;
  stock::ProductInfo product;
  stock::StockRow row;
  std::vector<stock::Lot> lots;
};

json::object MovementJson(const stock::MovementRecord& m, const LinePlan& p,
                          const stock::LocationInfo& loc, const PurchaseOrderRow& o,
                          const std::string& recepcion_id) {
  json::array lotes;
  for (const auto& d : m.lots) {
    for (const auto& l : p.lots) {
      if (l.id != d.lote_id) continue;
      lotes.push_back(
          json::object{{"lote_id", l.id},
                       {"lote", l.lote},
                       {"fecha_vencimiento", l.fecha_vencimiento ? json::value(*l.fecha_vencimiento)
                                                                 : json::value(nullptr)},
                       {"cantidad", d.delta}});
    }
  }
  return json::object{
      {"id", m.id},
      {"creado_en", core::FormatApiTimestamp(m.creado_en)},
      {"tipo", m.tipo},
      {"producto", {{"id", p.product.id}, {"nombre", p.product.nombre}, {"sku", p.product.sku}}},
      {"ubicacion", {{"id", loc.id}, {"nombre", loc.nombre}}},
      {"cantidad", m.delta},
      {"cantidad_anterior", m.anterior},
      {"cantidad_nueva", m.nueva},
      {"secuencia", m.secuencia},
      {"lotes", std::move(lotes)},
      {"origen", {{"tipo", "orden_compra"}, {"id", o.id}, {"numero", o.numero}}},
      {"proveedor", {{"id", o.proveedor_id}, {"nombre", o.proveedor_nombre}}},
      {"recepcion_id", recepcion_id}};
}

}  // namespace

std::vector<FieldError> CheckNewReceipt(const NewReceipt& in, core::Date today) {
  std::vector<FieldError> errors;
  if (in.items.empty() || in.items.size() > 200) {
    errors.push_back({"items", "rango", "La recepción tiene que tener entre 1 y 200 renglones."});
  }
  const core::Date oldest = core::AddDays(today, -365);
  for (std::size_t i = 0; i < in.items.size(); ++i) {
    const auto& it = in.items[i];
    if (it.cantidad < 1 || it.cantidad > core::kMaxCantidad) {
      errors.push_back({ItemPath(i, "cantidad"), "rango", "Debe estar entre 1 y 1000000."});
    }
    if (it.costo_unitario_centavos &&
        (*it.costo_unitario_centavos < 0 || *it.costo_unitario_centavos > kMaxCosto)) {
      errors.push_back(
          {ItemPath(i, "costo_unitario_centavos"), "rango", "Debe estar entre 0 y 10000000000."});
    }
    if (it.fecha_vencimiento) {
      auto d = core::ParseDate(*it.fecha_vencimiento);
      if (!d) {
        errors.push_back(
            {ItemPath(i, "fecha_vencimiento"), "formato", "Tiene que ser una fecha AAAA-MM-DD."});
      } else if (*d < oldest) {
        errors.push_back({ItemPath(i, "fecha_vencimiento"), "rango",
                          "El vencimiento no puede ser de hace más de un año."});
      }
    }
  }
  return errors;
}

core::Result<IdempotentReply> Receipts::Receive(const std::optional<IdempotencyKey>& key,
                                                const RequestMeta& meta, const NewReceipt& in) {
  const core::Date today = core::StoreCalendar::Default().DayOf(env_.clock.Now());
  if (auto errors = CheckNewReceipt(in, today); !errors.empty()) {
    return Error::Validation(std::move(errors));
  }
  return idempotency_.Run(key, meta, [&](store::Tx& tx) -> core::Result<Outcome> {
    // L4: the order, then its lines in ascending producto_id.
    auto order = purchase_order_store::Find(tx, in.orden_compra_id, true);
    if (!order) return Error::ReferenceNotFound("orden_compra_id");
    if (order->estado != "pendiente" && order->estado != "parcial") {
      return PurchaseOrderStateError(
          order->estado, {"pendiente", "parcial"},
          order->estado == "recibida" ? "Esa orden de compra ya se recibió completa."
                                      : "Esa orden de compra está cancelada: no se puede recibir.");
    }
    std::vector<LinePlan> plans;
    std::map<std::string, std::size_t> by_line;
    for (auto& l : purchase_order_store::Lines(tx, order->id, true)) {
      by_line[l.id] = plans.size();
      plans.push_back(LinePlan{std::move(l), {}, 0, {}, {}, {}});
    }
    for (std::size_t i = 0; i < in.items.size(); ++i) {
      auto it = by_line.find(in.items[i].linea_id);
      if (it == by_line.end()) return Error::ReferenceNotFound(ItemPath(i, "linea_id"));
      plans[it->second].entries.push_back(i);
      plans[it->second].total += in.items[i].cantidad;
    }
    const std::string ubicacion_id = in.ubicacion_id.value_or(order->ubicacion_id);
    auto location = stock::FindLocation(tx, ubicacion_id);
    if (!location) return Error::ReferenceNotFound("ubicacion_id");
    if (!location->activo) {
      return Error::Conflict("ubicacion_inactiva",
                             "La ubicación " + location->nombre + " está desactivada.");
    }
    // The pending check, under the order's lock.
    json::array exceeded;
    for (const auto& p : plans) {
      if (p.total > p.line.pendiente()) {
        exceeded.push_back(
            json::object{{"linea_id", p.line.id}, {"pendiente", p.line.pendiente()}});
      }
    }
    if (!exceeded.empty()) {
      return Error(ErrorCode::kReceptionExceedsPending,
                   "Estás recibiendo más de lo que queda pendiente en la orden.",
                   json::object{{"lineas", std::move(exceeded)}});
    }

    // L5: the products received, FOR UPDATE (their cost may change), ascending id.
    std::vector<LinePlan*> touched;
    for (auto& p : plans) {
      if (!p.entries.empty()) touched.push_back(&p);
    }
    std::vector<FieldError> missing_expiry;
    for (auto* p : touched) {
      auto product = stock::LockProduct(tx, p->line.producto_id, stock::Lock::kUpdate);
      if (!product) throw std::logic_error("purchase-order line without its product");
      if (!product->activo) {
        return Error(ErrorCode::kProductInactive,
                     "El producto " + product->nombre + " está desactivado: no se puede recibir.");
      }
      p->product = std::move(*product);
      if (p->product.controla_vencimiento) {
        for (std::size_t i : p->entries) {
          if (!in.items[i].fecha_vencimiento) {
            missing_expiry.push_back({ItemPath(i, "fecha_vencimiento"), "requerido",
                                      "Este producto controla vencimiento: indicá la fecha."});
          }
        }
      }
    }
    if (!missing_expiry.empty()) return Error::Validation(std::move(missing_expiry));

    const auto now = env_.clock.Now();
    // L6 then L7: every stock row first, then their lots.
    for (auto* p : touched) {
      p->row = stock::LockStockRow(tx, env_.random, p->line.producto_id, ubicacion_id, now);
    }
    for (auto* p : touched) p->lots = stock::LockLots(tx, p->row, today);

    ReceptionRow rec;
    rec.id = core::NewUuidV4(env_.random);
    rec.orden_id = order->id;
    rec.ubicacion_id = ubicacion_id;
    rec.usuario_id = meta.principal.user_id;
    rec.remito = in.remito;
    rec.observaciones = in.observaciones;
    rec.creado_en = now;
    purchase_order_store::InsertReception(tx, rec);

    json::array movimientos;
    std::int64_t unidades = 0;
    for (auto* p : touched) {
      // Entries of one line that land in the same lot become one lot delta of one movement.
      std::vector<std::string> entry_lot(p->entries.size());
      stock::MovementSpec spec;
      spec.tipo = "recepcion";
      spec.proveedor_id = order->proveedor_id;
      spec.orden_compra_id = order->id;
      spec.recepcion_id = rec.id;
      spec.usuario_id = meta.principal.user_id;
      for (std::size_t k = 0; k < p->entries.size(); ++k) {
        const auto& item = in.items[p->entries[k]];
        entry_lot[k] = stock::EnsureLot(tx, env_.random, p->row, p->lots, item.lote.value_or(""),
                                        item.fecha_vencimiento, now, now);
        bool merged = false;
        for (auto& d : spec.lots) {
          if (d.lote_id == entry_lot[k]) {
            d.delta += item.cantidad;
            merged = true;
          }
        }
        if (!merged) spec.lots.push_back({entry_lot[k], item.cantidad});
      }
      auto m = stock::ApplyMovement(tx, env_.random, p->row, p->lots, spec, now);
      movimientos.push_back(MovementJson(m, *p, *location, *order, rec.id));
      for (std::size_t k = 0; k < p->entries.size(); ++k) {
        const auto& item = in.items[p->entries[k]];
        ReceptionLineRow rl;
        rl.id = core::NewUuidV4(env_.random);
        rl.recepcion_id = rec.id;
        rl.linea_id = p->line.id;
        rl.lote_id = entry_lot[k];
        rl.cantidad = item.cantidad;
        rl.costo_unitario_centavos = item.costo_unitario_centavos ? item.costo_unitario_centavos
                                                                  : p->line.costo_unitario_centavos;
        rl.creado_en = now;
        purchase_order_store::InsertReceptionLine(tx, rl);
        if (rl.costo_unitario_centavos) {
          RecordPurchaseCost(
              tx, env_, meta,
              PurchaseCost{p->line.producto_id, order->proveedor_id, *rl.costo_unitario_centavos,
                           "recepcion", rl.id,
                           "Recepción de la orden de compra N° " + std::to_string(order->numero),
                           "recepcion"});
        }
      }
      purchase_order_store::AddReceived(tx, p->line.id, p->total, now);
      p->line.cantidad_recibida += p->total;
      unidades += p->total;
    }

    bool complete = true;
    for (const auto& p : plans) complete = complete && p.line.pendiente() == 0;
    order->estado = complete ? "recibida" : "parcial";
    purchase_order_store::SetState(tx, *order, now);

    RecordAudit(
        tx, env_, meta,
        AuditEntry{
            core::AuditAction::kRecepcionOc, "orden_compra", order->id, core::AuditLevel::kInfo,
            json::object{{"numero", order->numero},
                         {"recepcion_id", rec.id},
                         {"ubicacion_id", ubicacion_id},
                         {"remito", rec.remito ? json::value(*rec.remito) : json::value(nullptr)},
                         {"lineas", static_cast<std::int64_t>(touched.size())},
                         {"unidades", unidades},
                         {"estado", order->estado}}});
    BumpCacheVersion(tx, "stock", now);
    // RecordPurchaseCost has moved `catalogo` and `precios` for every cost recorded above.

    json::array lineas;
    for (const auto& p : plans) lineas.push_back(PurchaseOrderLineJson(p.line));
    json::object data{{"recepcion_id", rec.id},
                      {"orden",
                       {{"id", order->id},
                        {"numero", order->numero},
                        {"estado", order->estado},
                        {"lineas", std::move(lineas)}}},
                      {"movimientos", std::move(movimientos)}};
    return Outcome{201, std::move(data), order->id};
  });
}

}  // namespace mm::services
