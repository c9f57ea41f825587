#include "services/credit_accounts.hpp"

#include <algorithm>

#include "core/validation.hpp"
#include "services/audit.hpp"
#include "services/cache_versions.hpp"
#include "services/cash_register.hpp"
#include "services/catalog_common.hpp"
#include "services/credit_ledger.hpp"

namespace mm::services {
namespace {

namespace json = boost::json;
using core::Error;
using core::ErrorCode;
using core::FieldError;

constexpr std::string_view kSelectMovement = R"sql(
SELECT m.id, m.cliente_id, m.secuencia, m.creado_en, m.tipo, m.monto_centavos,
       m.saldo_posterior_centavos, m.metodo, m.venta_id, m.pedido_id, m.devolucion_id,
       m.sesion_caja_id, m.descripcion, m.usuario_id, u.nombre AS usuario_nombre
FROM cuentas_corrientes_movimientos m JOIN usuarios u ON u.id = m.usuario_id)sql";

json::value Opt(const std::optional<std::string>& v) { return JsonOrNull(v); }

json::object MovementJson(const store::Row& r) {
  return json::object{{"id", r.Text("id")},
                      {"cliente_id", r.Text("cliente_id")},
                      {"secuencia", r.Int("secuencia")},
                      {"creado_en", core::FormatApiTimestamp(r.Time("creado_en"))},
                      {"tipo", r.Text("tipo")},
                      {"monto_centavos", r.Int("monto_centavos")},
                      {"saldo_posterior_centavos", r.Int("saldo_posterior_centavos")},
                      {"metodo", Opt(r.OptText("metodo"))},
                      {"venta_id", Opt(r.OptText("venta_id"))},
                      {"pedido_id", Opt(r.OptText("pedido_id"))},
                      {"devolucion_id", Opt(r.OptText("devolucion_id"))},
                      {"sesion_caja_id", Opt(r.OptText("sesion_caja_id"))},
                      {"descripcion", Opt(r.OptText("descripcion"))},
                      {"usuario", json::object{{"id", r.Text("usuario_id")},
                                               {"nombre", r.Text("usuario_nombre")}}}};
}

json::object ReadMovement(store::Tx& tx, const std::string& id) {
  return MovementJson(*tx.QueryOne(std::string(kSelectMovement) + " WHERE m.id = $1", {id}));
}

std::optional<std::string> Trimmed(const std::optional<std::string>& v) {
  if (!v) return std::nullopt;
  std::string t(core::Trim(*v));
  if (t.empty()) return std::nullopt;
  return t;
}

}  // namespace

const std::vector<std::string>& AccountPaymentMethods() {
  static const std::vector<std::string> methods = {"efectivo", "debito", "credito", "transferencia",
                                                   "qr"};
  return methods;
}

std::vector<FieldError> CheckAccountPayment(const AccountPaymentInput& in) {
  std::vector<FieldError> errors;
  if (in.cliente_id.empty()) errors.push_back({"cliente_id", "requerido", "Elegí el cliente."});
  if (in.monto_centavos < 1 || in.monto_centavos > kMaxMontoCuenta) {
    errors.push_back({"monto_centavos", "rango", "Debe estar entre 1 y 100000000000."});
  }
  const auto& m = AccountPaymentMethods();
  if (std::find(m.begin(), m.end(), in.metodo) == m.end()) {
    errors.push_back({"metodo", "enum",
                      "Usá efectivo, debito, credito, transferencia o qr (la cuenta corriente no "
                      "se paga con cuenta corriente)."});
  }
  if (in.descripcion && core::CodePoints(core::Trim(*in.descripcion)) > 200) {
    errors.push_back({"descripcion", "longitud", "Hasta 200 caracteres."});
  }
  return errors;
}

std::vector<FieldError> CheckAccountAdjustment(const AccountAdjustmentInput& in) {
  std::vector<FieldError> errors;
  if (in.cliente_id.empty()) errors.push_back({"cliente_id", "requerido", "Elegí el cliente."});
  if (in.monto_centavos == 0 || in.monto_centavos < -kMaxMontoCuenta ||
      in.monto_centavos > kMaxMontoCuenta) {
    errors.push_back({"monto_centavos", "rango",
                      "Tiene que ser distinto de 0, entre -100000000000 y 100000000000."});
  }
  auto n = core::CodePoints(core::Trim(in.motivo));
  if (n < 3 || n > 200) {
    errors.push_back(
        {"motivo", n == 0 ? "requerido" : "longitud", "Explicá el ajuste (3 a 200 caracteres)."});
  }
  return errors;
}

core::Result<IdempotentReply> CreditAccounts::Pay(const std::optional<IdempotencyKey>& key,
                                                  const RequestMeta& meta,
                                                  const AccountPaymentInput& in) {
  if (auto errors = CheckAccountPayment(in); !errors.empty()) return Error::Validation(errors);
  const bool cash = in.metodo == "efectivo";
  return idempotency_.Run(key, meta, [&](store::Tx& tx) -> core::Result<Outcome> {
    // L2: the open session, shared (a close waits for this payment), before the customer (L3).
    std::optional<cash::OpenSession> session;
    if (cash) {
      auto open = cash::LockOpen(tx, cash::Hold::kShare);
      if (!open.ok()) return open.error();
      session = *open;
    }
    auto customer = credit::LockCustomer(tx, in.cliente_id);
    if (!customer) return Error::ReferenceNotFound("cliente_id");
    if (auto st = credit::RequireActive(*customer); !st.ok()) return st.error();
    const auto now = env_.clock.Now();
    credit::Entry entry;
    entry.tipo = "pago";
    entry.monto_centavos = -in.monto_centavos;
    entry.usuario_id = meta.principal.user_id;
    entry.metodo = in.metodo;
    if (session) entry.sesion_caja_id = session->id;
    entry.descripcion = Trimmed(in.descripcion);
    auto posted = credit::Post(tx, env_.random, *customer, entry, now);
    if (session) {
      cash::CashFlow flow;
      flow.sesion_id = session->id;
      flow.tipo = "pago_cc";
      flow.monto_centavos = in.monto_centavos;
      flow.cc_movimiento_id = posted.id;
      flow.usuario_id = meta.principal.user_id;
      flow.motivo = "Pago de cuenta corriente: " + customer->nombre;
      cash::RecordFlow(tx, env_.random, flow, now);
      BumpCacheVersion(tx, "ventas", now);
    }
    json::object out{{"movimiento", ReadMovement(tx, posted.id)},
                     {"saldo_centavos", posted.saldo_posterior_centavos}};
    return Outcome{201, std::move(out), customer->id};
  });
}

core::Result<IdempotentReply> CreditAccounts::Adjust(const std::optional<IdempotencyKey>& key,
                                                     const RequestMeta& meta,
                                                     const AccountAdjustmentInput& in) {
  if (auto errors = CheckAccountAdjustment(in); !errors.empty()) {
    return Error::Validation(errors);
  }
  if (meta.principal.role != core::Role::kAdmin) {
    return Error(ErrorCode::kForbidden,
                 "Solo un administrador puede ajustar una cuenta corriente.");
  }
  return idempotency_.Run(key, meta, [&](store::Tx& tx) -> core::Result<Outcome> {
    auto customer = credit::LockCustomer(tx, in.cliente_id);
    if (!customer) return Error::ReferenceNotFound("cliente_id");
    const auto now = env_.clock.Now();
    const auto anterior = customer->saldo_centavos;
    credit::Entry entry;
    entry.tipo = "ajuste";
    entry.monto_centavos = in.monto_centavos;
    entry.usuario_id = meta.principal.user_id;
    entry.descripcion = std::string(core::Trim(in.motivo));
    auto posted = credit::Post(tx, env_.random, *customer, entry, now);
    RecordAudit(
        tx, env_, meta,
        AuditEntry{core::AuditAction::kCcAjuste, "cliente", customer->id,
                   core::AuditLevel::kWarning,
                   json::object{{"movimiento_id", posted.id},
                                {"monto_centavos", in.monto_centavos},
                                {"motivo", *entry.descripcion},
                                {"saldo_anterior_centavos", anterior},
                                {"saldo_posterior_centavos", posted.saldo_posterior_centavos}}});
    json::object out{{"movimiento", ReadMovement(tx, posted.id)},
                     {"saldo_centavos", posted.saldo_posterior_centavos}};
    return Outcome{201, std::move(out), customer->id};
  });
}

core::Result<json::object> CreditAccounts::Summary(const RequestMeta& meta) {
  return env_.db.Read(
      [&](store::Tx& tx) -> core::Result<json::object> {
        auto r = tx.QueryOne(R"sql(
SELECT COALESCE(SUM(CASE WHEN saldo_centavos > 0 THEN saldo_centavos ELSE 0 END), 0) AS calle,
       COALESCE(SUM(CASE WHEN saldo_centavos > 0 THEN 1 ELSE 0 END), 0) AS con_deuda,
       COALESCE(SUM(CASE WHEN saldo_centavos < 0 THEN -saldo_centavos ELSE 0 END), 0) AS a_favor
FROM clientes WHERE saldo_centavos <> 0)sql");
        return json::object{{"dinero_en_la_calle_centavos", r->Int("calle")},
                            {"clientes_con_deuda", r->Int("con_deuda")},
                            {"saldo_a_favor_centavos", r->Int("a_favor")},
                            {"calculado_en", core::FormatApiTimestamp(env_.clock.Now())}};
      },
      meta.TxOptions());
}

core::Result<json::array> CreditAccounts::Movements(const RequestMeta& meta,
                                                    const std::string& cliente_id,
                                                    const LedgerFilter& f, std::int64_t* total) {
  return env_.db.Read(
      [&](store::Tx& tx) -> core::Result<json::array> {
        if (!credit::FindCustomer(tx, cliente_id)) return Error::NotFound("cliente");
        std::vector<store::Value> params;
        std::string where = " WHERE m.cliente_id = " + Param(params, cliente_id);
        if (f.desde) where += " AND m.creado_en >= " + Param(params, *f.desde);
        if (f.hasta) where += " AND m.creado_en <= " + Param(params, *f.hasta);
        if (total) {
          *total = tx.Query("SELECT COUNT(*) FROM cuentas_corrientes_movimientos m" + where, params)
                       .front()
                       .Int(0);
        }
        std::string sql = std::string(kSelectMovement) + where + " ORDER BY m.secuencia DESC";
        sql += " LIMIT " + Param(params, static_cast<std::int64_t>(f.limit));
        sql += " OFFSET " + Param(params, static_cast<std::int64_t>(f.offset));
        json::array out;
        for (const auto& r : tx.Query(sql, params)) out.push_back(MovementJson(r));
        return out;
      },
      meta.TxOptions());
}

}  // namespace mm::services
