// POS sale routes over HTTP on both databases (api.md §9.1): POST /api/ventas with its
// Idempotency-Key (required, replayed, reused), POST /api/ventas/cotizar (no key, no write),
// GET /api/ventas/:id, roles, and bad input that leaves nothing behind.
#include <gtest/gtest.h>

#include <unistd.h>

#include <boost/json/serialize.hpp>

#include "http_fixture.hpp"
#include "sale_http_seed.hpp"

namespace mm::testing {
namespace {

namespace json = boost::json;

class VentasHttpTest : public DemoHttpTest {
 protected:
  void SeedDemo(store::Database& db) override {
    Products()[GetParam()] = SeedSaleProducts(db, "Venta http", 3, 150000, 90000, 50);
    SeedOpenCashSession(db);
  }
  const std::vector<std::string>& P() {
    Demo();
    return Products()[GetParam()];
  }
  static std::map<store::Dialect, std::vector<std::string>>& Products() {
    static std::map<store::Dialect, std::vector<std::string>> p;
    return p;
  }

  std::int64_t Count(const std::string& sql) {
    auto db = Demo().db.Open();
    return db->Read([&](store::Tx& tx) { return tx.QueryOne(sql)->Int(0); });
  }
  std::int64_t Traces() {
    return Count(
        "SELECT (SELECT COUNT(*) FROM ventas) + (SELECT COUNT(*) FROM venta_items) + (SELECT "
        "COUNT(*) FROM movimientos_caja) + (SELECT COUNT(*) FROM movimientos_deposito) + (SELECT "
        "COALESCE(SUM(cantidad), 0) FROM stock_deposito)");
  }

  Headers Auth(const std::string& role, const std::string& key = "") {
    Headers h = Bearer(Token(role));
    if (!key.empty()) h.emplace_back("Idempotency-Key", key);
    return h;
  }
  std::string Body(const std::string& producto, std::int64_t n, std::int64_t efectivo,
                   const std::string& extra = "") {
    return R"({"items":[{"producto_id":")" + producto + R"(","cantidad":)" + std::to_string(n) +
           R"(}],"pagos":[{"metodo":"efectivo","monto_centavos":)" + std::to_string(efectivo) +
           "}]" + extra + "}";
  }
  std::string NewKey() {
    static int n = 0;
    return "venta-http-" + std::to_string(::getpid()) + "-" + std::to_string(++n);
  }
};

TEST_P(VentasHttpTest, RecordReplayReuseAndRead) {
  HttpClient c = DemoClient();
  const std::string body = Body(P()[0], 2, 300000, R"(,"efectivo_recibido_centavos":500000)");
  // The key is required.
  auto nokey = c.PostJson("/api/ventas", body, Auth("ventas"));
  EXPECT_EQ(nokey.status, 400);
  EXPECT_EQ(nokey.Code(), "IDEMPOTENCY_KEY_REQUIRED");

  const std::string key = NewKey();
  auto r = c.PostJson("/api/ventas", body, Auth("ventas", key));
  ASSERT_EQ(r.status, 201) << r.body;
  const auto data = r.Json().at("data");
  const std::string id(data.at("id").as_string());
  EXPECT_EQ(r.Header("location"), "/api/ventas/" + id);
  EXPECT_EQ(data.at("total_centavos").as_int64(), 300000);
  EXPECT_EQ(data.at("vuelto_centavos").as_int64(), 200000);
  EXPECT_EQ(data.at("items").at(0).at("cantidad").as_int64(), 2);

  const auto traces = Traces();
  auto again = c.PostJson("/api/ventas", body, Auth("ventas", key));
  ASSERT_EQ(again.status, 201);
  EXPECT_EQ(again.Header("idempotent-replayed"), "true");
  EXPECT_EQ(again.Json().at("data"), data);
  EXPECT_EQ(Traces(), traces);

  auto reused = c.PostJson("/api/ventas", Body(P()[0], 1, 150000), Auth("ventas", key));
  EXPECT_EQ(reused.status, 422);
  EXPECT_EQ(reused.Code(), "IDEMPOTENCY_KEY_REUSED");
  EXPECT_EQ(Traces(), traces);

  auto got = c.Get("/api/ventas/" + id, Auth("admin"));
  ASSERT_EQ(got.status, 200) << got.body;
  EXPECT_EQ(got.Json().at("data"), data);
  auto missing = c.Get("/api/ventas/e0000000-0000-4000-8000-00000000000e", Auth("ventas"));
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.Code(), "NOT_FOUND");
  auto bad_id = c.Get("/api/ventas/no-es-uuid", Auth("ventas"));
  EXPECT_EQ(bad_id.status, 400);
}

TEST_P(VentasHttpTest, RolesWithoutTheTillAreForbidden) {
  HttpClient c = DemoClient();
  const auto traces = Traces();
  for (const char* role : {"deposito", "usuario"}) {
    auto r = c.PostJson("/api/ventas", Body(P()[1], 1, 150000), Auth(role, NewKey()));
    EXPECT_EQ(r.status, 403) << role;
    auto q = c.PostJson("/api/ventas/cotizar", Body(P()[1], 1, 150000), Auth(role));
    EXPECT_EQ(q.status, 403) << role;
  }
  EXPECT_EQ(Traces(), traces);
}

TEST_P(VentasHttpTest, QuoteNeedsNoKeyAndWritesNothing) {
  HttpClient c = DemoClient();
  const auto traces = Traces();
  auto q = c.PostJson("/api/ventas/cotizar",
                      R"({"items":[{"producto_id":")" + P()[2] + R"(","cantidad":3},
                          {"producto_id":")" +
                          P()[2] + R"(","cantidad":60}]})",
                      Auth("ventas"));
  ASSERT_EQ(q.status, 200) << q.body;
  const auto d = q.Json().at("data");
  EXPECT_EQ(d.at("total_centavos").as_int64(), 63 * 150000);
  ASSERT_EQ(d.at("advertencias").as_array().size(), 1u);
  EXPECT_EQ(d.at("advertencias").at(0).at("tipo").as_string(), "stock_insuficiente");
  EXPECT_EQ(d.at("advertencias").at(0).at("disponible").as_int64(), 50);
  EXPECT_EQ(Traces(), traces);
  // Its total is what the sale sends back.
  auto r =
      c.PostJson("/api/ventas", Body(P()[2], 3, 450000, R"(,"total_esperado_centavos":450000)"),
                 Auth("admin", NewKey()));
  EXPECT_EQ(r.status, 201) << r.body;
  auto changed =
      c.PostJson("/api/ventas", Body(P()[2], 3, 450000, R"(,"total_esperado_centavos":400000)"),
                 Auth("admin", NewKey()));
  EXPECT_EQ(changed.status, 409);
  EXPECT_EQ(changed.Code(), "PRICE_CHANGED");
  EXPECT_EQ(changed.Json().at("error").at("details").at("total_centavos").as_int64(), 450000);
}

TEST_P(VentasHttpTest, BadInputIs4xxAndLeavesNoTrace) {
  HttpClient c = DemoClient();
  const std::string p = P()[1];
  const auto traces = Traces();
  struct Case {
    std::string body;
    long status;
    std::string code;
  };
  const std::vector<Case> cases = {
      {R"({"items":[],"pagos":[{"metodo":"efectivo","monto_centavos":1}]})", 400,
       "VALIDATION_ERROR"},
      {Body(p, 0, 150000), 400, "VALIDATION_ERROR"},
      {Body(p, -1, 150000), 400, "VALIDATION_ERROR"},
      {Body(p, 10001, 150000), 400, "VALIDATION_ERROR"},
      {Body(p, 1, 150000, R"(,"precio_unitario_centavos":1)"), 400, "VALIDATION_ERROR"},
      {R"({"items":[{"producto_id":")" + p + R"(","cantidad":1}]})", 400, "VALIDATION_ERROR"},
      {R"({"items":[{"producto_id":")" + p +
           R"(","cantidad":1}],"pagos":[{"metodo":"cheque","monto_centavos":150000}]})",
       400, "VALIDATION_ERROR"},
      {Body(p, 1, 149999), 400, "VALIDATION_ERROR"},
      {R"({"items":[{"producto_id":")" + p +
           R"(","cantidad":1}],"pagos":[{"metodo":"debito","monto_centavos":150000}],"efectivo_recibido_centavos":200000})",
       400, "VALIDATION_ERROR"},
      {Body("e0000000-0000-4000-8000-00000000000e", 1, 150000), 422, "REFERENCE_NOT_FOUND"},
      {Body(p, 1, 150000, R"(,"cliente_id":"e0000000-0000-4000-8000-00000000000e")"), 422,
       "REFERENCE_NOT_FOUND"},
      {Body(p, 1, 150000, R"(,"creado_offline_en":"2026-11-29T10:00:00Z")"), 400,
       "VALIDATION_ERROR"},
      {Body(p, 1, 150000, R"(,"creado_offline_en":"ayer")"), 400, "VALIDATION_ERROR"},
      {Body(p, 51, 51 * 150000), 409, "INSUFFICIENT_STOCK"},
  };
  for (const auto& k : cases) {
    auto r = c.PostJson("/api/ventas", k.body, Auth("ventas", NewKey()));
    EXPECT_EQ(r.status, k.status) << k.body << "\n" << r.body;
    EXPECT_EQ(r.Code(), k.code) << k.body;
  }
  EXPECT_EQ(Traces(), traces);
}

MM_INSTANTIATE_HTTP(VentasHttpTest);

}  // namespace
}  // namespace mm::testing
