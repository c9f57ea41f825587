// GET /api/pos/catalogo (api.md §9.1) and GET /api/search (api.md §11.4) over HTTP against the
// real server, on both databases: roles, the ETag and 304 that change after a price or stock
// change, and the search's sections by role and its bad queries.
#include <gtest/gtest.h>

#include <atomic>

#include "core/clock.hpp"
#include "core/random.hpp"
#include "core/uuid.hpp"
#include "http_fixture.hpp"
#include "store/database.hpp"

namespace mm::testing {
namespace {

namespace json = boost::json;

class PosHttpTest : public DemoHttpTest {
 protected:
  void SetUp() override {
    client_ = std::make_unique<HttpClient>(Demo().server.base_url());
    db_ = Demo().db.Open();
  }
  std::string Product(const std::string& nombre, std::int64_t precio,
                      const std::optional<std::string>& barcode = std::nullopt) {
    std::string id = core::NewUuidV4(random_);
    db_->Write([&](store::Tx& tx) {
      tx.Exec(
          "INSERT INTO productos (id, nombre, nombre_normalizado, busqueda_normalizado, sku, "
          "codigo_barras, unidad, precio_venta_centavos, activo, version, creado_en, "
          "actualizado_en) VALUES ($1, $2, $3, $4, $5, $6, 'u', $7, $8, 0, $9, $9)",
          {id, nombre, "x", "x", "POS-" + id.substr(0, 8), barcode, precio, true,
           core::SystemClock().Now()});
    });
    return id;
  }
  HttpResult Catalog(const std::string& role, const std::string& etag = "") {
    Headers h = As(role);
    if (!etag.empty()) h.emplace_back("If-None-Match", etag);
    return client_->Get("/api/pos/catalogo", h);
  }
  const json::value* Find(const json::value& data, const std::string& id) {
    for (const auto& p : data.at("productos").as_array()) {
      if (p.at("id").as_string() == id) return &p;
    }
    return nullptr;
  }

  core::SystemRandom random_;
  std::unique_ptr<HttpClient> client_;
  std::unique_ptr<store::Database> db_;
};

TEST_P(PosHttpTest, CatalogRoles) {
  EXPECT_EQ(client_->Get("/api/pos/catalogo").status, 401);
  EXPECT_EQ(Catalog("deposito").status, 403);
  EXPECT_EQ(Catalog("usuario").status, 403);
  EXPECT_EQ(Catalog("admin").status, 200);
  EXPECT_EQ(client_->Get("/api/pos/catalogo?limit=10", As("ventas")).status, 400);
}

TEST_P(PosHttpTest, ETagAnswers304UntilAPriceOrStockChange) {
  auto first = Catalog("ventas");
  ASSERT_EQ(first.status, 200) << first.body;
  std::string etag = first.Header("etag");
  ASSERT_FALSE(etag.empty());
  auto data = first.Json().at("data");
  EXPECT_EQ("\"" + std::string(data.at("version").as_string()) + "\"", etag);
  EXPECT_FALSE(data.at("productos").as_array().empty());
  for (const auto& p : data.at("productos").as_array()) {
    EXPECT_FALSE(p.as_object().contains("costo_centavos"));
  }

  auto same = Catalog("ventas", etag);
  EXPECT_EQ(same.status, 304);
  EXPECT_TRUE(same.body.empty());
  EXPECT_EQ(same.Header("etag"), etag);
  EXPECT_EQ(Catalog("ventas", "W/" + etag + ", \"otro\"").status, 304);
  EXPECT_EQ(Catalog("ventas", "\"otro\"").status, 200);

  // A price change moves the version.
  auto p = Product("Galletitas ETag", 1000);
  auto price = client_->PostJson(
      "/api/precios/aplicar",
      R"({"producto_id":")" + p + R"(","costo_centavos":1000,"markup_bp":5000})", As("admin"));
  ASSERT_EQ(price.status, 200) << price.body;
  auto after_price = Catalog("ventas", etag);
  ASSERT_EQ(after_price.status, 200);
  std::string etag2 = after_price.Header("etag");
  EXPECT_NE(etag2, etag);
  auto price_body = after_price.Json();
  const auto* row = Find(price_body.at("data"), p);
  ASSERT_NE(row, nullptr);
  EXPECT_EQ(row->at("precio_venta_centavos").as_int64(), 1500);
  EXPECT_EQ(row->at("disponible").as_int64(), 0);
  EXPECT_EQ(Catalog("ventas", etag2).status, 304);

  // So does a stock change.
  auto in =
      client_->PostJson("/api/deposito/ingreso", R"({"producto_id":")" + p + R"(","cantidad":7})",
                        As("deposito", NewKey()));
  ASSERT_EQ(in.status, 201) << in.body;
  auto after_stock = Catalog("ventas", etag2);
  ASSERT_EQ(after_stock.status, 200);
  EXPECT_NE(after_stock.Header("etag"), etag2);
  auto stock_body = after_stock.Json();
  const auto* stocked = Find(stock_body.at("data"), p);
  ASSERT_NE(stocked, nullptr);
  EXPECT_EQ(stocked->at("disponible").as_int64(), 7);
}

TEST_P(PosHttpTest, SearchSectionsByRole) {
  // Through the API, so both databases index it for search.
  auto created = client_->PostJson(
      "/api/productos", R"({"nombre":"Mermelada Ñandú Búsqueda","codigo_barras":"7791234500017"})",
      As("admin"));
  ASSERT_EQ(created.status, 201) << created.body;
  std::string p(created.Json().at("data").at("id").as_string());
  auto ventas = client_->Get("/api/search?q=7791234500017", As("ventas"));
  ASSERT_EQ(ventas.status, 200) << ventas.body;
  auto d = ventas.Json().at("data").as_object();
  EXPECT_FALSE(d.contains("proveedores"));
  ASSERT_FALSE(d.at("productos").as_array().empty());
  EXPECT_EQ(d.at("productos").as_array().at(0).at("id").as_string(), p);
  auto admin = client_->Get("/api/search?q=nandu%20busq", As("admin"));
  ASSERT_EQ(admin.status, 200) << admin.body;
  EXPECT_TRUE(admin.Json().at("data").as_object().contains("proveedores"));
  EXPECT_EQ(admin.Json().at("data").at("productos").as_array().at(0).at("id").as_string(), p);
  auto only = client_->Get("/api/search?q=nandu&tipos=proveedores", As("deposito"));
  ASSERT_EQ(only.status, 200);
  EXPECT_FALSE(only.Json().at("data").as_object().contains("productos"));
  EXPECT_EQ(client_->Get("/api/search?q=nandu").status, 401);
  for (const std::string q : {"/api/search", "/api/search?q=a", "/api/search?q=%20%20%20",
                              "/api/search?q=ab&limit=21", "/api/search?q=ab&limit=0",
                              "/api/search?q=ab&tipos=tareas", "/api/search?q=ab&color=rojo"}) {
    auto r = client_->Get(q, As("admin"));
    EXPECT_EQ(r.status, 400) << q << " " << r.body;
    EXPECT_EQ(r.Code(), "VALIDATION_ERROR") << q;
  }
}

MM_INSTANTIATE_HTTP(PosHttpTest);

}  // namespace
}  // namespace mm::testing
