// The ajuste (a physical count) and the release of the reservations it no longer covers
// (domain.md §2.1, architecture.md §9 decision 3).
#include <algorithm>

#include <boost/json/array.hpp>

#include "services/audit.hpp"
#include "services/notification_body.hpp"
#include "services/reservation_store.hpp"
#include "services/stock_movement_refs.hpp"
#include "services/stock_movements.hpp"

namespace mm::services {
namespace {

namespace json = boost::json;

constexpr std::string_view kMotivoLiberacion = "stock insuficiente tras conteo";

// L8: the location's effectively active reservations, oldest first.
constexpr std::string_view kActiveReservations = R"sql(
SELECT id, cantidad, referencia, pedido_id, creado_en FROM stock_reservado
WHERE producto_id = $1 AND ubicacion_id = $2 AND estado = 'activa'
  AND (expira_en IS NULL OR expira_en > $3)
ORDER BY creado_en, id)sql";

std::vector<ReservationHold> LockActiveReservations(store::Tx& tx, const std::string& producto_id,
                                                    const std::string& ubicacion_id,
                                                    core::Timestamp now) {
  std::string sql(kActiveReservations);
  if (tx.dialect() == store::Dialect::kPostgres) sql += " FOR UPDATE";
  std::vector<ReservationHold> out;
  for (const auto& r : tx.Query(sql, {producto_id, ubicacion_id, now})) {
    out.push_back({r.Text("id"), r.Int("cantidad"), r.OptText("referencia"), r.OptText("pedido_id"),
                   r.Time("creado_en")});
  }
  return out;
}

std::int64_t Sum(const std::vector<ReservationHold>& v) {
  std::int64_t s = 0;
  for (const auto& r : v) s += r.cantidad;
  return s;
}

}  // namespace

core::Result<MovementResult> StockMovements::Ajuste(store::Tx& tx, const RequestMeta& meta,
                                                    const MovementInput& in, const Refs& refs) {
  const std::string& p = refs.producto.id;
  const std::string& u = refs.ubicacion.id;
  // A count of 0 where no stock row exists records nothing and creates nothing.
  if (!in.lote_id && in.cantidad == 0 && !stock::FindStockRow(tx, p, u)) {
    MovementResult out;
    out.sin_cambios = true;
    out.stock = {{u, 0, stock::Reserved(tx, p, u, refs.now)}};
    return out;
  }
  auto row = stock::LockStockRow(tx, env_.random, p, u, refs.now);
  auto lots = stock::LockLots(tx, row, refs.today);
  std::int64_t current = row.cantidad;
  if (in.lote_id) {
    auto it = std::find_if(lots.begin(), lots.end(),
                           [&](const stock::Lot& l) { return l.id == *in.lote_id; });
    if (it == lots.end()) return core::Error::ReferenceNotFound("lote_id");
    current = it->cantidad;
  }
  auto active = LockActiveReservations(tx, p, u, refs.now);
  const std::int64_t delta = in.cantidad - current;
  if (delta == 0) {
    MovementResult out;
    out.sin_cambios = true;
    out.stock = {{u, row.cantidad, Sum(active)}};
    return out;
  }

  stock::MovementSpec spec;
  spec.tipo = "ajuste";
  spec.motivo = in.motivo;
  spec.observaciones = in.observaciones;
  spec.usuario_id = refs.usuario_id;
  if (delta < 0) {
    auto plan = stock::PlanOutflow(lots, -delta, in.lote_id);
    if (!plan) throw std::logic_error("stock row and its lots disagree (I3)");
    spec.lots = *plan;
  } else {
    std::string target = in.lote_id ? *in.lote_id
                                    : stock::EnsureLot(tx, env_.random, row, lots, "", std::nullopt,
                                                       refs.now, refs.now);
    spec.lots = {{target, delta}};
  }
  const std::int64_t anterior = row.cantidad;
  auto m = stock::ApplyMovement(tx, env_.random, row, lots, spec, refs.now);

  MovementResult out;
  out.released = ReleaseReservations(tx, meta, refs, active, row.cantidad, m.id);

  AuditEntry audit;
  audit.accion = core::AuditAction::kStockAjustado;
  audit.entidad_tipo = "stock";
  audit.entidad_id = row.id;
  audit.detalles =
      json::object{{"movimiento_id", m.id},
                   {"producto_id", p},
                   {"producto", refs.producto.nombre},
                   {"ubicacion_id", u},
                   {"lote_id", in.lote_id ? json::value(*in.lote_id) : json::value(nullptr)},
                   {"cantidad_contada", in.cantidad},
                   {"cantidad_anterior", anterior},
                   {"cantidad_nueva", row.cantidad},
                   {"delta", m.delta},
                   {"motivo", in.motivo ? json::value(*in.motivo) : json::value(nullptr)},
                   {"reservas_liberadas", static_cast<std::int64_t>(out.released.size())}};
  RecordAudit(tx, env_, meta, audit);
  AuditLarge(tx, meta, refs, m);

  out.movement_ids = {m.id};
  out.stock = {{u, row.cantidad, Sum(active) - Sum(out.released)}};
  return out;
}

std::vector<ReservationHold> StockMovements::ReleaseReservations(
    store::Tx& tx, const RequestMeta& meta, const Refs& refs,
    const std::vector<ReservationHold>& active, std::int64_t nueva,
    const std::string& movimiento_id) {
  std::vector<ReservationHold> released;
  std::int64_t kept = 0;
  bool fits = true;
  for (const auto& r : active) {
    if (fits && kept + r.cantidad <= nueva) {
      kept += r.cantidad;
      continue;
    }
    fits = false;  // this one and every newer one are released
    released.push_back(r);
  }
  if (released.empty()) return released;

  std::string contador = "el sistema";
  if (refs.usuario_id) {
    if (auto n = tx.QueryOne("SELECT nombre FROM usuarios WHERE id = $1", {*refs.usuario_id})) {
      contador = n->Text(0);
    }
  }
  for (const auto& r : released) {
    reservation_store::Cancel(tx, r.id, refs.now, refs.usuario_id, std::string(kMotivoLiberacion));

    json::object detalles{
        {"reserva_id", r.id},
        {"producto_id", refs.producto.id},
        {"producto", refs.producto.nombre},
        {"ubicacion_id", refs.ubicacion.id},
        {"ubicacion", refs.ubicacion.nombre},
        {"cantidad_liberada", r.cantidad},
        {"referencia", r.referencia ? json::value(*r.referencia) : json::value(nullptr)},
        {"pedido_id", r.pedido_id ? json::value(*r.pedido_id) : json::value(nullptr)},
        {"cantidad_contada", nueva},
        {"contado_por", contador},
        {"movimiento_id", movimiento_id},
        {"motivo", kMotivoLiberacion}};

    AuditEntry audit;
    audit.accion = core::AuditAction::kReservaLiberadaPorConteo;
    audit.entidad_tipo = "reserva";
    audit.entidad_id = r.id;
    audit.nivel = core::AuditLevel::kWarning;
    audit.detalles = detalles;
    RecordAudit(tx, env_, meta, audit);

    // jobs.md §4.5 `reserva_liberada`; the template renderer comes with the notifications work,
    // until then the texts are composed here with the same content.
    auto body = ComposeNotificationBody(
        "Se liberó una reserva porque el conteo de stock ya no la cubre.",
        {{"Producto", refs.producto.nombre},
         {"Ubicación", refs.ubicacion.nombre},
         {"Cantidad liberada", std::to_string(r.cantidad)},
         {r.pedido_id ? "Pedido" : "Referencia",
          r.pedido_id ? *r.pedido_id : r.referencia.value_or("(sin referencia)")},
         {"Cantidad contada", std::to_string(nueva)},
         {"Contó", contador},
         {"Motivo", std::string(kMotivoLiberacion)}});

    OutboxEvent ev;
    ev.event_type = "reservation_released";
    ev.event_key = "reserva_liberada:" + r.id;
    ev.subject = "[Mini Market] Reserva liberada: " + refs.producto.nombre;
    ev.body_text = std::move(body.text);
    ev.body_html = std::move(body.html);
    ev.payload = std::move(detalles);
    outbox_.Enqueue(tx, ev);
  }
  return released;
}

}  // namespace mm::services
