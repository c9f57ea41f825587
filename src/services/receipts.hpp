// Receiving a purchase order (domain.md §2.2 "Receive purchase order", api.md §8
// POST /api/compras/recepcion): per line, never above the pending quantity (I11), into lots of one
// location, through the stock engine (`recepcion` movements), with the receipt's cost recorded as
// a purchase cost, and the order's state following its lines (I12).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/result.hpp"
#include "core/store_calendar.hpp"
#include "services/context.hpp"
#include "services/idempotency.hpp"

namespace mm::services {

struct ReceiptItem {
  std::string linea_id;
  std::int64_t cantidad = 0;                            // 1..1 000 000
  std::optional<std::int64_t> costo_unitario_centavos;  // 0..10^10; default the line's cost
  std::optional<std::string> lote;                      // ≤ 40; none = the lot without code
  std::optional<std::string> fecha_vencimiento;         // ≥ today − 1 year; required when the
                                                        // product controla_vencimiento
};

struct NewReceipt {
  std::string orden_compra_id;
  std::optional<std::string> ubicacion_id;  // default: the order's
  std::optional<std::string> remito;        // ≤ 60
  std::optional<std::string> observaciones;
  std::vector<ReceiptItem> items;  // 1..200; several entries per line for several lots
};

// The input rules that need no database (ranges, dates against the store day).
[[nodiscard]] std::vector<core::FieldError> CheckNewReceipt(const NewReceipt& in, core::Date today);

class Receipts {
 public:
  Receipts(Env& env, Idempotency& idempotency) : env_(env), idempotency_(idempotency) {}

  // 201 {recepcion_id, orden:{id, numero, estado, lineas[]}, movimientos[]}; resource id = the
  // order's id (the receipt is read through its order). Locks, in the global order: the order
  // (L4), its lines in ascending producto_id, the products FOR UPDATE (L5), the stock rows (L6),
  // their lots (L7). Errors: 422 REFERENCE_NOT_FOUND (unknown order, a line of another order,
  // unknown location), 409 INVALID_STATE_TRANSITION (not pendiente/parcial),
  // RECEPTION_EXCEEDS_PENDING {lineas[]: {linea_id, pendiente}}, PRODUCT_INACTIVE, CONFLICT
  // ubicacion_inactiva, 400 when an expiring product comes without fecha_vencimiento.
  core::Result<IdempotentReply> Receive(const std::optional<IdempotencyKey>& key,
                                        const RequestMeta& meta, const NewReceipt& in);

 private:
  Env& env_;
  Idempotency& idempotency_;
};

}  // namespace mm::services
