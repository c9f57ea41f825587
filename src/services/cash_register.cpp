#include "services/cash_register.hpp"

#include "core/error.hpp"
#include "core/uuid.hpp"

namespace mm::services::cash {
namespace {

constexpr std::string_view kSelectOpen =
    "SELECT id, numero, abierta_por, abierta_en, monto_inicial_centavos FROM sesiones_caja "
    "WHERE estado = 'abierta'";

OpenSession FromRow(const store::Row& r) {
  return OpenSession{r.Text("id"), r.Int("numero"), r.Text("abierta_por"), r.Time("abierta_en"),
                     r.Int("monto_inicial_centavos")};
}

}  // namespace

core::Result<OpenSession> LockOpen(store::Tx& tx, Hold hold) {
  std::string sql(kSelectOpen);
  if (tx.dialect() == store::Dialect::kPostgres) {
    sql += hold == Hold::kShare ? " FOR SHARE" : " FOR UPDATE";
  }
  auto row = tx.QueryOne(sql);
  if (!row) {
    return core::Error(core::ErrorCode::kCashSessionClosed,
                       "No hay una caja abierta. Abrí la caja para continuar.");
  }
  return FromRow(*row);
}

std::optional<OpenSession> FindOpen(store::Tx& tx) {
  auto row = tx.QueryOne(std::string(kSelectOpen));
  if (!row) return std::nullopt;
  return FromRow(*row);
}

std::string RecordFlow(store::Tx& tx, core::Random& random, const CashFlow& flow,
                       core::Timestamp now) {
  std::string id = core::NewUuidV4(random);
  tx.Exec(
      "INSERT INTO movimientos_caja (id, sesion_id, tipo, monto_centavos, venta_id, "
      "devolucion_id, pedido_id, cc_movimiento_id, usuario_id, motivo, creado_en) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
      {id, flow.sesion_id, flow.tipo, flow.monto_centavos, flow.venta_id, flow.devolucion_id,
       flow.pedido_id, flow.cc_movimiento_id, flow.usuario_id, flow.motivo, now});
  return id;
}

std::int64_t ExpectedCash(store::Tx& tx, std::string_view sesion_id) {
  auto row = tx.QueryOne(
      "SELECT s.monto_inicial_centavos + COALESCE((SELECT SUM(m.monto_centavos) FROM "
      "movimientos_caja m WHERE m.sesion_id = s.id), 0) FROM sesiones_caja s WHERE s.id = $1",
      {std::string(sesion_id)});
  return row ? row->Int(0) : 0;
}

}  // namespace mm::services::cash
