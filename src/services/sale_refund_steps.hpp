// The steps a void and a return share (services/sale_refunds.hpp): the optional open session,
// the devolución header, the refund by payment method (a cuenta_corriente share as a ledger
// `devolucion`, services/sale_credit.hpp) and the stock that goes back into the lots the sale
// took. Internal to sale_refunds.cpp and sale_return.cpp; nothing here commits.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "services/cash_register.hpp"
#include "services/context.hpp"
#include "services/credit_ledger.hpp"
#include "services/sale_store.hpp"
#include "services/stock_ledger.hpp"
#include "store/tx.hpp"

namespace mm::services::refund_steps {

// L2: the open session FOR SHARE, or nullopt when none is open.
std::optional<cash::OpenSession> LockOpenIfAny(store::Tx& tx);

// One method's share of a refund.
struct Reintegro {
  std::string metodo;
  std::int64_t monto_centavos = 0;
};

// Splits `total` over the sale's payments in the order cuenta_corriente, efectivo, then the
// others (as the sale lists them), each up to what it paid and was not yet refunded. 409
// CONFLICT reembolso_excede_pagado when the payments cannot cover it (never for a consistent sale).
core::Result<std::vector<Reintegro>> SplitRefund(const sale_store::Venta& v, std::int64_t total);

// Refusals of a refund before anything is written: an efectivo share without an open session
// (409 CASH_SESSION_CLOSED). A cuenta_corriente share is always refundable (a ledger credit, even
// to a deactivated customer).
core::Status CheckRefundable(const std::vector<Reintegro>& reintegros,
                             const std::optional<cash::OpenSession>& open);

// Inserts the devoluciones row (numero from devoluciones_numero_seq); returns its id.
std::string InsertDevolucion(store::Tx& tx, Env& env, const std::string& venta_id,
                             const std::string& tipo, bool reingresa_stock,
                             const std::optional<std::string>& sesion_caja_id,
                             const std::string& usuario_id, const std::string& motivo,
                             std::int64_t total, core::Timestamp now);
// Its devolucion_items row.
void InsertDevolucionItem(store::Tx& tx, const std::string& devolucion_id,
                          const std::string& venta_item_id, std::int64_t cantidad,
                          std::int64_t monto);

// Writes the refund: each payment's monto_reintegrado, the devolucion_reintegros rows, for
// efectivo a `devolucion` cash flow (negative) in the open session, and for cuenta_corriente a
// ledger `devolucion` (negative) to `customer` — the sale's customer from
// sale_credit::LockForRefund, locked before the venta (L3). CheckRefundable first. `anulacion`
// only words the ledger row's descripcion.
void ApplyRefund(store::Tx& tx, Env& env, const sale_store::VentaRow& venta,
                 const std::vector<Reintegro>& reintegros,
                 const std::optional<cash::OpenSession>& open, credit::Customer* customer,
                 const std::string& devolucion_id, bool anulacion, const std::string& usuario_id,
                 core::Timestamp now);

// Units of one sale line that go back into stock.
struct Restock {
  std::string venta_item_id;
  std::string producto_id;
  std::int64_t cantidad = 0;      // units back now
  std::int64_t ya_devueltas = 0;  // units of the line returned before (restocked or not)
};

// The lots `cantidad` units go back to: the lots the line took, last taken first, after the
// `ya_devueltas` units returned before came off the same end. `taken` holds the line's lots
// (positive); `row_lots` the stock row's locked lots (their expiry gives the order they were
// taken: FEFO). Throws std::logic_error when the line's kardex holds fewer units.
std::vector<stock::LotDelta> LotsToRestore(std::vector<stock::LotDelta> taken,
                                           const std::vector<stock::Lot>& row_lots,
                                           std::int64_t ya_devueltas, std::int64_t cantidad);

// L5 → L6 → L7: locks the products FOR SHARE (ascending id), then their stock rows at the sale's
// location and the rows' lots, and writes one movement of `tipo` (anulacion | devolucion) per
// line into the lots the line took. Returns the number of movements written.
int RestoreStock(store::Tx& tx, Env& env, const sale_store::Venta& v,
                 const std::vector<Restock>& lines, const std::string& tipo,
                 const std::string& devolucion_id, const std::string& usuario_id,
                 const std::string& motivo, core::Timestamp now);

}  // namespace mm::services::refund_steps
