// Credit accounts (cuentas corrientes, api.md §10.1, domain.md §2.4): a customer's payment on
// account ("Register account payment": idempotent; in cash it is held in the open session and
// shows in its arqueo as a `pago_cc` flow), the admin's adjustment (audited `cc_ajuste`), the
// summary (dinero en la calle), the balances list and a customer's statement. Every ledger row
// goes through credit::Post (services/credit_ledger.hpp), so clientes.saldo always equals the sum.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/result.hpp"
#include "services/context.hpp"
#include "services/idempotency.hpp"

namespace mm::services {

inline constexpr std::int64_t kMaxMontoCuenta = 100'000'000'000;  // 10^11

// The payment methods of api.md §9.1 a payment on account may use (all but cuenta_corriente).
[[nodiscard]] const std::vector<std::string>& AccountPaymentMethods();

struct AccountPaymentInput {
  std::string cliente_id;
  std::int64_t monto_centavos = 0;  // 1..10^11; stored as −monto (a `pago`)
  std::string metodo;
  std::optional<std::string> descripcion;  // ≤ 200
};

struct AccountAdjustmentInput {
  std::string cliente_id;
  std::int64_t monto_centavos = 0;  // ±1..10^11, never 0: > 0 raises the debt, < 0 lowers it
  std::string motivo;               // 3..200; the ledger row's descripcion
};

struct LedgerFilter {
  std::optional<core::Timestamp> desde;
  std::optional<core::Timestamp> hasta;
  int limit = 50;
  int offset = 0;
};

// Step 1 of the transaction template: 400 VALIDATION_ERROR listing every bad field.
[[nodiscard]] std::vector<core::FieldError> CheckAccountPayment(const AccountPaymentInput& in);
[[nodiscard]] std::vector<core::FieldError> CheckAccountAdjustment(
    const AccountAdjustmentInput& in);

class CreditAccounts {
 public:
  CreditAccounts(Env& env, Idempotency& idempotency) : env_(env), idempotency_(idempotency) {}

  // 201 {movimiento, saldo_centavos}; 400, 409 CASH_SESSION_CLOSED (efectivo), CUSTOMER_INACTIVE,
  // 422 REFERENCE_NOT_FOUND {campo: cliente_id}. The balance may go below 0 (credit in favour).
  core::Result<IdempotentReply> Pay(const std::optional<IdempotencyKey>& key,
                                    const RequestMeta& meta, const AccountPaymentInput& in);
  // 201 {movimiento, saldo_centavos}; 400, 403 (not an admin), 422 REFERENCE_NOT_FOUND.
  core::Result<IdempotentReply> Adjust(const std::optional<IdempotencyKey>& key,
                                       const RequestMeta& meta, const AccountAdjustmentInput& in);

  // {dinero_en_la_calle_centavos, clientes_con_deuda, saldo_a_favor_centavos, calculado_en}
  // over every customer (inactive ones too: their debt is still owed).
  core::Result<boost::json::object> Summary(const RequestMeta& meta);
  // A customer's ledger, newest first: [{id, secuencia, creado_en, tipo, monto_centavos,
  // saldo_posterior_centavos, metodo, venta_id, pedido_id, devolucion_id, sesion_caja_id,
  // descripcion, usuario:{id,nombre}}]; 404 {recurso: cliente}.
  core::Result<boost::json::array> Movements(const RequestMeta& meta, const std::string& cliente_id,
                                             const LedgerFilter& filter, std::int64_t* total);

  [[nodiscard]] core::Timestamp Now() const { return env_.clock.Now(); }

 private:
  Env& env_;
  Idempotency& idempotency_;
};

}  // namespace mm::services
