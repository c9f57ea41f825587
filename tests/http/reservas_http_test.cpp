// Reservations over HTTP (api.md §7.3) against the real server, on both databases: routes and
// roles, the Idempotency-Key contract (required, replay headers, reused key), availability per
// location, cancel with or without a body, and bad input that changes nothing.
#include <gtest/gtest.h>

#include <unistd.h>

#include <boost/json/serialize.hpp>
#include <set>

#include "core/random.hpp"
#include "core/uuid.hpp"
#include "http_fixture.hpp"
#include "support/stock_invariants.hpp"

namespace mm::testing {
namespace {

namespace json = boost::json;

constexpr const char* kNadie = "7b0c2d3e-4f50-4a61-8b72-93a4b5c6d7e8";
constexpr const char* kPrincipal = "00000000-0000-4000-8000-000000000001";
constexpr const char* kTrastienda = "b3000000-0000-4000-8000-000000000001";
constexpr const char* kCerrada = "b3000000-0000-4000-8000-000000000002";

class ReservasHttpTest : public DemoHttpTest {
 protected:
  void SeedDemo(store::Database& db) override {
    db.Write([](store::Tx& tx) {
      auto now = core::ParseTimestamp("2026-11-01T12:00:00Z").value();
      tx.Exec(R"sql(
INSERT INTO ubicaciones (id, nombre, nombre_normalizado, es_venta, activo, creado_en,
                         actualizado_en)
VALUES ($1, 'Trastienda', 'trastienda', $3, $4, $5, $5),
       ($2, 'Cerrada', 'cerrada', $3, $3, $5, $5))sql",
              {kTrastienda, kCerrada, false, true, now});
    });
  }

  void SetUp() override {
    client_ = std::make_unique<HttpClient>(Demo().server.base_url());
    for (const char* role : {"admin", "deposito", "ventas", "usuario"}) {
      tokens_[role] = Login(*client_, std::string(role) + "@demo.local");
      ASSERT_FALSE(tokens_[role].empty()) << role;
    }
    db_ = Demo().db.Open();
  }
  void TearDown() override {
    if (db_) {
      EXPECT_EQ(StockInvariantViolations(*db_, core::SystemClock().Now()),
                std::vector<std::string>{});
    }
  }

  // A product of its own for each test, with `stock` units at each location given (by the
  // movements API, so the kardex stays whole).
  std::string NewProduct(std::vector<std::pair<const char*, int>> stock, bool activo = true) {
    std::string id = core::NewUuidV4(random_);
    std::string sku = "RES-" + id.substr(0, 8);
    db_->Write([&](store::Tx& tx) {
      auto now = core::ParseTimestamp("2026-11-01T12:00:00Z").value();
      tx.Exec(R"sql(
INSERT INTO productos (id, nombre, nombre_normalizado, busqueda_normalizado, sku, unidad,
                       precio_venta_centavos, controla_vencimiento, activo, version, creado_en,
                       actualizado_en)
VALUES ($1, $2, $3, $3, $4, 'u', 150000, $5, $6, 0, $7, $7))sql",
              {id, "Producto " + sku, "producto " + sku, sku, false, true, now});
    });
    for (const auto& [ubicacion, n] : stock) {
      auto r = client_->PostJson("/api/deposito/movimiento",
                                 json::serialize(json::object{{"tipo", "entrada"},
                                                              {"producto_id", id},
                                                              {"cantidad", n},
                                                              {"ubicacion_id", ubicacion}}),
                                 Auth("deposito", NewKey()));
      EXPECT_EQ(r.status, 201) << r.body;
    }
    if (!activo) {
      db_->Write([&](store::Tx& tx) {
        tx.Exec("UPDATE productos SET activo = $1 WHERE id = $2", {false, id});
      });
    }
    return id;
  }

  Headers Auth(const std::string& role, const std::string& key = "") {
    Headers h = Bearer(tokens_.at(role));
    if (!key.empty()) h.emplace_back("Idempotency-Key", key);
    return h;
  }
  static std::string NewKey() {
    static int n = 0;
    return "res-http-" + std::to_string(::getpid()) + "-" + std::to_string(++n);
  }
  HttpResult Reserve(const json::object& body, const std::string& key = NewKey(),
                     const std::string& role = "ventas") {
    return client_->PostJson("/api/reservas", json::serialize(body), Auth(role, key));
  }

  std::int64_t Count(const std::string& sql) {
    return db_->Read([&](store::Tx& tx) { return tx.QueryOne(sql)->Int(0); });
  }
  // Everything a reservation may write, the key table included.
  std::vector<std::int64_t> Traces() {
    return {
        Count("SELECT COUNT(*) FROM stock_reservado"),
        Count("SELECT COUNT(*) FROM stock_reservado WHERE estado = 'activa'"),
        Count("SELECT COUNT(*) FROM stock_deposito"),
        Count("SELECT COUNT(*) FROM idempotency_keys"),
        Count("SELECT COALESCE(MAX(version), 0) FROM cache_versions WHERE namespace = 'stock'")};
  }
  std::int64_t Disponible(const std::string& producto, const char* ubicacion) {
    return db_->Read([&](store::Tx& tx) {
      auto r = tx.QueryOne(
          "SELECT s.cantidad - COALESCE((SELECT SUM(r.cantidad) FROM stock_reservado r WHERE "
          "r.producto_id = s.producto_id AND r.ubicacion_id = s.ubicacion_id AND r.estado = "
          "'activa'), 0) FROM stock_deposito s WHERE s.producto_id = $1 AND s.ubicacion_id = $2",
          {producto, ubicacion});
      return r ? r->Int(0) : std::int64_t{0};
    });
  }

  core::SystemRandom random_;
  std::unique_ptr<HttpClient> client_;
  std::map<std::string, std::string> tokens_;
  std::unique_ptr<store::Database> db_;
};

TEST_P(ReservasHttpTest, CreateReadListAndCancel) {
  auto p = NewProduct({{kPrincipal, 10}});
  auto r = Reserve({{"producto_id", p},
                    {"cantidad", 3},
                    {"referencia", "Marta — sábado"},
                    {"expira_en_min", 120}});
  ASSERT_EQ(r.status, 201) << r.body;
  auto reserva = r.Json().at("data").at("reserva").as_object();
  const std::string id(reserva.at("id").as_string());
  EXPECT_EQ(r.Header("location"), "/api/reservas/" + id);
  EXPECT_EQ(r.Json().at("data").at("disponible_restante"), 7);
  EXPECT_EQ(reserva.at("producto_id"), json::value(p));
  EXPECT_EQ(reserva.at("ubicacion_id"), kPrincipal);
  EXPECT_EQ(reserva.at("cantidad"), 3);
  EXPECT_EQ(reserva.at("estado"), "activa");
  EXPECT_EQ(reserva.at("referencia"), "Marta — sábado");
  auto creado = core::ParseTimestamp(std::string(reserva.at("creado_en").as_string()));
  auto expira = core::ParseTimestamp(std::string(reserva.at("expira_en").as_string()));
  ASSERT_TRUE(creado && expira);
  EXPECT_EQ(*expira - *creado, std::chrono::minutes(120));
  EXPECT_FALSE(reserva.at("usuario").at("nombre").as_string().empty());
  EXPECT_EQ(Disponible(p, kPrincipal), 7);

  auto got = client_->Get("/api/reservas/" + id, Auth("deposito"));
  ASSERT_EQ(got.status, 200) << got.body;
  EXPECT_EQ(got.Json().at("data"), reserva);
  auto list = client_->Get("/api/reservas?producto_id=" + p + "&estado=activa", Auth("admin"));
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_EQ(list.Json().at("meta").at("total"), 1);
  EXPECT_EQ(list.Json().at("data").at(0), reserva);
  EXPECT_EQ(client_->Get("/api/reservas/" + std::string(kNadie), Auth("ventas")).status, 404);

  // Cancel with no body at all; then a second cancel is a state error.
  auto c = client_->PostJson("/api/reservas/" + id + "/cancelar", "", Auth("ventas"));
  ASSERT_EQ(c.status, 200) << c.body;
  EXPECT_EQ(c.Json().at("data").at("estado"), "cancelada");
  EXPECT_TRUE(c.Json().at("data").as_object().contains("cancelada_en"));
  EXPECT_FALSE(c.Json().at("data").at("cancelada_por").at("id").as_string().empty());
  EXPECT_EQ(Disponible(p, kPrincipal), 10);
  auto again = client_->PostJson("/api/reservas/" + id + "/cancelar", R"({"motivo":"otra vez"})",
                                 Auth("ventas", NewKey()));
  ASSERT_EQ(again.status, 409) << again.body;
  EXPECT_EQ(again.Code(), "INVALID_STATE_TRANSITION");
  EXPECT_EQ(again.Json().at("error").at("details").at("estado_actual"), "cancelada");
  EXPECT_EQ(
      client_->PostJson("/api/reservas/" + std::string(kNadie) + "/cancelar", "", Auth("ventas"))
          .status,
      404);

  // With a motivo and a key: a retry replays the same 200.
  auto second = Reserve({{"producto_id", p}, {"cantidad", 1}}, NewKey(), "deposito");
  ASSERT_EQ(second.status, 201);
  std::string id2(second.Json().at("data").at("reserva").at("id").as_string());
  const std::string key = NewKey();
  auto c2 = client_->PostJson("/api/reservas/" + id2 + "/cancelar",
                              R"({"motivo":"El cliente avisó"})", Auth("admin", key));
  ASSERT_EQ(c2.status, 200) << c2.body;
  EXPECT_EQ(c2.Json().at("data").at("motivo_cancelacion"), "El cliente avisó");
  auto c2r = client_->PostJson("/api/reservas/" + id2 + "/cancelar",
                               R"({"motivo":"El cliente avisó"})", Auth("admin", key));
  ASSERT_EQ(c2r.status, 200) << c2r.body;
  EXPECT_EQ(c2r.Header("idempotent-replayed"), "true");
  EXPECT_EQ(c2r.Json().at("data"), c2.Json().at("data"));
}

TEST_P(ReservasHttpTest, RolesAdminDepositoAndVentasOnly) {
  auto p = NewProduct({{kPrincipal, 10}});
  for (const char* role : {"admin", "deposito", "ventas"}) {
    auto r = Reserve({{"producto_id", p}, {"cantidad", 1}}, NewKey(), role);
    EXPECT_EQ(r.status, 201) << role << " " << r.body;
  }
  auto before = Traces();
  auto u = Reserve({{"producto_id", p}, {"cantidad", 1}}, NewKey(), "usuario");
  EXPECT_EQ(u.status, 403);
  EXPECT_EQ(u.Code(), "FORBIDDEN");
  EXPECT_EQ(client_->Get("/api/reservas", Auth("usuario")).status, 403);
  auto any = client_->Get("/api/reservas?producto_id=" + p, Auth("admin"));
  std::string id(any.Json().at("data").at(0).at("id").as_string());
  EXPECT_EQ(client_->Get("/api/reservas/" + id, Auth("usuario")).status, 403);
  EXPECT_EQ(client_->PostJson("/api/reservas/" + id + "/cancelar", "", Auth("usuario")).status,
            403);
  EXPECT_EQ(client_->Get("/api/reservas").status, 401);
  EXPECT_EQ(Traces(), before);
}

TEST_P(ReservasHttpTest, KeyRequiredReplayedAndNotReusable) {
  auto p = NewProduct({{kPrincipal, 5}});
  auto before = Traces();
  auto none = client_->PostJson("/api/reservas",
                                json::serialize(json::object{{"producto_id", p}, {"cantidad", 1}}),
                                Auth("ventas"));
  ASSERT_EQ(none.status, 400) << none.body;
  EXPECT_EQ(none.Code(), "IDEMPOTENCY_KEY_REQUIRED");
  EXPECT_EQ(Traces(), before);

  const std::string key = NewKey();
  json::object body{{"producto_id", p}, {"cantidad", 5}};
  auto first = Reserve(body, key);
  ASSERT_EQ(first.status, 201) << first.body;
  EXPECT_NE(first.Header("idempotent-replayed"), "true");
  // Everything is held now; the retry still replays the 201 (the key comes first).
  auto replay = Reserve(body, key);
  ASSERT_EQ(replay.status, 201) << replay.body;
  EXPECT_EQ(replay.Header("idempotent-replayed"), "true");
  EXPECT_EQ(replay.Header("idempotent-original-request-id"), first.Header("x-request-id"));
  EXPECT_NE(replay.Header("x-request-id"), first.Header("x-request-id"));
  EXPECT_EQ(replay.Json().at("requestId"), json::value(replay.Header("x-request-id")));
  EXPECT_EQ(replay.Json().at("data"), first.Json().at("data"));
  EXPECT_EQ(replay.Header("location"), first.Header("location"));
  // Another body with the same key: 422, and nothing of the first comes back.
  auto after = Traces();
  auto reused = Reserve({{"producto_id", p}, {"cantidad", 4}}, key);
  ASSERT_EQ(reused.status, 422) << reused.body;
  EXPECT_EQ(reused.Code(), "IDEMPOTENCY_KEY_REUSED");
  EXPECT_FALSE(reused.Json().as_object().contains("data") && !reused.Json().at("data").is_null());
  EXPECT_EQ(Traces(), after);
  // A new key now finds nothing left.
  auto over = Reserve({{"producto_id", p}, {"cantidad", 1}});
  ASSERT_EQ(over.status, 409) << over.body;
  EXPECT_EQ(over.Code(), "INSUFFICIENT_STOCK");
  const auto item = over.Json().at("error").at("details").at("items").at(0);
  EXPECT_EQ(item.at("producto_id"), json::value(p));
  EXPECT_EQ(item.at("disponible"), 0);
  EXPECT_EQ(item.at("solicitado"), 1);
  EXPECT_EQ(Traces(), after);
}

TEST_P(ReservasHttpTest, AvailabilityIsPerLocation) {
  auto p = NewProduct({{kPrincipal, 4}, {kTrastienda, 6}});
  auto back = Reserve({{"producto_id", p}, {"cantidad", 6}, {"ubicacion_id", kTrastienda}});
  ASSERT_EQ(back.status, 201) << back.body;
  EXPECT_EQ(back.Json().at("data").at("disponible_restante"), 0);
  auto front = Reserve({{"producto_id", p}, {"cantidad", 4}});  // the sales location
  ASSERT_EQ(front.status, 201) << front.body;
  EXPECT_EQ(front.Json().at("data").at("reserva").at("ubicacion_id"), kPrincipal);
  EXPECT_EQ(front.Json().at("data").at("disponible_restante"), 0);
  auto more = Reserve({{"producto_id", p}, {"cantidad", 1}, {"ubicacion_id", kTrastienda}});
  EXPECT_EQ(more.Code(), "INSUFFICIENT_STOCK");
  // The stock read agrees: everything reserved, nothing available, stock untouched.
  auto s = client_->Get("/api/stock/producto/" + p, Auth("ventas"));
  ASSERT_EQ(s.status, 200) << s.body;
  EXPECT_NE(s.body.find("\"reservado\":6"), std::string::npos) << s.body;
  EXPECT_NE(s.body.find("\"reservado\":4"), std::string::npos) << s.body;
}

TEST_P(ReservasHttpTest, BadInputIsRefusedAndChangesNothing) {
  auto p = NewProduct({{kPrincipal, 5}});
  auto viejo = NewProduct({{kPrincipal, 5}}, false);
  struct Case {
    std::string body;
    long status;
    std::string code;
    std::string detail;  // campo of a 400/422, motivo of a CONFLICT
  };
  const std::string pid = "\"producto_id\":\"" + p + "\"";
  std::vector<Case> cases = {
      {"{}", 400, "VALIDATION_ERROR", "producto_id"},
      {"{" + pid + "}", 400, "VALIDATION_ERROR", "cantidad"},
      {"{" + pid + ",\"cantidad\":0}", 400, "VALIDATION_ERROR", "cantidad"},
      {"{" + pid + ",\"cantidad\":-1}", 400, "VALIDATION_ERROR", "cantidad"},
      {"{" + pid + ",\"cantidad\":100001}", 400, "VALIDATION_ERROR", "cantidad"},
      {"{" + pid + ",\"cantidad\":\"2\"}", 400, "VALIDATION_ERROR", "cantidad"},
      {"{" + pid + ",\"cantidad\":1.5}", 400, "VALIDATION_ERROR", "cantidad"},
      {"{" + pid + ",\"cantidad\":1,\"expira_en_min\":4}", 400, "VALIDATION_ERROR",
       "expira_en_min"},
      {"{" + pid + ",\"cantidad\":1,\"expira_en_min\":10081}", 400, "VALIDATION_ERROR",
       "expira_en_min"},
      {"{" + pid + ",\"cantidad\":1,\"referencia\":\"" + std::string(121, 'r') + "\"}", 400,
       "VALIDATION_ERROR", "referencia"},
      {"{" + pid + ",\"cantidad\":1,\"ubicacion_id\":\"principal\"}", 400, "VALIDATION_ERROR",
       "ubicacion_id"},
      {"{\"producto_id\":\"123\",\"cantidad\":1}", 400, "VALIDATION_ERROR", "producto_id"},
      {"{" + pid + ",\"cantidad\":1,\"precio\":10}", 400, "VALIDATION_ERROR", "precio"},
      {"{" + pid + ",\"cantidad\":1", 400, "INVALID_JSON", ""},
      {"{\"producto_id\":\"" + std::string(kNadie) + "\",\"cantidad\":1}", 422,
       "REFERENCE_NOT_FOUND", "producto_id"},
      {"{" + pid + ",\"cantidad\":1,\"ubicacion_id\":\"" + kNadie + "\"}", 422,
       "REFERENCE_NOT_FOUND", "ubicacion_id"},
      {"{\"producto_id\":\"" + viejo + "\",\"cantidad\":1}", 409, "PRODUCT_INACTIVE", ""},
      {"{" + pid + ",\"cantidad\":1,\"ubicacion_id\":\"" + kCerrada + "\"}", 409, "CONFLICT",
       "ubicacion_inactiva"},
      {"{" + pid + ",\"cantidad\":6}", 409, "INSUFFICIENT_STOCK", ""},
  };
  const auto before = Traces();
  for (const auto& c : cases) {
    SCOPED_TRACE(c.body.substr(0, 120));
    auto r = client_->PostJson("/api/reservas", c.body, Auth("ventas", NewKey()));
    ASSERT_EQ(r.status, c.status) << r.body;
    ASSERT_EQ(r.Code(), c.code) << r.body;
    const auto err = r.Json().at("error").as_object();
    const json::value d = err.contains("details") ? err.at("details") : json::object{};
    if (c.code == "VALIDATION_ERROR") {
      std::set<std::string> campos;
      for (const auto& x : d.at("campos").as_array()) campos.emplace(x.at("campo").as_string());
      EXPECT_TRUE(campos.contains(c.detail)) << r.body;
    } else if (c.code == "REFERENCE_NOT_FOUND") {
      EXPECT_EQ(d.at("campo"), json::value(c.detail));
    } else if (c.code == "CONFLICT") {
      EXPECT_EQ(d.at("motivo"), json::value(c.detail));
    }
    EXPECT_EQ(Traces(), before);
  }

  // Queries and the cancel body are checked as strictly.
  for (const char* q : {"?estado=abierta", "?sort=cantidad", "?limit=201", "?limit=0",
                        "?producto_id=abc", "?color=rojo", "?offset=-1"}) {
    auto r = client_->Get(std::string("/api/reservas") + q, Auth("ventas"));
    EXPECT_EQ(r.status, 400) << q << " " << r.body;
    EXPECT_EQ(r.Code(), "VALIDATION_ERROR") << q;
  }
  EXPECT_EQ(client_->Get("/api/reservas/no-es-uuid", Auth("ventas")).status, 400);
  auto ok = Reserve({{"producto_id", p}, {"cantidad", 1}});
  ASSERT_EQ(ok.status, 201);
  std::string id(ok.Json().at("data").at("reserva").at("id").as_string());
  const auto held = Traces();
  for (const std::string& body :
       {"{\"motivo\":\"" + std::string(201, 'm') + "\"}", std::string("{\"motivo\":5}"),
        std::string("{\"razon\":\"x\"}"), std::string("[]")}) {
    auto r = client_->PostJson("/api/reservas/" + id + "/cancelar", body, Auth("ventas"));
    EXPECT_EQ(r.status, 400) << body << " " << r.body;
    EXPECT_EQ(Traces(), held);
  }
  auto still = client_->Get("/api/reservas/" + id, Auth("ventas"));
  EXPECT_EQ(still.Json().at("data").at("estado"), "activa");
}

MM_INSTANTIATE_HTTP(ReservasHttpTest);

}  // namespace
}  // namespace mm::testing
