// The store's one register (api.md §9.2): the open cash session every sale, void, cash refund and
// cash payment records itself in, and the cash flows (movimientos_caja) that the arqueo sums
// (domain.md §1.4, §2.3; I16, I17). Nothing here commits: operations call these inside their own
// write transaction, at lock level L2 of domain.md §0.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/random.hpp"
#include "core/result.hpp"
#include "store/tx.hpp"

namespace mm::services::cash {

struct OpenSession {
  std::string id;
  std::int64_t numero = 0;
  std::string abierta_por;
  core::Timestamp abierta_en;
  std::int64_t monto_inicial_centavos = 0;
};

// How the open session is held: FOR SHARE by sales, refunds and cash-ins (many at once), FOR
// UPDATE by a retiro and the close (which so wait for in-flight sales). PostgreSQL only; SQLite's
// one writer serialises writers already.
enum class Hold { kShare, kUpdate };

// The open session, locked; 409 CASH_SESSION_CLOSED when none is open.
core::Result<OpenSession> LockOpen(store::Tx& tx, Hold hold);
// The open session without a lock (reads); nullopt when none is open.
std::optional<OpenSession> FindOpen(store::Tx& tx);

// One row of movimientos_caja. `monto_centavos` carries its sign: > 0 for venta, pago_cc,
// pago_pedido, ingreso; < 0 for devolucion, reembolso_pedido, retiro (the table's CHECK).
struct CashFlow {
  std::string sesion_id;
  std::string tipo;
  std::int64_t monto_centavos = 0;
  std::optional<std::string> venta_id;
  std::optional<std::string> devolucion_id;
  std::optional<std::string> pedido_id;         // pago_pedido, reembolso_pedido
  std::optional<std::string> cc_movimiento_id;  // pago_cc: the ledger row it settles
  std::string usuario_id;
  std::optional<std::string> motivo;
};

// Inserts the row; returns its id.
std::string RecordFlow(store::Tx& tx, core::Random& random, const CashFlow& flow,
                       core::Timestamp now);

// monto_inicial + Σ movimientos_caja of the session: the cash the drawer should hold.
std::int64_t ExpectedCash(store::Tx& tx, std::string_view sesion_id);

}  // namespace mm::services::cash
