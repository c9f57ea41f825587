// Customers and credit accounts over HTTP (api.md §10.1) against the real server with the demo
// data, on both databases: roles and keys, the Marta Gómez fixture, create/read/patch/deactivate,
// the admin-only credit limit, payments (cash through the open session, replays, every refusal
// leaving nothing changed), adjustments, the summary, balances and CSV exports, and the global
// search's clientes section. Every test that writes ends with the credit invariants.
#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>
#include <future>

#include "http_fixture.hpp"
#include "support/credit_invariants.hpp"

namespace mm::testing {
namespace {

namespace json = boost::json;

constexpr const char* kUnknown = "7b0c2d3e-4f50-4a61-8b72-93a4b5c6d7e8";

class ClientesHttpTest : public DemoHttpTest {
 protected:
  void SetUp() override { CloseAnyOpenCashSession(); }
  void TearDown() override {
    CloseAnyOpenCashSession();
    auto db = Demo().db.Open();
    EXPECT_EQ(CreditInvariantViolations(*db), std::vector<std::string>{});
  }

  std::int64_t Scalar(const std::string& sql) {
    auto db = Demo().db.Open();
    return db->Read([&](store::Tx& tx) { return tx.QueryOne(sql)->Int(0); });
  }
  std::int64_t LedgerRows() {
    return Scalar("SELECT COUNT(*) FROM cuentas_corrientes_movimientos");
  }
  std::int64_t Customers() { return Scalar("SELECT COUNT(*) FROM clientes"); }

  Headers JsonAs(const std::string& role, const std::string& key = "") {
    Headers h = As(role, key);
    h.emplace_back("Content-Type", "application/json");
    return h;
  }

  // A customer created by the admin; returns its id.
  std::string Create(const std::string& body) {
    auto c = DemoClient();
    auto r = c.PostJson("/api/clientes", body, As("admin"));
    EXPECT_EQ(r.status, 201) << r.body;
    return DataField(r, "id");
  }
  // A fresh name, so tests sharing the demo server do not see each other's customers.
  static std::string Unique(const std::string& base) { return base + " " + NewKey(); }

  std::int64_t Saldo(const std::string& id) {
    auto c = DemoClient();
    auto r = c.Get("/api/clientes/" + id, As("ventas"));
    EXPECT_EQ(r.status, 200) << r.body;
    return r.Json().at("data").at("saldo_centavos").as_int64();
  }

  // A charge the way a credit sale posts it: a ledger `cargo` for the customer, by the admin.
  std::string MartaId() {
    auto c = DemoClient();
    auto r = c.Get("/api/clientes?q=marta%20gomez", As("ventas"));
    EXPECT_EQ(r.status, 200) << r.body;
    const auto rows = r.Json().at("data").as_array();
    EXPECT_FALSE(rows.empty());
    return rows.empty() ? "" : std::string(rows[0].at("id").as_string());
  }

  HttpResult Pay(const std::string& body, const std::string& role = "ventas",
                 const std::string& key = NewKey()) {
    auto c = DemoClient();
    return c.PostJson("/api/cuentas-corrientes/pagos", body, As(role, key));
  }
};

TEST_P(ClientesHttpTest, RolesAndKeys) {
  auto c = DemoClient();
  EXPECT_EQ(c.Get("/api/clientes").status, 401);
  for (const char* role : {"deposito", "usuario"}) {
    EXPECT_EQ(c.Get("/api/clientes", As(role)).status, 403) << role;
    EXPECT_EQ(c.Get("/api/cuentas-corrientes/resumen", As(role)).status, 403) << role;
    EXPECT_EQ(c.PostJson("/api/clientes", R"({"nombre":"X"})", As(role)).status, 403) << role;
  }
  const auto before = LedgerRows();
  auto ajuste = c.PostJson(
      "/api/cuentas-corrientes/ajustes",
      R"({"cliente_id":")" + MartaId() + R"(","monto_centavos":100,"motivo":"Prueba de rol"})",
      As("ventas", NewKey()));
  EXPECT_EQ(ajuste.status, 403);
  EXPECT_EQ(ajuste.Code(), "FORBIDDEN");
  auto nokey = c.PostJson(
      "/api/cuentas-corrientes/pagos",
      R"({"cliente_id":")" + MartaId() + R"(","monto_centavos":100,"metodo":"transferencia"})",
      As("ventas"));
  EXPECT_EQ(nokey.status, 400);
  EXPECT_EQ(nokey.Code(), "IDEMPOTENCY_KEY_REQUIRED");
  auto nokey_ajuste = c.PostJson(
      "/api/cuentas-corrientes/ajustes",
      R"({"cliente_id":")" + MartaId() + R"(","monto_centavos":100,"motivo":"Sin clave"})",
      As("admin"));
  EXPECT_EQ(nokey_ajuste.Code(), "IDEMPOTENCY_KEY_REQUIRED");
  EXPECT_EQ(LedgerRows(), before);
  EXPECT_EQ(c.Get("/api/clientes/nope", As("ventas")).status, 400);
  EXPECT_EQ(c.Get(std::string("/api/clientes/") + kUnknown, As("ventas")).status, 404);
  EXPECT_EQ(c.Get(std::string("/api/cuentas-corrientes/") + kUnknown + "/movimientos", As("ventas"))
                .status,
            404);
  EXPECT_EQ(c.Get("/api/clientes?limit=201", As("ventas")).status, 400);
  EXPECT_EQ(c.Get("/api/clientes?sort=saldo", As("ventas")).status, 400);
  EXPECT_EQ(c.Get("/api/clientes?otro=1", As("ventas")).status, 400);
}

TEST_P(ClientesHttpTest, MartaGomezIsTheDemoFixture) {
  auto c = DemoClient();
  auto r = c.Get("/api/clientes?q=marta%20gomez", As("ventas"));
  ASSERT_EQ(r.status, 200) << r.body;
  const auto rows = r.Json().at("data").as_array();
  ASSERT_EQ(rows.size(), 1u) << r.body;
  const auto& m = rows[0].as_object();
  EXPECT_EQ(m.at("nombre"), "Marta Gómez");
  EXPECT_EQ(m.at("limite_credito_centavos"), 500000);
  EXPECT_EQ(m.at("saldo_centavos"), 400000);
  EXPECT_EQ(m.at("uso_credito_bp"), 8000);
  EXPECT_EQ(m.at("activo"), true);
  EXPECT_TRUE(m.at("whatsapp_e164").is_string());
  EXPECT_TRUE(m.at("ultimo_movimiento_en").is_string());
  const std::string id(m.at("id").as_string());
  auto mov = c.Get("/api/cuentas-corrientes/" + id + "/movimientos", As("ventas"));
  ASSERT_EQ(mov.status, 200) << mov.body;
  // Her first ledger row is the one earlier fiado charge that made the $ 4.000.
  const auto ledger = mov.Json().at("data").as_array();
  ASSERT_FALSE(ledger.empty());
  const auto& first = ledger.back().as_object();
  EXPECT_EQ(first.at("tipo"), "cargo");
  EXPECT_EQ(first.at("monto_centavos"), 400000);
  EXPECT_EQ(first.at("saldo_posterior_centavos"), 400000);
  EXPECT_TRUE(first.at("usuario").at("nombre").is_string());
  // The demo's other customers: one inactive (hidden by default), one paid down to a small debt.
  auto inactive = c.Get("/api/clientes?activo=false", As("ventas"));
  EXPECT_GE(inactive.Json().at("meta").at("total").as_int64(), 1);
}

TEST_P(ClientesHttpTest, CreateReadPatchAndDeactivate) {
  auto c = DemoClient();
  const std::string nombre = Unique("Ramón Díaz");
  auto r = c.PostJson("/api/clientes",
                      R"({"nombre":")" + nombre +
                          R"(","telefono":"11 4000-1111","whatsapp_e164":"+54 9 11 4000-1111",
                          "documento":"20-12345678-6","email":"Ramon@Correo.com"})",
                      As("ventas", NewKey()));
  ASSERT_EQ(r.status, 201) << r.body;
  const std::string id = DataField(r, "id");
  EXPECT_EQ(r.Header("location"), "/api/clientes/" + id);
  auto d = r.Json().at("data");
  EXPECT_EQ(d.at("whatsapp_e164"), "+5491140001111");
  EXPECT_EQ(d.at("documento"), "20123456786");
  EXPECT_EQ(d.at("email"), "ramon@correo.com");
  EXPECT_EQ(d.at("limite_credito_centavos"), 0);
  EXPECT_TRUE(d.at("uso_credito_bp").is_null());

  auto got = c.Get("/api/clientes/" + id, As("admin"));
  ASSERT_EQ(got.status, 200);
  EXPECT_EQ(got.Json().at("data").at("version"), 0);

  auto patch = c.Send("PATCH", "/api/clientes/" + id,
                      R"({"direccion_default":"Alsina 77","version":0})", JsonAs("ventas"));
  ASSERT_EQ(patch.status, 200) << patch.body;
  EXPECT_EQ(patch.Json().at("data").at("version"), 1);
  auto stale =
      c.Send("PATCH", "/api/clientes/" + id, R"({"piso":"2","version":0})", JsonAs("ventas"));
  EXPECT_EQ(stale.status, 409);
  EXPECT_EQ(stale.Code(), "VERSION_CONFLICT");
  EXPECT_EQ(stale.Json().at("error").at("details").at("version_actual"), 1);
  EXPECT_EQ(c.Send("PATCH", "/api/clientes/" + id, "{}", JsonAs("ventas")).status, 400);
  auto null_limit = c.Send("PATCH", "/api/clientes/" + id, R"({"limite_credito_centavos":null})",
                           JsonAs("admin"));
  EXPECT_EQ(null_limit.status, 400);

  auto search = c.Get("/api/clientes?q=ramon%20diaz", As("ventas"));
  EXPECT_EQ(search.Json().at("meta").at("total"), 1);
  auto off = c.Send("PATCH", "/api/clientes/" + id, R"({"activo":false})", JsonAs("ventas"));
  ASSERT_EQ(off.status, 200) << off.body;
  EXPECT_EQ(c.Get("/api/clientes?q=ramon%20diaz", As("ventas")).Json().at("meta").at("total"), 0);
  EXPECT_EQ(c.Get("/api/clientes?q=ramon%20diaz&activo=false", As("ventas"))
                .Json()
                .at("meta")
                .at("total"),
            1);
  EXPECT_EQ(c.Get("/api/clientes/" + id, As("ventas")).status, 200) << "the row is kept";
}

TEST_P(ClientesHttpTest, BadCustomerBodiesAndDuplicateDocumentoChangeNothing) {
  auto c = DemoClient();
  const auto before = Customers();
  for (const std::string body :
       {R"({})", R"({"nombre":""})", R"({"nombre":"X","whatsapp_e164":"1145678901"})",
        R"({"nombre":"X","documento":"12345"})", R"({"nombre":"X","documento":"20123456780"})",
        R"({"nombre":"X","link_pago":"http://pago"})", R"({"nombre":"X","telefono":"abc"})",
        R"({"nombre":"X","email":"sin-arroba"})", R"({"nombre":"X","saldo_centavos":5})",
        R"({"nombre":"X","limite_credito_centavos":-1})"}) {
    auto r = c.PostJson("/api/clientes", body, As("admin", NewKey()));
    EXPECT_EQ(r.status, 400) << body << " " << r.body;
    EXPECT_EQ(r.Code(), "VALIDATION_ERROR") << body;
  }
  Create(R"({"nombre":")" + Unique("Doc") + R"(","documento":"27999888"})");
  auto dup = c.PostJson("/api/clientes", R"({"nombre":"Otro","documento":"27.999.888"})",
                        As("ventas", NewKey()));
  EXPECT_EQ(dup.status, 409);
  EXPECT_EQ(dup.Code(), "DUPLICATE");
  EXPECT_EQ(dup.Json().at("error").at("details").at("campo"), "documento");
  EXPECT_EQ(Customers(), before + 1);
}

TEST_P(ClientesHttpTest, OnlyTheAdminSetsTheCreditLimit) {
  auto c = DemoClient();
  const auto before = Customers();
  auto post =
      c.PostJson("/api/clientes", R"({"nombre":"Quiere Fiado","limite_credito_centavos":100000})",
                 As("ventas", NewKey()));
  EXPECT_EQ(post.status, 403);
  EXPECT_EQ(post.Code(), "FORBIDDEN");
  EXPECT_EQ(Customers(), before);

  const std::string id = Create(R"({"nombre":")" + Unique("Vecina") + R"("})");
  const auto audits =
      Scalar("SELECT COUNT(*) FROM audit_log WHERE accion = 'limite_credito_cambiado'");
  auto patch = c.Send("PATCH", "/api/clientes/" + id,
                      R"({"limite_credito_centavos":100000,"piso":"1"})", JsonAs("ventas"));
  EXPECT_EQ(patch.status, 403);
  auto after = c.Get("/api/clientes/" + id, As("admin")).Json().at("data");
  EXPECT_EQ(after.at("limite_credito_centavos"), 0);
  EXPECT_TRUE(after.at("piso").is_null());
  EXPECT_EQ(after.at("version"), 0);

  auto admin = c.Send("PATCH", "/api/clientes/" + id, R"({"limite_credito_centavos":100000})",
                      JsonAs("admin"));
  ASSERT_EQ(admin.status, 200) << admin.body;
  EXPECT_EQ(admin.Json().at("data").at("limite_credito_centavos"), 100000);
  EXPECT_EQ(admin.Json().at("data").at("uso_credito_bp"), 0);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM audit_log WHERE accion = 'limite_credito_cambiado'"),
            audits + 1);
}

TEST_P(ClientesHttpTest, BadPaymentsLeaveNothingChanged) {
  const std::string marta = MartaId();
  const auto saldo = Saldo(marta);
  const auto rows = LedgerRows();
  const auto flows = Scalar("SELECT COUNT(*) FROM movimientos_caja");
  auto body = [&](const std::string& cliente, const std::string& monto, const std::string& metodo) {
    return R"({"cliente_id":")" + cliente + R"(","monto_centavos":)" + monto + R"(,"metodo":")" +
           metodo + R"("})";
  };
  auto cc = Pay(body(marta, "1000", "cuenta_corriente"));
  EXPECT_EQ(cc.status, 400);
  EXPECT_EQ(cc.Code(), "VALIDATION_ERROR");
  auto zero = Pay(body(marta, "0", "transferencia"));
  EXPECT_EQ(zero.status, 400);
  EXPECT_EQ(zero.Code(), "VALIDATION_ERROR");
  auto negative = Pay(body(marta, "-100", "transferencia"));
  EXPECT_EQ(negative.status, 400);
  auto unknown = Pay(body(kUnknown, "1000", "transferencia"));
  EXPECT_EQ(unknown.status, 422);
  EXPECT_EQ(unknown.Code(), "REFERENCE_NOT_FOUND");
  EXPECT_EQ(unknown.Json().at("error").at("details").at("campo"), "cliente_id");
  auto closed = Pay(body(marta, "1000", "efectivo"));
  EXPECT_EQ(closed.status, 409);
  EXPECT_EQ(closed.Code(), "CASH_SESSION_CLOSED");
  auto c = DemoClient();
  auto nokey = c.PostJson("/api/cuentas-corrientes/pagos", body(marta, "1000", "qr"), As("admin"));
  EXPECT_EQ(nokey.status, 400);
  EXPECT_EQ(nokey.Code(), "IDEMPOTENCY_KEY_REQUIRED");

  // An inactive customer: 409 CUSTOMER_INACTIVE.
  const std::string gone = Create(R"({"nombre":")" + Unique("Se mudó") + R"("})");
  ASSERT_EQ(c.Send("PATCH", "/api/clientes/" + gone, R"({"activo":false})", JsonAs("admin")).status,
            200);
  auto inactive = Pay(body(gone, "1000", "transferencia"));
  EXPECT_EQ(inactive.status, 409);
  EXPECT_EQ(inactive.Code(), "CUSTOMER_INACTIVE");

  EXPECT_EQ(Saldo(marta), saldo);
  EXPECT_EQ(LedgerRows(), rows);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM movimientos_caja"), flows);
}

TEST_P(ClientesHttpTest, CashPaymentGoesToTheOpenSessionAndReplays) {
  auto c = DemoClient();
  const std::string id = Create(R"({"nombre":")" + Unique("Paga en Efectivo") +
                                R"(","limite_credito_centavos":200000})");
  auto ajuste = c.PostJson("/api/cuentas-corrientes/ajustes",
                           R"({"cliente_id":")" + id +
                               R"(","monto_centavos":50000,"motivo":"Saldo traído del cuaderno"})",
                           As("admin", NewKey()));
  ASSERT_EQ(ajuste.status, 201) << ajuste.body;
  EXPECT_EQ(ajuste.Header("location"), "/api/cuentas-corrientes/" + id + "/movimientos");
  EXPECT_EQ(ajuste.Json().at("data").at("saldo_centavos"), 50000);

  auto open =
      c.PostJson("/api/caja/apertura", R"({"monto_inicial_centavos":0})", As("ventas", NewKey()));
  ASSERT_EQ(open.status, 201) << open.body;
  const std::string sesion = DataField(open, "id");
  const std::string key = NewKey();
  const std::string body =
      R"({"cliente_id":")" + id + R"(","monto_centavos":30000,"metodo":"efectivo"})";
  auto pay = Pay(body, "ventas", key);
  ASSERT_EQ(pay.status, 201) << pay.body;
  EXPECT_EQ(pay.Header("location"), "/api/cuentas-corrientes/" + id + "/movimientos");
  auto d = pay.Json().at("data");
  EXPECT_EQ(d.at("saldo_centavos"), 20000);
  EXPECT_EQ(d.at("movimiento").at("tipo"), "pago");
  EXPECT_EQ(d.at("movimiento").at("monto_centavos"), -30000);
  EXPECT_EQ(d.at("movimiento").at("sesion_caja_id"), json::value(sesion));
  auto replay = Pay(body, "ventas", key);
  EXPECT_EQ(replay.status, 201);
  EXPECT_EQ(replay.Header("idempotent-replayed"), "true");
  EXPECT_EQ(replay.Json().at("data"), d);
  auto reused = Pay(R"({"cliente_id":")" + id + R"(","monto_centavos":1,"metodo":"efectivo"})",
                    "ventas", key);
  EXPECT_EQ(reused.status, 422);
  EXPECT_EQ(reused.Code(), "IDEMPOTENCY_KEY_REUSED");
  EXPECT_EQ(Saldo(id), 20000);
  EXPECT_EQ(
      Scalar("SELECT COUNT(*) FROM cuentas_corrientes_movimientos WHERE cliente_id = '" + id + "'"),
      2);
  auto arqueo = c.Get("/api/caja/arqueo", As("ventas"));
  ASSERT_EQ(arqueo.status, 200);
  EXPECT_EQ(arqueo.Json().at("data").at("cobros_cc_efectivo_centavos"), 30000);
  EXPECT_EQ(arqueo.Json().at("data").at("efectivo_esperado_centavos"), 30000);

  // A payment above the debt leaves credit in the customer's favour.
  auto more = Pay(R"({"cliente_id":")" + id +
                  R"(","monto_centavos":25000,"metodo":"transferencia","descripcion":"Adelanto"})");
  ASSERT_EQ(more.status, 201) << more.body;
  EXPECT_EQ(more.Json().at("data").at("saldo_centavos"), -5000);
  EXPECT_TRUE(more.Json().at("data").at("movimiento").at("sesion_caja_id").is_null());

  auto mov = c.Get("/api/cuentas-corrientes/" + id + "/movimientos?limit=2", As("ventas"));
  ASSERT_EQ(mov.status, 200);
  EXPECT_EQ(mov.Json().at("meta").at("total"), 3);
  EXPECT_EQ(mov.Json().at("data").as_array().size(), 2u);
  EXPECT_EQ(mov.Json().at("data").at(0).at("descripcion"), "Adelanto");
}

TEST_P(ClientesHttpTest, AdjustmentValidation) {
  auto c = DemoClient();
  const std::string marta = MartaId();
  const auto rows = LedgerRows();
  for (const std::string& body : std::vector<std::string>{
           R"({"cliente_id":")" + marta + R"(","monto_centavos":0,"motivo":"Cero"})",
           R"({"cliente_id":")" + marta + R"(","monto_centavos":100,"motivo":"no"})",
           R"({"cliente_id":")" + marta + R"(","monto_centavos":100})",
           R"({"cliente_id":")" + marta + R"(","monto_centavos":100000000001,"motivo":"Mucho"})"}) {
    auto r = c.PostJson("/api/cuentas-corrientes/ajustes", body, As("admin", NewKey()));
    EXPECT_EQ(r.status, 400) << body;
  }
  auto unknown = c.PostJson(
      "/api/cuentas-corrientes/ajustes",
      R"({"cliente_id":")" + std::string(kUnknown) + R"(","monto_centavos":100,"motivo":"Ajuste"})",
      As("admin", NewKey()));
  EXPECT_EQ(unknown.status, 422);
  EXPECT_EQ(LedgerRows(), rows);
}

TEST_P(ClientesHttpTest, SummaryBalancesAndCsv) {
  auto c = DemoClient();
  auto resumen = c.Get("/api/cuentas-corrientes/resumen", As("ventas"));
  ASSERT_EQ(resumen.status, 200) << resumen.body;
  auto r = resumen.Json().at("data");
  EXPECT_EQ(
      r.at("dinero_en_la_calle_centavos").as_int64(),
      Scalar("SELECT COALESCE(SUM(saldo_centavos), 0) FROM clientes WHERE saldo_centavos > 0"));
  EXPECT_EQ(r.at("clientes_con_deuda").as_int64(),
            Scalar("SELECT COUNT(*) FROM clientes WHERE saldo_centavos > 0"));
  EXPECT_GE(r.at("dinero_en_la_calle_centavos").as_int64(), 400000);
  EXPECT_TRUE(r.at("calculado_en").is_string());

  auto saldos = c.Get("/api/cuentas-corrientes/saldos?solo_deuda=true", As("ventas"));
  ASSERT_EQ(saldos.status, 200) << saldos.body;
  const auto rows = saldos.Json().at("data").as_array();
  ASSERT_FALSE(rows.empty());
  for (std::size_t i = 1; i < rows.size(); ++i) {
    EXPECT_GE(rows[i - 1].at("saldo_centavos").as_int64(), rows[i].at("saldo_centavos").as_int64());
  }
  for (const auto& row : rows) EXPECT_GT(row.at("saldo_centavos").as_int64(), 0);
  EXPECT_TRUE(rows[0].as_object().contains("cliente_id"));

  auto csv = c.Get("/api/cuentas-corrientes/saldos?formato=csv&q=marta", As("admin"));
  ASSERT_EQ(csv.status, 200);
  EXPECT_NE(csv.Header("content-type").find("text/csv"), std::string::npos);
  EXPECT_NE(csv.body.find("Marta Gómez"), std::string::npos);
  auto clientes_csv = c.Get("/api/clientes?formato=csv", As("ventas"));
  ASSERT_EQ(clientes_csv.status, 200);
  EXPECT_NE(clientes_csv.Header("content-disposition").find("clientes_"), std::string::npos);
  EXPECT_NE(clientes_csv.body.find("4000,00"), std::string::npos) << "Marta's saldo";
}

TEST_P(ClientesHttpTest, GlobalSearchShowsClientesToAdminAndVentas) {
  auto c = DemoClient();
  auto ventas = c.Get("/api/search?q=marta", As("ventas"));
  ASSERT_EQ(ventas.status, 200) << ventas.body;
  ASSERT_TRUE(ventas.Json().at("data").as_object().contains("clientes"));
  EXPECT_FALSE(ventas.Json().at("data").at("clientes").as_array().empty());
  auto deposito = c.Get("/api/search?q=marta", As("deposito"));
  ASSERT_EQ(deposito.status, 200);
  EXPECT_FALSE(deposito.Json().at("data").as_object().contains("clientes"));
}

TEST_P(ClientesHttpTest, ConcurrentCreatesWithOneDocumentoMakeOneCustomer) {
  // Eight clerks register the same DNI at once: the pre-check inside each transaction cannot see
  // the others' uncommitted rows on PostgreSQL, so the unique index decides, and the losers get
  // 409 DUPLICATE rather than a 500.
  const std::string dni = "31415926";
  std::vector<std::future<HttpResult>> answers;
  for (int i = 0; i < 8; ++i) {
    answers.push_back(std::async(std::launch::async, [&, i] {
      auto c = DemoClient();
      return c.PostJson(
          "/api/clientes",
          R"({"nombre":"Cliente )" + std::to_string(i) + R"(","documento":")" + dni + R"("})",
          As("ventas"));
    }));
  }
  int created = 0, duplicate = 0;
  for (auto& a : answers) {
    auto r = a.get();
    if (r.status == 201) ++created;
    if (r.status == 409 && r.Code() == "DUPLICATE") ++duplicate;
  }
  EXPECT_EQ(created, 1);
  EXPECT_EQ(duplicate, 7);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM clientes WHERE documento = '" + dni + "'"), 1);
}

MM_INSTANTIATE_HTTP(ClientesHttpTest);

}  // namespace
}  // namespace mm::testing
