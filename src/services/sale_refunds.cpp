// Void a sale (domain.md §2.3): everything back — every payment by its method, every unit into
// the lots it came from — while the sale's session is still open.
#include "services/sale_refunds.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "core/validation.hpp"
#include "services/audit.hpp"
#include "services/cache_versions.hpp"
#include "services/sale_credit.hpp"
#include "services/sale_reader.hpp"
#include "services/sale_refund_steps.hpp"

namespace mm::services {
namespace {

namespace json = boost::json;
using core::Error;
using core::ErrorCode;

void CheckMotivo(const std::string& motivo, std::vector<core::FieldError>& errors) {
  const auto n = core::CodePoints(core::Trim(motivo));
  if (n < 3 || n > 200) {
    errors.push_back({"motivo", n == 0 ? "requerido" : "longitud", "Entre 3 y 200 caracteres."});
  }
}

Error StateError(const std::string& estado_actual, std::string message) {
  Error e(ErrorCode::kInvalidStateTransition, std::move(message));
  e.details["estado_actual"] = estado_actual;
  e.details["permitidos"] = json::array{"completada"};
  return e;
}

}  // namespace

std::vector<core::FieldError> CheckVoid(const VoidInput& in) {
  std::vector<core::FieldError> errors;
  CheckMotivo(in.motivo, errors);
  return errors;
}

std::vector<core::FieldError> CheckReturn(const ReturnInput& in) {
  std::vector<core::FieldError> errors;
  if (in.items.empty() || in.items.size() > 200) {
    errors.push_back({"items", in.items.empty() ? "requerido" : "rango", "Entre 1 y 200 líneas."});
  }
  for (std::size_t i = 0; i < in.items.size(); ++i) {
    const auto& it = in.items[i];
    const std::string path = "items[" + std::to_string(i) + "]";
    if (it.cantidad < 1 || it.cantidad > 1'000'000) {
      errors.push_back({path + ".cantidad", "rango", "Debe estar entre 1 y 1000000."});
    }
    for (std::size_t j = 0; j < i; ++j) {
      if (in.items[j].venta_item_id == it.venta_item_id) {
        errors.push_back(
            {path + ".venta_item_id", "formato", "Esa línea ya está en la devolución."});
        break;
      }
    }
  }
  CheckMotivo(in.motivo, errors);
  return errors;
}

std::int64_t ReturnLineRefund(std::int64_t subtotal, std::int64_t monto_devuelto,
                              std::int64_t item_cantidad, std::int64_t cantidad_devuelta,
                              std::int64_t cantidad) {
  const std::int64_t quedan = item_cantidad - cantidad_devuelta;
  if (quedan <= 0 || cantidad <= 0 || cantidad > quedan) {
    throw std::invalid_argument("ReturnLineRefund outside the line");
  }
  const __int128 resto = subtotal - monto_devuelto;
  return static_cast<std::int64_t>(resto * cantidad / quedan);
}

core::Result<IdempotentReply> SaleRefunds::Void(const std::optional<IdempotencyKey>& key,
                                                const RequestMeta& meta,
                                                const std::string& venta_id, const VoidInput& in) {
  if (auto errors = CheckVoid(in); !errors.empty()) return Error::Validation(errors);
  const std::string motivo(core::Trim(in.motivo));
  return idempotency_.Run(key, meta, [&](store::Tx& tx) -> core::Result<Outcome> {
    const auto now = env_.clock.Now();
    const std::string& usuario = meta.principal.user_id;
    auto open = refund_steps::LockOpenIfAny(tx);                     // L2
    auto customer = sale_credit::LockForRefund(tx, venta_id);        // L3 (cuenta_corriente)
    auto sale = sale_store::FindVenta(tx, venta_id, /*lock=*/true);  // L4
    if (!sale) return Error::NotFound("venta");
    const auto& v = sale->venta;
    const bool session_open = open && open->id == v.sesion_caja_id;
    if (meta.principal.role != core::Role::kAdmin && (v.usuario_id != usuario || !session_open)) {
      return Error(ErrorCode::kForbidden,
                   "Solo podés anular tus propias ventas mientras su caja sigue abierta. Pedile "
                   "a un administrador o hacé una devolución.");
    }
    if (v.estado == "anulada") return StateError(v.estado, "La venta ya está anulada.");
    if (v.devuelto_centavos > 0) {
      return StateError(v.estado,
                        "La venta tiene devoluciones: no se puede anular. Devolvé lo que queda.");
    }
    if (!session_open) {
      return StateError(v.estado,
                        "La caja de esta venta ya se cerró: no se puede anular. Hacé una "
                        "devolución.");
    }

    // Every payment back in full, by its own method.
    std::vector<refund_steps::Reintegro> reintegros;
    for (const auto& p : sale->pagos) {
      const auto resto = p.monto_centavos - p.monto_reintegrado_centavos;
      if (resto > 0) reintegros.push_back({p.metodo, resto});
    }
    if (auto ok = refund_steps::CheckRefundable(reintegros, open); !ok.ok()) return ok.error();
    const std::int64_t total = v.total_centavos - v.devuelto_centavos;
    if (total <= 0) {
      // devoluciones.total_centavos > 0: a sale of total 0 has nothing to refund.
      return StateError(v.estado, "La venta no tiene importe para anular.");
    }

    const auto devolucion_id = refund_steps::InsertDevolucion(
        tx, env_, v.id, "anulacion", true, open->id, usuario, motivo, total, now);
    std::vector<refund_steps::Restock> lines;
    for (const auto& it : sale->items) {
      const auto cantidad = it.cantidad - it.cantidad_devuelta;
      const auto monto = it.subtotal_centavos - it.monto_devuelto_centavos;
      if (cantidad <= 0) continue;
      refund_steps::InsertDevolucionItem(tx, devolucion_id, it.id, cantidad, monto);
      tx.Exec(
          "UPDATE venta_items SET cantidad_devuelta = cantidad, monto_devuelto_centavos = "
          "subtotal_centavos WHERE id = $1",
          {it.id});
      lines.push_back({it.id, it.producto_id, cantidad, it.cantidad_devuelta});
    }
    refund_steps::ApplyRefund(tx, env_, v, reintegros, open, customer ? &*customer : nullptr,
                              devolucion_id, /*anulacion=*/true, usuario, now);
    tx.Exec(
        "UPDATE ventas SET estado = 'anulada', devuelto_centavos = total_centavos, "
        "actualizado_en = $2 WHERE id = $1",
        {v.id, now});
    refund_steps::RestoreStock(tx, env_, *sale, lines, "anulacion", devolucion_id, usuario, motivo,
                               now);

    json::array metodos;
    for (const auto& r : reintegros) {
      metodos.push_back(json::object{{"metodo", r.metodo}, {"monto_centavos", r.monto_centavos}});
    }
    AuditEntry audit;
    audit.accion = core::AuditAction::kVentaAnulada;
    audit.entidad_tipo = "venta";
    audit.entidad_id = v.id;
    audit.nivel = core::AuditLevel::kWarning;
    audit.detalles = json::object{{"numero", v.numero},      {"devolucion_id", devolucion_id},
                                  {"total_centavos", total}, {"cajero_id", v.usuario_id},
                                  {"motivo", motivo},        {"reintegros", std::move(metodos)}};
    RecordAudit(tx, env_, meta, audit);
    BumpCacheVersion(tx, "ventas", now);
    BumpCacheVersion(tx, "stock", now);
    auto data = ReadVentaJson(tx, v.id);
    return Outcome{200, std::move(*data), v.id};
  });
}

}  // namespace mm::services
