#include <boost/json/parse.hpp>

#include "customer_fixture.hpp"

namespace mm::services {
namespace {

using core::ErrorCode;

class CreditAccountsTest : public CustomerTest {};

TEST_P(CreditAccountsTest, CashPaymentIsHeldInTheOpenSessionAndShowsInTheArqueo) {
  auto marta = AddCustomer("Marta Gómez", 500000);
  Charge(marta, 400000);
  auto sesion = S(Data(Open(10000)).at("id"));
  auto r = Pay(marta, 150000, "efectivo");
  auto d = Data(r);
  EXPECT_EQ(r->status, 201);
  EXPECT_EQ(r->resource_id, marta);
  EXPECT_EQ(I(d.at("saldo_centavos")), 250000);
  const auto& m = d.at("movimiento").as_object();
  EXPECT_EQ(S(m.at("tipo")), "pago");
  EXPECT_EQ(I(m.at("monto_centavos")), -150000);
  EXPECT_EQ(I(m.at("saldo_posterior_centavos")), 250000);
  EXPECT_EQ(I(m.at("secuencia")), 2);
  EXPECT_EQ(S(m.at("metodo")), "efectivo");
  EXPECT_EQ(S(m.at("sesion_caja_id")), sesion);
  EXPECT_EQ(S(m.at("usuario").at("id")), kVero);
  EXPECT_EQ(S(m.at("usuario").at("nombre")), "Vero Ventas");
  EXPECT_EQ(Saldo(marta), 250000);

  // The drawer's pago_cc flow names the ledger row it settles.
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM movimientos_caja WHERE tipo = 'pago_cc' AND "
                   "monto_centavos = 150000 AND sesion_id = '" +
                   sesion + "' AND cc_movimiento_id = '" + S(m.at("id")) + "'"),
            1);
  auto a = Arqueo();
  EXPECT_EQ(I(a.at("cobros_cc_efectivo_centavos")), 150000);
  EXPECT_EQ(I(a.at("efectivo_esperado_centavos")), 160000);
  EXPECT_EQ(cash_->Arqueo(Meta(), std::nullopt)->at("cobros_pedidos_efectivo_centavos"), 0);
}

TEST_P(CreditAccountsTest, PaymentByTransferNeedsNoSession) {
  auto c = AddCustomer("Cliente", 100000);
  Charge(c, 50000);
  auto r = Pay(c, 20000, "transferencia");
  auto m = Data(r).at("movimiento").as_object();
  EXPECT_EQ(S(m.at("metodo")), "transferencia");
  EXPECT_TRUE(m.at("sesion_caja_id").is_null());
  EXPECT_EQ(Saldo(c), 30000);
  EXPECT_EQ(Count("movimientos_caja"), 0);
}

TEST_P(CreditAccountsTest, CashPaymentWithoutAnOpenSessionChangesNothing) {
  auto c = AddCustomer("Cliente", 100000);
  Charge(c, 50000);
  auto r = Pay(c, 20000, "efectivo");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kCashSessionClosed);
  EXPECT_EQ(Saldo(c), 50000);
  EXPECT_EQ(LedgerRows(c), 1);
  EXPECT_EQ(Count("idempotency_keys"), 0);
}

TEST_P(CreditAccountsTest, InactiveOrUnknownCustomerIsRefused) {
  auto c = AddCustomer("Se fue", 100000);
  Charge(c, 50000);
  CustomerPatch p;
  p.activo = false;
  ASSERT_TRUE(customers_->Update(Meta(), c, p).ok());
  auto r = Pay(c, 20000, "transferencia");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kCustomerInactive);
  EXPECT_EQ(Saldo(c), 50000);
  auto u = Pay("7b0c2d3e-4f50-4a61-8b72-93a4b5c6d7e8", 20000, "transferencia");
  ASSERT_FALSE(u.ok());
  EXPECT_EQ(u.error().code, ErrorCode::kReferenceNotFound);
  EXPECT_EQ(u.error().details.at("campo"), "cliente_id");
  EXPECT_EQ(Count("cuentas_corrientes_movimientos"), 1);
}

TEST_P(CreditAccountsTest, BadPaymentsAreValidationErrors) {
  auto c = AddCustomer("Cliente", 100000);
  for (const auto& [monto, metodo] :
       std::vector<std::pair<std::int64_t, std::string>>{{0, "efectivo"},
                                                         {-5, "transferencia"},
                                                         {100, "cuenta_corriente"},
                                                         {100, "cheque"},
                                                         {100000000001, "qr"}}) {
    auto r = Pay(c, monto, metodo);
    ASSERT_FALSE(r.ok()) << monto << " " << metodo;
    EXPECT_EQ(r.error().code, ErrorCode::kValidationError) << monto << " " << metodo;
  }
  EXPECT_EQ(LedgerRows(c), 0);
}

TEST_P(CreditAccountsTest, ReplayedPaymentPostsOnce) {
  auto c = AddCustomer("Cliente", 100000);
  Charge(c, 50000);
  ASSERT_TRUE(Open(0).ok());
  auto first = Pay(c, 20000, "efectivo", kVero, "pago-1");
  auto again = Pay(c, 20000, "efectivo", kVero, "pago-1");
  ASSERT_TRUE(first.ok());
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->replayed);
  EXPECT_EQ(again->data_json, first->data_json);
  EXPECT_EQ(LedgerRows(c), 2);
  EXPECT_EQ(Saldo(c), 30000);
  EXPECT_EQ(Count("movimientos_caja"), 1);
}

TEST_P(CreditAccountsTest, BalanceMayGoBelowZero) {
  auto c = AddCustomer("Adelanta", 0);
  auto r = Pay(c, 5000, "qr");
  EXPECT_EQ(I(Data(r).at("saldo_centavos")), -5000);
  EXPECT_EQ(Saldo(c), -5000);
}

TEST_P(CreditAccountsTest, AdjustmentsTakeTheirSignAndAreAuditedAsWarnings) {
  auto c = AddCustomer("Cliente", 100000);
  Charge(c, 50000);
  auto up = Adjust(c, 1500, "Diferencia de redondeo");
  EXPECT_EQ(I(Data(up).at("saldo_centavos")), 51500);
  auto down = Adjust(c, -11500, "  Quita por error de carga  ");
  auto d = Data(down);
  EXPECT_EQ(I(d.at("saldo_centavos")), 40000);
  EXPECT_EQ(S(d.at("movimiento").at("tipo")), "ajuste");
  EXPECT_EQ(I(d.at("movimiento").at("monto_centavos")), -11500);
  EXPECT_EQ(S(d.at("movimiento").at("descripcion")), "Quita por error de carga");
  EXPECT_EQ(Saldo(c), 40000);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM audit_log WHERE accion = 'cc_ajuste' AND nivel = "
                   "'warning' AND entidad_id = '" +
                   c + "'"),
            2);
  auto detalles = db_->Read([&](store::Tx& tx) {
    return boost::json::parse(
               tx.QueryOne("SELECT detalles FROM audit_log WHERE accion = 'cc_ajuste' ORDER BY "
                           "creado_en, id LIMIT 1")
                   ->Text(0))
        .as_object();
  });
  EXPECT_TRUE(detalles.contains("monto_centavos"));
  EXPECT_TRUE(detalles.contains("motivo"));
}

TEST_P(CreditAccountsTest, AdjustmentRulesRefuseAndChangeNothing) {
  auto c = AddCustomer("Cliente", 100000);
  auto zero = Adjust(c, 0, "Nada que ajustar");
  ASSERT_FALSE(zero.ok());
  EXPECT_EQ(zero.error().code, ErrorCode::kValidationError);
  auto short_motivo = Adjust(c, 100, "no");
  ASSERT_FALSE(short_motivo.ok());
  EXPECT_EQ(short_motivo.error().code, ErrorCode::kValidationError);
  auto cashier = Adjust(c, 100, "Ajuste de caja", kVero);
  ASSERT_FALSE(cashier.ok());
  EXPECT_EQ(cashier.error().code, ErrorCode::kForbidden);
  auto unknown = Adjust("7b0c2d3e-4f50-4a61-8b72-93a4b5c6d7e8", 100, "Ajuste de caja");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code, ErrorCode::kReferenceNotFound);
  EXPECT_EQ(LedgerRows(c), 0);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM audit_log WHERE accion = 'cc_ajuste'"), 0);
}

TEST_P(CreditAccountsTest, SummaryCountsDebtAndCreditInFavour) {
  auto a = AddCustomer("Alicia", 500000);
  auto b = AddCustomer("Bruno", 500000);
  auto c = AddCustomer("Carla");
  auto d = AddCustomer("Dario", 500000);
  Charge(a, 400000);
  Charge(b, 30000);
  ASSERT_TRUE(Pay(c, 7000, "transferencia").ok());  // credit in her favour
  Charge(d, 1000);
  ASSERT_TRUE(Pay(d, 1000, "debito").ok());  // settled
  CustomerPatch off;
  off.activo = false;
  ASSERT_TRUE(customers_->Update(Meta(), b, off).ok());  // inactive, still owes
  auto s = accounts_->Summary(Meta());
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(I(s->at("dinero_en_la_calle_centavos")), 430000);
  EXPECT_EQ(I(s->at("clientes_con_deuda")), 2);
  EXPECT_EQ(I(s->at("saldo_a_favor_centavos")), 7000);
  EXPECT_EQ(S(s->at("calculado_en")), "2026-11-29T12:00:00.000Z");

  // The balances list: active customers and inactive ones that still owe, by saldo.
  CustomerFilter f;
  f.con_cuenta = true;
  f.activo = std::nullopt;
  f.sort = "-saldo_centavos";
  std::int64_t total = 0;
  auto rows = customers_->List(f, &total, Meta());
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 4u);
  EXPECT_EQ((*rows)[0].nombre, "Alicia");
  EXPECT_EQ((*rows)[1].nombre, "Bruno");
  EXPECT_EQ((*rows)[3].nombre, "Carla");
  f.con_deuda = true;
  EXPECT_EQ(customers_->List(f, &total, Meta())->size(), 2u);
}

TEST_P(CreditAccountsTest, StatementIsNewestFirstWithItsUserAndFiltersByStoreDay) {
  auto c = AddCustomer("Cliente", 500000);
  Charge(c, 10000);
  clock_.Advance(std::chrono::hours(24));
  ASSERT_TRUE(Pay(c, 4000, "transferencia").ok());
  clock_.Advance(std::chrono::hours(24));
  ASSERT_TRUE(Adjust(c, -1000, "Descuento por cliente fiel").ok());
  std::int64_t total = 0;
  auto all = accounts_->Movements(Meta(), c, LedgerFilter{}, &total);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(total, 3);
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ(S(all->at(0).at("tipo")), "ajuste");
  EXPECT_EQ(S(all->at(0).at("usuario").at("nombre")), "Ana Admin");
  EXPECT_EQ(I(all->at(0).at("saldo_posterior_centavos")), 5000);
  EXPECT_EQ(S(all->at(2).at("tipo")), "cargo");
  EXPECT_TRUE(all->at(2).at("venta_id").is_null());
  EXPECT_TRUE(all->at(2).as_object().contains("pedido_id"));
  LedgerFilter day;
  day.desde = core::ParseTimestamp("2026-11-30T03:00:00Z");  // 2026-11-30 in Buenos Aires
  day.hasta = core::ParseTimestamp("2026-12-01T02:59:59.999999Z");
  auto one = accounts_->Movements(Meta(), c, day, &total);
  ASSERT_EQ(one->size(), 1u);
  EXPECT_EQ(total, 1);
  EXPECT_EQ(S(one->at(0).at("tipo")), "pago");
  auto missing = accounts_->Movements(Meta(), "7b0c2d3e-4f50-4a61-8b72-93a4b5c6d7e8", {}, &total);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
}

MM_INSTANTIATE_BACKENDS(CreditAccountsTest);

}  // namespace
}  // namespace mm::services
