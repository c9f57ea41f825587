// Fiado at the till on both databases (domain.md §2.3 steps 3, 9, 10, "Quote sale", "Void a
// sale", "Return items"; I21–I23): a cuenta_corriente payment is one ledger `cargo` of the sale's
// customer, replays post nothing more, the limit is exact (0 = no credit, at the limit fits, one
// centavo over is 409 and leaves no trace), split payments charge only the cc share, inactive
// and unknown customers are refused, a void and a return credit the cc share back as one ledger
// `devolucion` each (an inactive customer too), and the quote warns instead of refusing. The
// stock, sale and credit invariants hold after every test.
#include <gtest/gtest.h>

#include "core/normalize.hpp"
#include "sale_fixture.hpp"
#include "services/sale_list.hpp"
#include "services/sale_refunds.hpp"
#include "services/sale_store.hpp"
#include "services/sale_ticket.hpp"
#include "support/credit_invariants.hpp"

namespace mm::services {
namespace {

namespace json = boost::json;

std::int64_t I(const json::value& v) { return v.as_int64(); }
std::string S(const json::value& v) { return std::string(v.as_string()); }

class SaleCreditTest : public SaleTest {
 protected:
  void SetUp() override {
    SaleTest::SetUp();
    refunds_ = std::make_unique<SaleRefunds>(*env_, *idem_);
  }

  void TearDown() override {
    SaleTest::TearDown();
    EXPECT_EQ(testing::CreditInvariantViolations(*db_), std::vector<std::string>{});
  }

  std::string Customer(const std::string& nombre, std::int64_t limite, bool activo = true) {
    std::string id = core::NewUuidV4(random_);
    Exec(R"sql(
INSERT INTO clientes (id, nombre, busqueda_normalizado, limite_credito_centavos, activo, version,
                      creado_en, actualizado_en)
VALUES ($1, $2, $3, $4, $5, 0, $6, $6))sql",
         {id, nombre, core::NormalizeSearch(nombre), limite, activo, clock_.Now()});
    return id;
  }

  std::int64_t Saldo(const std::string& cliente) {
    return db_->Read([&](store::Tx& tx) {
      return tx.QueryOne("SELECT saldo_centavos FROM clientes WHERE id = $1", {cliente})->Int(0);
    });
  }

  // The cart paid by the given payments, for the customer.
  static NewSale Fiado(std::vector<std::pair<std::string, std::int64_t>> lines,
                       std::vector<SalePayment> pagos, std::optional<std::string> cliente) {
    NewSale in = Cart(std::move(lines), 0);
    in.pagos = std::move(pagos);
    in.cliente_id = std::move(cliente);
    return in;
  }

  // Snapshot() plus the ledger and the customers' balances.
  std::map<std::string, std::int64_t> Everything() {
    auto s = Snapshot();
    s["ledger"] = Scalar("SELECT COUNT(*) FROM cuentas_corrientes_movimientos");
    s["saldos"] = Scalar("SELECT COALESCE(SUM(saldo_centavos), 0) FROM clientes");
    s["secuencias"] = Scalar("SELECT COALESCE(SUM(cc_secuencia), 0) FROM clientes");
    s["devoluciones"] = Scalar("SELECT COUNT(*) FROM devoluciones");
    return s;
  }

  core::Result<IdempotentReply> Void(const std::string& venta) {
    VoidInput in{"Se arrepintió"};
    return refunds_->Void(
        IdempotencyKey{"POST /api/ventas/:id/anular", kCajero, "void-" + venta, venta}, Meta(),
        venta, in);
  }
  core::Result<IdempotentReply> Return(const std::string& venta, const std::string& item,
                                       std::int64_t n) {
    ReturnInput in{{{item, n}}, true, "No le gustó"};
    const std::string k = "ret-" + std::to_string(++keys_);
    return refunds_->Return(IdempotencyKey{"POST /api/ventas/:id/devoluciones", kCajero, k, k},
                            Meta(), venta, in);
  }

  std::unique_ptr<SaleRefunds> refunds_;
};

TEST_P(SaleCreditTest, AFiadoSaleIsOneCargoAndItsReplayPostsNothingMore) {
  const auto p = Product("Yerba", 1000, 600);
  Stock(p, 20);
  OpenSession();
  const auto ana = Customer("Ana Fiado", 10000);
  const auto in = Fiado({{p, 3}}, {{"cuenta_corriente", 3000, std::nullopt}}, ana);
  const auto key = Key("fiado-1", in);
  auto r = sales_->Record(key, Meta(), in);
  ASSERT_TRUE(r.ok()) << r.error().Message();
  EXPECT_EQ(r->status, 201);
  auto v = json::parse(r->data_json).as_object();
  EXPECT_EQ(S(v.at("cliente").at("id")), ana);
  EXPECT_EQ(S(v.at("cliente").at("nombre")), "Ana Fiado");
  EXPECT_EQ(I(v.at("cliente").at("saldo_centavos")), 3000);
  EXPECT_EQ(Saldo(ana), 3000);
  db_->Read([&](store::Tx& tx) {
    auto rows = tx.Query(
        "SELECT tipo, monto_centavos, saldo_posterior_centavos, secuencia, venta_id, usuario_id, "
        "metodo FROM cuentas_corrientes_movimientos WHERE cliente_id = $1",
        {ana});
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0].Text("tipo"), "cargo");
    EXPECT_EQ(rows[0].Int("monto_centavos"), 3000);
    EXPECT_EQ(rows[0].Int("saldo_posterior_centavos"), 3000);
    EXPECT_EQ(rows[0].Int("secuencia"), 1);
    EXPECT_EQ(rows[0].OptText("venta_id"), S(v.at("id")));
    EXPECT_EQ(rows[0].Text("usuario_id"), kCajero);
    EXPECT_FALSE(rows[0].OptText("metodo").has_value());
    EXPECT_EQ(tx.QueryOne("SELECT cliente_id FROM ventas")->OptText(0), ana);
  });
  // No cash moved.
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM movimientos_caja"), 0);

  const auto before = Everything();
  auto again = sales_->Record(key, Meta(), in);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->replayed);
  EXPECT_EQ(again->data_json, r->data_json);
  EXPECT_EQ(Everything(), before);
  EXPECT_EQ(Saldo(ana), 3000);
}

TEST_P(SaleCreditTest, TheLimitIsExactAndZeroMeansNoCredit) {
  const auto p = Product("Pan", 1000, 500);
  const auto caramelo = Product("Caramelo", 1, 0);
  Stock(p, 20);
  Stock(caramelo, 20);
  OpenSession();
  const auto sin_credito = Customer("Sin Crédito", 0);
  const auto beto = Customer("Beto", 5000);
  {
    const auto before = Everything();
    auto r = Sell(Fiado({{p, 1}}, {{"cuenta_corriente", 1000, std::nullopt}}, sin_credito));
    ASSERT_EQ(Code(r), "CREDIT_LIMIT_EXCEEDED");
    EXPECT_EQ(I(r.error().details.at("limite_centavos")), 0);
    EXPECT_EQ(I(r.error().details.at("total_centavos")), 1000);
    EXPECT_EQ(Everything(), before);
  }
  ASSERT_FALSE(SellOk(Fiado({{p, 4}}, {{"cuenta_corriente", 4000, std::nullopt}}, beto)).empty());
  {
    // 4000 + 1001 is one centavo over 5000: refused, nothing written.
    const auto before = Everything();
    auto r = Sell(Fiado({{p, 1}, {caramelo, 1}}, {{"cuenta_corriente", 1001, std::nullopt}}, beto));
    ASSERT_EQ(Code(r), "CREDIT_LIMIT_EXCEEDED");
    const auto& d = r.error().details;
    EXPECT_EQ(I(d.at("saldo_centavos")), 4000);
    EXPECT_EQ(I(d.at("limite_centavos")), 5000);
    EXPECT_EQ(I(d.at("total_centavos")), 1001);
    EXPECT_EQ(I(d.at("excedente_centavos")), 1);
    EXPECT_EQ(Everything(), before);
    EXPECT_EQ(Qty(p), 16);
  }
  // Exactly up to the limit fits.
  auto v = SellOk(Fiado({{p, 1}}, {{"cuenta_corriente", 1000, std::nullopt}}, beto));
  ASSERT_FALSE(v.empty());
  EXPECT_EQ(Saldo(beto), 5000);
  EXPECT_EQ(Scalar("SELECT MAX(saldo_posterior_centavos) FROM cuentas_corrientes_movimientos"),
            5000);
  // Paying the rest in cash needs no credit at all.
  ASSERT_FALSE(SellOk(Fiado({{p, 1}}, {{"efectivo", 1000, std::nullopt}}, beto)).empty());
  EXPECT_EQ(Saldo(beto), 5000);
}

TEST_P(SaleCreditTest, ASplitSaleChargesOnlyTheAccountShare) {
  const auto p = Product("Queso", 1500, 800);
  Stock(p, 10);
  OpenSession();
  const auto ana = Customer("Ana", 100000);
  auto in = Fiado({{p, 2}},
                  {{"efectivo", 1000, std::nullopt}, {"cuenta_corriente", 2000, "libreta"}}, ana);
  in.efectivo_recibido_centavos = 2000;
  auto v = SellOk(in);
  ASSERT_FALSE(v.empty());
  EXPECT_EQ(I(v.at("vuelto_centavos")), 1000);
  EXPECT_EQ(Saldo(ana), 2000);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM cuentas_corrientes_movimientos"), 1);
  EXPECT_EQ(Scalar("SELECT SUM(monto_centavos) FROM movimientos_caja WHERE tipo = 'venta'"), 1000);
  // The sales list filters by customer and names it; the ticket names it and the balance.
  ASSERT_FALSE(SellOk(Cart({{p, 1}}, 1500)).empty());
  SaleList list(*env_);
  SaleFilter f;
  f.cliente_id = ana;
  auto page = list.List(f, Meta());
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->rows.size(), 1u);
  EXPECT_EQ(page->rows[0].id, S(v.at("id")));
  EXPECT_EQ(page->rows[0].cliente_nombre, "Ana");
  EXPECT_EQ(SaleListRowJson(page->rows[0]).at("cliente").at("id"), json::value(ana));
  auto all = list.List(SaleFilter{}, Meta());
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->rows.size(), 2u);
  for (const auto& row : all->rows) {
    // The cash sale names no customer.
    EXPECT_EQ(SaleListRowJson(row).at("cliente").is_null(), row.id != S(v.at("id")));
  }
  auto venta = db_->Read([&](store::Tx& tx) { return sale_store::FindVenta(tx, S(v.at("id"))); });
  ASSERT_TRUE(venta.has_value());
  StoreSettingsRow tienda;
  tienda.nombre = "Almacén";
  const auto text = RenderTicket(*venta, tienda, 32);
  EXPECT_NE(text.find("Cliente: Ana"), std::string::npos) << text;
  EXPECT_NE(text.find("Saldo cta. cte. hoy"), std::string::npos) << text;
}

TEST_P(SaleCreditTest, CustomerRefusalsLeaveNoTrace) {
  const auto p = Product("Arroz", 1000, 500);
  Stock(p, 10);
  OpenSession();
  const auto baja = Customer("Dado de Baja", 100000, false);
  const auto before = Everything();
  struct Case {
    std::string name;
    NewSale in;
    std::string code;
  };
  std::vector<Case> cases = {
      {"cc sin cliente", Fiado({{p, 1}}, {{"cuenta_corriente", 1000, std::nullopt}}, std::nullopt),
       "VALIDATION_ERROR"},
      {"cc cliente desconocido",
       Fiado({{p, 1}}, {{"cuenta_corriente", 1000, std::nullopt}}, kUnknown),
       "REFERENCE_NOT_FOUND"},
      {"efectivo cliente desconocido",
       Fiado({{p, 1}}, {{"efectivo", 1000, std::nullopt}}, kUnknown), "REFERENCE_NOT_FOUND"},
      {"cc cliente inactivo", Fiado({{p, 1}}, {{"cuenta_corriente", 1000, std::nullopt}}, baja),
       "CUSTOMER_INACTIVE"},
      {"efectivo cliente inactivo", Fiado({{p, 1}}, {{"efectivo", 1000, std::nullopt}}, baja),
       "CUSTOMER_INACTIVE"},
  };
  for (const auto& c : cases) {
    auto r = Sell(c.in);
    EXPECT_EQ(Code(r), c.code) << c.name;
    if (!r.ok() && c.code == "VALIDATION_ERROR") {
      EXPECT_EQ(S(r.error().details.at("campos").at(0).at("campo")), "cliente_id") << c.name;
    }
    if (!r.ok() && c.code == "REFERENCE_NOT_FOUND") {
      EXPECT_EQ(S(r.error().details.at("campo")), "cliente_id") << c.name;
    }
    EXPECT_EQ(Everything(), before) << c.name;
  }
}

TEST_P(SaleCreditTest, AVoidCreditsTheAccountShareBackOnceEvenToAnInactiveCustomer) {
  const auto p = Product("Aceite", 2000, 1000);
  Stock(p, 10);
  OpenSession();
  const auto ana = Customer("Ana", 100000);
  // An earlier fiado, so the balance does not start at 0.
  ASSERT_FALSE(SellOk(Fiado({{p, 1}}, {{"cuenta_corriente", 2000, std::nullopt}}, ana)).empty());
  auto v = SellOk(Fiado(
      {{p, 3}}, {{"efectivo", 1000, std::nullopt}, {"cuenta_corriente", 5000, std::nullopt}}, ana));
  ASSERT_FALSE(v.empty());
  EXPECT_EQ(Saldo(ana), 7000);
  // Deactivated after the sale: the refund still reaches the account.
  Exec("UPDATE clientes SET activo = $1 WHERE id = $2", {false, ana});
  const std::string id = S(v.at("id"));
  auto r = Void(id);
  ASSERT_TRUE(r.ok()) << r.error().Message();
  auto out = json::parse(r->data_json).as_object();
  EXPECT_EQ(S(out.at("estado")), "anulada");
  EXPECT_EQ(I(out.at("cliente").at("saldo_centavos")), 2000);
  EXPECT_EQ(Saldo(ana), 2000);
  db_->Read([&](store::Tx& tx) {
    auto rows = tx.Query(
        "SELECT monto_centavos, venta_id, devolucion_id, saldo_posterior_centavos FROM "
        "cuentas_corrientes_movimientos WHERE tipo = 'devolucion'");
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0].Int("monto_centavos"), -5000);
    EXPECT_EQ(rows[0].OptText("venta_id"), id);
    EXPECT_EQ(rows[0].OptText("devolucion_id"),
              tx.QueryOne("SELECT id FROM devoluciones WHERE venta_id = $1", {id})->Text(0));
    EXPECT_EQ(rows[0].Int("saldo_posterior_centavos"), 2000);
  });
  EXPECT_EQ(Scalar("SELECT SUM(monto_centavos) FROM movimientos_caja WHERE tipo = 'devolucion'"),
            -1000);
  // Its replay posts nothing more.
  const auto before = Everything();
  auto again = Void(id);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->replayed);
  EXPECT_EQ(Everything(), before);
}

TEST_P(SaleCreditTest, ReturnsCreditTheAccountFirstWithExactShares) {
  const auto p = Product("Galletitas", 1000, 400);
  Stock(p, 10);
  OpenSession();
  const auto ana = Customer("Ana", 100000);
  auto v = SellOk(Fiado(
      {{p, 3}}, {{"efectivo", 1000, std::nullopt}, {"cuenta_corriente", 2000, std::nullopt}}, ana));
  ASSERT_FALSE(v.empty());
  const std::string id = S(v.at("id"));
  const std::string item = S(v.at("items").at(0).at("id"));
  EXPECT_EQ(Saldo(ana), 2000);
  // One unit: 1000, all of it to the account (cuenta_corriente first).
  auto r1 = Return(id, item, 1);
  ASSERT_TRUE(r1.ok()) << r1.error().Message();
  auto d1 = json::parse(r1->data_json).as_object();
  ASSERT_EQ(d1.at("reintegros").as_array().size(), 1u);
  EXPECT_EQ(S(d1.at("reintegros").at(0).at("metodo")), "cuenta_corriente");
  EXPECT_EQ(Saldo(ana), 1000);
  // The other two: 1000 left on the account, then 1000 cash.
  auto r2 = Return(id, item, 2);
  ASSERT_TRUE(r2.ok()) << r2.error().Message();
  EXPECT_EQ(Saldo(ana), 0);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM cuentas_corrientes_movimientos WHERE tipo = "
                   "'devolucion' AND venta_id IS NOT NULL AND devolucion_id IS NOT NULL"),
            2);
  EXPECT_EQ(Scalar("SELECT SUM(monto_centavos) FROM cuentas_corrientes_movimientos WHERE tipo = "
                   "'devolucion'"),
            -2000);
  EXPECT_EQ(Scalar("SELECT SUM(monto_centavos) FROM movimientos_caja WHERE tipo = 'devolucion'"),
            -1000);
  EXPECT_EQ(Qty(p), 10);
}

TEST_P(SaleCreditTest, TheQuoteWarnsAboutTheLimitInsteadOfRefusing) {
  const auto p = Product("Vino", 1000, 500);
  Stock(p, 10);
  const auto ana = Customer("Ana", 5000);
  const auto baja = Customer("Baja", 5000, false);
  const auto before = Everything();
  auto warnings = [&](NewSale in) {
    auto q = sales_->Quote(Meta(), in);
    EXPECT_TRUE(q.ok()) << (q.ok() ? "" : q.error().Message());
    std::vector<json::object> out;
    if (!q.ok()) return out;
    for (const auto& a : q->at("advertencias").as_array()) {
      if (a.at("tipo").as_string() == "limite_credito") out.push_back(a.as_object());
    }
    return out;
  };
  // No payments: the whole total counts.
  auto w = warnings(Fiado({{p, 6}}, {}, ana));
  ASSERT_EQ(w.size(), 1u);
  EXPECT_EQ(I(w[0].at("saldo_centavos")), 0);
  EXPECT_EQ(I(w[0].at("limite_centavos")), 5000);
  EXPECT_EQ(I(w[0].at("total_centavos")), 6000);
  EXPECT_EQ(I(w[0].at("excedente_centavos")), 1000);
  EXPECT_TRUE(warnings(Fiado({{p, 5}}, {}, ana)).empty());
  // Payments: only the account share counts.
  EXPECT_TRUE(warnings(Fiado({{p, 6}}, {{"efectivo", 6000, std::nullopt}}, ana)).empty());
  EXPECT_TRUE(
      warnings(Fiado({{p, 6}},
                     {{"efectivo", 1000, std::nullopt}, {"cuenta_corriente", 5000, std::nullopt}},
                     ana))
          .empty());
  w = warnings(Fiado(
      {{p, 6}}, {{"efectivo", 999, std::nullopt}, {"cuenta_corriente", 5001, std::nullopt}}, ana));
  ASSERT_EQ(w.size(), 1u);
  EXPECT_EQ(I(w[0].at("excedente_centavos")), 1);
  // No customer: no credit warning.
  EXPECT_TRUE(warnings(Fiado({{p, 6}}, {}, std::nullopt)).empty());
  // An inactive customer is refused (api.md: 409 CUSTOMER_INACTIVE), an unknown one is 422.
  auto inactive = sales_->Quote(Meta(), Fiado({{p, 1}}, {}, baja));
  ASSERT_FALSE(inactive.ok());
  EXPECT_EQ(inactive.error().code, core::ErrorCode::kCustomerInactive);
  auto unknown = sales_->Quote(Meta(), Fiado({{p, 1}}, {}, std::string(kUnknown)));
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code, core::ErrorCode::kReferenceNotFound);
  EXPECT_EQ(Everything(), before);
}

MM_INSTANTIATE_BACKENDS(SaleCreditTest);

}  // namespace
}  // namespace mm::services
