#include "services/credit_ledger.hpp"

#include "core/error.hpp"
#include "core/money_text.hpp"
#include "core/uuid.hpp"
#include "services/cache_versions.hpp"

namespace mm::services::credit {
namespace {

constexpr std::string_view kSelect =
    "SELECT id, nombre, activo, limite_credito_centavos, saldo_centavos, cc_secuencia FROM "
    "clientes WHERE id = $1";

std::optional<Customer> Read(store::Tx& tx, std::string_view id, bool lock) {
  std::string sql(kSelect);
  if (lock && tx.dialect() == store::Dialect::kPostgres) sql += " FOR UPDATE";
  auto row = tx.QueryOne(sql, {std::string(id)});
  if (!row) return std::nullopt;
  return Customer{row->Text("id"),
                  row->Text("nombre"),
                  row->Bool("activo"),
                  row->Int("limite_credito_centavos"),
                  row->Int("saldo_centavos"),
                  row->Int("cc_secuencia")};
}

}  // namespace

std::optional<Customer> LockCustomer(store::Tx& tx, std::string_view id) {
  return Read(tx, id, true);
}

std::optional<Customer> FindCustomer(store::Tx& tx, std::string_view id) {
  return Read(tx, id, false);
}

core::Status RequireActive(const Customer& c) {
  if (c.activo) return core::Ok{};
  return core::Error(core::ErrorCode::kCustomerInactive,
                     "El cliente " + c.nombre + " está inactivo.");
}

core::Status CheckCredit(const Customer& c, std::int64_t monto_centavos) {
  const std::int64_t excedente = c.saldo_centavos + monto_centavos - c.limite_credito_centavos;
  if (excedente <= 0 && c.limite_credito_centavos > 0) return core::Ok{};
  std::string msg = c.limite_credito_centavos == 0
                        ? "El cliente " + c.nombre + " no tiene crédito habilitado (límite $ 0)."
                        : "Supera el límite de crédito de " + c.nombre + " por " +
                              core::FormatPesos(excedente) + ".";
  return core::Error(core::ErrorCode::kCreditLimitExceeded, std::move(msg),
                     {{"saldo_centavos", c.saldo_centavos},
                      {"limite_centavos", c.limite_credito_centavos},
                      {"total_centavos", monto_centavos},
                      {"excedente_centavos", excedente}});
}

Posted Post(store::Tx& tx, core::Random& random, Customer& locked, const Entry& entry,
            core::Timestamp now) {
  Posted posted{core::NewUuidV4(random), locked.cc_secuencia + 1,
                locked.saldo_centavos + entry.monto_centavos};
  tx.Exec(
      "INSERT INTO cuentas_corrientes_movimientos (id, cliente_id, usuario_id, tipo, "
      "monto_centavos, secuencia, saldo_posterior_centavos, metodo, venta_id, devolucion_id, "
      "pedido_id, sesion_caja_id, descripcion, creado_en) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, "
      "$9, $10, $11, $12, $13, $14)",
      {posted.id, locked.id, entry.usuario_id, entry.tipo, entry.monto_centavos, posted.secuencia,
       posted.saldo_posterior_centavos, entry.metodo, entry.venta_id, entry.devolucion_id,
       entry.pedido_id, entry.sesion_caja_id, entry.descripcion, now});
  tx.Exec(
      "UPDATE clientes SET saldo_centavos = $1, cc_secuencia = $2, ultimo_movimiento_en = $3 "
      "WHERE id = $4 AND cc_secuencia = $5",
      {posted.saldo_posterior_centavos, posted.secuencia, now, locked.id, locked.cc_secuencia});
  locked.saldo_centavos = posted.saldo_posterior_centavos;
  locked.cc_secuencia = posted.secuencia;
  BumpCacheVersion(tx, "clientes", now);
  return posted;
}

}  // namespace mm::services::credit
