// Offer routes over HTTP (api.md §10.3) against the real server, on both databases: roles, create
// for a lot with its defaults, the one-active rule, replays, bad input that changes nothing,
// deactivation twice, and the suggested list.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "core/clock.hpp"
#include "core/random.hpp"
#include "core/store_calendar.hpp"
#include "core/uuid.hpp"
#include "http_fixture.hpp"
#include "store/database.hpp"
#include "support/test_env.hpp"

namespace mm::testing {
namespace {

namespace json = boost::json;

class OfertasHttpTest : public DemoHttpTest {
 protected:
  void SetUp() override {
    client_ = std::make_unique<HttpClient>(Demo().server.base_url());
    db_ = Demo().db.Open();
  }
  // An active product with a price, written directly.
  std::string Product(std::int64_t precio) {
    std::string id = core::NewUuidV4(random_);
    db_->Write([&](store::Tx& tx) {
      tx.Exec(
          "INSERT INTO productos (id, nombre, nombre_normalizado, busqueda_normalizado, sku, "
          "unidad, precio_venta_centavos, controla_vencimiento, activo, version, creado_en, "
          "actualizado_en) VALUES ($1, $2, $3, $3, $4, 'u', $5, $6, $6, 0, $7, $7)",
          {id, "Yogur " + id.substr(0, 8), "yogur " + id.substr(0, 8), "OF-" + id.substr(0, 8),
           precio, true, core::SystemClock().Now()});
    });
    return id;
  }
  std::string Day(int offset) {
    auto today = core::StoreCalendar::Default().DayOf(core::SystemClock().Now());
    return core::FormatDate(core::AddDays(today, offset));
  }
  // An entrada of `n` units in lot `lote` at the sales location; the lot's id.
  std::string Lot(const std::string& producto, const std::string& lote, const std::string& fecha,
                  int n) {
    auto r = client_->PostJson("/api/deposito/ingreso",
                               R"({"producto_id":")" + producto + R"(","cantidad":)" +
                                   std::to_string(n) + R"(,"lote":")" + lote +
                                   R"(","fecha_vencimiento":")" + fecha + R"("})",
                               As("deposito", NewKey()));
    EXPECT_EQ(r.status, 201) << r.body;
    return db_->Read([&](store::Tx& tx) {
      return tx
          .QueryOne("SELECT id FROM stock_lotes WHERE producto_id = $1 AND lote = $2",
                    {producto, lote})
          ->Text(0);
    });
  }
  std::int64_t Offers(const std::string& producto) {
    return db_->Read([&](store::Tx& tx) {
      return tx.QueryOne("SELECT COUNT(*) FROM ofertas WHERE producto_id = $1", {producto})->Int(0);
    });
  }
  HttpResult Aplicar(const std::string& body, const std::string& role = "deposito",
                     const std::string& key = "") {
    return client_->PostJson("/api/ofertas/aplicar", body, As(role, key));
  }

  core::SystemRandom random_;
  std::unique_ptr<HttpClient> client_;
  std::unique_ptr<store::Database> db_;
};

TEST_P(OfertasHttpTest, RolesOnEveryRoute) {
  EXPECT_EQ(client_->Get("/api/ofertas").status, 401);
  EXPECT_EQ(client_->Get("/api/ofertas", As("usuario")).status, 200);
  EXPECT_EQ(client_->Get("/api/ofertas/sugeridas", As("ventas")).status, 403);
  EXPECT_EQ(client_->Get("/api/ofertas/sugeridas", As("deposito")).status, 200);
  auto p = Product(1000);
  EXPECT_EQ(Aplicar(R"({"producto_id":")" + p + R"("})", "ventas").status, 403);
  EXPECT_EQ(Aplicar(R"({"producto_id":")" + p + R"("})", "usuario").status, 403);
  EXPECT_EQ(Offers(p), 0);
}

TEST_P(OfertasHttpTest, CreateForALotThenTheOneActiveRuleAndReplay) {
  auto p = Product(2000);
  auto l1 = Lot(p, "A1", Day(3), 5);
  auto l2 = Lot(p, "A2", Day(6), 5);
  std::string key = NewKey();
  std::string body = R"({"lote_id":")" + l1 + R"("})";
  auto r = Aplicar(body, "deposito", key);
  ASSERT_EQ(r.status, 201) << r.body;
  auto d = r.Json().at("data");
  std::string id(d.at("id").as_string());
  EXPECT_EQ(r.Header("location"), "/api/ofertas/" + id);
  EXPECT_EQ(d.at("precio_oferta_centavos").as_int64(), 1400);
  EXPECT_EQ(d.at("descuento_bp").as_int64(), 3000);
  EXPECT_EQ(std::string(d.at("lote").at("id").as_string()), l1);
  EXPECT_EQ(std::string(d.at("motivo").as_string()), "vencimiento");
  auto replay = Aplicar(body, "deposito", key);
  EXPECT_EQ(replay.status, 201);
  EXPECT_EQ(replay.Header("idempotent-replayed"), "true");
  EXPECT_EQ(std::string(replay.Json().at("data").at("id").as_string()), id);

  auto other = Aplicar(R"({"lote_id":")" + l2 + R"(","descuento_bp":5000})", "admin");
  EXPECT_EQ(other.status, 409);
  EXPECT_EQ(other.Code(), "OFFER_ALREADY_ACTIVE");
  EXPECT_EQ(std::string(other.Json().at("error").at("details").at("oferta_id").as_string()), id);
  EXPECT_EQ(Offers(p), 1);

  auto list = client_->Get("/api/ofertas?producto_id=" + p, As("ventas"));
  ASSERT_EQ(list.status, 200);
  ASSERT_EQ(list.Json().at("data").as_array().size(), 1u);
  EXPECT_EQ(list.Json().at("meta").at("total").as_int64(), 1);

  // GET /api/lotes shows the offer on the lot it names only.
  auto lots = client_->Get("/api/lotes?producto_id=" + p, As("usuario"));
  ASSERT_EQ(lots.status, 200) << lots.body;
  auto lots_body = lots.Json();
  int with_offer = 0;
  for (const auto& l : lots_body.at("data").as_array()) {
    if (!l.as_object().contains("oferta_activa")) continue;
    ++with_offer;
    EXPECT_EQ(l.at("id").as_string(), l1);
    EXPECT_EQ(l.at("oferta_activa").at("id").as_string(), id);
    EXPECT_EQ(l.at("oferta_activa").at("precio_oferta_centavos").as_int64(), 1400);
  }
  EXPECT_EQ(with_offer, 1);
  auto product = client_->Get("/api/productos/" + p, As("usuario"));
  ASSERT_EQ(product.status, 200);
  EXPECT_EQ(product.Json().at("data").at("oferta_activa").at("id").as_string(), id);
  auto dropdown = client_->Get("/api/productos/dropdown", As("usuario"));
  ASSERT_EQ(dropdown.status, 200);
  bool found = false;
  auto dropdown_body = dropdown.Json();
  for (const auto& d : dropdown_body.at("data").as_array()) {
    if (d.at("id").as_string() != p) continue;
    found = true;
    EXPECT_EQ(d.at("precio_oferta_centavos").as_int64(), 1400);
  }
  EXPECT_TRUE(found);

  auto off = client_->PostJson("/api/ofertas/" + id + "/desactivar", "", As("admin"));
  ASSERT_EQ(off.status, 200) << off.body;
  EXPECT_FALSE(off.Json().at("data").at("activa").as_bool());
  auto again = client_->PostJson("/api/ofertas/" + id + "/desactivar", "{}", As("admin"));
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(again.Code(), "INVALID_STATE_TRANSITION");
  EXPECT_EQ(client_->Get("/api/ofertas?producto_id=" + p, As("ventas"))
                .Json()
                .at("data")
                .as_array()
                .size(),
            0u);
  EXPECT_EQ(client_->Get("/api/ofertas?activa=false&producto_id=" + p, As("ventas"))
                .Json()
                .at("data")
                .as_array()
                .size(),
            1u);
  EXPECT_FALSE(client_->Get("/api/productos/" + p, As("usuario"))
                   .Json()
                   .at("data")
                   .as_object()
                   .contains("oferta_activa"));
  EXPECT_EQ(Aplicar(R"({"lote_id":")" + l2 + R"("})").status, 201);
}

TEST_P(OfertasHttpTest, BadInputChangesNothing) {
  auto p = Product(1000);
  auto zero = Product(0);
  auto lot = Lot(p, "B1", Day(3), 2);
  std::string unknown = core::NewUuidV4(random_);
  struct Case {
    std::string body;
    int status;
    std::string code;
  };
  const Case cases[] = {
      {R"({})", 400, "VALIDATION_ERROR"},
      {R"({"lote_id":"no"})", 400, "VALIDATION_ERROR"},
      {R"({"lote_id":")" + lot + R"(","descuento_bp":99})", 400, "VALIDATION_ERROR"},
      {R"({"lote_id":")" + lot + R"(","descuento_bp":9001})", 400, "VALIDATION_ERROR"},
      {R"({"lote_id":")" + lot + R"(","descuento_bp":"30"})", 400, "VALIDATION_ERROR"},
      {R"({"lote_id":")" + lot + R"(","color":"rojo"})", 400, "VALIDATION_ERROR"},
      {R"({"lote_id":")" + lot + R"(","vence_en":"mañana"})", 400, "VALIDATION_ERROR"},
      {R"({"lote_id":")" + lot + R"(","vence_en":"2020-01-01T00:00:00Z"})", 400,
       "VALIDATION_ERROR"},
      {R"({"lote_id":")" + unknown + R"("})", 422, "REFERENCE_NOT_FOUND"},
      {R"({"producto_id":")" + unknown + R"("})", 422, "REFERENCE_NOT_FOUND"},
      {R"({"producto_id":")" + zero + R"("})", 409, "PRODUCT_WITHOUT_PRICE"},
  };
  for (const auto& c : cases) {
    auto r = Aplicar(c.body, "admin", NewKey());
    EXPECT_EQ(r.status, c.status) << c.body << " " << r.body;
    EXPECT_EQ(r.Code(), c.code) << c.body;
  }
  EXPECT_EQ(Offers(p), 0);
  EXPECT_EQ(Offers(zero), 0);
  for (const std::string q : {"/api/ofertas?limit=201", "/api/ofertas?activa=si",
                              "/api/ofertas?producto_id=1", "/api/ofertas/sugeridas?dias=31",
                              "/api/ofertas/sugeridas?dias=0", "/api/ofertas?color=rojo"}) {
    EXPECT_EQ(client_->Get(q, As("admin")).status, 400) << q;
  }
  EXPECT_EQ(client_->PostJson("/api/ofertas/" + unknown + "/desactivar", "", As("admin")).status,
            404);
  EXPECT_EQ(client_->PostJson("/api/ofertas/" + unknown + "/desactivar", R"({"x":1})", As("admin"))
                .status,
            400);
}

TEST_P(OfertasHttpTest, SuggestedListsTheLotUntilItHasAnOffer) {
  auto p = Product(3000);
  auto lot = Lot(p, "S1", Day(2), 4);
  auto has = [&](int dias) {
    auto r = client_->Get("/api/ofertas/sugeridas?limit=200&dias=" + std::to_string(dias),
                          As("deposito"));
    EXPECT_EQ(r.status, 200) << r.body;
    auto body = r.Json();
    for (const auto& s : body.at("data").as_array()) {
      if (s.at("lote").at("id").as_string() == lot) {
        EXPECT_EQ(s.at("precio_oferta_sugerido_centavos").as_int64(), 2100);
        EXPECT_EQ(s.at("dias_para_vencer").as_int64(), 2);
        return true;
      }
    }
    return false;
  };
  EXPECT_FALSE(has(1));
  EXPECT_TRUE(has(7));
  ASSERT_EQ(Aplicar(R"({"producto_id":")" + p + R"(","descuento_bp":2000})").status, 201);
  EXPECT_FALSE(has(7));
}

TEST_P(OfertasHttpTest, ConcurrentCreatesGiveOne201AndTheRest409) {
  auto p = Product(5000);
  const int n = static_cast<int>(Scaled(16, 4));
  const std::string token = Token("deposito");
  const std::string base = Demo().server.base_url();
  std::atomic<int> created{0};
  std::atomic<int> conflicts{0};
  std::atomic<int> other{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < n; ++i) {
    threads.emplace_back([&] {
      HttpClient c(base);
      auto r =
          c.PostJson("/api/ofertas/aplicar", R"({"producto_id":")" + p + R"("})", Bearer(token));
      if (r.status == 201) {
        ++created;
      } else if (r.status == 409 && r.Code() == "OFFER_ALREADY_ACTIVE") {
        ++conflicts;
      } else {
        ++other;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(created.load(), 1);
  EXPECT_EQ(conflicts.load(), n - 1);
  EXPECT_EQ(other.load(), 0);
  EXPECT_EQ(Offers(p), 1);
}

MM_INSTANTIATE_HTTP(OfertasHttpTest);

}  // namespace
}  // namespace mm::testing
