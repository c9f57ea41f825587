#include "services/reservations.hpp"

#include <algorithm>
#include <chrono>

#include "core/uuid.hpp"
#include "core/validation.hpp"
#include "services/cache_versions.hpp"
#include "services/stock_ledger.hpp"

namespace mm::services {
namespace {

namespace json = boost::json;
using core::Error;
using core::ErrorCode;

json::value OptTime(const std::optional<core::Timestamp>& t) {
  return t ? json::value(core::FormatApiTimestamp(*t)) : json::value(nullptr);
}

Error StateError(const std::string& estado_actual, json::array permitidos, std::string message) {
  return Error(
      ErrorCode::kInvalidStateTransition, std::move(message),
      json::object{{"estado_actual", estado_actual}, {"permitidos", std::move(permitidos)}});
}

}  // namespace

core::Status ValidateReservation(const NewReservation& in) {
  std::vector<core::FieldError> bad;
  if (in.producto_id.empty()) bad.push_back({"producto_id", "requerido", "Elegí un producto."});
  if (in.cantidad < 1 || in.cantidad > kReservaMaxCantidad) {
    bad.push_back({"cantidad", "rango", "Debe estar entre 1 y 100.000."});
  }
  if (in.referencia && core::CodePoints(*in.referencia) > 120) {
    bad.push_back({"referencia", "longitud", "Debe tener como máximo 120 caracteres."});
  }
  if (in.expira_en_min < kReservaMinutosMin || in.expira_en_min > kReservaMinutosMax) {
    bad.push_back({"expira_en_min", "rango", "Debe estar entre 5 y 10.080 minutos (7 días)."});
  }
  if (!bad.empty()) return Error::Validation(std::move(bad));
  return core::Ok{};
}

json::object ReservationJson(const ReservationRow& r, core::Timestamp now) {
  // An activa row past expira_en no longer counts anywhere: it reads as vencida even before the
  // expiry sweep stamps it.
  const bool expired = r.estado == "activa" && r.expira_en && *r.expira_en <= now;
  json::object o{{"id", r.id},
                 {"producto_id", r.producto_id},
                 {"ubicacion_id", r.ubicacion_id},
                 {"cantidad", r.cantidad},
                 {"estado", expired ? std::string("vencida") : r.estado},
                 {"referencia", r.referencia ? json::value(*r.referencia) : json::value(nullptr)},
                 {"expira_en", OptTime(r.expira_en)},
                 {"creado_en", core::FormatApiTimestamp(r.creado_en)},
                 {"usuario", json::object{{"id", r.usuario_id}, {"nombre", r.usuario_nombre}}}};
  if (r.pedido_id) o["pedido_id"] = *r.pedido_id;
  if (r.venta_id) o["venta_id"] = *r.venta_id;
  if (r.consumida_en) o["consumida_en"] = core::FormatApiTimestamp(*r.consumida_en);
  if (r.cancelada_en) o["cancelada_en"] = core::FormatApiTimestamp(*r.cancelada_en);
  if (r.cancelada_por) {
    o["cancelada_por"] =
        json::object{{"id", *r.cancelada_por}, {"nombre", r.cancelada_por_nombre.value_or("")}};
  }
  if (r.motivo_cancelacion) o["motivo_cancelacion"] = *r.motivo_cancelacion;
  if (r.vencida_en) o["vencida_en"] = core::FormatApiTimestamp(*r.vencida_en);
  return o;
}

core::Result<IdempotentReply> Reservations::Create(const std::optional<IdempotencyKey>& key,
                                                   const RequestMeta& meta,
                                                   const NewReservation& in) {
  if (!key) return Error(ErrorCode::kIdempotencyKeyRequired);
  auto valid = ValidateReservation(in);
  if (!valid.ok()) return valid.error();
  return idempotency_.Run(key, meta, [&](store::Tx& tx) -> core::Result<Outcome> {
    const auto now = env_.clock.Now();
    // L5: FOR SHARE, so the product is not deactivated under the hold.
    auto p = stock::LockProduct(tx, in.producto_id, stock::Lock::kShare);
    if (!p) return Error::ReferenceNotFound("producto_id");
    const std::string ubicacion_id =
        in.ubicacion_id ? *in.ubicacion_id : stock::SalesLocationId(tx);
    auto loc = stock::FindLocation(tx, ubicacion_id);
    if (!loc) return Error::ReferenceNotFound("ubicacion_id");
    if (!p->activo) {
      return Error(ErrorCode::kProductInactive,
                   "El producto " + p->nombre + " está desactivado: no se puede reservar.");
    }
    if (!loc->activo) {
      return Error::Conflict("ubicacion_inactiva",
                             "La ubicación " + loc->nombre + " está desactivada.");
    }
    // L6, then Σ holds as a separate statement after the lock (it sees every earlier holder).
    auto row = stock::LockStockRow(tx, env_.random, p->id, loc->id, now);
    const std::int64_t reservado = stock::Reserved(tx, p->id, loc->id, now);
    const std::int64_t disponible = std::max<std::int64_t>(0, row.cantidad - reservado);
    if (in.cantidad > disponible) {
      return stock::InsufficientStock({{p->id, p->nombre, disponible, in.cantidad}});
    }
    ReservationRow r;
    r.id = core::NewUuidV4(env_.random);
    r.producto_id = p->id;
    r.ubicacion_id = loc->id;
    r.cantidad = in.cantidad;
    r.referencia = in.referencia;
    r.expira_en = now + std::chrono::minutes(in.expira_en_min);
    r.usuario_id = meta.principal.user_id;
    r.creado_en = now;
    r.actualizado_en = now;
    reservation_store::Insert(tx, r);
    auto stored = reservation_store::Find(tx, r.id);
    BumpCacheVersion(tx, "stock", now);
    return Outcome{201,
                   json::object{{"reserva", ReservationJson(*stored, now)},
                                {"disponible_restante", disponible - in.cantidad}},
                   r.id};
  });
}

core::Result<json::array> Reservations::List(const ReservationFilter& filter, std::int64_t* total,
                                             const store::TxOptions& options) {
  return env_.db.Read(
      [&](store::Tx& tx) -> core::Result<json::array> {
        json::array out;
        ReservationFilter f = filter;
        f.now = env_.clock.Now();
        for (const auto& r : reservation_store::List(tx, f, total)) {
          out.push_back(ReservationJson(r, f.now));
        }
        return out;
      },
      options);
}

core::Result<json::object> Reservations::Get(const std::string& id,
                                             const store::TxOptions& options) {
  return env_.db.Read(
      [&](store::Tx& tx) -> core::Result<json::object> {
        auto r = reservation_store::Find(tx, id);
        if (!r) return Error::NotFound("reserva");
        return ReservationJson(*r, env_.clock.Now());
      },
      options);
}

core::Result<IdempotentReply> Reservations::Cancel(const std::optional<IdempotencyKey>& key,
                                                   const RequestMeta& meta, const std::string& id,
                                                   const std::optional<std::string>& motivo) {
  if (motivo && core::CodePoints(*motivo) > 200) {
    return Error::Validation({{"motivo", "longitud", "Debe tener como máximo 200 caracteres."}});
  }
  return idempotency_.Run(key, meta, [&](store::Tx& tx) -> core::Result<Outcome> {
    const auto now = env_.clock.Now();
    auto r = reservation_store::Find(tx, id, true);
    if (!r) return Error::NotFound("reserva");
    if (!r->EffectivelyActive(now)) {
      // An activa row past expira_en is already vencida for every reader.
      const std::string actual = r->estado == "activa" ? "vencida" : r->estado;
      return StateError(
          actual, json::array{"activa"},
          actual == "vencida" ? "La reserva ya venció." : "La reserva ya está " + actual + ".");
    }
    if (r->pedido_id) {
      return StateError(r->estado, json::array{},
                        "La reserva es de un pedido: cancelá o modificá el pedido.");
    }
    reservation_store::Cancel(tx, id, now, meta.principal.user_id, motivo);
    BumpCacheVersion(tx, "stock", now);
    return Outcome{200, ReservationJson(*reservation_store::Find(tx, id), now), {}};
  });
}

std::int64_t Reservations::ExpireDue(core::Timestamp now, const store::TxOptions& options) {
  return env_.db.Write(
      [&](store::Tx& tx) {
        const std::int64_t n = reservation_store::ExpireDue(tx, now);
        if (n > 0) BumpCacheVersion(tx, "stock", now);
        return n;
      },
      options);
}

}  // namespace mm::services
