// Warehouse movements and the kardex over HTTP (api.md §7.2) against the real server, on both
// databases: answers and headers, keys and replays, bad input that changes nothing, counts that
// release holds, the kardex filters, the alias and the CSV export.
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
constexpr const char* kTrastienda = "b1000000-0000-4000-8000-000000000001";
constexpr const char* kCerrada = "b1000000-0000-4000-8000-000000000002";
constexpr const char* kProveedor = "d1000000-0000-4000-8000-000000000001";

class DepositoHttpTest : public DemoHttpTest {
 protected:
  // The rows these tests need beyond the demo data, written once per backend.
  void SeedDemo(store::Database& db) override {
    db.Write([](store::Tx& tx) {
      auto now = core::ParseTimestamp("2026-11-01T12:00:00Z").value();
      tx.Exec(R"sql(
INSERT INTO ubicaciones (id, nombre, nombre_normalizado, es_venta, activo, creado_en,
                       actualizado_en)
VALUES ($1, 'Trastienda', 'trastienda', $3, $4, $5, $5),
     ($2, 'Cerrada', 'cerrada', $3, $3, $5, $5))sql",
              {kTrastienda, kCerrada, false, true, now});
      tx.Exec(R"sql(
INSERT INTO proveedores (id, nombre, nombre_normalizado, activo, creado_en, actualizado_en)
VALUES ($1, 'Mayorista de prueba', 'mayorista de prueba', $2, $3, $3))sql",
              {kProveedor, true, now});
    });
  }

  void SetUp() override {
    client_ = std::make_unique<HttpClient>(Demo().server.base_url());
    token_ = Login(*client_, "deposito@demo.local");
    ASSERT_FALSE(token_.empty());
    db_ = Demo().db.Open();
  }
  void TearDown() override {
    if (db_) {
      EXPECT_EQ(StockInvariantViolations(*db_, core::SystemClock().Now()),
                std::vector<std::string>{});
    }
  }

  // A product of its own for each test, so tests never see each other's stock.
  std::string NewProduct(bool vence = false, bool activo = true) {
    std::string id = core::NewUuidV4(random_);
    std::string sku = "DEP-" + id.substr(0, 8);
    db_->Write([&](store::Tx& tx) {
      auto now = core::ParseTimestamp("2026-11-01T12:00:00Z").value();
      tx.Exec(R"sql(
INSERT INTO productos (id, nombre, nombre_normalizado, busqueda_normalizado, sku, unidad,
                       precio_venta_centavos, controla_vencimiento, activo, version, creado_en,
                       actualizado_en)
VALUES ($1, $2, $3, $3, $4, 'u', 150000, $5, $6, 0, $7, $7))sql",
              {id, "Producto " + sku, "producto " + sku, sku, vence, activo, now});
    });
    return id;
  }

  Headers Auth(const std::string& key = "") {
    Headers h = Bearer(token_);
    if (!key.empty()) h.emplace_back("Idempotency-Key", key);
    return h;
  }
  std::string NewKey() {
    static int n = 0;
    return "dep-http-" + std::to_string(::getpid()) + "-" + std::to_string(++n);
  }
  HttpResult Post(const std::string& path, const json::value& body, const std::string& key) {
    return client_->PostJson(path, json::serialize(body), Auth(key));
  }
  HttpResult Move(const json::value& body) {
    return Post("/api/deposito/movimiento", body, NewKey());
  }
  json::object MoveOk(const json::value& body) {
    auto r = Move(body);
    EXPECT_TRUE(r.status == 201 || r.status == 200) << r.body;
    return r.status < 300 ? r.Json().at("data").as_object() : json::object{};
  }

  std::int64_t Count(const std::string& sql) {
    return db_->Read([&](store::Tx& tx) { return tx.QueryOne(sql)->Int(0); });
  }
  // Everything a movement may write, the key table included.
  std::vector<std::int64_t> Traces() {
    std::vector<std::int64_t> out;
    for (const char* t :
         {"movimientos_deposito", "movimiento_lotes", "stock_deposito", "stock_lotes", "audit_log",
          "idempotency_keys", "precios_compra", "notification_outbox"}) {
      out.push_back(Count(std::string("SELECT COUNT(*) FROM ") + t));
    }
    out.push_back(Count("SELECT COALESCE(SUM(cantidad), 0) FROM stock_deposito"));
    out.push_back(Count("SELECT COUNT(*) FROM stock_reservado WHERE estado = 'activa'"));
    out.push_back(
        Count("SELECT COALESCE(MAX(version), 0) FROM cache_versions WHERE namespace = "
              "'stock'"));
    return out;
  }
  std::int64_t KardexTotal(const std::string& producto) {
    auto r = client_->Get("/api/kardex?producto_id=" + producto, Auth());
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

  core::SystemRandom random_;
  std::unique_ptr<HttpClient> client_;
  std::string token_;
  std::unique_ptr<store::Database> db_;
};

TEST_P(DepositoHttpTest, MovementsAnswerTheirKardexRowsAndStock) {
  auto p = NewProduct(true);
  auto in = Move(json::object{{"tipo", "entrada"},
                              {"producto_id", p},
                              {"cantidad", 12},
                              {"ubicacion_id", kTrastienda},
                              {"lote", "L-9"},
                              {"fecha_vencimiento", "2027-02-01"},
                              {"proveedor_id", kProveedor},
                              {"observaciones", "Llegó\ncon el camión"}});
  ASSERT_EQ(in.status, 201) << in.body;
  EXPECT_EQ(in.Header("location"), "/api/kardex?producto_id=" + p);
  auto d = in.Json().at("data");
  const auto& m = d.at("movimientos").at(0);
  EXPECT_EQ(m.at("tipo"), "entrada");
  EXPECT_EQ(m.at("cantidad"), 12);
  EXPECT_EQ(m.at("cantidad_anterior"), 0);
  EXPECT_EQ(m.at("cantidad_nueva"), 12);
  EXPECT_EQ(m.at("lote").at("lote"), "L-9");
  EXPECT_EQ(m.at("lote").at("fecha_vencimiento"), "2027-02-01");
  EXPECT_EQ(m.at("ubicacion").at("nombre"), "Trastienda");
  EXPECT_EQ(m.at("proveedor").at("nombre"), "Mayorista de prueba");
  EXPECT_EQ(m.at("usuario").at("nombre").as_string().empty(), false);
  EXPECT_EQ(m.at("observaciones"), "Llegó\ncon el camión");
  EXPECT_EQ(m.at("origen").at("tipo"), "manual");
  EXPECT_EQ(d.at("stock").at(0).at("disponible"), 12);
  EXPECT_TRUE(d.at("reservas_liberadas").as_array().empty());

  auto out = MoveOk(json::object{{"tipo", "salida"},
                                 {"producto_id", p},
                                 {"cantidad", 2},
                                 {"ubicacion_id", kTrastienda},
                                 {"motivo", "Rotura"}});
  EXPECT_EQ(out.at("movimientos").at(0).at("cantidad"), -2);
  auto moved = Move(json::object{{"tipo", "transferencia"},
                                 {"producto_id", p},
                                 {"cantidad", 4},
                                 {"ubicacion_id", kTrastienda},
                                 {"ubicacion_destino_id", kPrincipal}});
  ASSERT_EQ(moved.status, 201) << moved.body;
  auto pair = moved.Json().at("data").at("movimientos").as_array();
  ASSERT_EQ(pair.size(), 2u);
  EXPECT_EQ(pair[0].at("cantidad"), -4);
  EXPECT_EQ(pair[1].at("cantidad"), 4);
  EXPECT_EQ(pair[1].at("lote").at("lote"), "L-9");
  EXPECT_EQ(pair[0].at("transferencia_id"), pair[1].at("transferencia_id"));
  EXPECT_EQ(moved.Json().at("data").at("stock").as_array().size(), 2u);
  // A count equal to the stock: 200 and nothing written.
  auto same = Move(json::object{{"tipo", "ajuste"},
                                {"producto_id", p},
                                {"cantidad", 6},
                                {"ubicacion_id", kTrastienda},
                                {"motivo", "Conteo físico"}});
  ASSERT_EQ(same.status, 200) << same.body;
  EXPECT_EQ(same.Json().at("data").at("sin_cambios"), true);
  EXPECT_EQ(same.Json().at("data").at("stock").at(0).at("cantidad"), 6);
  EXPECT_EQ(KardexTotal(p), 4);
}

TEST_P(DepositoHttpTest, IngresoRecordsTheCostAndTheLot) {
  auto p = NewProduct();
  auto r = Post("/api/deposito/ingreso",
                json::object{{"producto_id", p},
                             {"cantidad", 30},
                             {"proveedor_id", kProveedor},
                             {"costo_unitario_centavos", 87500},
                             {"lote", "F-1"}},
                NewKey());
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.Header("location"), "/api/kardex?producto_id=" + p);
  auto d = r.Json().at("data");
  EXPECT_EQ(d.at("costo_registrado"), true);
  EXPECT_EQ(d.at("lote").at("lote"), "F-1");
  EXPECT_EQ(d.at("lote").at("cantidad"), 30);
  EXPECT_EQ(d.at("movimiento").at("ubicacion").at("id"), kPrincipal);  // the sales location
  EXPECT_EQ(Count("SELECT costo_centavos FROM productos WHERE id = '" + p + "'"), 87500);
  auto plain =
      Post("/api/deposito/ingreso", json::object{{"producto_id", p}, {"cantidad", 1}}, NewKey());
  ASSERT_EQ(plain.status, 201) << plain.body;
  EXPECT_EQ(plain.Json().at("data").at("costo_registrado"), false);
  EXPECT_FALSE(plain.Json().at("data").as_object().contains("lote"));
  // The movement fields of other tipos are unknown here.
  auto odd = Post("/api/deposito/ingreso",
                  json::object{{"producto_id", p}, {"cantidad", 1}, {"motivo", "x"}}, NewKey());
  EXPECT_EQ(odd.status, 400);
  EXPECT_EQ(Campos(odd), std::set<std::string>{"motivo"});
}

TEST_P(DepositoHttpTest, EveryWriteReplaysAndRefusesAReusedKey) {
  auto p = NewProduct();
  MoveOk(json::object{{"tipo", "entrada"}, {"producto_id", p}, {"cantidad", 50}});
  std::vector<std::pair<std::string, json::object>> writes = {
      {"/api/deposito/movimiento",
       {{"tipo", "entrada"}, {"producto_id", p}, {"cantidad", 5}, {"ubicacion_id", kTrastienda}}},
      {"/api/deposito/movimiento",
       {{"tipo", "salida"}, {"producto_id", p}, {"cantidad", 3}, {"motivo", "Merma"}}},
      {"/api/deposito/movimiento",
       {{"tipo", "ajuste"}, {"producto_id", p}, {"cantidad", 40}, {"motivo", "Conteo"}}},
      {"/api/deposito/movimiento",
       {{"tipo", "transferencia"},
        {"producto_id", p},
        {"cantidad", 2},
        {"ubicacion_destino_id", kTrastienda}}},
      {"/api/deposito/ingreso", {{"producto_id", p}, {"cantidad", 7}}},
  };
  for (const auto& [path, body] : writes) {
    SCOPED_TRACE(path + " " + json::serialize(body));
    auto key = NewKey();
    auto first = Post(path, body, key);
    ASSERT_EQ(first.status, 201) << first.body;
    auto movements = KardexTotal(p);
    auto traces = Traces();
    auto again = Post(path, body, key);
    ASSERT_EQ(again.status, 201) << again.body;
    EXPECT_EQ(again.Header("idempotent-replayed"), "true");
    EXPECT_EQ(again.Header("idempotent-original-request-id"), first.Header("x-request-id"));
    EXPECT_EQ(again.Header("location"), first.Header("location"));
    EXPECT_EQ(again.Json().at("data"), first.Json().at("data"));
    EXPECT_NE(again.Json().at("requestId"), first.Json().at("requestId"));
    EXPECT_EQ(KardexTotal(p), movements);
    EXPECT_EQ(Traces(), traces);
    auto other = body;
    other["cantidad"] = body.at("cantidad").as_int64() + 1;
    auto reused = Post(path, other, key);
    EXPECT_EQ(reused.status, 422);
    EXPECT_EQ(reused.Code(), "IDEMPOTENCY_KEY_REUSED");
    auto none = Post(path, body, "");
    EXPECT_EQ(none.status, 400);
    EXPECT_EQ(none.Code(), "IDEMPOTENCY_KEY_REQUIRED");
    EXPECT_EQ(Traces(), traces);
  }
}

TEST_P(DepositoHttpTest, BadInputIsRefusedWithItsCodeAndChangesNothing) {
  auto p = NewProduct(true);
  auto off = NewProduct(false, false);
  MoveOk(json::object{{"tipo", "entrada"},
                      {"producto_id", p},
                      {"cantidad", 5},
                      {"fecha_vencimiento", "2027-01-01"}});
  auto traces = Traces();
  struct Case {
    json::object body;
    int status;
    std::string code;
    std::set<std::string> campos;  // VALIDATION_ERROR fields, or {campo} of REFERENCE_NOT_FOUND
  };
  std::vector<Case> cases = {
      {{{"tipo", "entrada"}, {"producto_id", p}, {"cantidad", 0}},
       400,
       "VALIDATION_ERROR",
       {"cantidad"}},
      {{{"tipo", "salida"}, {"producto_id", p}, {"cantidad", -2}, {"motivo", "Merma"}},
       400,
       "VALIDATION_ERROR",
       {"cantidad"}},
      {{{"tipo", "entrada"},
        {"producto_id", p},
        {"cantidad", "5"},
        {"fecha_vencimiento", "2027-01-01"}},
       400,
       "VALIDATION_ERROR",
       {"cantidad"}},
      {{{"tipo", "ajuste"}, {"producto_id", p}, {"cantidad", -1}, {"motivo", "Conteo"}},
       400,
       "VALIDATION_ERROR",
       {"cantidad"}},
      {{{"tipo", "salida"}, {"producto_id", p}, {"cantidad", 1}},
       400,
       "VALIDATION_ERROR",
       {"motivo"}},
      {{{"tipo", "ajuste"}, {"producto_id", p}, {"cantidad", 1}},
       400,
       "VALIDATION_ERROR",
       {"motivo"}},
      {{{"tipo", "robo"}, {"producto_id", p}, {"cantidad", 1}}, 400, "VALIDATION_ERROR", {"tipo"}},
      {{{"tipo", "entrada"}, {"producto_id", "no-es-uuid"}, {"cantidad", 1}, {"color", "rojo"}},
       400,
       "VALIDATION_ERROR",
       {"producto_id", "color"}},
      {{{"tipo", "salida"},
        {"producto_id", p},
        {"cantidad", 1},
        {"motivo", "Merma"},
        {"lote", "X"}},
       400,
       "VALIDATION_ERROR",
       {"lote"}},
      {{{"tipo", "transferencia"},
        {"producto_id", p},
        {"cantidad", 1},
        {"ubicacion_id", kTrastienda},
        {"ubicacion_destino_id", kTrastienda}},
       400,
       "VALIDATION_ERROR",
       {"ubicacion_destino_id"}},
      {{{"tipo", "transferencia"}, {"producto_id", p}, {"cantidad", 1}},
       400,
       "VALIDATION_ERROR",
       {"ubicacion_destino_id"}},
      {{{"tipo", "entrada"}, {"producto_id", p}, {"cantidad", 1}},
       400,
       "VALIDATION_ERROR",
       {"fecha_vencimiento"}},
      {{{"tipo", "entrada"},
        {"producto_id", p},
        {"cantidad", 1},
        {"fecha_vencimiento", "2020-01-01"}},
       400,
       "VALIDATION_ERROR",
       {"fecha_vencimiento"}},
      {{{"tipo", "entrada"}, {"producto_id", kNadie}, {"cantidad", 1}},
       422,
       "REFERENCE_NOT_FOUND",
       {"producto_id"}},
      {{{"tipo", "entrada"},
        {"producto_id", p},
        {"cantidad", 1},
        {"fecha_vencimiento", "2027-01-01"},
        {"ubicacion_id", kNadie}},
       422,
       "REFERENCE_NOT_FOUND",
       {"ubicacion_id"}},
      {{{"tipo", "entrada"},
        {"producto_id", p},
        {"cantidad", 1},
        {"fecha_vencimiento", "2027-01-01"},
        {"proveedor_id", kNadie}},
       422,
       "REFERENCE_NOT_FOUND",
       {"proveedor_id"}},
      {{{"tipo", "salida"},
        {"producto_id", p},
        {"cantidad", 1},
        {"motivo", "Merma"},
        {"lote_id", kNadie}},
       422,
       "REFERENCE_NOT_FOUND",
       {"lote_id"}},
      {{{"tipo", "entrada"}, {"producto_id", off}, {"cantidad", 1}}, 409, "PRODUCT_INACTIVE", {}},
      {{{"tipo", "entrada"},
        {"producto_id", p},
        {"cantidad", 1},
        {"fecha_vencimiento", "2027-01-01"},
        {"ubicacion_id", kCerrada}},
       409,
       "CONFLICT",
       {}},
      {{{"tipo", "salida"}, {"producto_id", p}, {"cantidad", 6}, {"motivo", "Merma"}},
       409,
       "INSUFFICIENT_STOCK",
       {}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(json::serialize(c.body));
    auto r = Move(c.body);
    ASSERT_EQ(r.status, c.status) << r.body;
    EXPECT_EQ(r.Code(), c.code);
    if (c.code == "VALIDATION_ERROR") {
      EXPECT_EQ(Campos(r), c.campos);
    }
    if (c.code == "REFERENCE_NOT_FOUND") {
      EXPECT_EQ(std::string(r.Json().at("error").at("details").at("campo").as_string()),
                *c.campos.begin());
    }
    if (c.code == "CONFLICT") {
      EXPECT_EQ(r.Json().at("error").at("details").at("motivo"), "ubicacion_inactiva");
    }
    if (c.code == "INSUFFICIENT_STOCK") {
      auto item = r.Json().at("error").at("details").at("items").at(0);
      EXPECT_EQ(item.at("producto_id").as_string(), p);
      EXPECT_EQ(item.at("disponible"), 5);
      EXPECT_EQ(item.at("solicitado"), 6);
    }
    EXPECT_EQ(Traces(), traces);
  }
  // Not JSON, and no body at all.
  Headers h = Auth(NewKey());
  h.emplace_back("Content-Type", "application/json");
  EXPECT_EQ(client_->Send("POST", "/api/deposito/movimiento", "{\"tipo\":", h).status, 400);
  EXPECT_EQ(Traces(), traces);
}

TEST_P(DepositoHttpTest, ACountBelowTheHoldsReleasesTheNewestOverHttp) {
  auto p = NewProduct();
  MoveOk(json::object{{"tipo", "entrada"}, {"producto_id", p}, {"cantidad", 10}});
  std::vector<std::string> holds;
  db_->Write([&](store::Tx& tx) {
    auto user = tx.QueryOne("SELECT id FROM usuarios WHERE email = 'ventas@demo.local'")->Text(0);
    auto base = core::ParseTimestamp("2026-11-01T10:00:00Z").value();
    for (int i = 0; i < 3; ++i) {
      holds.push_back(core::NewUuidV4(random_));
      tx.Exec(R"sql(
INSERT INTO stock_reservado (id, producto_id, ubicacion_id, cantidad, estado, referencia,
                             expira_en, usuario_id, creado_en, actualizado_en)
VALUES ($1, $2, $3, 3, 'activa', $4, $5, $6, $7, $7))sql",
              {holds.back(), p, kPrincipal, "Cliente " + std::to_string(i),
               core::ParseTimestamp("2099-01-01T00:00:00Z").value(), user,
               base + std::chrono::minutes(i)});
    }
  });
  // 9 reserved of 10; a count of 5 keeps the oldest (3) and releases the two newer.
  auto r = Move(json::object{
      {"tipo", "ajuste"}, {"producto_id", p}, {"cantidad", 5}, {"motivo", "Conteo físico"}});
  ASSERT_EQ(r.status, 201) << r.body;
  auto d = r.Json().at("data");
  std::set<std::string> released;
  for (const auto& x : d.at("reservas_liberadas").as_array()) {
    released.emplace(x.at("id").as_string());
    EXPECT_EQ(x.at("cantidad"), 3);
  }
  EXPECT_EQ(released, (std::set<std::string>{holds[1], holds[2]}));
  EXPECT_EQ(d.at("stock").at(0).at("reservado"), 3);
  EXPECT_EQ(d.at("stock").at(0).at("disponible"), 2);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE accion = 'reserva_liberada_por_conteo' "
                  "AND entidad_id IN ('" +
                  holds[1] + "', '" + holds[2] + "')"),
            2);
  // A salida may not go below the remaining hold.
  auto no = Move(
      json::object{{"tipo", "salida"}, {"producto_id", p}, {"cantidad", 3}, {"motivo", "Merma"}});
  EXPECT_EQ(no.Code(), "INSUFFICIENT_STOCK");
}

TEST_P(DepositoHttpTest, KardexFiltersPagesAliasAndCsv) {
  auto p = NewProduct();
  MoveOk(json::object{{"tipo", "entrada"}, {"producto_id", p}, {"cantidad", 20}, {"lote", "K1"}});
  MoveOk(json::object{
      {"tipo", "salida"}, {"producto_id", p}, {"cantidad", 4}, {"motivo", "Vencido; roto"}});
  MoveOk(json::object{{"tipo", "transferencia"},
                      {"producto_id", p},
                      {"cantidad", 3},
                      {"ubicacion_destino_id", kTrastienda}});
  // A purchase order received into the same product: origen orden_compra with its numero.
  auto oc =
      Post("/api/ordenes-compra",
           json::object{{"proveedor_id", kProveedor},
                        {"items", json::array{json::object{{"producto_id", p}, {"cantidad", 6}}}}},
           NewKey());
  ASSERT_EQ(oc.status, 201) << oc.body;
  auto order = oc.Json().at("data");
  std::string oc_id(order.at("id").as_string());
  auto rec =
      Post("/api/compras/recepcion",
           json::object{
               {"orden_compra_id", oc_id},
               {"items", json::array{json::object{{"linea_id", order.at("lineas").at(0).at("id")},
                                                  {"cantidad", 6}}}}},
           NewKey());
  ASSERT_EQ(rec.status, 201) << rec.body;

  auto all = client_->Get("/api/kardex?producto_id=" + p, Auth());
  ASSERT_EQ(all.status, 200) << all.body;
  EXPECT_EQ(all.Json().at("meta").at("total"), 5);
  EXPECT_EQ(all.Json().at("meta").at("limit"), 50);
  auto newest = all.Json().at("data").at(0);
  EXPECT_EQ(newest.at("tipo"), "recepcion");
  EXPECT_EQ(newest.at("origen").at("tipo"), "orden_compra");
  EXPECT_EQ(newest.at("origen").at("id").as_string(), oc_id);
  EXPECT_EQ(newest.at("origen").at("numero"), order.at("numero"));
  auto alias = client_->Get("/api/deposito/movimientos?producto_id=" + p, Auth());
  ASSERT_EQ(alias.status, 200);
  EXPECT_EQ(alias.Json().at("data"), all.Json().at("data"));

  auto by_ref = client_->Get("/api/kardex?referencia=" + oc_id, Auth());
  EXPECT_EQ(by_ref.Json().at("meta").at("total"), 1);
  auto transfers = client_->Get(
      "/api/kardex?producto_id=" + p + "&tipo=transferencia,salida&sort=creado_en&limit=2&offset=1",
      Auth());
  ASSERT_EQ(transfers.status, 200) << transfers.body;
  EXPECT_EQ(transfers.Json().at("meta").at("total"), 3);
  EXPECT_EQ(transfers.Json().at("data").as_array().size(), 2u);
  auto transfer_rows = transfers.Json();
  for (const auto& row : transfer_rows.at("data").as_array()) {
    EXPECT_EQ(row.at("tipo"), "transferencia");
  }
  auto there =
      client_->Get("/api/kardex?producto_id=" + p + "&ubicacion_id=" + kTrastienda, Auth());
  EXPECT_EQ(there.Json().at("meta").at("total"), 1);
  auto future = client_->Get("/api/kardex?producto_id=" + p + "&fecha_desde=2099-01-01", Auth());
  EXPECT_EQ(future.Json().at("meta").at("total"), 0);

  for (const char* q : {"limit=501", "tipo=robo", "producto_id=abc", "color=rojo", "sort=nombre",
                        "fecha_desde=2026-12-01&fecha_hasta=2026-11-01", "formato=xml"}) {
    auto bad = client_->Get(std::string("/api/kardex?") + q, Auth());
    EXPECT_EQ(bad.status, 400) << q;
    EXPECT_EQ(bad.Code(), "VALIDATION_ERROR") << q;
  }

  auto csv = client_->Get("/api/kardex?formato=csv&producto_id=" + p, Auth());
  ASSERT_EQ(csv.status, 200) << csv.body;
  EXPECT_EQ(csv.Header("content-type"), "text/csv; charset=utf-8");
  EXPECT_NE(csv.Header("content-disposition").find("filename=\"kardex_"), std::string::npos);
  ASSERT_EQ(csv.body.rfind("\xEF\xBB\xBF", 0), 0u);
  auto lines = std::count(csv.body.begin(), csv.body.end(), '\n');
  EXPECT_EQ(lines, 6);  // header + 5 rows
  EXPECT_NE(csv.body.find("fecha;tipo;producto;sku;ubicacion"), std::string::npos);
  EXPECT_NE(csv.body.find("OC N° " + std::to_string(order.at("numero").as_int64())),
            std::string::npos);
  EXPECT_NE(csv.body.find("\"Vencido; roto\""), std::string::npos);

  // Ventas and usuario may not read the kardex.
  std::string ventas = Login(*client_, "ventas@demo.local");
  EXPECT_EQ(client_->Get("/api/kardex", Bearer(ventas)).status, 403);
}

MM_INSTANTIATE_HTTP(DepositoHttpTest);

}  // namespace
}  // namespace mm::testing
