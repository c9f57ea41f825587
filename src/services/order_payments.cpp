#include "services/order_payments.hpp"

#include <algorithm>

#include <boost/json/object.hpp>

#include "core/error.hpp"
#include "core/money.hpp"
#include "core/money_text.hpp"
#include "core/uuid.hpp"
#include "core/validation.hpp"
#include "services/cache_versions.hpp"
#include "services/cash_register.hpp"
#include "services/credit_ledger.hpp"
#include "services/order_reader.hpp"
#include "services/order_state.hpp"
#include "services/order_store.hpp"

namespace mm::services {
namespace {

namespace json = boost::json;
using core::Error;
using core::ErrorCode;

}  // namespace

core::Status ValidateOrderPayment(const OrderPaymentInput& in) {
  std::vector<core::FieldError> bad;
  if (in.tipo != "pago" && in.tipo != "reembolso") {
    bad.push_back({"tipo", "enum", "Tiene que ser pago o reembolso."});
  }
  static const std::vector<std::string> kMetodos = {"efectivo",      "debito", "credito",
                                                    "transferencia", "qr",     "cuenta_corriente"};
  if (std::find(kMetodos.begin(), kMetodos.end(), in.metodo) == kMetodos.end()) {
    bad.push_back({"metodo", "enum",
                   "Tiene que ser efectivo, debito, credito, transferencia, qr o "
                   "cuenta_corriente."});
  }
  if (in.monto_centavos < 1 || in.monto_centavos > core::kMaxCentavos) {
    bad.push_back({"monto_centavos", "rango", "Debe estar entre 1 y 100.000.000.000 centavos."});
  }
  if (in.referencia && core::CodePoints(*in.referencia) > 120) {
    bad.push_back({"referencia", "longitud", "Debe tener como máximo 120 caracteres."});
  }
  if (!bad.empty()) return Error::Validation(std::move(bad));
  return core::Ok{};
}

core::Result<IdempotentReply> OrderPayments::Register(const std::optional<IdempotencyKey>& key,
                                                      const RequestMeta& meta,
                                                      const std::string& pedido_id,
                                                      const OrderPaymentInput& in) {
  if (!key) return Error(ErrorCode::kIdempotencyKeyRequired);
  if (auto ok = ValidateOrderPayment(in); !ok.ok()) return ok.error();
  const bool pago = in.tipo == "pago";
  const bool efectivo = in.metodo == "efectivo";
  const bool cc = in.metodo == "cuenta_corriente";
  return idempotency_.Run(key, meta, [&](store::Tx& tx) -> core::Result<Outcome> {
    const auto now = env_.clock.Now();
    // Who the order belongs to never changes, so it is read before the locks it decides.
    auto header = order_store::Find(tx, pedido_id);
    if (!header) return Error::NotFound("pedido");
    // L2: the open session, FOR SHARE.
    std::optional<cash::OpenSession> session;
    if (efectivo) {
      auto s = cash::LockOpen(tx, cash::Hold::kShare);
      if (!s.ok()) return s.error();
      session = *s;
    }
    // L3: the customer.
    std::optional<credit::Customer> customer;
    if (cc) {
      if (!header->cliente_id) {
        return Error::Validation(
            {{"metodo", "formato",
              "El pedido no tiene un cliente: no se puede usar la cuenta corriente."}});
      }
      customer = credit::LockCustomer(tx, *header->cliente_id);
      if (!customer) return Error::ReferenceNotFound("cliente_id");
    }
    // L4: the order, read again under its lock.
    auto o = order_store::Find(tx, pedido_id, true);
    if (o->estado == "cancelado" && pago) {
      return order_state::Refused(o->estado, "El pedido está cancelado: solo admite reembolsos.");
    }
    if (pago && o->pagado_centavos + in.monto_centavos > o->total_centavos) {
      const std::int64_t saldo = o->total_centavos - o->pagado_centavos;
      return Error(
          ErrorCode::kPaymentExceedsTotal,
          "El pago supera lo que falta pagar del pedido (" + core::FormatPesos(saldo) + ").",
          json::object{{"saldo_pendiente_centavos", saldo}});
    }
    if (!pago && in.monto_centavos > o->pagado_centavos) {
      return Error::Conflict("reembolso_excede_pagado",
                             "El reembolso supera lo pagado del pedido (" +
                                 core::FormatPesos(o->pagado_centavos) + ").");
    }

    OrderPaymentRow row;
    row.id = core::NewUuidV4(env_.random);
    row.pedido_id = o->id;
    row.tipo = in.tipo;
    row.metodo = in.metodo;
    row.monto_centavos = in.monto_centavos;
    row.usuario_id = meta.principal.user_id;
    row.referencia = in.referencia;
    row.creado_en = now;
    const std::string descripcion = "Pedido " + std::to_string(o->numero);
    if (cc) {
      credit::Entry e;
      e.usuario_id = meta.principal.user_id;
      e.pedido_id = o->id;
      e.descripcion = descripcion;
      if (pago) {
        if (auto ok = credit::RequireActive(*customer); !ok.ok()) return ok.error();
        if (auto ok = credit::CheckCredit(*customer, in.monto_centavos); !ok.ok()) {
          return ok.error();
        }
        e.tipo = "cargo";
        e.monto_centavos = in.monto_centavos;
      } else {
        e.tipo = "devolucion";
        e.monto_centavos = -in.monto_centavos;
      }
      row.cc_movimiento_id = credit::Post(tx, env_.random, *customer, e, now).id;
    }
    if (efectivo) {
      cash::CashFlow flow;
      flow.sesion_id = session->id;
      flow.tipo = pago ? "pago_pedido" : "reembolso_pedido";
      flow.monto_centavos = pago ? in.monto_centavos : -in.monto_centavos;
      flow.pedido_id = o->id;
      flow.usuario_id = meta.principal.user_id;
      cash::RecordFlow(tx, env_.random, flow, now);
      row.sesion_caja_id = session->id;
    }
    order_store::InsertPayment(tx, row);
    OrderRow next = *o;
    next.pagado_centavos += pago ? in.monto_centavos : -in.monto_centavos;
    next.estado_pago = DerivedPaymentState(next.total_centavos, next.pagado_centavos);
    order_store::Update(tx, next, now);
    json::object data{{"pago", OrderPaymentJson(tx, row)},
                      {"pedido", json::object{{"id", o->id},
                                              {"pagado_centavos", next.pagado_centavos},
                                              {"estado_pago", next.estado_pago},
                                              {"version", next.version + 1}}}};
    BumpCacheVersion(tx, order_state::kCacheNamespace, now);
    if (efectivo) BumpCacheVersion(tx, "ventas", now);
    return Outcome{201, std::move(data), o->id};
  });
}

}  // namespace mm::services
