#include "services/reservation_store.hpp"

#include "services/stock_ledger.hpp"

namespace mm::services::reservation_store {
namespace {

constexpr std::string_view kSelect = R"sql(
SELECT r.id, r.producto_id, r.ubicacion_id, r.cantidad, r.estado, r.referencia, r.pedido_id,
       r.pedido_item_id, r.expira_en, r.usuario_id, u.nombre AS usuario_nombre, r.venta_id,
       r.consumida_en, r.cancelada_en, r.vencida_en, r.cancelada_por,
       c.nombre AS cancelada_por_nombre, r.motivo_cancelacion, r.creado_en, r.actualizado_en
FROM stock_reservado r
JOIN usuarios u ON u.id = r.usuario_id
LEFT JOIN usuarios c ON c.id = r.cancelada_por)sql";

ReservationRow Map(const store::Row& r) {
  ReservationRow o;
  o.id = r.Text("id");
  o.producto_id = r.Text("producto_id");
  o.ubicacion_id = r.Text("ubicacion_id");
  o.cantidad = r.Int("cantidad");
  o.estado = r.Text("estado");
  o.referencia = r.OptText("referencia");
  o.pedido_id = r.OptText("pedido_id");
  o.pedido_item_id = r.OptText("pedido_item_id");
  o.expira_en = r.OptTime("expira_en");
  o.usuario_id = r.Text("usuario_id");
  o.usuario_nombre = r.Text("usuario_nombre");
  o.venta_id = r.OptText("venta_id");
  o.consumida_en = r.OptTime("consumida_en");
  o.cancelada_en = r.OptTime("cancelada_en");
  o.vencida_en = r.OptTime("vencida_en");
  o.cancelada_por = r.OptText("cancelada_por");
  o.cancelada_por_nombre = r.OptText("cancelada_por_nombre");
  o.motivo_cancelacion = r.OptText("motivo_cancelacion");
  o.creado_en = r.Time("creado_en");
  o.actualizado_en = r.Time("actualizado_en");
  return o;
}

std::string Placeholder(std::vector<store::Value>& params, store::Value v) {
  params.push_back(std::move(v));
  return "$" + std::to_string(params.size());
}

}  // namespace

std::optional<ReservationRow> Find(store::Tx& tx, const std::string& id, bool for_update) {
  std::string sql = std::string(kSelect) + " WHERE r.id = $1";
  if (for_update && tx.dialect() == store::Dialect::kPostgres) sql += " FOR UPDATE OF r";
  auto r = tx.QueryOne(sql, {id});
  if (!r) return std::nullopt;
  return Map(*r);
}

std::vector<ReservationRow> List(store::Tx& tx, const ReservationFilter& f, std::int64_t* total) {
  std::string where = " WHERE 1 = 1";
  std::vector<store::Value> params;
  if (!f.estados.empty()) {
    const std::string now = Placeholder(params, f.now);
    std::string any;
    for (const auto& e : f.estados) {
      std::string cond;
      if (e == "activa") {
        cond = stock::EffectivelyActive("r", now);
      } else if (e == "vencida") {
        cond = "(r.estado = 'vencida' OR (r.estado = 'activa' AND r.expira_en <= " + now + "))";
      } else {
        cond = "r.estado = " + Placeholder(params, e);
      }
      any += (any.empty() ? "" : " OR ") + cond;
    }
    where += " AND (" + any + ")";
  }
  if (f.producto_id) where += " AND r.producto_id = " + Placeholder(params, *f.producto_id);
  if (f.referencia) where += " AND r.referencia = " + Placeholder(params, *f.referencia);
  if (total) {
    *total = tx.Query("SELECT COUNT(*) FROM stock_reservado r" + where, params).front().Int(0);
  }
  // Order reservations have no expiry: they come last when sorting by it, alike on both databases.
  std::string order = f.sort == "expira_en" ? "(r.expira_en IS NULL), r.expira_en, r.id"
                                            : "r.creado_en DESC, r.id DESC";
  std::string sql = std::string(kSelect) + where + " ORDER BY " + order;
  sql += " LIMIT " + Placeholder(params, static_cast<std::int64_t>(f.limit));
  sql += " OFFSET " + Placeholder(params, static_cast<std::int64_t>(f.offset));
  std::vector<ReservationRow> out;
  for (const auto& r : tx.Query(sql, params)) out.push_back(Map(r));
  return out;
}

void Insert(store::Tx& tx, const ReservationRow& r) {
  tx.Exec(R"sql(
INSERT INTO stock_reservado (id, producto_id, ubicacion_id, cantidad, estado, referencia, pedido_id,
                             pedido_item_id, expira_en, usuario_id, creado_en, actualizado_en)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12))sql",
          {r.id, r.producto_id, r.ubicacion_id, r.cantidad, r.estado, r.referencia, r.pedido_id,
           r.pedido_item_id, r.expira_en, r.usuario_id, r.creado_en, r.actualizado_en});
}

bool Cancel(store::Tx& tx, const std::string& id, core::Timestamp now,
            const std::optional<std::string>& cancelada_por,
            const std::optional<std::string>& motivo) {
  return tx.Exec(R"sql(
UPDATE stock_reservado
SET estado = 'cancelada', cancelada_en = CASE WHEN creado_en > $2 THEN creado_en ELSE $2 END,
    cancelada_por = $3, motivo_cancelacion = $4,
    actualizado_en = CASE WHEN creado_en > $2 THEN creado_en ELSE $2 END
WHERE id = $1 AND estado = 'activa')sql",
                 {id, now, cancelada_por, motivo}) == 1;
}

std::int64_t ExpireDue(store::Tx& tx, core::Timestamp now) {
  return tx.Exec(R"sql(
UPDATE stock_reservado SET estado = 'vencida', vencida_en = $1, actualizado_en = $1
WHERE estado = 'activa' AND expira_en IS NOT NULL AND expira_en <= $1)sql",
                 {now});
}

}  // namespace mm::services::reservation_store
