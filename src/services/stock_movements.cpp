#include "services/stock_movements.hpp"

#include <algorithm>
#include <cstdlib>

#include <boost/json/array.hpp>

#include "core/validation.hpp"
#include "services/audit.hpp"
#include "services/cache_versions.hpp"
#include "services/kardex.hpp"
#include "services/purchase_costs.hpp"
#include "services/stock_movement_refs.hpp"

namespace mm::services {
namespace {

namespace json = boost::json;

constexpr std::int64_t kMaxCantidad = 1'000'000;
constexpr std::int64_t kMaxCosto = 10'000'000'000;

bool IsOneOf(const std::string& v, std::initializer_list<std::string_view> set) {
  return std::find(set.begin(), set.end(), v) != set.end();
}

// The store day one year before `today` (29 February falls back to the 28th).
core::Date OneYearBefore(core::Date today) {
  core::Date d{today.year() - std::chrono::years(1), today.month(), today.day()};
  if (!d.ok()) d = core::Date{d.year(), d.month(), std::chrono::day(28)};
  return d;
}

std::optional<std::string> UserOrNull(const RequestMeta& meta) {
  if (meta.principal.user_id.empty()) return std::nullopt;
  return meta.principal.user_id;
}

}  // namespace

core::Error InsufficientStock(const stock::ProductInfo& p, std::int64_t disponible,
                              std::int64_t solicitado) {
  return stock::InsufficientStock({{p.id, p.nombre, disponible, solicitado}});
}

core::Status ValidateMovement(const MovementInput& in, core::Date today) {
  std::vector<core::FieldError> bad;
  const bool entrada = in.tipo == "entrada";
  const bool ajuste = in.tipo == "ajuste";
  const bool transfer = in.tipo == "transferencia";
  if (!IsOneOf(in.tipo, {"entrada", "salida", "ajuste", "transferencia"})) {
    bad.push_back({"tipo", "enum", "Tiene que ser entrada, salida, ajuste o transferencia."});
  }
  if (in.producto_id.empty()) bad.push_back({"producto_id", "requerido", "Elegí un producto."});
  const std::int64_t min = ajuste ? 0 : 1;
  if (in.cantidad < min || in.cantidad > kMaxCantidad) {
    bad.push_back(
        {"cantidad", "rango", "Debe estar entre " + std::to_string(min) + " y 1.000.000."});
  }
  if (in.motivo) {
    auto n = core::CodePoints(*in.motivo);
    if (n < 3 || n > 200) {
      bad.push_back({"motivo", "longitud", "Debe tener entre 3 y 200 caracteres."});
    }
  } else if (in.tipo == "salida" || ajuste) {
    bad.push_back({"motivo", "requerido", "Indicá el motivo."});
  }
  if (in.observaciones && core::CodePoints(*in.observaciones) > 500) {
    bad.push_back({"observaciones", "longitud", "Debe tener como máximo 500 caracteres."});
  }
  if (transfer) {
    if (!in.ubicacion_destino_id) {
      bad.push_back({"ubicacion_destino_id", "requerido", "Elegí la ubicación de destino."});
    } else if (in.ubicacion_id && *in.ubicacion_id == *in.ubicacion_destino_id) {
      bad.push_back(
          {"ubicacion_destino_id", "formato", "El destino tiene que ser distinto del origen."});
    }
  } else if (in.ubicacion_destino_id) {
    bad.push_back({"ubicacion_destino_id", "desconocido", "Solo para transferencias."});
  }
  if (!entrada) {
    for (const auto& [name, present] :
         {std::pair<const char*, bool>{"lote", in.lote.has_value()},
          {"fecha_vencimiento", in.fecha_vencimiento.has_value()},
          {"proveedor_id", in.proveedor_id.has_value()},
          {"costo_unitario_centavos", in.costo_unitario_centavos.has_value()}}) {
      if (present) bad.push_back({name, "desconocido", "Solo para entradas."});
    }
  } else {
    if (in.lote_id) bad.push_back({"lote_id", "desconocido", "Una entrada indica lote y fecha."});
    if (in.lote && core::CodePoints(*in.lote) > 40) {
      bad.push_back({"lote", "longitud", "Debe tener como máximo 40 caracteres."});
    }
    if (in.fecha_vencimiento) {
      auto d = core::ParseDate(*in.fecha_vencimiento);
      if (!d) {
        bad.push_back({"fecha_vencimiento", "formato", "Tiene que ser una fecha AAAA-MM-DD."});
      } else if (*d < OneYearBefore(today)) {
        bad.push_back({"fecha_vencimiento", "rango", "No puede ser anterior a un año atrás."});
      }
    }
    if (in.costo_unitario_centavos &&
        (*in.costo_unitario_centavos < 1 || *in.costo_unitario_centavos > kMaxCosto)) {
      bad.push_back(
          {"costo_unitario_centavos", "rango", "Debe estar entre 1 y 10.000.000.000 centavos."});
    }
  }
  if (!bad.empty()) return core::Error::Validation(std::move(bad));
  return core::Ok{};
}

json::object StockAfterJson(const StockAfter& s) {
  return json::object{{"ubicacion_id", s.ubicacion_id},
                      {"cantidad", s.cantidad},
                      {"reservado", s.reservado},
                      {"disponible", std::max<std::int64_t>(0, s.cantidad - s.reservado)}};
}

json::object ReleasedJson(const ReservationHold& r) {
  json::object o{{"id", r.id},
                 {"cantidad", r.cantidad},
                 {"referencia", r.referencia ? json::value(*r.referencia) : json::value(nullptr)}};
  if (r.pedido_id) o["pedido_id"] = *r.pedido_id;
  return o;
}

StockMovements::StockMovements(Env& env, Idempotency& idempotency, Outbox& outbox,
                               StockMovementOptions options)
    : env_(env), idempotency_(idempotency), outbox_(outbox), options_(options) {}

core::Result<StockMovements::Refs> StockMovements::CheckRefs(store::Tx& tx, const MovementInput& in,
                                                             bool lock_for_cost) {
  Refs r;
  r.now = env_.clock.Now();
  r.today = core::StoreCalendar::Default().DayOf(r.now);
  // L5: FOR UPDATE when a cost will change the product, else FOR SHARE.
  auto p = stock::LockProduct(tx, in.producto_id,
                              lock_for_cost ? stock::Lock::kUpdate : stock::Lock::kShare);
  if (!p) return core::Error::ReferenceNotFound("producto_id");
  r.producto = *p;
  std::string ubicacion = in.ubicacion_id ? *in.ubicacion_id : stock::SalesLocationId(tx);
  auto loc = stock::FindLocation(tx, ubicacion);
  if (!loc) return core::Error::ReferenceNotFound("ubicacion_id");
  r.ubicacion = *loc;
  if (in.tipo == "transferencia") {
    auto dest = stock::FindLocation(tx, *in.ubicacion_destino_id);
    if (!dest) return core::Error::ReferenceNotFound("ubicacion_destino_id");
    if (dest->id == loc->id) {
      return core::Error::Validation(
          {{"ubicacion_destino_id", "formato", "El destino tiene que ser distinto del origen."}});
    }
    r.destino = *dest;
  }
  if (in.proveedor_id &&
      !tx.QueryOne("SELECT id FROM proveedores WHERE id = $1", {*in.proveedor_id})) {
    return core::Error::ReferenceNotFound("proveedor_id");
  }
  if (in.tipo == "entrada" && p->controla_vencimiento && !in.fecha_vencimiento) {
    return core::Error::Validation({{"fecha_vencimiento", "requerido",
                                     "Este producto controla vencimiento: indicá la fecha."}});
  }
  if (!p->activo) {
    return core::Error(core::ErrorCode::kProductInactive,
                       "El producto " + p->nombre + " está desactivado.");
  }
  for (const auto* l : {&r.ubicacion, r.destino ? &*r.destino : nullptr}) {
    if (l && !l->activo) {
      return core::Error::Conflict("ubicacion_inactiva",
                                   "La ubicación " + l->nombre + " está desactivada.");
    }
  }
  return r;
}

core::Result<MovementResult> StockMovements::Apply(store::Tx& tx, const RequestMeta& meta,
                                                   const MovementInput& in) {
  auto r = Perform(tx, meta, in);
  if (r.ok()) Changed(tx, *r);
  return r;
}

void StockMovements::Changed(store::Tx& tx, const MovementResult& r) {
  if (!r.sin_cambios) BumpCacheVersion(tx, "stock", env_.clock.Now());
}

core::Result<MovementResult> StockMovements::Perform(store::Tx& tx, const RequestMeta& meta,
                                                     const MovementInput& in) {
  auto valid = ValidateMovement(in, core::StoreCalendar::Default().DayOf(env_.clock.Now()));
  if (!valid.ok()) return valid.error();
  auto refs = CheckRefs(tx, in, in.tipo == "entrada" && in.costo_unitario_centavos.has_value());
  if (!refs.ok()) return refs.error();
  refs->usuario_id = UserOrNull(meta);
  if (in.tipo == "entrada") return Entrada(tx, meta, in, *refs);
  if (in.tipo == "salida") return Salida(tx, meta, in, *refs);
  if (in.tipo == "ajuste") return Ajuste(tx, meta, in, *refs);
  return Transfer(tx, meta, in, *refs);
}

core::Result<MovementResult> StockMovements::Entrada(store::Tx& tx, const RequestMeta& meta,
                                                     const MovementInput& in, const Refs& refs) {
  auto row = stock::LockStockRow(tx, env_.random, refs.producto.id, refs.ubicacion.id, refs.now);
  auto lots = stock::LockLots(tx, row, refs.today);
  const std::string lote = in.lote.value_or("");
  auto lot_id =
      stock::EnsureLot(tx, env_.random, row, lots, lote, in.fecha_vencimiento, refs.now, refs.now);
  stock::MovementSpec spec;
  spec.tipo = "entrada";
  spec.motivo = in.motivo;
  spec.observaciones = in.observaciones;
  spec.proveedor_id = in.proveedor_id;
  spec.usuario_id = refs.usuario_id;
  spec.lots = {{lot_id, in.cantidad}};
  auto m = stock::ApplyMovement(tx, env_.random, row, lots, spec, refs.now);

  MovementResult out;
  if (in.costo_unitario_centavos) {
    PurchaseCost cost;
    cost.producto_id = refs.producto.id;
    cost.proveedor_id = in.proveedor_id;
    cost.costo_unitario_centavos = *in.costo_unitario_centavos;
    cost.origen = "recepcion";
    cost.historial_origen = "recepcion";
    RecordPurchaseCost(tx, env_, meta, cost);
    out.costo_registrado = true;
  }
  AuditLarge(tx, meta, refs, m);
  out.movement_ids = {m.id};
  out.stock = {{refs.ubicacion.id, row.cantidad,
                stock::Reserved(tx, refs.producto.id, refs.ubicacion.id, refs.now)}};
  for (const auto& l : lots) {
    if (l.id == lot_id) out.lote = l;
  }
  out.lote_default = lote.empty() && !in.fecha_vencimiento;
  return out;
}

core::Result<MovementResult> StockMovements::Salida(store::Tx& tx, const RequestMeta& meta,
                                                    const MovementInput& in, const Refs& refs) {
  auto row = stock::LockStockRow(tx, env_.random, refs.producto.id, refs.ubicacion.id, refs.now);
  auto lots = stock::LockLots(tx, row, refs.today);
  const stock::Lot* lot = nullptr;
  if (in.lote_id) {
    for (const auto& l : lots) {
      if (l.id == *in.lote_id) lot = &l;
    }
    if (!lot) return core::Error::ReferenceNotFound("lote_id");
  }
  // L8 is not locked: a new hold takes the stock row lock first, which this transaction holds.
  const std::int64_t reservado = stock::Reserved(tx, refs.producto.id, refs.ubicacion.id, refs.now);
  std::int64_t disponible = std::max<std::int64_t>(0, row.cantidad - reservado);
  if (lot) disponible = std::min(disponible, lot->cantidad);
  if (in.cantidad > disponible) return InsufficientStock(refs.producto, disponible, in.cantidad);
  auto plan = stock::PlanOutflow(lots, in.cantidad, in.lote_id);
  if (!plan) return InsufficientStock(refs.producto, disponible, in.cantidad);

  stock::MovementSpec spec;
  spec.tipo = "salida";
  spec.motivo = in.motivo;
  spec.observaciones = in.observaciones;
  spec.usuario_id = refs.usuario_id;
  spec.lots = *plan;
  auto m = stock::ApplyMovement(tx, env_.random, row, lots, spec, refs.now);
  AuditLarge(tx, meta, refs, m);
  MovementResult out;
  out.movement_ids = {m.id};
  out.stock = {{refs.ubicacion.id, row.cantidad, reservado}};
  return out;
}

void StockMovements::AuditLarge(store::Tx& tx, const RequestMeta& meta, const Refs& refs,
                                const stock::MovementRecord& m) {
  if (std::llabs(m.delta) < options_.movimiento_grande_umbral) return;
  AuditEntry e;
  e.accion = core::AuditAction::kMovimientoGrande;
  e.entidad_tipo = "movimiento";
  e.entidad_id = m.id;
  e.nivel = core::AuditLevel::kWarning;
  e.detalles = json::object{{"tipo", m.tipo},
                            {"producto_id", m.producto_id},
                            {"producto", refs.producto.nombre},
                            {"ubicacion_id", m.ubicacion_id},
                            {"cantidad", m.delta},
                            {"cantidad_anterior", m.anterior},
                            {"cantidad_nueva", m.nueva},
                            {"umbral", options_.movimiento_grande_umbral}};
  RecordAudit(tx, env_, meta, e);
}

namespace {

// The kardex rows of `ids`, in that order.
json::array MovementsJson(store::Tx& tx, const std::vector<std::string>& ids) {
  KardexFilter f;
  f.ids = ids;
  f.limit = 0;
  auto rows = QueryKardex(tx, f);
  json::array out;
  for (const auto& id : ids) {
    for (const auto& r : rows) {
      if (r.id == id) out.push_back(KardexRowJson(r));
    }
  }
  return out;
}

json::array StockJson(const std::vector<StockAfter>& stock) {
  json::array out;
  for (const auto& s : stock) out.push_back(StockAfterJson(s));
  return out;
}

}  // namespace

core::Result<IdempotentReply> StockMovements::Register(const std::optional<IdempotencyKey>& key,
                                                       const RequestMeta& meta,
                                                       const MovementInput& in) {
  auto valid = ValidateMovement(in, core::StoreCalendar::Default().DayOf(env_.clock.Now()));
  if (!valid.ok()) return valid.error();
  return idempotency_.Run(key, meta, [&](store::Tx& tx) -> core::Result<Outcome> {
    auto r = Perform(tx, meta, in);
    if (!r.ok()) return r.error();
    if (r->sin_cambios) {
      return Outcome{200, json::object{{"sin_cambios", true}, {"stock", StockJson(r->stock)}}, ""};
    }
    json::array released;
    for (const auto& rel : r->released) released.push_back(ReleasedJson(rel));
    json::object data{{"movimientos", MovementsJson(tx, r->movement_ids)},
                      {"stock", StockJson(r->stock)},
                      {"reservas_liberadas", std::move(released)}};
    Changed(tx, *r);
    return Outcome{201, std::move(data), in.producto_id};
  });
}

core::Result<IdempotentReply> StockMovements::Ingreso(const std::optional<IdempotencyKey>& key,
                                                      const RequestMeta& meta,
                                                      const MovementInput& in) {
  if (in.tipo != "entrada") throw std::invalid_argument("Ingreso: only entradas");
  auto valid = ValidateMovement(in, core::StoreCalendar::Default().DayOf(env_.clock.Now()));
  if (!valid.ok()) return valid.error();
  return idempotency_.Run(key, meta, [&](store::Tx& tx) -> core::Result<Outcome> {
    auto r = Perform(tx, meta, in);
    if (!r.ok()) return r.error();
    auto movs = MovementsJson(tx, r->movement_ids);
    json::object data{{"movimiento", movs.at(0)}, {"costo_registrado", r->costo_registrado}};
    if (r->lote && !r->lote_default) {
      data["lote"] =
          json::object{{"id", r->lote->id},
                       {"lote", r->lote->lote},
                       {"fecha_vencimiento", r->lote->fecha_vencimiento
                                                 ? json::value(*r->lote->fecha_vencimiento)
                                                 : json::value(nullptr)},
                       {"cantidad", r->lote->cantidad}};
    }
    Changed(tx, *r);
    return Outcome{201, std::move(data), in.producto_id};
  });
}

}  // namespace mm::services
