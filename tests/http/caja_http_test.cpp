// Cash-session routes over HTTP (api.md §9.2) against the real server, on both databases: roles,
// the key, validation, open → movements → arqueo → close, the per-row rule of the close, the list
// and detail, and two concurrent opens. Every test leaves no session open.
#include <gtest/gtest.h>

#include <atomic>
#include <set>
#include <thread>

#include <boost/json/serialize.hpp>

#include "http_fixture.hpp"

namespace mm::testing {
namespace {

namespace json = boost::json;

class CajaHttpTest : public DemoHttpTest {
 protected:
  void SetUp() override { CloseAnyOpenCashSession(); }
  void TearDown() override { CloseAnyOpenCashSession(); }
};

TEST_P(CajaHttpTest, RolesKeyAndValidationComeFirst) {
  auto c = DemoClient();
  EXPECT_EQ(c.Get("/api/caja/sesion-actual").status, 401);
  EXPECT_EQ(c.Get("/api/caja/sesion-actual", As("deposito")).status, 403);
  EXPECT_EQ(c.Get("/api/caja/sesiones", As("usuario")).status, 403);
  auto none = c.Get("/api/caja/sesion-actual", As("ventas"));
  ASSERT_EQ(none.status, 200);
  EXPECT_TRUE(none.Json().at("data").is_null());

  auto nokey = c.PostJson("/api/caja/apertura", R"({"monto_inicial_centavos":100})", As("ventas"));
  EXPECT_EQ(nokey.status, 400);
  EXPECT_EQ(nokey.Code(), "IDEMPOTENCY_KEY_REQUIRED");
  for (const std::string body :
       {R"({"monto_inicial_centavos":-1})", R"({"monto_inicial_centavos":"100"})",
        R"({"monto_inicial_centavos":100,"extra":1})", R"({})",
        R"({"monto_inicial_centavos":10000000001})"}) {
    auto r = c.PostJson("/api/caja/apertura", body, As("ventas", NewKey()));
    EXPECT_EQ(r.status, 400) << body;
    EXPECT_EQ(r.Code(), "VALIDATION_ERROR") << body;
  }
  EXPECT_TRUE(c.Get("/api/caja/sesion-actual", As("ventas")).Json().at("data").is_null());

  // Without an open session: movements and the close are 409, the default arqueo 404.
  auto move = c.PostJson("/api/caja/movimientos",
                         R"({"tipo":"ingreso","monto_centavos":100,"motivo":"Cambio"})",
                         As("ventas", NewKey()));
  EXPECT_EQ(move.status, 409);
  EXPECT_EQ(move.Code(), "CASH_SESSION_CLOSED");
  auto close =
      c.PostJson("/api/caja/cierre", R"({"efectivo_contado_centavos":0})", As("ventas", NewKey()));
  EXPECT_EQ(close.status, 409);
  EXPECT_EQ(close.Code(), "CASH_SESSION_CLOSED");
  EXPECT_EQ(c.Get("/api/caja/arqueo", As("ventas")).status, 404);
  EXPECT_EQ(c.Get("/api/caja/arqueo?sesion_id=nope", As("ventas")).status, 400);
  EXPECT_EQ(c.Get("/api/caja/sesiones?limit=101", As("admin")).status, 400);
}

TEST_P(CajaHttpTest, OpenMoveCountAndClose) {
  auto c = DemoClient();
  const std::string key = NewKey();
  auto open =
      c.PostJson("/api/caja/apertura",
                 R"({"monto_inicial_centavos":20000,"observaciones":"Cambio"})", As("ventas", key));
  ASSERT_EQ(open.status, 201) << open.body;
  const std::string id = DataField(open, "id");
  EXPECT_EQ(open.Header("location"), "/api/caja/sesiones/" + id);
  EXPECT_EQ(open.Json().at("data").at("abierta_por").at("nombre").is_string(), true);

  auto replay =
      c.PostJson("/api/caja/apertura",
                 R"({"monto_inicial_centavos":20000,"observaciones":"Cambio"})", As("ventas", key));
  EXPECT_EQ(replay.status, 201);
  EXPECT_EQ(replay.Header("idempotent-replayed"), "true");
  EXPECT_EQ(DataField(replay, "id"), id);
  auto second =
      c.PostJson("/api/caja/apertura", R"({"monto_inicial_centavos":1})", As("admin", NewKey()));
  EXPECT_EQ(second.status, 409);
  EXPECT_EQ(second.Code(), "CASH_SESSION_ALREADY_OPEN");
  EXPECT_EQ(std::string(second.Json().at("error").at("details").at("sesion_id").as_string()), id);

  auto in = c.PostJson("/api/caja/movimientos",
                       R"({"tipo":"ingreso","monto_centavos":5000,"motivo":"Cambio del banco"})",
                       As("ventas", NewKey()));
  ASSERT_EQ(in.status, 201) << in.body;
  EXPECT_EQ(in.Header("location"), "/api/caja/sesiones/" + id);
  auto too_much = c.PostJson("/api/caja/movimientos",
                             R"({"tipo":"retiro","monto_centavos":25001,"motivo":"Banco"})",
                             As("ventas", NewKey()));
  EXPECT_EQ(too_much.status, 409);
  EXPECT_EQ(too_much.Code(), "CONFLICT");
  EXPECT_EQ(std::string(too_much.Json().at("error").at("details").at("motivo").as_string()),
            "efectivo_insuficiente");
  auto out = c.PostJson("/api/caja/movimientos",
                        R"({"tipo":"retiro","monto_centavos":3000,"motivo":"Pago a proveedor"})",
                        As("admin", NewKey()));
  ASSERT_EQ(out.status, 201) << out.body;
  auto bad = c.PostJson("/api/caja/movimientos",
                        R"({"tipo":"retiro","monto_centavos":3000,"motivo":"ab"})",
                        As("ventas", NewKey()));
  EXPECT_EQ(bad.status, 400);

  auto arqueo = c.Get("/api/caja/arqueo", As("ventas"));
  ASSERT_EQ(arqueo.status, 200);
  auto a = arqueo.Json().at("data").as_object();
  EXPECT_EQ(a.at("ingresos_centavos").as_int64(), 5000);
  EXPECT_EQ(a.at("retiros_centavos").as_int64(), 3000);
  EXPECT_EQ(a.at("efectivo_esperado_centavos").as_int64(), 22000);
  EXPECT_TRUE(a.at("diferencia_centavos").is_null());

  // A difference without observaciones is a 400 and leaves the session open.
  auto noobs = c.PostJson("/api/caja/cierre", R"({"efectivo_contado_centavos":21000})",
                          As("ventas", NewKey()));
  EXPECT_EQ(noobs.status, 400);
  EXPECT_EQ(noobs.Code(), "VALIDATION_ERROR");
  EXPECT_FALSE(c.Get("/api/caja/sesion-actual", As("ventas")).Json().at("data").is_null());

  auto closed = c.PostJson(
      "/api/caja/cierre",
      R"({"efectivo_contado_centavos":21000,"observaciones":"Faltan $10\nconteo: 2 x $10000"})",
      As("ventas", NewKey()));
  ASSERT_EQ(closed.status, 200) << closed.body;
  auto d = closed.Json().at("data");
  EXPECT_EQ(d.at("sesion").at("estado").as_string(), "cerrada");
  EXPECT_EQ(d.at("arqueo").at("diferencia_centavos").as_int64(), -1000);
  EXPECT_EQ(d.at("arqueo").at("efectivo_contado_centavos").as_int64(), 21000);
  EXPECT_TRUE(c.Get("/api/caja/sesion-actual", As("ventas")).Json().at("data").is_null());

  auto detail = c.Get("/api/caja/sesiones/" + id, As("ventas"));
  ASSERT_EQ(detail.status, 200);
  EXPECT_EQ(detail.Json().at("data").at("movimientos").as_array().size(), 2u);
  EXPECT_EQ(detail.Json().at("data").at("arqueo").at("efectivo_esperado_centavos").as_int64(),
            22000);
  auto list = c.Get("/api/caja/sesiones?limit=5", As("ventas"));
  ASSERT_EQ(list.status, 200);
  EXPECT_EQ(std::string(list.Json().at("data").at(0).at("id").as_string()), id);
  EXPECT_TRUE(list.Json().at("meta").at("total").as_int64() >= 1);
  auto past = c.Get("/api/caja/arqueo?sesion_id=" + id, As("ventas"));
  ASSERT_EQ(past.status, 200);
  EXPECT_EQ(past.Json().at("data").at("diferencia_centavos").as_int64(), -1000);
  EXPECT_EQ(c.Get("/api/caja/sesiones/e0000000-0000-4000-8000-00000000000e", As("admin")).status,
            404);
}

TEST_P(CajaHttpTest, ACashierCannotCloseOrReadTheAdminsSession) {
  auto c = DemoClient();
  auto open =
      c.PostJson("/api/caja/apertura", R"({"monto_inicial_centavos":100})", As("admin", NewKey()));
  ASSERT_EQ(open.status, 201) << open.body;
  const std::string id = DataField(open, "id");
  auto close = c.PostJson("/api/caja/cierre", R"({"efectivo_contado_centavos":100})",
                          As("ventas", NewKey()));
  EXPECT_EQ(close.status, 403);
  EXPECT_EQ(close.Code(), "FORBIDDEN");
  EXPECT_EQ(c.Get("/api/caja/sesiones/" + id, As("ventas")).status, 403);
  EXPECT_EQ(c.Get("/api/caja/sesiones/" + id, As("admin")).status, 200);
  auto own = c.Get("/api/caja/sesiones?limit=100", As("ventas"));
  ASSERT_EQ(own.status, 200);
  auto own_json = own.Json();
  for (const auto& s : own_json.at("data").as_array()) {
    EXPECT_NE(std::string(s.at("id").as_string()), id);
  }
  auto admin =
      c.PostJson("/api/caja/cierre", R"({"efectivo_contado_centavos":100})", As("admin", NewKey()));
  EXPECT_EQ(admin.status, 200) << admin.body;
}

TEST_P(CajaHttpTest, TwoConcurrentOpensGiveOne201AndOne409) {
  std::vector<HttpResult> results(2);
  std::vector<std::string> keys = {NewKey(), NewKey()};
  std::string token = Token("ventas");
  std::vector<std::thread> threads;
  for (int i = 0; i < 2; ++i) {
    threads.emplace_back([&, i] {
      HttpClient c(Demo().server.base_url());
      Headers h = Bearer(token);
      h.emplace_back("Idempotency-Key", keys[i]);
      results[i] = c.PostJson("/api/caja/apertura",
                              R"({"monto_inicial_centavos":)" + std::to_string(100 + i) + "}", h);
    });
  }
  for (auto& t : threads) t.join();
  std::multiset<long> statuses = {results[0].status, results[1].status};
  EXPECT_EQ(statuses, (std::multiset<long>{201, 409})) << results[0].body << results[1].body;
  for (const auto& r : results) {
    if (r.status == 409) {
      EXPECT_EQ(r.Code(), "CASH_SESSION_ALREADY_OPEN");
    }
  }
}

MM_INSTANTIATE_HTTP(CajaHttpTest);

}  // namespace
}  // namespace mm::testing
