// GET /api/ventas and GET /api/ventas/:id/ticket (api.md §9.1) over HTTP against the real server,
// on both databases: roles, the list with meta.totales for the filtered period, CSV, the ticket at
// each width, and bad queries answered 400.
#include <gtest/gtest.h>

#include <atomic>

#include "core/clock.hpp"
#include "core/random.hpp"
#include "core/uuid.hpp"
#include "core/validation.hpp"
#include "http_fixture.hpp"
#include "store/database.hpp"

namespace mm::testing {
namespace {

namespace json = boost::json;

class VentasConsultaHttpTest : public DemoHttpTest {
 protected:
  void SetUp() override {
    client_ = std::make_unique<HttpClient>(Demo().server.base_url());
    db_ = Demo().db.Open();
    CloseAnyOpenCashSession();
  }
  void TearDown() override { CloseAnyOpenCashSession(); }

  std::string Product(std::int64_t precio) {
    std::string id = core::NewUuidV4(random_);
    db_->Write([&](store::Tx& tx) {
      tx.Exec(
          "INSERT INTO productos (id, nombre, nombre_normalizado, busqueda_normalizado, sku, "
          "unidad, precio_venta_centavos, activo, version, creado_en, actualizado_en) VALUES "
          "($1, $2, $3, $3, $4, 'u', $5, $6, 0, $7, $7)",
          {id, "Fideos Tirabuzón con Nombre Largo " + id.substr(0, 8), "fideos " + id.substr(0, 8),
           "VC-" + id.substr(0, 8), precio, true, core::SystemClock().Now()});
    });
    auto in = client_->PostJson("/api/deposito/ingreso",
                                R"({"producto_id":")" + id + R"(","cantidad":50})",
                                As("deposito", NewKey()));
    EXPECT_EQ(in.status, 201) << in.body;
    return id;
  }
  json::value Sell(const std::string& body) {
    auto r = client_->PostJson("/api/ventas", body, As("ventas", NewKey()));
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? r.Json().at("data") : json::value();
  }

  core::SystemRandom random_;
  std::unique_ptr<HttpClient> client_;
  std::unique_ptr<store::Database> db_;
};

TEST_P(VentasConsultaHttpTest, ListTotalsCsvAndTicket) {
  auto open = client_->PostJson("/api/caja/apertura", R"({"monto_inicial_centavos":10000})",
                                As("ventas", NewKey()));
  ASSERT_EQ(open.status, 201) << open.body;
  std::string sesion(open.Json().at("data").at("id").as_string());
  auto p = Product(1250);
  auto v1 = Sell(R"({"items":[{"producto_id":")" + p +
                 R"(","cantidad":2}],"pagos":[{"metodo":"efectivo","monto_centavos":2500}],)" +
                 R"("efectivo_recibido_centavos":3000})");
  auto v2 = Sell(R"({"items":[{"producto_id":")" + p +
                 R"(","cantidad":3}],"pagos":[{"metodo":"debito","monto_centavos":1000},)" +
                 R"({"metodo":"qr","monto_centavos":2750}]})");
  ASSERT_TRUE(v1.is_object() && v2.is_object());

  auto list = client_->Get("/api/ventas?sesion_caja_id=" + sesion, As("ventas"));
  ASSERT_EQ(list.status, 200) << list.body;
  auto body = list.Json();
  const auto& rows = body.at("data").as_array();
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].at("id"), v2.at("id"));  // newest first
  EXPECT_EQ(rows[0].at("metodos").as_array().size(), 2u);
  EXPECT_EQ(rows[0].at("items_count").as_int64(), 1);
  EXPECT_EQ(rows[1].at("usuario").at("nombre"), v1.at("usuario").at("nombre"));
  const auto& totales = body.at("meta").at("totales");
  EXPECT_EQ(body.at("meta").at("total").as_int64(), 2);
  EXPECT_EQ(totales.at("cantidad").as_int64(), 2);
  EXPECT_EQ(totales.at("total_centavos").as_int64(), 6250);
  EXPECT_EQ(totales.at("neto_centavos").as_int64(), 6250);
  ASSERT_EQ(totales.at("por_metodo").as_array().size(), 3u);
  EXPECT_EQ(totales.at("por_metodo").at(0).at("metodo"), "efectivo");
  EXPECT_EQ(totales.at("por_metodo").at(0).at("total_centavos").as_int64(), 2500);

  auto qr = client_->Get("/api/ventas?metodo=qr&sort=total_centavos&sesion_caja_id=" + sesion,
                         As("admin"));
  ASSERT_EQ(qr.status, 200);
  EXPECT_EQ(qr.Json().at("data").as_array().size(), 1u);
  auto numero = std::to_string(v1.at("numero").as_int64());
  auto by_number = client_->Get("/api/ventas?numero=" + numero, As("admin"));
  ASSERT_EQ(by_number.status, 200);
  ASSERT_EQ(by_number.Json().at("data").as_array().size(), 1u);

  auto csv = client_->Get("/api/ventas?formato=csv&sesion_caja_id=" + sesion, As("admin"));
  ASSERT_EQ(csv.status, 200) << csv.body;
  EXPECT_NE(csv.Header("content-type").find("text/csv"), std::string::npos);
  EXPECT_NE(csv.body.find("numero;creado_en;creado_offline_en;metodos;total;devuelto;neto;"),
            std::string::npos);
  EXPECT_NE(csv.body.find(";debito,qr;37,50;0,00;37,50;completada;"), std::string::npos)
      << csv.body;

  std::string id(v1.at("id").as_string());
  for (int ancho : {32, 42, 48}) {
    auto t =
        client_->Get("/api/ventas/" + id + "/ticket?ancho=" + std::to_string(ancho), As("ventas"));
    ASSERT_EQ(t.status, 200) << t.body;
    auto tj = t.Json();
    EXPECT_EQ(tj.at("data").at("ancho").as_int64(), ancho);
    std::string texto(tj.at("data").at("texto").as_string());
    EXPECT_NE(texto.find("No válido como factura"), std::string::npos);
    EXPECT_NE(texto.find("Ticket N° " + numero), std::string::npos);
    EXPECT_NE(texto.find("Vuelto"), std::string::npos);
    std::size_t start = 0;
    while (start < texto.size()) {
      auto nl = texto.find('\n', start);
      auto line = texto.substr(start, nl - start);
      EXPECT_LE(core::CodePoints(line), static_cast<std::size_t>(ancho)) << line;
      if (nl == std::string::npos) break;
      start = nl + 1;
    }
  }
  auto def = client_->Get("/api/ventas/" + id + "/ticket", As("admin"));
  ASSERT_EQ(def.status, 200);
  EXPECT_EQ(def.Json().at("data").at("ancho").as_int64(), 32);
}

TEST_P(VentasConsultaHttpTest, RolesAndBadQueries) {
  std::string unknown = core::NewUuidV4(random_);
  EXPECT_EQ(client_->Get("/api/ventas").status, 401);
  EXPECT_EQ(client_->Get("/api/ventas", As("deposito")).status, 403);
  EXPECT_EQ(client_->Get("/api/ventas", As("usuario")).status, 403);
  EXPECT_EQ(client_->Get("/api/ventas/" + unknown + "/ticket", As("deposito")).status, 403);
  EXPECT_EQ(client_->Get("/api/ventas/" + unknown + "/ticket", As("ventas")).status, 404);
  for (const std::string& q : std::vector<std::string>{
           "/api/ventas?limit=201", "/api/ventas?metodo=cheque", "/api/ventas?estado=pendiente",
           "/api/ventas?sort=numero", "/api/ventas?fecha_desde=2026-13-01",
           "/api/ventas?fecha_desde=2026-11-30&fecha_hasta=2026-11-01", "/api/ventas?offline=si",
           "/api/ventas?numero=0", "/api/ventas?usuario_id=7", "/api/ventas?formato=xls",
           "/api/ventas?color=rojo", "/api/ventas/" + unknown + "/ticket?ancho=40",
           "/api/ventas/" + unknown + "/ticket?x=1", "/api/ventas/no-es-uuid/ticket"}) {
    auto r = client_->Get(q, As("admin"));
    EXPECT_EQ(r.status, 400) << q << " " << r.body;
    EXPECT_EQ(r.Code(), "VALIDATION_ERROR") << q;
  }
}

MM_INSTANTIATE_HTTP(VentasConsultaHttpTest);

}  // namespace
}  // namespace mm::testing
