#include "services/sale_credit.hpp"

#include "core/error.hpp"

namespace mm::services::sale_credit {
namespace {

namespace json = boost::json;

core::Result<std::optional<credit::Customer>> Checked(std::optional<credit::Customer> c) {
  if (!c) return core::Error::ReferenceNotFound("cliente_id");
  if (auto ok = credit::RequireActive(*c); !ok.ok()) return ok.error();
  return c;
}

}  // namespace

core::Result<std::optional<credit::Customer>> LockForSale(
    store::Tx& tx, const std::optional<std::string>& cliente_id) {
  if (!cliente_id) return std::optional<credit::Customer>{};
  return Checked(credit::LockCustomer(tx, *cliente_id));
}

core::Result<std::optional<credit::Customer>> FindForQuote(
    store::Tx& tx, const std::optional<std::string>& cliente_id) {
  if (!cliente_id) return std::optional<credit::Customer>{};
  return Checked(credit::FindCustomer(tx, *cliente_id));
}

std::optional<json::object> QuoteWarning(const credit::Customer& c, std::int64_t monto) {
  auto ok = credit::CheckCredit(c, monto);
  if (ok.ok()) return std::nullopt;
  const auto& d = ok.error().details;
  return json::object{{"tipo", "limite_credito"},
                      {"cliente_id", c.id},
                      {"saldo_centavos", d.at("saldo_centavos")},
                      {"limite_centavos", d.at("limite_centavos")},
                      {"total_centavos", d.at("total_centavos")},
                      {"excedente_centavos", d.at("excedente_centavos")}};
}

credit::Posted PostSaleCharge(store::Tx& tx, Env& env, credit::Customer& locked,
                              const std::string& venta_id, std::int64_t numero, std::int64_t monto,
                              const std::string& usuario_id, core::Timestamp now) {
  credit::Entry e;
  e.tipo = "cargo";
  e.monto_centavos = monto;
  e.usuario_id = usuario_id;
  e.venta_id = venta_id;
  e.descripcion = "Venta N° " + std::to_string(numero);
  return credit::Post(tx, env.random, locked, e, now);
}

std::optional<credit::Customer> LockForRefund(store::Tx& tx, std::string_view venta_id) {
  auto r = tx.QueryOne(
      "SELECT v.cliente_id FROM ventas v WHERE v.id = $1 AND v.cliente_id IS NOT NULL AND EXISTS "
      "(SELECT 1 FROM venta_pagos p WHERE p.venta_id = v.id AND p.metodo = 'cuenta_corriente')",
      {std::string(venta_id)});
  if (!r) return std::nullopt;
  return credit::LockCustomer(tx, r->Text(0));
}

credit::Posted PostRefundCredit(store::Tx& tx, Env& env, credit::Customer& locked,
                                const std::string& venta_id, std::int64_t numero,
                                const std::string& devolucion_id, bool anulacion,
                                std::int64_t monto, const std::string& usuario_id,
                                core::Timestamp now) {
  credit::Entry e;
  e.tipo = "devolucion";
  e.monto_centavos = -monto;
  e.usuario_id = usuario_id;
  e.venta_id = venta_id;
  e.devolucion_id = devolucion_id;
  e.descripcion = std::string(anulacion ? "Anulación" : "Devolución") + " de la venta N° " +
                  std::to_string(numero);
  return credit::Post(tx, env.random, locked, e, now);
}

}  // namespace mm::services::sale_credit
