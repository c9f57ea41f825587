// Transfer between locations (domain.md §2.1, I8): two `transferencia` movements sharing one
// transferencia_id, lots leaving FEFO (or the given lot) and entering the destination lot with
// the same (lote, fecha_vencimiento).
#include <algorithm>

#include <boost/json/array.hpp>

#include "core/uuid.hpp"
#include "services/audit.hpp"
#include "services/stock_movement_refs.hpp"
#include "services/stock_movements.hpp"

namespace mm::services {
namespace {

namespace json = boost::json;

constexpr std::string_view kEarlierReceipt =
    "UPDATE stock_lotes SET ingresado_en = $2, actualizado_en = $3 WHERE id = $1";

}  // namespace

core::Result<MovementResult> StockMovements::Transfer(store::Tx& tx, const RequestMeta& meta,
                                                      const MovementInput& in, const Refs& refs) {
  const std::string& p = refs.producto.id;
  const std::string& from = refs.ubicacion.id;
  const std::string& to = refs.destino->id;
  // L6 in ascending ubicacion_id, then L7 in the same order.
  const bool origin_first = from < to;
  stock::StockRow origin, dest;
  if (origin_first) {
    origin = stock::LockStockRow(tx, env_.random, p, from, refs.now);
    dest = stock::LockStockRow(tx, env_.random, p, to, refs.now);
  } else {
    dest = stock::LockStockRow(tx, env_.random, p, to, refs.now);
    origin = stock::LockStockRow(tx, env_.random, p, from, refs.now);
  }
  std::vector<stock::Lot> origin_lots, dest_lots;
  if (origin_first) {
    origin_lots = stock::LockLots(tx, origin, refs.today);
    dest_lots = stock::LockLots(tx, dest, refs.today);
  } else {
    dest_lots = stock::LockLots(tx, dest, refs.today);
    origin_lots = stock::LockLots(tx, origin, refs.today);
  }

  std::optional<std::int64_t> lot_qty;
  if (in.lote_id) {
    auto it = std::find_if(origin_lots.begin(), origin_lots.end(),
                           [&](const stock::Lot& l) { return l.id == *in.lote_id; });
    if (it == origin_lots.end()) return core::Error::ReferenceNotFound("lote_id");
    lot_qty = it->cantidad;
  }
  const std::int64_t reservado = stock::Reserved(tx, p, from, refs.now);
  std::int64_t disponible = std::max<std::int64_t>(0, origin.cantidad - reservado);
  if (lot_qty) disponible = std::min(disponible, *lot_qty);
  if (in.cantidad > disponible) return InsufficientStock(refs.producto, disponible, in.cantidad);
  auto plan = stock::PlanOutflow(origin_lots, in.cantidad, in.lote_id);
  if (!plan) return InsufficientStock(refs.producto, disponible, in.cantidad);

  const std::string transferencia_id = core::NewUuidV4(env_.random);
  stock::MovementSpec out_spec;
  out_spec.tipo = "transferencia";
  out_spec.motivo = in.motivo;
  out_spec.observaciones = in.observaciones;
  out_spec.transferencia_id = transferencia_id;
  out_spec.usuario_id = refs.usuario_id;
  out_spec.lots = *plan;

  // The destination lots: same (lote, fecha), keeping the earliest receipt time.
  stock::MovementSpec in_spec = out_spec;
  in_spec.lots.clear();
  json::array lotes;
  for (const auto& d : *plan) {
    const stock::Lot src = *std::find_if(origin_lots.begin(), origin_lots.end(),
                                         [&](const stock::Lot& l) { return l.id == d.lote_id; });
    auto target = stock::EnsureLot(tx, env_.random, dest, dest_lots, src.lote,
                                   src.fecha_vencimiento, src.ingresado_en, refs.now);
    for (auto& l : dest_lots) {
      if (l.id == target && src.ingresado_en < l.ingresado_en) {
        tx.Exec(kEarlierReceipt, {l.id, src.ingresado_en, refs.now});
        l.ingresado_en = src.ingresado_en;
      }
    }
    in_spec.lots.push_back({target, -d.delta});
    lotes.push_back(json::object{{"lote_origen_id", src.id},
                                 {"lote_destino_id", target},
                                 {"lote", src.lote},
                                 {"cantidad", -d.delta}});
  }
  auto m_out = stock::ApplyMovement(tx, env_.random, origin, origin_lots, out_spec, refs.now);
  auto m_in = stock::ApplyMovement(tx, env_.random, dest, dest_lots, in_spec, refs.now);

  AuditEntry audit;
  audit.accion = core::AuditAction::kTransferencia;
  audit.entidad_tipo = "transferencia";
  audit.entidad_id = transferencia_id;
  audit.detalles =
      json::object{{"producto_id", p},         {"producto", refs.producto.nombre},
                   {"origen_id", from},        {"destino_id", to},
                   {"cantidad", in.cantidad},  {"movimientos", json::array{m_out.id, m_in.id}},
                   {"lotes", std::move(lotes)}};
  RecordAudit(tx, env_, meta, audit);
  AuditLarge(tx, meta, refs, m_out);

  MovementResult out;
  out.movement_ids = {m_out.id, m_in.id};
  out.stock = {{from, origin.cantidad, reservado},
               {to, dest.cantidad, stock::Reserved(tx, p, to, refs.now)}};
  return out;
}

}  // namespace mm::services
