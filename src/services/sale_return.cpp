// Return items (domain.md §2.3): some units of some lines, refunded per line with exact
// remainders, to the sale's payments in the order cuenta_corriente, efectivo, others; restocked
// units go back to the lots the sale took them from (last taken first), waste moves no stock.
#include <algorithm>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "core/validation.hpp"
#include "services/audit.hpp"
#include "services/cache_versions.hpp"
#include "services/sale_credit.hpp"
#include "services/sale_reader.hpp"
#include "services/sale_refund_steps.hpp"
#include "services/sale_refunds.hpp"

namespace mm::services {
namespace {

namespace json = boost::json;
using core::Error;
using core::ErrorCode;

}  // namespace

core::Result<IdempotentReply> SaleRefunds::Return(const std::optional<IdempotencyKey>& key,
                                                  const RequestMeta& meta,
                                                  const std::string& venta_id,
                                                  const ReturnInput& in) {
  if (auto errors = CheckReturn(in); !errors.empty()) return Error::Validation(errors);
  const std::string motivo(core::Trim(in.motivo));
  return idempotency_.Run(key, meta, [&](store::Tx& tx) -> core::Result<Outcome> {
    const auto now = env_.clock.Now();
    const std::string& usuario = meta.principal.user_id;
    auto open = refund_steps::LockOpenIfAny(tx);                     // L2
    auto customer = sale_credit::LockForRefund(tx, venta_id);        // L3 (cuenta_corriente)
    auto sale = sale_store::FindVenta(tx, venta_id, /*lock=*/true);  // L4
    if (!sale) return Error::NotFound("venta");
    const auto& v = sale->venta;
    if (v.estado == "anulada") {
      Error e(ErrorCode::kInvalidStateTransition,
              "La venta está anulada: no tiene nada para devolver.");
      e.details["estado_actual"] = v.estado;
      e.details["permitidos"] = json::array{"completada"};
      return e;
    }

    struct Line {
      const sale_store::VentaItemRow* item;
      std::int64_t cantidad;
      std::int64_t monto;
    };
    std::vector<Line> lines;
    json::array exceeded;
    for (std::size_t i = 0; i < in.items.size(); ++i) {
      const auto& req = in.items[i];
      auto it = std::find_if(sale->items.begin(), sale->items.end(),
                             [&](const auto& x) { return x.id == req.venta_item_id; });
      if (it == sale->items.end()) {
        return Error::ReferenceNotFound("items[" + std::to_string(i) + "].venta_item_id");
      }
      const auto quedan = it->cantidad - it->cantidad_devuelta;
      if (req.cantidad > quedan) {
        exceeded.push_back(json::object{{"venta_item_id", it->id},
                                        {"producto_id", it->producto_id},
                                        {"nombre", it->producto_nombre},
                                        {"vendido", it->cantidad},
                                        {"devuelto", it->cantidad_devuelta},
                                        {"disponible", quedan},
                                        {"solicitado", req.cantidad}});
        continue;
      }
      lines.push_back({&*it, req.cantidad,
                       ReturnLineRefund(it->subtotal_centavos, it->monto_devuelto_centavos,
                                        it->cantidad, it->cantidad_devuelta, req.cantidad)});
    }
    if (!exceeded.empty()) {
      Error e(ErrorCode::kReturnExceedsSold,
              "Querés devolver más de lo que se vendió (menos lo ya devuelto).");
      e.details["items"] = std::move(exceeded);
      return e;
    }
    std::int64_t total = 0;
    for (const auto& l : lines) total += l.monto;
    if (total <= 0) {
      // devoluciones.total_centavos > 0: units whose share of the line rounds to $ 0,00.
      return Error::Validation({{"items", "rango",
                                 "Lo que devolvés no suma nada a reintegrar: devolvé más "
                                 "unidades de la línea."}});
    }
    auto reintegros = refund_steps::SplitRefund(*sale, total);
    if (!reintegros.ok()) return reintegros.error();
    if (auto ok = refund_steps::CheckRefundable(*reintegros, open); !ok.ok()) return ok.error();

    std::optional<std::string> sesion_id;
    if (open) sesion_id = open->id;
    const auto devolucion_id = refund_steps::InsertDevolucion(
        tx, env_, v.id, "devolucion", in.reingresa_stock, sesion_id, usuario, motivo, total, now);
    std::vector<refund_steps::Restock> restock;
    for (const auto& l : lines) {
      refund_steps::InsertDevolucionItem(tx, devolucion_id, l.item->id, l.cantidad, l.monto);
      tx.Exec(
          "UPDATE venta_items SET cantidad_devuelta = cantidad_devuelta + $2, "
          "monto_devuelto_centavos = monto_devuelto_centavos + $3 WHERE id = $1",
          {l.item->id, l.cantidad, l.monto});
      if (in.reingresa_stock) {
        restock.push_back({l.item->id, l.item->producto_id, l.cantidad, l.item->cantidad_devuelta});
      }
    }
    refund_steps::ApplyRefund(tx, env_, v, *reintegros, open, customer ? &*customer : nullptr,
                              devolucion_id, /*anulacion=*/false, usuario, now);
    tx.Exec(
        "UPDATE ventas SET devuelto_centavos = devuelto_centavos + $2, actualizado_en = $3 "
        "WHERE id = $1",
        {v.id, total, now});
    const int moved = refund_steps::RestoreStock(tx, env_, *sale, restock, "devolucion",
                                                 devolucion_id, usuario, motivo, now);

    json::array items;
    for (const auto& l : lines) {
      items.push_back(json::object{{"venta_item_id", l.item->id},
                                   {"producto_id", l.item->producto_id},
                                   {"cantidad", l.cantidad},
                                   {"monto_centavos", l.monto}});
    }
    json::array metodos;
    for (const auto& r : *reintegros) {
      metodos.push_back(json::object{{"metodo", r.metodo}, {"monto_centavos", r.monto_centavos}});
    }
    AuditEntry audit;
    audit.accion = core::AuditAction::kDevolucion;
    audit.entidad_tipo = "venta";
    audit.entidad_id = v.id;
    audit.detalles =
        json::object{{"numero", v.numero},      {"devolucion_id", devolucion_id},
                     {"total_centavos", total}, {"reingresa_stock", in.reingresa_stock},
                     {"motivo", motivo},        {"items", items},
                     {"reintegros", metodos}};
    RecordAudit(tx, env_, meta, audit);
    BumpCacheVersion(tx, "ventas", now);
    if (moved > 0) BumpCacheVersion(tx, "stock", now);

    json::object out;
    for (const auto& d : sale_store::Devoluciones(tx, v.id)) {
      if (d.id == devolucion_id) out = DevolucionJson(d);
    }
    out["venta_id"] = v.id;
    out["items"] = std::move(items);
    // Location: the sale, whose detail lists its returns (a return has no path of its own).
    return Outcome{201, std::move(out), v.id};
  });
}

}  // namespace mm::services
