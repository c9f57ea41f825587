// Purchasing over HTTP (api.md §8) against the real server, on both databases: keys, validation,
// references, states, over-receipt and idempotent replay, with the demo users.
#include <gtest/gtest.h>

#include <unistd.h>

#include <boost/json/serialize.hpp>
#include <set>

#include "http_fixture.hpp"

namespace mm::testing {
namespace {

namespace json = boost::json;

constexpr const char* kNadie = "7b0c2d3e-4f50-4a61-8b72-93a4b5c6d7e8";

class OrdenesCompraHttpTest : public DemoHttpTest {
 protected:
  void SetUp() override {
    client_ = std::make_unique<HttpClient>(Demo().server.base_url());
    token_ = Login(*client_, "deposito@demo.local");
    ASSERT_FALSE(token_.empty());
  }

  Headers Auth(const std::string& key = "") {
    Headers h = Bearer(token_);
    if (!key.empty()) h.emplace_back("Idempotency-Key", key);
    return h;
  }
  // A key no other test of this run uses.
  std::string NewKey() {
    static int n = 0;
    return "oc-http-" + std::to_string(::getpid()) + "-" + std::to_string(++n);
  }

  HttpResult Post(const std::string& path, const json::value& body, const std::string& key) {
    return client_->PostJson(path, json::serialize(body), Auth(key));
  }
  HttpResult Patch(const std::string& path, const json::value& body) {
    Headers h = Auth();
    h.emplace_back("Content-Type", "application/json");
    return client_->Send("PATCH", path, json::serialize(body), h);
  }
  std::int64_t Total(const std::string& query = "") {
    auto r = client_->Get("/api/ordenes-compra" + query, Auth());
    EXPECT_EQ(r.status, 200) << r.body;
    return r.Json().at("meta").at("total").as_int64();
  }
  static std::set<std::string> Campos(const HttpResult& r) {
    std::set<std::string> out;
    auto v = r.Json();
    for (const auto& c : v.at("error").at("details").at("campos").as_array()) {
      out.emplace(c.at("campo").as_string());
    }
    return out;
  }

  std::unique_ptr<HttpClient> client_;
  std::string token_;
};

TEST_P(OrdenesCompraHttpTest, CreateNeedsAKeyAValidBodyAndKnownReferences) {
  const std::int64_t before = Total();
  json::object body{{"proveedor_id", kNadie},
                    {"items", json::array{json::object{{"producto_id", kNadie}, {"cantidad", 3}}}}};
  auto no_key = Post("/api/ordenes-compra", body, "");
  EXPECT_EQ(no_key.status, 400);
  EXPECT_EQ(no_key.Code(), "IDEMPOTENCY_KEY_REQUIRED");

  json::object bad{{"proveedor_id", "no-es-uuid"},
                   {"items", json::array{json::object{{"producto_id", kNadie}, {"cantidad", 0}},
                                         json::object{{"producto_id", kNadie}, {"cantidad", "5"}}}},
                   {"fecha_estimada", "mañana"},
                   {"color", "rojo"}};
  auto invalid = Post("/api/ordenes-compra", bad, NewKey());
  ASSERT_EQ(invalid.status, 400) << invalid.body;
  EXPECT_EQ(invalid.Code(), "VALIDATION_ERROR");
  EXPECT_EQ(Campos(invalid),
            (std::set<std::string>{"proveedor_id", "items[0].cantidad", "items[1].cantidad",
                                   "items[1].producto_id", "fecha_estimada", "color"}));
  auto empty = Post("/api/ordenes-compra",
                    json::object{{"proveedor_id", kNadie}, {"items", json::array{}}}, NewKey());
  EXPECT_EQ(empty.status, 400);
  EXPECT_EQ(Campos(empty), std::set<std::string>{"items"});
  auto repeated = Post(
      "/api/ordenes-compra",
      json::object{{"proveedor_id", kNadie},
                   {"items", json::array{json::object{{"producto_id", kNadie}, {"cantidad", 1}},
                                         json::object{{"producto_id", kNadie}, {"cantidad", 2}}}}},
      NewKey());
  EXPECT_EQ(repeated.status, 400);
  EXPECT_EQ(Campos(repeated), std::set<std::string>{"items[1].producto_id"});
  auto past = body;
  past["fecha_estimada"] = "2020-01-01";
  auto old = Post("/api/ordenes-compra", past, NewKey());
  EXPECT_EQ(old.status, 400);
  EXPECT_EQ(Campos(old), std::set<std::string>{"fecha_estimada"});

  auto unknown = Post("/api/ordenes-compra", body, NewKey());
  EXPECT_EQ(unknown.status, 422);
  EXPECT_EQ(unknown.Code(), "REFERENCE_NOT_FOUND");
  EXPECT_EQ(unknown.Json().at("error").at("details").at("campo").as_string(), "proveedor_id");
  EXPECT_EQ(Total(), before);
}

TEST_P(OrdenesCompraHttpTest, UnknownOrdersAre404OnTheirPathAnd422InAReceipt) {
  const std::string path = std::string("/api/ordenes-compra/") + kNadie;
  auto get = client_->Get(path, Auth());
  EXPECT_EQ(get.status, 404);
  EXPECT_EQ(get.Json().at("error").at("details").at("recurso").as_string(), "orden_compra");
  EXPECT_EQ(Patch(path, json::object{{"observaciones", "x"}}).status, 404);
  EXPECT_EQ(Post(path + "/cancelar", json::object{{"motivo", "Sin stock"}}, "").status, 404);
  auto short_reason = Post(path + "/cancelar", json::object{{"motivo", "no"}}, "");
  EXPECT_EQ(short_reason.status, 400);
  EXPECT_EQ(Campos(short_reason), std::set<std::string>{"motivo"});
  EXPECT_EQ(Patch(path, json::object{}).status, 400);  // a PATCH without fields

  json::object receipt{{"orden_compra_id", kNadie},
                       {"items", json::array{json::object{{"linea_id", kNadie}, {"cantidad", 1}}}}};
  auto no_key = Post("/api/compras/recepcion", receipt, "");
  EXPECT_EQ(no_key.status, 400);
  EXPECT_EQ(no_key.Code(), "IDEMPOTENCY_KEY_REQUIRED");
  auto unknown = Post("/api/compras/recepcion", receipt, NewKey());
  EXPECT_EQ(unknown.status, 422);
  EXPECT_EQ(unknown.Json().at("error").at("details").at("campo").as_string(), "orden_compra_id");
  auto bad = receipt;
  bad["items"] = json::array{
      json::object{{"linea_id", kNadie}, {"cantidad", -1}, {"fecha_vencimiento", "31/12/2026"}}};
  auto invalid = Post("/api/compras/recepcion", bad, NewKey());
  EXPECT_EQ(invalid.status, 400);
  EXPECT_EQ(Campos(invalid),
            (std::set<std::string>{"items[0].cantidad", "items[0].fecha_vencimiento"}));
}

TEST_P(OrdenesCompraHttpTest, ListValidatesItsQuery) {
  auto ok = client_->Get(
      "/api/ordenes-compra?estado=pendiente,parcial&sort=fecha_estimada,-creado_en&limit=200",
      Auth());
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(ok.Json().at("meta").at("limit").as_int64(), 200);
  for (const char* q : {"?estado=abierta", "?limit=201", "?sort=nombre", "?proveedor_id=7",
                        "?fecha_desde=2026-12-02&fecha_hasta=2026-12-01", "?pagina=2"}) {
    auto r = client_->Get(std::string("/api/ordenes-compra") + q, Auth());
    EXPECT_EQ(r.status, 400) << q;
    EXPECT_EQ(r.Code(), "VALIDATION_ERROR") << q;
  }
  HttpClient anon(Demo().server.base_url());
  EXPECT_EQ(anon.Get("/api/ordenes-compra").status, 401);
  auto ventas = Login(anon, "ventas@demo.local");
  EXPECT_EQ(anon.Get("/api/ordenes-compra", Bearer(ventas)).status, 403);
}

TEST_P(OrdenesCompraHttpTest, AnOrderIsReceivedInPartsAndEveryWriteReplaysItsKey) {
  // A supplier and two products of this test's own (the catalogue routes of api.md §6.1).
  const std::string tag = NewKey();
  auto supplier = Post("/api/proveedores", json::object{{"nombre", "Proveedor " + tag}}, "");
  ASSERT_EQ(supplier.status, 201) << supplier.body;
  const std::string proveedor = DataField(supplier, "id");
  auto fideos = Post("/api/productos", json::object{{"nombre", "Fideos " + tag}}, "");
  ASSERT_EQ(fideos.status, 201) << fideos.body;
  auto yogur = Post("/api/productos",
                    json::object{{"nombre", "Yogur " + tag}, {"controla_vencimiento", true}}, "");
  ASSERT_EQ(yogur.status, 201) << yogur.body;
  const std::string p1 = DataField(fideos, "id"), p2 = DataField(yogur, "id");

  json::object order{{"proveedor_id", proveedor},
                     {"observaciones", "Pedido de prueba"},
                     {"items", json::array{json::object{{"producto_id", p1},
                                                        {"cantidad", 10},
                                                        {"costo_unitario_centavos", 12345}},
                                           json::object{{"producto_id", p2}, {"cantidad", 6}}}}};
  const std::string key = NewKey();
  auto created = Post("/api/ordenes-compra", order, key);
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string id = DataField(created, "id");
  EXPECT_EQ(created.Header("location"), "/api/ordenes-compra/" + id);
  EXPECT_EQ(DataField(created, "estado"), "pendiente");
  EXPECT_EQ(created.Json().at("data").at("total_estimado_centavos").as_int64(), 123450);
  auto replay = Post("/api/ordenes-compra", order, key);
  EXPECT_EQ(replay.status, 201);
  EXPECT_EQ(replay.Header("idempotent-replayed"), "true");
  EXPECT_EQ(replay.Json().at("data"), created.Json().at("data"));
  auto other = order;
  other["observaciones"] = "Otro pedido";
  EXPECT_EQ(Post("/api/ordenes-compra", other, key).Code(), "IDEMPOTENCY_KEY_REUSED");
  EXPECT_EQ(Total("?proveedor_id=" + proveedor), 1);

  const std::string path = "/api/ordenes-compra/" + id;
  auto edited = Patch(path, json::object{{"observaciones", "Llamar antes"}, {"version", 0}});
  ASSERT_EQ(edited.status, 200) << edited.body;
  EXPECT_EQ(edited.Json().at("data").at("version").as_int64(), 1);
  auto stale = Patch(path, json::object{{"observaciones", "Tarde"}, {"version", 0}});
  EXPECT_EQ(stale.status, 409);
  EXPECT_EQ(stale.Code(), "VERSION_CONFLICT");

  auto detail = client_->Get(path, Auth()).Json().at("data");
  std::string l1, l2;
  for (const auto& l : detail.at("lineas").as_array()) {
    (l.at("producto").at("id").as_string() == p1 ? l1 : l2) = std::string(l.at("id").as_string());
  }
  EXPECT_NE(std::string(detail.at("pedido_texto").as_string()).find("Fideos " + tag),
            std::string::npos);

  json::object first{
      {"orden_compra_id", id},
      {"remito", "R-0001-00000042"},
      {"items",
       json::array{
           json::object{{"linea_id", l1}, {"cantidad", 4}, {"lote", "A"}},
           json::object{{"linea_id", l2}, {"cantidad", 2}, {"fecha_vencimiento", "2030-01-31"}}}}};
  const std::string rkey = NewKey();
  auto r1 = Post("/api/compras/recepcion", first, rkey);
  ASSERT_EQ(r1.status, 201) << r1.body;
  EXPECT_EQ(r1.Json().at("data").at("orden").at("estado").as_string(), "parcial");
  EXPECT_EQ(r1.Json().at("data").at("movimientos").as_array().size(), 2u);
  auto r1again = Post("/api/compras/recepcion", first, rkey);
  EXPECT_EQ(r1again.status, 201);
  EXPECT_EQ(r1again.Header("idempotent-replayed"), "true");
  EXPECT_EQ(r1again.Json().at("data"), r1.Json().at("data"));

  // Without an expiry for the yogurt, and above the pending quantity: refused, nothing moves.
  auto no_expiry =
      Post("/api/compras/recepcion",
           json::object{{"orden_compra_id", id},
                        {"items", json::array{json::object{{"linea_id", l2}, {"cantidad", 1}}}}},
           NewKey());
  EXPECT_EQ(no_expiry.status, 400);
  EXPECT_EQ(Campos(no_expiry), std::set<std::string>{"items[0].fecha_vencimiento"});
  auto over =
      Post("/api/compras/recepcion",
           json::object{{"orden_compra_id", id},
                        {"items", json::array{json::object{{"linea_id", l1}, {"cantidad", 7}}}}},
           NewKey());
  EXPECT_EQ(over.status, 409);
  EXPECT_EQ(over.Code(), "RECEPTION_EXCEEDS_PENDING");
  EXPECT_EQ(over.Json().at("error").at("details").at("lineas"),
            (json::array{json::object{{"linea_id", l1}, {"pendiente", 6}}}));
  auto middle = client_->Get(path, Auth()).Json().at("data");
  EXPECT_EQ(middle.at("recepciones").as_array().size(), 1u);
  EXPECT_EQ(middle.at("estado").as_string(), "parcial");

  auto rest =
      Post("/api/compras/recepcion",
           json::object{{"orden_compra_id", id},
                        {"items", json::array{json::object{{"linea_id", l1}, {"cantidad", 6}},
                                              json::object{{"linea_id", l2},
                                                           {"cantidad", 4},
                                                           {"fecha_vencimiento", "2030-02-28"}}}}},
           NewKey());
  ASSERT_EQ(rest.status, 201) << rest.body;
  EXPECT_EQ(rest.Json().at("data").at("orden").at("estado").as_string(), "recibida");
  auto cancel = Post(path + "/cancelar", json::object{{"motivo", "Ya llegó todo"}}, "");
  EXPECT_EQ(cancel.status, 409);
  EXPECT_EQ(cancel.Code(), "INVALID_STATE_TRANSITION");
  EXPECT_EQ(Patch(path, json::object{{"observaciones", "x"}}).Code(), "INVALID_STATE_TRANSITION");
  EXPECT_EQ(Total("?proveedor_id=" + proveedor + "&estado=recibida"), 1);
  auto done = client_->Get(path, Auth()).Json().at("data");
  EXPECT_EQ(done.at("recepciones").as_array().size(), 2u);
}

MM_INSTANTIATE_HTTP(OrdenesCompraHttpTest);

}  // namespace
}  // namespace mm::testing
