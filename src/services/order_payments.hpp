// Order payments (domain.md §2.4 "Register order payment"; api.md §10.2 POST
// /api/pedidos/:id/pagos; I22, I24): a pago adds to what the order has paid and a reembolso
// subtracts, each by one method. Cash goes through the open session's drawer (pago_pedido /
// reembolso_pedido), cuenta_corriente through the customer's ledger (a cargo within the credit
// limit, or a devolucion). The amount paid never leaves [0, total] and estado_pago follows it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/result.hpp"
#include "services/context.hpp"
#include "services/idempotency.hpp"

namespace mm::services {

struct OrderPaymentInput {
  std::string tipo = "pago";  // pago | reembolso
  std::string metodo;         // efectivo | debito | credito | transferencia | qr | cuenta_corriente
  std::int64_t monto_centavos = 0;        // 1–10^11
  std::optional<std::string> referencia;  // ≤ 120
};

// Step 1 of the template: 400 VALIDATION_ERROR listing every bad field.
core::Status ValidateOrderPayment(const OrderPaymentInput& in);

class OrderPayments {
 public:
  OrderPayments(Env& env, Idempotency& idempotency) : env_(env), idempotency_(idempotency) {}

  // Key required. Locks the open session FOR SHARE (efectivo; none → 409 CASH_SESSION_CLOSED),
  // the customer (cuenta_corriente; an order without one → 400), then the order. 201 {pago,
  // pedido:{id, pagado_centavos, estado_pago}}; 404; 409 INVALID_STATE_TRANSITION (a pago on a
  // cancelado order), PAYMENT_EXCEEDS_TOTAL {saldo_pendiente_centavos}, CONFLICT
  // reembolso_excede_pagado, CREDIT_LIMIT_EXCEEDED, CUSTOMER_INACTIVE (a cc pago).
  core::Result<IdempotentReply> Register(const std::optional<IdempotencyKey>& key,
                                         const RequestMeta& meta, const std::string& pedido_id,
                                         const OrderPaymentInput& in);

 private:
  Env& env_;
  Idempotency& idempotency_;
};

}  // namespace mm::services
