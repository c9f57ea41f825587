// Voids and returns of a POS sale (domain.md §2.3 "Void a sale", "Return items"; api.md §9.1;
// I14, I15, I22). Both run under the idempotency layer (key required) in the lock order of
// domain.md §0: L2 the open cash session FOR SHARE → L3 the sale's customer when it has a
// cuenta_corriente payment → L4 the venta and its items FOR UPDATE → L5 productos FOR SHARE → L6
// stock rows (ascending product id) → L7 their lots. Every payment is refunded by its own method:
// efectivo from the open session (a `devolucion` cash flow), cuenta_corriente as a ledger
// `devolucion` (negative, naming the sale and the devolución; a deactivated customer still gets
// it), others recorded as reintegros the cashier executes on the terminal. Units go back into the
// lots the sale took them from: `anulacion` movements for a void, `devolucion` movements for a
// restocked return.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/result.hpp"
#include "services/context.hpp"
#include "services/idempotency.hpp"

namespace mm::services {

struct VoidInput {
  std::string motivo;  // 3..200
};

struct ReturnItemInput {
  std::string venta_item_id;
  std::int64_t cantidad = 0;  // ≥ 1
};

struct ReturnInput {
  std::vector<ReturnItemInput> items;  // 1..200, each line at most once
  bool reingresa_stock = true;         // false: the goods are waste, no stock moves
  std::string motivo;                  // 3..200
};

// Step 1 of the template: 400 VALIDATION_ERROR listing every bad field.
[[nodiscard]] std::vector<core::FieldError> CheckVoid(const VoidInput& in);
[[nodiscard]] std::vector<core::FieldError> CheckReturn(const ReturnInput& in);

// The refund of one return line: floor((subtotal − monto_devuelto) × cantidad / (item cantidad −
// cantidad_devuelta)), so the line's last return refunds the exact remainder.
[[nodiscard]] std::int64_t ReturnLineRefund(std::int64_t subtotal, std::int64_t monto_devuelto,
                                            std::int64_t item_cantidad,
                                            std::int64_t cantidad_devuelta, std::int64_t cantidad);

class SaleRefunds {
 public:
  SaleRefunds(Env& env, Idempotency& idempotency) : env_(env), idempotency_(idempotency) {}

  // POST /api/ventas/:id/anular: 200 venta (estado anulada). 404; 403 (V: not its own sale, or
  // its session is no longer open); 409 INVALID_STATE_TRANSITION (already void, has returns, or
  // its session is closed).
  core::Result<IdempotentReply> Void(const std::optional<IdempotencyKey>& key,
                                     const RequestMeta& meta, const std::string& venta_id,
                                     const VoidInput& in);
  // POST /api/ventas/:id/devoluciones: 201 {id, numero, venta_id, items[], total_centavos,
  // reingresa_stock, reintegros[], …}. 404; 409 INVALID_STATE_TRANSITION (anulada),
  // RETURN_EXCEEDS_SOLD {items[]}, CASH_SESSION_CLOSED (a cash refund without an open session);
  // 422 REFERENCE_NOT_FOUND (a line of another sale).
  core::Result<IdempotentReply> Return(const std::optional<IdempotencyKey>& key,
                                       const RequestMeta& meta, const std::string& venta_id,
                                       const ReturnInput& in);

 private:
  Env& env_;
  Idempotency& idempotency_;
};

}  // namespace mm::services
