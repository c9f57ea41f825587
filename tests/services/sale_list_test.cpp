// The sales list with its period totals and the plain-text ticket (api.md §9.1) on both
// databases: the filters, the sort, totals that match the rows and the payments per method, and
// a ticket that never exceeds its width and carries what the sale did.
#include <gtest/gtest.h>

#include "core/money_text.hpp"
#include "core/validation.hpp"
#include "sale_fixture.hpp"
#include "services/offers.hpp"
#include "services/sale_list.hpp"
#include "services/sale_refunds.hpp"
#include "services/sale_ticket.hpp"

namespace mm::services {
namespace {

namespace json = boost::json;

class SaleListTest : public SaleTest {
 protected:
  void SetUp() override {
    SaleTest::SetUp();
    list_ = std::make_unique<SaleList>(*env_);
    refunds_ = std::make_unique<SaleRefunds>(*env_, *idem_);
    OpenSession();
    a_ = Product("Arroz Largo Fino", 1000, 500);
    b_ = Product("Aceite de Girasol Natura 1,5 L botella económica de oferta familiar", 2550, 1000);
    Stock(a_, 100);
    Stock(b_, 100);
  }
  // Records and returns {id, numero}; one minute later each time.
  std::pair<std::string, std::int64_t> Sale(NewSale s, const char* user = kCajero) {
    clock_.Advance(std::chrono::minutes(1));
    auto v = SellOk(s, user);
    if (v.empty()) return {"", 0};
    return {std::string(v.at("id").as_string()), v.at("numero").as_int64()};
  }
  SaleListPage List(SaleFilter f) {
    auto r = list_->List(f, Meta(kAdmin));
    EXPECT_TRUE(r.ok());
    return r.ok() ? *r : SaleListPage{};
  }
  std::vector<std::string> Ids(SaleFilter f) {
    std::vector<std::string> out;
    for (const auto& r : List(std::move(f)).rows) out.push_back(r.id);
    return out;
  }
  // The four sales of the scenario: cash with change, split debit + QR by the admin, a voided
  // cash sale of two lines, and a debit sale with a partial return.
  void Scenario() {
    NewSale s1 = Cart({{a_, 2}}, 2000);
    s1.efectivo_recibido_centavos = 5000;
    s1_ = Sale(s1);
    NewSale s2 = Cart({{b_, 1}}, 0);
    s2.pagos = {{"debito", 1000, std::nullopt}, {"qr", 1550, std::nullopt}};
    s2_ = Sale(s2, kAdmin);
    s3_ = Sale(Cart({{a_, 1}, {b_, 2}}, 6100));
    ASSERT_TRUE(
        refunds_->Void(std::nullopt, Meta(kAdmin), s3_.first, VoidInput{"Error de carga"}).ok());
    NewSale s4 = Cart({{a_, 3}}, 0);
    s4.pagos = {{"debito", 3000, std::nullopt}};
    s4_ = Sale(s4);
    auto venta = db_->Read([&](store::Tx& tx) { return sale_store::FindVenta(tx, s4_.first); });
    ReturnInput ret;
    ret.items = {{venta->items.at(0).id, 1}};
    ret.motivo = "Paquete roto";
    auto r = refunds_->Return(std::nullopt, Meta(kAdmin), s4_.first, ret);
    ASSERT_TRUE(r.ok()) << r.error().Message();
  }
  std::unique_ptr<SaleList> list_;
  std::unique_ptr<SaleRefunds> refunds_;
  std::string a_, b_;
  std::pair<std::string, std::int64_t> s1_, s2_, s3_, s4_;
};

TEST_P(SaleListTest, TotalsMatchTheRowsAndThePaymentsPerMethod) {
  Scenario();
  SaleFilter all;
  all.all = true;
  auto page = List(all);
  ASSERT_EQ(page.rows.size(), 4u);
  EXPECT_EQ(page.total, 4);
  std::int64_t total = 0, devuelto = 0;
  for (const auto& r : page.rows) {
    total += r.total_centavos;
    devuelto += r.devuelto_centavos;
  }
  const auto& t = page.totales;
  EXPECT_EQ(t.cantidad, 4);
  EXPECT_EQ(t.total_centavos, 13650);
  EXPECT_EQ(t.total_centavos, total);
  EXPECT_EQ(t.devuelto_centavos, 7100);
  EXPECT_EQ(t.devuelto_centavos, devuelto);
  EXPECT_EQ(t.neto_centavos, 6550);
  ASSERT_EQ(t.por_metodo.size(), 3u);
  EXPECT_EQ(t.por_metodo[0].metodo, "efectivo");
  EXPECT_EQ(t.por_metodo[0].cantidad, 2);
  EXPECT_EQ(t.por_metodo[0].total_centavos, 8100);
  EXPECT_EQ(t.por_metodo[0].devuelto_centavos, 6100);
  EXPECT_EQ(t.por_metodo[0].neto_centavos, 2000);
  EXPECT_EQ(t.por_metodo[1].metodo, "debito");
  EXPECT_EQ(t.por_metodo[1].total_centavos, 4000);
  EXPECT_EQ(t.por_metodo[1].devuelto_centavos, 1000);
  EXPECT_EQ(t.por_metodo[2].metodo, "qr");
  EXPECT_EQ(t.por_metodo[2].total_centavos, 1550);
  std::int64_t by_method = 0;
  for (const auto& m : t.por_metodo) by_method += m.neto_centavos;
  EXPECT_EQ(by_method, t.neto_centavos);

  // Newest first by default; the row fields.
  EXPECT_EQ(page.rows[0].id, s4_.first);
  EXPECT_EQ(page.rows[3].id, s1_.first);
  const auto& r2 = page.rows[2];
  EXPECT_EQ(r2.id, s2_.first);
  EXPECT_EQ(r2.metodos, (std::vector<std::string>{"debito", "qr"}));
  EXPECT_EQ(r2.usuario_nombre, "Ana Admin");
  EXPECT_EQ(page.rows[1].items_count, 2);
  EXPECT_EQ(page.rows[1].estado, "anulada");

  // Totals cover every match, not just the page.
  SaleFilter one;
  one.limit = 1;
  auto first = List(one);
  EXPECT_EQ(first.rows.size(), 1u);
  EXPECT_EQ(first.totales.total_centavos, 13650);
}

TEST_P(SaleListTest, Filters) {
  Scenario();
  SaleFilter f;
  f.metodos = {"qr"};
  EXPECT_EQ(Ids(f), (std::vector<std::string>{s2_.first}));
  EXPECT_EQ(List(f).totales.total_centavos, 2550);
  f = {};
  f.metodos = {"qr", "efectivo"};
  EXPECT_EQ(Ids(f), (std::vector<std::string>{s3_.first, s2_.first, s1_.first}));
  f = {};
  f.estados = {"anulada"};
  EXPECT_EQ(Ids(f), (std::vector<std::string>{s3_.first}));
  f = {};
  f.con_devolucion = true;
  EXPECT_EQ(Ids(f), (std::vector<std::string>{s4_.first}));
  f.con_devolucion = false;
  EXPECT_EQ(Ids(f).size(), 3u);
  f = {};
  f.usuario_id = kAdmin;
  EXPECT_EQ(Ids(f), (std::vector<std::string>{s2_.first}));
  f = {};
  f.numero = s1_.second;
  EXPECT_EQ(Ids(f), (std::vector<std::string>{s1_.first}));
  f = {};
  f.sesion_caja_id = kSesion;
  EXPECT_EQ(Ids(f).size(), 4u);
  f.sesion_caja_id = kUnknown;
  EXPECT_EQ(Ids(f).size(), 0u);
  f = {};
  f.offline = true;
  EXPECT_EQ(Ids(f).size(), 0u);
  f = {};
  f.sort = {"total_centavos"};
  EXPECT_EQ(Ids(f), (std::vector<std::string>{s1_.first, s2_.first, s4_.first, s3_.first}));
  f = {};
  f.sort = {"creado_en"};
  // The sales are one minute apart and s4 is the last: now − 150 s falls between s1 and s2.
  f.desde = clock_.Now() - std::chrono::seconds(150);
  EXPECT_EQ(Ids(f), (std::vector<std::string>{s2_.first, s3_.first, s4_.first}));
  f.hasta = clock_.Now() - std::chrono::seconds(30);
  EXPECT_EQ(Ids(f), (std::vector<std::string>{s2_.first, s3_.first}));
}

TEST_P(SaleListTest, TicketNeverExceedsItsWidth) {
  NewOffer oferta;
  oferta.producto_id = a_;
  Offers offers(*env_, *idem_);
  ASSERT_TRUE(offers.Create(std::nullopt, Meta(kAdmin), oferta).ok());
  NewSale s = Cart({{a_, 2}, {b_, 3}}, 9050);
  s.efectivo_recibido_centavos = 10000;
  auto sale = Sale(s);
  auto venta = db_->Read([&](store::Tx& tx) { return sale_store::FindVenta(tx, sale.first); });
  ASSERT_TRUE(venta.has_value());
  StoreSettingsRow tienda;
  tienda.nombre = "Almacén y Despensa Don Ñoño de la Esquina del Barrio";
  tienda.direccion = "Avenida Presidente Figueroa Alcorta 12345, Ciudad Autónoma de Buenos Aires";
  tienda.cuit = "20123456786";
  tienda.pie_ticket =
      "¡Gracias por su compra! Cambios dentro de las 48 hs con ticket.\nVuelva pronto";
  for (int width : kTicketWidths) {
    std::string text = RenderTicket(*venta, tienda, width);
    std::size_t start = 0;
    int lines = 0;
    while (start < text.size()) {
      auto nl = text.find('\n', start);
      ASSERT_NE(nl, std::string::npos);
      std::string line = text.substr(start, nl - start);
      EXPECT_LE(core::CodePoints(line), static_cast<std::size_t>(width)) << "[" << line << "]";
      start = nl + 1;
      ++lines;
    }
    EXPECT_GT(lines, 15);
    EXPECT_NE(text.find("No válido como factura"), std::string::npos);
    EXPECT_NE(text.find("CUIT 20-12345678-6"), std::string::npos);
    EXPECT_NE(text.find("Ticket N° " + std::to_string(sale.second)), std::string::npos);
    EXPECT_NE(text.find(core::FormatPesos(9050)), std::string::npos);  // total
    EXPECT_NE(text.find("OFERTA"), std::string::npos);                 // the offer line of the rice
    EXPECT_NE(text.find("2 x " + core::FormatPesos(700)), std::string::npos);
    EXPECT_NE(text.find("3 x " + core::FormatPesos(2550)), std::string::npos);
    EXPECT_NE(text.find("Vuelto"), std::string::npos);
    EXPECT_NE(text.find(core::FormatPesos(950)), std::string::npos);  // change
    EXPECT_NE(text.find("Vuelva pronto"), std::string::npos);
    EXPECT_NE(text.find("29/11/2026 09:01"), std::string::npos);  // store time (UTC−3)
  }
  StoreSettings settings(*env_, StoreSettingsDefaults{});
  SaleTicket ticket(*env_, settings);
  auto missing = ticket.Render(Meta(), kUnknown, 32);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, core::ErrorCode::kNotFound);
  auto ok = ticket.Render(Meta(), sale.first, 42);
  ASSERT_TRUE(ok.ok());
}

TEST(WrapTextTest, CutsLongWordsAndKeepsNewlines) {
  EXPECT_EQ(WrapText("uno dos tres", 7), (std::vector<std::string>{"uno dos", "tres"}));
  EXPECT_EQ(WrapText("ñññññññññ", 4), (std::vector<std::string>{"ññññ", "ññññ", "ñ"}));
  EXPECT_EQ(WrapText("a\nb", 10), (std::vector<std::string>{"a", "b"}));
}

MM_INSTANTIATE_BACKENDS(SaleListTest);

}  // namespace
}  // namespace mm::services
