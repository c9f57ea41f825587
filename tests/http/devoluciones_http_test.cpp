// Voids and returns over HTTP (api.md §9.1) against the real server, on both databases: roles,
// the required key, validation, the void's replay and its refusal with a new key, the per-row
// rule, a return's answer and Location, and its refusals.
#include <gtest/gtest.h>

#include <atomic>

#include "http_fixture.hpp"
#include "sale_http_seed.hpp"

namespace mm::testing {
namespace {

namespace json = boost::json;

class DevolucionesHttpTest : public DemoHttpTest {
 protected:
  void SeedDemo(store::Database& db) override {
    Products()[GetParam()] = SeedSaleProducts(db, "Devolución", 2, 1000, 500, 1000);
  }
  static std::map<store::Dialect, std::vector<std::string>>& Products() {
    static std::map<store::Dialect, std::vector<std::string>> p;
    return p;
  }
  const std::string& Product(int i) {
    Demo();
    return Products()[GetParam()].at(i);
  }

  void SetUp() override {
    // A session open for the sales (whoever opened it; this suite never closes it).
    auto c = DemoClient();
    auto r = c.PostJson("/api/caja/apertura", R"({"monto_inicial_centavos":100000})",
                        As("ventas", NewKey()));
    ASSERT_TRUE(r.status == 201 || r.Code() == "CASH_SESSION_ALREADY_OPEN") << r.body;
  }

  // A sale of `n` units of product 0 paid with `metodo`; returns its data.
  json::value Sell(int n, const std::string& metodo, const std::string& role = "ventas") {
    auto c = DemoClient();
    auto r = c.PostJson("/api/ventas",
                        R"({"items":[{"producto_id":")" + Product(0) + R"(","cantidad":)" +
                            std::to_string(n) + R"(}],"pagos":[{"metodo":")" + metodo +
                            R"(","monto_centavos":)" + std::to_string(n * 1000) + "}]}",
                        As(role, NewKey()));
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? r.Json().at("data") : json::value();
  }
};

TEST_P(DevolucionesHttpTest, AVoidReplaysWithItsKeyAndIsRefusedWithANewOne) {
  auto c = DemoClient();
  auto venta = Sell(3, "efectivo");
  const std::string id(venta.at("id").as_string());
  const std::string path = "/api/ventas/" + id + "/anular";
  const std::string body = R"({"motivo":"Se equivocó de producto"})";

  EXPECT_EQ(c.PostJson(path, body).status, 401);
  EXPECT_EQ(c.PostJson(path, body, As("deposito", NewKey())).status, 403);
  EXPECT_EQ(c.PostJson(path, body, As("usuario", NewKey())).status, 403);
  auto nokey = c.PostJson(path, body, As("ventas"));
  EXPECT_EQ(nokey.status, 400);
  EXPECT_EQ(nokey.Code(), "IDEMPOTENCY_KEY_REQUIRED");
  for (const std::string bad : {R"({"motivo":"no"})", R"({})", R"({"motivo":"Bien","x":1})"}) {
    auto r = c.PostJson(path, bad, As("ventas", NewKey()));
    EXPECT_EQ(r.status, 400) << bad;
    EXPECT_EQ(r.Code(), "VALIDATION_ERROR") << bad;
  }
  EXPECT_EQ(c.PostJson("/api/ventas/e0000000-0000-4000-8000-00000000000e/anular", body,
                       As("admin", NewKey()))
                .status,
            404);

  const std::string key = NewKey();
  auto first = c.PostJson(path, body, As("ventas", key));
  ASSERT_EQ(first.status, 200) << first.body;
  auto d = first.Json().at("data");
  EXPECT_EQ(d.at("estado").as_string(), "anulada");
  EXPECT_EQ(d.at("devuelto_centavos").as_int64(), 3000);
  EXPECT_EQ(d.at("anulacion").at("reintegros").at(0).at("metodo").as_string(), "efectivo");
  auto again = c.PostJson(path, body, As("ventas", key));
  EXPECT_EQ(again.status, 200);
  EXPECT_EQ(again.Header("idempotent-replayed"), "true");
  EXPECT_EQ(again.Json().at("data"), d);
  auto other = c.PostJson(path, body, As("ventas", NewKey()));
  EXPECT_EQ(other.status, 409);
  EXPECT_EQ(other.Code(), "INVALID_STATE_TRANSITION");
  EXPECT_EQ(other.Json().at("error").at("details").at("estado_actual").as_string(), "anulada");
  auto sale = c.Get("/api/ventas/" + id, As("ventas"));
  ASSERT_EQ(sale.status, 200);
  EXPECT_EQ(sale.Json().at("data").at("estado").as_string(), "anulada");
}

TEST_P(DevolucionesHttpTest, ACashierVoidsOnlyItsOwnSales) {
  auto c = DemoClient();
  auto admins = Sell(1, "debito", "admin");
  const std::string id(admins.at("id").as_string());
  auto r = c.PostJson("/api/ventas/" + id + "/anular", R"({"motivo":"Prueba de permisos"})",
                      As("ventas", NewKey()));
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(r.Code(), "FORBIDDEN");
  auto own = Sell(1, "debito");
  auto a = c.PostJson("/api/ventas/" + std::string(own.at("id").as_string()) + "/anular",
                      R"({"motivo":"El admin anula"})", As("admin", NewKey()));
  EXPECT_EQ(a.status, 200) << a.body;
}

TEST_P(DevolucionesHttpTest, AReturnAnswers201WithItsRefundsAndRefusesTooMuch) {
  auto c = DemoClient();
  auto venta = Sell(3, "debito");
  auto other = Sell(1, "debito");
  const std::string id(venta.at("id").as_string());
  const std::string item(venta.at("items").at(0).at("id").as_string());
  const std::string other_item(other.at("items").at(0).at("id").as_string());
  const std::string path = "/api/ventas/" + id + "/devoluciones";
  auto body = [](const std::string& item_id, int n, const std::string& extra = "") {
    return R"({"items":[{"venta_item_id":")" + item_id + R"(","cantidad":)" + std::to_string(n) +
           "}]," + extra + R"("motivo":"Vino fallado"})";
  };

  auto nokey = c.PostJson(path, body(item, 1), As("ventas"));
  EXPECT_EQ(nokey.Code(), "IDEMPOTENCY_KEY_REQUIRED");
  EXPECT_EQ(c.PostJson(path, body(item, 1), As("deposito", NewKey())).status, 403);
  for (const std::string& bad :
       {std::string(R"({"items":[],"motivo":"Vino fallado"})"), body(item, 0),
        std::string(R"({"items":[{"venta_item_id":"x","cantidad":1}],"motivo":"Vino fallado"})"),
        body(item, 1, R"("reingresa_stock":"si",)")}) {
    auto r = c.PostJson(path, bad, As("ventas", NewKey()));
    EXPECT_EQ(r.status, 400) << bad;
  }
  auto foreign = c.PostJson(path, body(other_item, 1), As("ventas", NewKey()));
  EXPECT_EQ(foreign.status, 422);
  EXPECT_EQ(foreign.Code(), "REFERENCE_NOT_FOUND");
  auto missing = c.PostJson("/api/ventas/e0000000-0000-4000-8000-00000000000e/devoluciones",
                            body(item, 1), As("ventas", NewKey()));
  EXPECT_EQ(missing.status, 404);

  auto r = c.PostJson(path, body(item, 1, R"("reingresa_stock":false,)"), As("ventas", NewKey()));
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.Header("location"), "/api/ventas/" + id);
  auto d = r.Json().at("data");
  EXPECT_EQ(d.at("venta_id").as_string(), id);
  EXPECT_EQ(d.at("total_centavos").as_int64(), 1000);
  EXPECT_FALSE(d.at("reingresa_stock").as_bool());
  EXPECT_EQ(d.at("items").at(0).at("cantidad").as_int64(), 1);
  EXPECT_EQ(d.at("reintegros"),
            (json::array{json::object{{"metodo", "debito"}, {"monto_centavos", 1000}}}));

  auto over = c.PostJson(path, body(item, 3), As("ventas", NewKey()));
  EXPECT_EQ(over.status, 409);
  EXPECT_EQ(over.Code(), "RETURN_EXCEEDS_SOLD");
  EXPECT_EQ(over.Json().at("error").at("details").at("items").at(0).at("disponible").as_int64(), 2);
  auto sale = c.Get("/api/ventas/" + id, As("ventas"));
  ASSERT_EQ(sale.status, 200);
  EXPECT_EQ(sale.Json().at("data").at("devuelto_centavos").as_int64(), 1000);
  // A sale with returns is no longer voidable.
  auto v = c.PostJson("/api/ventas/" + id + "/anular", R"({"motivo":"Ya no se puede"})",
                      As("admin", NewKey()));
  EXPECT_EQ(v.status, 409);
  EXPECT_EQ(v.Code(), "INVALID_STATE_TRANSITION");
}

MM_INSTANTIATE_HTTP(DevolucionesHttpTest);

}  // namespace
}  // namespace mm::testing
