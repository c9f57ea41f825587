// Customer orders over HTTP (api.md §10.2) against the real server, on both databases: the
// routes end to end (create, read, list, patch, checklist, states, payments), roles, the
// Idempotency-Key contract of creation (one order however often it is replayed), two clerks
// moving the same order at the same instant (one wins, the other gets 409), and bad input that
// changes nothing. The stock, credit and order invariants hold after every test.
#include <gtest/gtest.h>

#include <barrier>
#include <boost/json/serialize.hpp>
#include <set>
#include <thread>

#include "core/normalize.hpp"
#include "core/random.hpp"
#include "core/uuid.hpp"
#include "http_fixture.hpp"
#include "support/credit_invariants.hpp"
#include "support/stock_invariants.hpp"
#include "support/test_env.hpp"

namespace mm::testing {
namespace {

namespace json = boost::json;

constexpr const char* kPrincipal = "00000000-0000-4000-8000-000000000001";
constexpr const char* kNadie = "7b0c2d3e-4f50-4a61-8b72-93a4b5c6d7e8";

std::string S(const json::value& v) { return std::string(v.as_string()); }

class PedidosHttpTest : public DemoHttpTest {
 protected:
  void SetUp() override {
    client_ = std::make_unique<HttpClient>(Demo().server.base_url());
    db_ = Demo().db.Open();
    for (const char* role : {"admin", "deposito", "ventas", "usuario"}) {
      ASSERT_FALSE(Token(role).empty()) << role;
    }
  }
  void TearDown() override {
    if (!db_) return;
    EXPECT_EQ(StockInvariantViolations(*db_, core::SystemClock().Now()),
              std::vector<std::string>{});
    EXPECT_EQ(CreditInvariantViolations(*db_), std::vector<std::string>{});
    EXPECT_EQ(OrderInvariantViolations(*db_), std::vector<std::string>{});
  }

  // A product of the test's own, priced $ 1.500, with `stock` units at the sales location
  // (through the movements API, so the kardex stays whole).
  std::string NewProduct(int stock) {
    std::string id = core::NewUuidV4(random_);
    std::string sku = "PED-" + id.substr(0, 8);
    db_->Write([&](store::Tx& tx) {
      auto now = core::ParseTimestamp("2026-11-01T12:00:00Z").value();
      tx.Exec(
          R"sql(
INSERT INTO productos (id, nombre, nombre_normalizado, busqueda_normalizado, sku, unidad,
                       precio_venta_centavos, controla_vencimiento, activo, version, creado_en,
                       actualizado_en)
VALUES ($1, $2, $3, $3, $4, 'u', 150000, $5, $6, 0, $7, $7))sql",
          {id, "Producto " + sku, "producto " + core::NormalizeSearch(sku), sku, false, true, now});
    });
    if (stock > 0) {
      auto r = client_->PostJson("/api/deposito/movimiento",
                                 json::serialize(json::object{{"tipo", "entrada"},
                                                              {"producto_id", id},
                                                              {"cantidad", stock},
                                                              {"ubicacion_id", kPrincipal}}),
                                 As("deposito", NewKey()));
      EXPECT_EQ(r.status, 201) << r.body;
    }
    return id;
  }

  std::string NewCustomer(std::int64_t limite) {
    std::string id = core::NewUuidV4(random_);
    db_->Write([&](store::Tx& tx) {
      auto now = core::ParseTimestamp("2026-11-01T12:00:00Z").value();
      tx.Exec(R"sql(
INSERT INTO clientes (id, nombre, busqueda_normalizado, telefono, limite_credito_centavos, activo,
                      version, creado_en, actualizado_en)
VALUES ($1, 'Cliente Pedidos', 'cliente pedidos', '11 3333-4444', $2, $3, 0, $4, $4))sql",
              {id, limite, true, now});
    });
    return id;
  }

  HttpResult Create(const json::object& body, const std::string& key = NewKey(),
                    const std::string& role = "ventas") {
    return client_->PostJson("/api/pedidos", json::serialize(body), As(role, key));
  }
  std::string CreateOk(const json::object& body) {
    auto r = Create(body);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? S(r.Json().at("data").at("id")) : std::string();
  }
  HttpResult Put(const std::string& path, const json::object& body,
                 const std::string& role = "ventas", const std::string& key = "") {
    Headers h = As(role, key);
    h.emplace_back("Content-Type", "application/json");
    return client_->Send("PUT", path, json::serialize(body), h);
  }
  HttpResult State(const std::string& id, const json::object& body,
                   const std::string& role = "ventas") {
    return Put("/api/pedidos/" + id + "/estado", body, role);
  }
  HttpResult Pay(const std::string& id, const json::object& body,
                 const std::string& key = NewKey()) {
    return client_->PostJson("/api/pedidos/" + id + "/pagos", json::serialize(body),
                             As("ventas", key));
  }
  json::object Get(const std::string& id) {
    auto r = client_->Get("/api/pedidos/" + id, As("deposito"));
    EXPECT_EQ(r.status, 200) << r.body;
    return r.Json().at("data").as_object();
  }
  void PrepareAll(const std::string& id) {
    const auto pedido = Get(id);
    for (const auto& i : pedido.at("items").as_array()) {
      auto r = Put("/api/pedidos/items/" + S(i.at("id")), {{"preparado", true}}, "deposito");
      ASSERT_EQ(r.status, 200) << r.body;
    }
  }

  std::int64_t Count(const std::string& sql) {
    return db_->Read([&](store::Tx& tx) { return tx.QueryOne(sql)->Int(0); });
  }
  // Everything an order operation may write.
  std::vector<std::int64_t> Traces() {
    return {Count("SELECT COUNT(*) FROM pedidos"),
            Count("SELECT COUNT(*) FROM pedido_items"),
            Count("SELECT COUNT(*) FROM pedido_pagos"),
            Count("SELECT COALESCE(SUM(version), 0) FROM pedidos"),
            Count("SELECT COALESCE(SUM(pagado_centavos), 0) FROM pedidos"),
            Count("SELECT COUNT(*) FROM stock_reservado"),
            Count("SELECT COUNT(*) FROM stock_reservado WHERE estado = 'activa'"),
            Count("SELECT COUNT(*) FROM movimientos_deposito"),
            Count("SELECT COUNT(*) FROM movimientos_caja"),
            Count("SELECT COUNT(*) FROM cuentas_corrientes_movimientos"),
            Count("SELECT COUNT(*) FROM idempotency_keys")};
  }
  std::int64_t Qty(const std::string& producto) {
    return Count("SELECT COALESCE(SUM(cantidad), 0) FROM stock_deposito WHERE producto_id = '" +
                 producto + "'");
  }

  core::SystemRandom random_;
  std::unique_ptr<HttpClient> client_;
  std::unique_ptr<store::Database> db_;
};

TEST_P(PedidosHttpTest, RoutesEndToEnd) {
  auto p = NewProduct(10);
  auto r = Create({{"cliente_nombre", "Marta Gómez"},
                   {"cliente_telefono", "11 5555-1234"},
                   {"tipo_entrega", "domicilio"},
                   {"direccion_entrega", "Belgrano 380"},
                   {"fecha_entrega_estimada", "2026-12-24"},
                   {"items", json::array{json::object{{"producto_id", p}, {"cantidad", 2}},
                                         json::object{{"producto_id", p}, {"cantidad", 1}},
                                         json::object{{"descripcion", "Moño de regalo"},
                                                      {"cantidad", 1},
                                                      {"precio_unitario_centavos", 5000}}}}});
  ASSERT_EQ(r.status, 201) << r.body;
  auto o = r.Json().at("data").as_object();
  const std::string id = S(o.at("id"));
  EXPECT_EQ(r.Header("location"), "/api/pedidos/" + id);
  EXPECT_EQ(o.at("total_centavos").as_int64(), 3 * 150000 + 5000);
  EXPECT_EQ(o.at("items").as_array().size(), 2u);
  EXPECT_EQ(o.at("reservas").as_array().size(), 1u);
  // q takes 2–100 characters: a leading zero keeps a one-digit number the same number.
  std::string numero = std::to_string(o.at("numero").as_int64());
  if (numero.size() < 2) numero = "0" + numero;

  // Reads: every staff role but usuario.
  EXPECT_EQ(client_->Get("/api/pedidos/" + id, As("usuario")).status, 403);
  EXPECT_EQ(client_->Get("/api/pedidos/" + std::string(kNadie), As("ventas")).status, 404);
  auto list =
      client_->Get("/api/pedidos?q=" + numero + "&estado=pendiente,preparando", As("admin"));
  ASSERT_EQ(list.status, 200) << list.body;
  auto rows = list.Json().at("data").as_array();
  ASSERT_FALSE(rows.empty());
  EXPECT_EQ(S(rows[0].at("id")), id);
  EXPECT_EQ(rows[0].at("items_count").as_int64(), 2);
  EXPECT_EQ(rows[0].at("items_preparados").as_int64(), 0);
  list = client_->Get("/api/pedidos?q=marta%20gomez&tipo_entrega=domicilio", As("ventas"));
  ASSERT_EQ(list.status, 200);
  bool found = false;
  const auto by_name = list.Json();
  for (const auto& row : by_name.at("data").as_array()) found |= S(row.at("id")) == id;
  EXPECT_TRUE(found);
  EXPECT_EQ(client_->Get("/api/pedidos?estado=perdido", As("ventas")).status, 400);
  EXPECT_EQ(client_->Get("/api/pedidos?limit=101", As("ventas")).status, 400);
  auto search = client_->Get("/api/search?q=" + numero + "&tipos=pedidos", As("ventas"));
  ASSERT_EQ(search.status, 200) << search.body;
  auto hits = search.Json().at("data").at("pedidos").as_array();
  ASSERT_FALSE(hits.empty()) << search.body;
  EXPECT_EQ(S(hits[0].at("id")), id);

  // PATCH, then the checklist and the states.
  Headers h = As("ventas");
  h.emplace_back("Content-Type", "application/json");
  auto patch = client_->Send("PATCH", "/api/pedidos/" + id,
                             R"({"piso":"2","observaciones":"Tocar fuerte","version":0})", h);
  ASSERT_EQ(patch.status, 200) << patch.body;
  EXPECT_EQ(patch.Json().at("data").at("version").as_int64(), 1);
  auto stale = State(id, {{"estado", "preparando"}, {"version", 0}});
  EXPECT_EQ(stale.status, 409);
  EXPECT_EQ(stale.Code(), "VERSION_CONFLICT");
  ASSERT_EQ(State(id, {{"estado", "preparando"}, {"version", 1}}).status, 200);
  auto early = State(id, {{"estado", "listo"}});
  EXPECT_EQ(early.status, 409);
  EXPECT_EQ(early.Json().at("error").at("details").at("items_sin_preparar").as_array().size(), 2u);
  PrepareAll(id);
  ASSERT_EQ(State(id, {{"estado", "listo"}}, "deposito").status, 200);
  auto done = State(id, {{"estado", "entregado"}}, "admin");
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_EQ(S(done.Json().at("data").at("estado")), "entregado");
  EXPECT_EQ(Qty(p), 7);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM movimientos_deposito WHERE tipo = 'pedido' AND "
                  "pedido_id = '" +
                  id + "'"),
            1);

  // A delivered order may still be paid (the balance stays receivable).
  auto pay = Pay(id, {{"metodo", "transferencia"}, {"monto_centavos", 455000}});
  ASSERT_EQ(pay.status, 201) << pay.body;
  EXPECT_EQ(pay.Header("location"), "/api/pedidos/" + id);
  EXPECT_EQ(S(pay.Json().at("data").at("pedido").at("estado_pago")), "pagado");
  auto more = Pay(id, {{"metodo", "transferencia"}, {"monto_centavos", 1}});
  EXPECT_EQ(more.status, 409);
  EXPECT_EQ(more.Code(), "PAYMENT_EXCEEDS_TOTAL");
  auto no_key = client_->PostJson("/api/pedidos/" + id + "/pagos",
                                  R"({"metodo":"qr","monto_centavos":1})", As("ventas"));
  EXPECT_EQ(no_key.status, 400);
  EXPECT_EQ(no_key.Code(), "IDEMPOTENCY_KEY_REQUIRED");
}

TEST_P(PedidosHttpTest, CashAndCreditPayments) {
  CloseAnyOpenCashSession();
  auto cliente = NewCustomer(100000);
  const std::string id =
      CreateOk({{"cliente_id", cliente},
                {"items", json::array{json::object{{"descripcion", "Torta"},
                                                   {"cantidad", 1},
                                                   {"precio_unitario_centavos", 300000}}}}});
  auto closed = Pay(id, {{"metodo", "efectivo"}, {"monto_centavos", 1000}});
  EXPECT_EQ(closed.status, 409);
  EXPECT_EQ(closed.Code(), "CASH_SESSION_CLOSED");
  auto open = client_->PostJson("/api/caja/apertura", R"({"monto_inicial_centavos":0})",
                                As("ventas", NewKey()));
  ASSERT_EQ(open.status, 201) << open.body;
  ASSERT_EQ(Pay(id, {{"metodo", "efectivo"}, {"monto_centavos", 120000}}).status, 201);
  auto arqueo = client_->Get("/api/caja/arqueo", As("ventas"));
  ASSERT_EQ(arqueo.status, 200);
  EXPECT_EQ(arqueo.Json().at("data").at("cobros_pedidos_efectivo_centavos").as_int64(), 120000);
  auto over = Pay(id, {{"metodo", "cuenta_corriente"}, {"monto_centavos", 100001}});
  EXPECT_EQ(over.status, 409);
  EXPECT_EQ(over.Code(), "CREDIT_LIMIT_EXCEEDED");
  ASSERT_EQ(Pay(id, {{"metodo", "cuenta_corriente"}, {"monto_centavos", 100000}}).status, 201);
  auto refund =
      Pay(id, {{"tipo", "reembolso"}, {"metodo", "efectivo"}, {"monto_centavos", 220001}});
  EXPECT_EQ(refund.status, 409);
  EXPECT_EQ(refund.Code(), "CONFLICT");
  auto cancel = State(id, {{"estado", "cancelado"}, {"motivo", "No lo retiró"}});
  EXPECT_EQ(cancel.status, 409);
  EXPECT_EQ(S(cancel.Json().at("error").at("details").at("motivo")), "tiene_pagos");
  ASSERT_EQ(
      Pay(id, {{"tipo", "reembolso"}, {"metodo", "efectivo"}, {"monto_centavos", 120000}}).status,
      201);
  ASSERT_EQ(
      Pay(id, {{"tipo", "reembolso"}, {"metodo", "cuenta_corriente"}, {"monto_centavos", 100000}})
          .status,
      201);
  ASSERT_EQ(State(id, {{"estado", "cancelado"}, {"motivo", "No lo retiró"}}).status, 200);
  EXPECT_EQ(Count("SELECT saldo_centavos FROM clientes WHERE id = '" + cliente + "'"), 0);
  CloseAnyOpenCashSession();
}

TEST_P(PedidosHttpTest, ReplayedCreationMakesOneOrder) {
  auto p = NewProduct(10);
  const std::string nombre = "Replay " + core::NewUuidV4(random_).substr(0, 8);
  json::object body{{"cliente_nombre", nombre},
                    {"items", json::array{json::object{{"producto_id", p}, {"cantidad", 3}}}}};
  const std::string key = NewKey();
  auto first = Create(body, key);
  ASSERT_EQ(first.status, 201) << first.body;
  // Retries, some at the same time.
  std::vector<HttpResult> again(4);
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&, i] {
      HttpClient c(Demo().server.base_url());
      Headers h = As("ventas", key);
      again[i] = c.PostJson("/api/pedidos", json::serialize(body), h);
    });
  }
  for (auto& t : threads) t.join();
  for (const auto& r : again) {
    EXPECT_EQ(r.status, 201) << r.body;
    EXPECT_EQ(r.Header("idempotent-replayed"), "true");
    EXPECT_EQ(r.Json().at("data"), first.Json().at("data"));
  }
  EXPECT_EQ(Count("SELECT COUNT(*) FROM pedidos WHERE cliente_nombre = '" + nombre + "'"), 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM stock_reservado WHERE producto_id = '" + p + "'"), 1);
  body["cliente_nombre"] = nombre + " otro";
  auto reused = Create(body, key);
  EXPECT_EQ(reused.status, 422);
  EXPECT_EQ(reused.Code(), "IDEMPOTENCY_KEY_REUSED");
  auto missing = client_->PostJson("/api/pedidos", json::serialize(body), As("ventas"));
  EXPECT_EQ(missing.status, 400);
  EXPECT_EQ(missing.Code(), "IDEMPOTENCY_KEY_REQUIRED");
}

TEST_P(PedidosHttpTest, TwoClerksMovingTheSameOrderAtOnceOneWins) {
  const int rounds = static_cast<int>(Scaled(6, 3));
  auto p = NewProduct(rounds * 2);
  const std::string ventas = Token("ventas");
  const std::string deposito = Token("deposito");
  for (int round = 0; round < rounds; ++round) {
    const std::string id =
        CreateOk({{"cliente_nombre", "Carrera " + std::to_string(round)},
                  {"items", json::array{json::object{{"producto_id", p}, {"cantidad", 2}}}}});
    ASSERT_FALSE(id.empty());
    // Round 1: both take it to preparando (one sends the version it read, one none).
    // Round 2: on the ready order one delivers while the other cancels.
    for (int stage = 0; stage < 2; ++stage) {
      if (stage == 1) {
        PrepareAll(id);
        ASSERT_EQ(State(id, {{"estado", "listo"}}).status, 200);
      }
      const std::int64_t version = Get(id).at("version").as_int64();
      std::vector<std::string> bodies =
          stage == 0 ? std::vector<std::string>{R"({"estado":"preparando","version":)" +
                                                    std::to_string(version) + "}",
                                                R"({"estado":"preparando"})"}
                     : std::vector<std::string>{R"({"estado":"entregado"})",
                                                R"({"estado":"cancelado","motivo":"Se fue"})"};
      std::vector<HttpResult> results(2);
      std::barrier start(2);
      std::vector<std::thread> threads;
      for (int i = 0; i < 2; ++i) {
        threads.emplace_back([&, i] {
          HttpClient c(Demo().server.base_url());
          Headers h = Bearer(i == 0 ? ventas : deposito);
          h.emplace_back("Content-Type", "application/json");
          start.arrive_and_wait();
          results[i] = c.Send("PUT", "/api/pedidos/" + id + "/estado", bodies[i], h);
        });
      }
      for (auto& t : threads) t.join();
      std::multiset<long> statuses = {results[0].status, results[1].status};
      ASSERT_EQ(statuses, (std::multiset<long>{200, 409}))
          << "round " << round << " stage " << stage << ": " << results[0].body << " | "
          << results[1].body;
      const auto& loser = results[0].status == 409 ? results[0] : results[1];
      const auto& winner = results[0].status == 200 ? results[0] : results[1];
      EXPECT_TRUE(loser.Code() == "INVALID_STATE_TRANSITION" || loser.Code() == "VERSION_CONFLICT")
          << loser.body;
      auto o = Get(id);
      EXPECT_EQ(o.at("estado"), winner.Json().at("data").at("estado"));
      EXPECT_EQ(o.at("version").as_int64(), version + 1);
      if (stage == 1) {
        const bool delivered = S(o.at("estado")) == "entregado";
        EXPECT_EQ(Count("SELECT COUNT(*) FROM movimientos_deposito WHERE pedido_id = '" + id + "'"),
                  delivered ? 1 : 0);
        EXPECT_EQ(S(o.at("reservas").as_array()[0].at("estado")),
                  delivered ? "consumida" : "cancelada");
      }
    }
  }
}

TEST_P(PedidosHttpTest, BadInputChangesNothing) {
  auto p = NewProduct(2);
  const std::string id =
      CreateOk({{"cliente_nombre", "Marta"},
                {"items", json::array{json::object{{"producto_id", p}, {"cantidad", 1}}}}});
  const auto before = Traces();
  auto item = [&](json::object o) { return json::array{std::move(o)}; };
  std::vector<std::pair<json::object, std::string>> cases = {
      {{{"cliente_nombre", "X"},
        {"items", item({{"producto_id", p}, {"cantidad", 1}, {"precio_unitario_centavos", 1}})}},
       "VALIDATION_ERROR"},
      {{{"cliente_nombre", "X"}, {"items", item({{"descripcion", "Algo"}, {"cantidad", 1}})}},
       "VALIDATION_ERROR"},
      {{{"cliente_nombre", "X"},
        {"tipo_entrega", "domicilio"},
        {"items", item({{"producto_id", p}, {"cantidad", 1}})}},
       "VALIDATION_ERROR"},
      {{{"cliente_nombre", "X"},
        {"color", "rojo"},
        {"items", item({{"producto_id", p}, {"cantidad", 1}})}},
       "VALIDATION_ERROR"},
      {{{"cliente_nombre", "X"}, {"items", json::array{}}}, "VALIDATION_ERROR"},
      {{{"cliente_nombre", "X"}, {"items", item({{"producto_id", p}, {"cantidad", "2"}})}},
       "VALIDATION_ERROR"},
      {{{"cliente_nombre", "X"}, {"items", item({{"producto_id", p}, {"cantidad", 2}})}},
       "INSUFFICIENT_STOCK"},
      {{{"cliente_nombre", "X"}, {"items", item({{"producto_id", kNadie}, {"cantidad", 1}})}},
       "REFERENCE_NOT_FOUND"},
      {{{"cliente_id", kNadie}, {"items", item({{"producto_id", p}, {"cantidad", 1}})}},
       "REFERENCE_NOT_FOUND"},
  };
  for (const auto& [body, code] : cases) {
    auto r = Create(body);
    EXPECT_EQ(r.Code(), code) << json::serialize(body) << " → " << r.body;
  }
  EXPECT_EQ(
      Create({{"cliente_nombre", "X"}, {"items", item({{"producto_id", p}, {"cantidad", 1}})}},
             NewKey(), "usuario")
          .status,
      403);
  EXPECT_EQ(State(id, {{"estado", "volando"}}).Code(), "VALIDATION_ERROR");
  EXPECT_EQ(State(id, {{"estado", "cancelado"}}).Code(), "VALIDATION_ERROR");
  EXPECT_EQ(State(id, {{"estado", "listo"}}).Code(), "INVALID_STATE_TRANSITION");
  EXPECT_EQ(State(kNadie, {{"estado", "preparando"}}).Code(), "NOT_FOUND");
  EXPECT_EQ(State("no-es-uuid", {{"estado", "preparando"}}).Code(), "VALIDATION_ERROR");
  EXPECT_EQ(Put("/api/pedidos/items/" + std::string(kNadie), {{"preparado", true}}).Code(),
            "NOT_FOUND");
  EXPECT_EQ(Put("/api/pedidos/items/" + std::string(kNadie), {{"preparado", 1}}).Code(),
            "VALIDATION_ERROR");
  Headers h = As("ventas");
  h.emplace_back("Content-Type", "application/json");
  EXPECT_EQ(client_->Send("PATCH", "/api/pedidos/" + id, "{}", h).Code(), "VALIDATION_ERROR");
  EXPECT_EQ(
      client_->Send("PATCH", "/api/pedidos/" + id, R"({"tipo_entrega":"domicilio"})", h).Code(),
      "VALIDATION_ERROR");
  EXPECT_EQ(Pay(id, {{"metodo", "cheque"}, {"monto_centavos", 1}}).Code(), "VALIDATION_ERROR");
  EXPECT_EQ(Pay(id, {{"metodo", "qr"}, {"monto_centavos", 0}}).Code(), "VALIDATION_ERROR");
  EXPECT_EQ(Pay(id, {{"metodo", "cuenta_corriente"}, {"monto_centavos", 1}}).Code(),
            "VALIDATION_ERROR");
  EXPECT_EQ(Pay(id, {{"tipo", "reembolso"}, {"metodo", "qr"}, {"monto_centavos", 1}}).Code(),
            "CONFLICT");
  EXPECT_EQ(Pay(kNadie, {{"metodo", "qr"}, {"monto_centavos", 1}}).Code(), "NOT_FOUND");
  EXPECT_EQ(Traces(), before);
}

MM_INSTANTIATE_HTTP(PedidosHttpTest);

}  // namespace
}  // namespace mm::testing
