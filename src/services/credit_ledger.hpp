// The credit ledger (fiado, domain.md §1.5): one append-only row per cargo, pago, devolucion or
// ajuste, numbered per customer, each carrying the running balance, with clientes.saldo_centavos
// kept equal to the sum (I21–I23). Sales, their refunds, account payments, adjustments and order
// payments all post through here. Nothing here commits: operations call these inside their own
// write transaction, the customer locked at level L3 of domain.md §0.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/random.hpp"
#include "core/result.hpp"
#include "store/tx.hpp"

namespace mm::services::credit {

struct Customer {
  std::string id;
  std::string nombre;
  bool activo = true;
  std::int64_t limite_credito_centavos = 0;
  std::int64_t saldo_centavos = 0;
  std::int64_t cc_secuencia = 0;
};

// The customer FOR UPDATE (PostgreSQL; SQLite's one writer already serialises); nullopt when the
// id names no customer. Take it after the cash session (L2) and before documents (L4).
std::optional<Customer> LockCustomer(store::Tx& tx, std::string_view id);
// The same row without a lock (quotes and reads).
std::optional<Customer> FindCustomer(store::Tx& tx, std::string_view id);

// 409 CUSTOMER_INACTIVE for a deactivated customer.
core::Status RequireActive(const Customer& c);

// A new charge of `monto_centavos` (> 0) must leave saldo + monto ≤ limite_credito; a limit of 0
// means no credit at all. Otherwise 409 CREDIT_LIMIT_EXCEEDED with details {saldo_centavos,
// limite_centavos, total_centavos (the charge), excedente_centavos (by how much)}.
core::Status CheckCredit(const Customer& c, std::int64_t monto_centavos);

// One ledger row. `monto_centavos` carries the sign the tipo demands (the table's CHECK): cargo
// > 0; pago and devolucion < 0; ajuste ≠ 0. `metodo` only (and always) for pago; `descripcion`
// required for ajuste.
struct Entry {
  std::string tipo;
  std::int64_t monto_centavos = 0;
  std::string usuario_id;
  std::optional<std::string> metodo;
  std::optional<std::string> venta_id;
  std::optional<std::string> devolucion_id;
  std::optional<std::string> pedido_id;
  std::optional<std::string> sesion_caja_id;
  std::optional<std::string> descripcion;
};

struct Posted {
  std::string id;
  std::int64_t secuencia = 0;
  std::int64_t saldo_posterior_centavos = 0;
};

// Appends the row after the customer's last (secuencia + 1, saldo_posterior), updates the
// customer's saldo, cc_secuencia and ultimo_movimiento_en (and `locked` to match), and bumps the
// `clientes` cache namespace. `locked` must come from LockCustomer in this transaction.
Posted Post(store::Tx& tx, core::Random& random, Customer& locked, const Entry& entry,
            core::Timestamp now);

}  // namespace mm::services::credit
