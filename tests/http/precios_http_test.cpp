// Store settings and prices through the real server (api.md §6.2, §12.1): the first-start seed
// and the row winning over the file, role-hidden fields, version conflicts, bad input that
// changes nothing, idempotent replays.
#include <gtest/gtest.h>

#include "core/uuid.hpp"
#include "http_fixture.hpp"

namespace mm::testing {
namespace {

namespace json = boost::json;

Headers Json(const std::string& token) {
  return {{"Authorization", "Bearer " + token}, {"Content-Type", "application/json"}};
}

// A demo server per backend for the suite, and direct SQL for catalogue rows.
class PreciosHttpTest : public DemoHttpTest {
 protected:
  void SetUp() override {
    live_ = &Demo();
    db_ = live_->db.Open();
    client_ = std::make_unique<HttpClient>(live_->server.base_url());
  }

  std::string NewId() { return core::NewUuidV4(random_); }

  std::string CreateCategory(std::optional<std::int64_t> min, std::optional<std::int64_t> max) {
    std::string id = NewId();
    db_->Write([&](store::Tx& tx) {
      tx.Exec(
          "INSERT INTO categorias (id, codigo, nombre, nombre_normalizado, nivel, "
          "markup_minimo_bp, markup_maximo_bp, activo, version, creado_en, actualizado_en) "
          "VALUES ($1, $2, $3, $4, 1, $5, $6, $7, 0, $8, $8)",
          {id, "H" + id.substr(0, 8), "Cat " + id.substr(0, 8), "cat " + id.substr(0, 8), min, max,
           true, core::SystemClock().Now()});
    });
    return id;
  }
  std::string CreateProduct(std::optional<std::string> categoria = {}, bool activo = true) {
    std::string id = NewId();
    db_->Write([&](store::Tx& tx) {
      tx.Exec(
          "INSERT INTO productos (id, nombre, nombre_normalizado, busqueda_normalizado, sku, "
          "unidad, precio_venta_centavos, categoria_id, activo, version, creado_en, "
          "actualizado_en) VALUES ($1, $2, $3, $3, $4, 'u', 0, $5, $6, 0, $7, $7)",
          {id, "Galletitas " + id.substr(0, 8), "galletitas " + id.substr(0, 8),
           "H-" + id.substr(0, 8), categoria, activo, core::SystemClock().Now()});
    });
    return id;
  }
  std::int64_t Count(const std::string& sql, const std::string& id) {
    return db_->Read([&](store::Tx& tx) { return tx.QueryOne(sql, {id})->Int(0); });
  }
  std::int64_t History(const std::string& prod) {
    return Count("SELECT COUNT(*) FROM precios_historicos WHERE producto_id = $1", prod);
  }
  std::int64_t Price(const std::string& prod) {
    return Count("SELECT precio_venta_centavos FROM productos WHERE id = $1", prod);
  }
  std::int64_t Compras(const std::string& prod) {
    return Count("SELECT COUNT(*) FROM precios_compra WHERE producto_id = $1", prod);
  }
  HttpResult Aplicar(const std::string& body, const std::string& key = {},
                     const std::string& role = "admin") {
    Headers h = Json(Token(role));
    if (!key.empty()) h.emplace_back("Idempotency-Key", key);
    return client_->Send("POST", "/api/precios/aplicar", body, h);
  }

  core::SystemRandom random_;
  LiveServer* live_ = nullptr;
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<HttpClient> client_;
};

TEST_P(PreciosHttpTest, ApplyPriceAndReadTheHistoryWithCostsHiddenForVentas) {
  auto prod = CreateProduct();
  auto r = Aplicar(R"({"producto_id":")" + prod + R"(","costo_centavos":1000,"markup_bp":3000,)" +
                   R"("motivo":"Lista nueva"})");
  ASSERT_EQ(r.status, 200) << r.body;
  auto d = r.Json().at("data");
  EXPECT_EQ(d.at("precio_venta_centavos").as_int64(), 1300);
  EXPECT_EQ(d.at("precio_calculado_centavos").as_int64(), 1300);
  EXPECT_EQ(d.at("margen_bruto_bp").as_int64(), 2307);
  EXPECT_FALSE(d.at("sin_cambios").as_bool());
  EXPECT_EQ(Price(prod), 1300);

  auto same =
      Aplicar(R"({"producto_id":")" + prod + R"(","costo_centavos":1000,"markup_bp":3000})");
  ASSERT_EQ(same.status, 200);
  EXPECT_TRUE(same.Json().at("data").at("sin_cambios").as_bool());
  EXPECT_EQ(History(prod), 1);

  auto cost = client_->Send("POST", "/api/precios/costo",
                            R"({"producto_id":")" + prod + R"(","costo_centavos":1100})",
                            Json(Token("deposito")));
  ASSERT_EQ(cost.status, 201) << cost.body;
  EXPECT_EQ(cost.Header("location"), "/api/precios/producto/" + prod);
  EXPECT_EQ(cost.Json().at("data").at("markup_bp").as_int64(), 1818);
  EXPECT_EQ(History(prod), 2);

  auto as_deposito = client_->Get("/api/precios/producto/" + prod, Bearer(Token("deposito")));
  ASSERT_EQ(as_deposito.status, 200) << as_deposito.body;
  auto items = as_deposito.Json().at("data").as_array();
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(as_deposito.Json().at("meta").at("total").as_int64(), 2);
  EXPECT_EQ(items[0].at("costo_centavos").as_int64(), 1100);  // newest first
  EXPECT_TRUE(items[0].as_object().contains("markup_bp"));
  EXPECT_EQ(items[1].at("motivo").as_string(), "Lista nueva");
  EXPECT_EQ(items[1].at("usuario").at("nombre").as_string().size() > 0, true);

  auto as_ventas = client_->Get("/api/precios/producto/" + prod, Bearer(Token("ventas")));
  ASSERT_EQ(as_ventas.status, 200);
  auto ventas_json = as_ventas.Json();
  for (const auto& item : ventas_json.at("data").as_array()) {
    EXPECT_FALSE(item.as_object().contains("costo_centavos"));
    EXPECT_FALSE(item.as_object().contains("costo_anterior_centavos"));
    EXPECT_FALSE(item.as_object().contains("markup_bp"));
    EXPECT_TRUE(item.as_object().contains("precio_nuevo_centavos"));
  }
  EXPECT_EQ(client_->Get("/api/precios/producto/" + prod, Bearer(Token("usuario"))).status, 403);
  auto filtered = client_->Get("/api/precios/producto/" + prod + "?fecha_desde=2000-01-01&limit=1",
                               Bearer(Token("admin")));
  ASSERT_EQ(filtered.status, 200);
  EXPECT_EQ(filtered.Json().at("data").as_array().size(), 1u);
  EXPECT_EQ(filtered.Json().at("meta").at("total").as_int64(), 2);
  EXPECT_EQ(
      client_->Get("/api/precios/producto/" + prod + "?limit=201", Bearer(Token("admin"))).status,
      400);
  EXPECT_EQ(client_->Get("/api/precios/producto/" + NewId(), Bearer(Token("admin"))).status, 404);

  auto sugerido = client_->Get("/api/precios/markup-sugerido/" + prod, Bearer(Token("deposito")));
  ASSERT_EQ(sugerido.status, 200);
  EXPECT_EQ(sugerido.Json().at("data").at("fuente").as_string(), "defecto");
  EXPECT_EQ(sugerido.Json().at("data").at("markup_sugerido_bp").as_int64(), 3000);
}

TEST_P(PreciosHttpTest, BadInputIsRefusedAndChangesNothing) {
  auto prod = CreateProduct();
  auto inactive = CreateProduct(std::nullopt, false);
  const std::string p = R"({"producto_id":")" + prod + R"(",)";
  struct Case {
    std::string body;
    long status;
    std::string code;
  };
  const std::vector<Case> cases = {
      {p + R"("costo_centavos":1000,"markup_bp":200000})", 400, "VALIDATION_ERROR"},
      {p + R"("costo_centavos":1000,"markup_bp":-1})", 400, "VALIDATION_ERROR"},
      {p + R"("costo_centavos":0,"markup_bp":3000})", 400, "VALIDATION_ERROR"},
      {p + R"("costo_centavos":10000000001})", 400, "VALIDATION_ERROR"},
      {p + R"("costo_centavos":"1000"})", 400, "VALIDATION_ERROR"},
      {p + R"("costo_centavos":1000,"precio":5})", 400, "VALIDATION_ERROR"},
      {R"({"costo_centavos":1000})", 400, "VALIDATION_ERROR"},
      {R"({"producto_id":"no-es-uuid","costo_centavos":1000})", 400, "VALIDATION_ERROR"},
      {R"({"producto_id":")" + NewId() + R"(","costo_centavos":1000})", 422, "REFERENCE_NOT_FOUND"},
      {R"({"producto_id":")" + inactive + R"(","costo_centavos":1000})", 409, "PRODUCT_INACTIVE"},
  };
  for (const auto& c : cases) {
    auto r = Aplicar(c.body);
    EXPECT_EQ(r.status, c.status) << c.body << " → " << r.body;
    EXPECT_EQ(r.Code(), c.code) << c.body;
  }
  auto absurd = Aplicar(p + R"("costo_centavos":1000,"markup_bp":200000})");
  EXPECT_EQ(absurd.Json().at("error").at("details").at("campos").at(0).at("campo").as_string(),
            "markup_bp");
  auto unknown = Aplicar(R"({"producto_id":")" + NewId() + R"(","costo_centavos":1000})");
  EXPECT_EQ(unknown.Json().at("error").at("details").at("campo").as_string(), "producto_id");

  // /precios/costo: cost 0 is allowed there, a negative one is not; unknown supplier is 422.
  auto neg = client_->Send("POST", "/api/precios/costo", p + R"("costo_centavos":-5})",
                           Json(Token("admin")));
  EXPECT_EQ(neg.status, 400);
  auto bad_supplier = client_->Send(
      "POST", "/api/precios/costo",
      p + R"("costo_centavos":500,"proveedor_id":")" + NewId() + R"("})", Json(Token("admin")));
  EXPECT_EQ(bad_supplier.status, 422);
  EXPECT_EQ(bad_supplier.Json().at("error").at("details").at("campo").as_string(), "proveedor_id");
  auto off_cost = client_->Send("POST", "/api/precios/costo",
                                R"({"producto_id":")" + inactive + R"(","costo_centavos":500})",
                                Json(Token("admin")));
  EXPECT_EQ(off_cost.status, 409);
  EXPECT_EQ(off_cost.Code(), "PRODUCT_INACTIVE");

  auto round0 = client_->Send("POST", "/api/precios/redondear", R"({"precio_centavos":0})",
                              Json(Token("ventas")));
  EXPECT_EQ(round0.status, 400);

  for (const auto& id : {prod, inactive}) {
    EXPECT_EQ(Price(id), 0);
    EXPECT_EQ(History(id), 0);
    EXPECT_EQ(Compras(id), 0);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE entidad_id = $1", id), 0);
  }
  EXPECT_EQ(Aplicar(p + R"("costo_centavos":1000})", "", "deposito").status, 403);
}

TEST_P(PreciosHttpTest, MinimumMarkupIsRefusedUnlessApproved) {
  auto cat = CreateCategory(2500, 4500);
  auto prod = CreateProduct(cat);
  const std::string p = R"({"producto_id":")" + prod + R"(","costo_centavos":2000,)";
  auto refused = Aplicar(p + R"("markup_bp":1000})");
  ASSERT_EQ(refused.status, 409) << refused.body;
  EXPECT_EQ(refused.Code(), "MARGIN_BELOW_MINIMUM");
  EXPECT_EQ(refused.Json().at("error").at("details").at("markup_bp").as_int64(), 1000);
  EXPECT_EQ(refused.Json().at("error").at("details").at("markup_minimo_bp").as_int64(), 2500);
  EXPECT_EQ(History(prod), 0);
  EXPECT_EQ(Price(prod), 0);

  auto approved = Aplicar(p + R"("markup_bp":1000,"aprobar_bajo_minimo":true})");
  ASSERT_EQ(approved.status, 200) << approved.body;
  EXPECT_EQ(Price(prod), 2200);
  EXPECT_EQ(
      Count("SELECT COUNT(*) FROM audit_log WHERE entidad_id = $1 AND nivel = 'warning'", prod), 1);

  // Without a markup: the category midpoint.
  auto by_band = Aplicar(R"({"producto_id":")" + prod + R"(","costo_centavos":1000})");
  ASSERT_EQ(by_band.status, 200);
  EXPECT_EQ(by_band.Json().at("data").at("markup_bp").as_int64(), 3500);
  EXPECT_EQ(Price(prod), 1350);
}

TEST_P(PreciosHttpTest, ApplyAndCostReplayWithTheSameKeyAndRefuseAnotherBody) {
  auto prod = CreateProduct();
  const std::string key = "aplicar-" + NewId();
  const std::string body =
      R"({"producto_id":")" + prod + R"(","costo_centavos":1500,"markup_bp":2000})";
  auto first = Aplicar(body, key);
  ASSERT_EQ(first.status, 200) << first.body;
  auto again = Aplicar(body, key);
  EXPECT_EQ(again.status, 200);
  EXPECT_EQ(again.Header("idempotent-replayed"), "true");
  EXPECT_EQ(again.Json().at("data"), first.Json().at("data"));
  EXPECT_FALSE(again.Json().at("data").at("sin_cambios").as_bool());
  EXPECT_EQ(History(prod), 1);
  auto other = Aplicar(R"({"producto_id":")" + prod + R"(","costo_centavos":1600})", key);
  EXPECT_EQ(other.status, 422);
  EXPECT_EQ(other.Code(), "IDEMPOTENCY_KEY_REUSED");
  EXPECT_EQ(Price(prod), 1800);

  const std::string ckey = "costo-" + NewId();
  const std::string cbody = R"({"producto_id":")" + prod + R"(","costo_centavos":1700})";
  Headers h = Json(Token("deposito"));
  h.emplace_back("Idempotency-Key", ckey);
  auto c1 = client_->Send("POST", "/api/precios/costo", cbody, h);
  ASSERT_EQ(c1.status, 201) << c1.body;
  auto c2 = client_->Send("POST", "/api/precios/costo", cbody, h);
  EXPECT_EQ(c2.status, 201);
  EXPECT_EQ(c2.Header("idempotent-replayed"), "true");
  EXPECT_EQ(c2.Header("location"), "/api/precios/producto/" + prod);
  auto c3 = client_->Send("POST", "/api/precios/costo",
                          R"({"producto_id":")" + prod + R"(","costo_centavos":1701})", h);
  EXPECT_EQ(c3.status, 422);
  EXPECT_EQ(Compras(prod), 2);
  EXPECT_EQ(History(prod), 2);
}

TEST_P(PreciosHttpTest, RoundUsesTheStoreStep) {
  auto r = client_->Send("POST", "/api/precios/redondear", R"({"precio_centavos":1234})",
                         Json(Token("ventas")));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Json().at("data").at("redondeado_centavos").as_int64(), 1234);  // step 1
  EXPECT_EQ(client_
                ->Send("POST", "/api/precios/redondear", R"({"precio_centavos":1234})",
                       Json(Token("usuario")))
                .status,
            403);
}

MM_INSTANTIATE_HTTP(PreciosHttpTest);

// Settings: each test its own server, since they change the one row.
class ConfigTiendaHttpTest : public ::testing::TestWithParam<store::Dialect> {};

json::value GetSettings(HttpClient& c, const std::string& token) {
  auto r = c.Get("/api/config/tienda", Bearer(token));
  EXPECT_EQ(r.status, 200) << r.body;
  return r.Json().at("data");
}

TEST_P(ConfigTiendaHttpTest, SeededFromTheConfigurationOnceThenTheRowWins) {
  LiveServer live(GetParam(),
                  {{"MM_PRECIOS_MARKUP_DEFECTO_BP", "4500"},
                   {"MM_PRECIOS_REDONDEO_CENTAVOS", "50"},
                   {"MM_STORE_NOMBRE", "Almacén Ñandú"},
                   {"MM_STORE_TIMEZONE", "America/Argentina/Cordoba"}},
                  true);
  HttpClient c(live.server.base_url());
  auto admin = Login(c, "admin@demo.local");
  auto s = GetSettings(c, admin);
  EXPECT_EQ(s.at("markup_defecto_bp").as_int64(), 4500);
  EXPECT_EQ(s.at("redondeo_centavos").as_int64(), 50);
  EXPECT_EQ(s.at("nombre").as_string(), "Almacén Ñandú");
  EXPECT_EQ(s.at("zona_horaria").as_string(), "America/Argentina/Cordoba");
  EXPECT_EQ(s.at("version").as_int64(), 0);
  auto round = c.Send("POST", "/api/precios/redondear", R"({"precio_centavos":1201})", Json(admin));
  EXPECT_EQ(round.Json().at("data").at("redondeado_centavos").as_int64(), 1250);
  live.server.Stop(SIGTERM);

  // The same database, a different file value: the row wins.
  ServerProcess again(live.db.url(), {{"MM_PRECIOS_MARKUP_DEFECTO_BP", "9999"},
                                      {"MM_PRECIOS_REDONDEO_CENTAVOS", "100"},
                                      {"MM_STORE_NOMBRE", "Otro"}});
  again.Start();
  HttpClient c2(again.base_url());
  auto admin2 = Login(c2, "admin@demo.local");
  auto s2 = GetSettings(c2, admin2);
  EXPECT_EQ(s2.at("markup_defecto_bp").as_int64(), 4500);
  EXPECT_EQ(s2.at("redondeo_centavos").as_int64(), 50);
  EXPECT_EQ(s2.at("nombre").as_string(), "Almacén Ñandú");
  EXPECT_EQ(s2.at("zona_horaria").as_string(), "America/Argentina/Buenos_Aires");
}

TEST_P(ConfigTiendaHttpTest, GetHidesTheMarkupByRoleAndPatchIsVersionedAndValidated) {
  LiveServer live(GetParam(), {}, true);
  HttpClient c(live.server.base_url());
  std::map<std::string, std::string> t;
  for (const char* role : {"admin", "deposito", "ventas", "usuario"}) {
    t[role] = Login(c, std::string(role) + "@demo.local");
  }
  EXPECT_TRUE(GetSettings(c, t["admin"]).as_object().contains("markup_defecto_bp"));
  EXPECT_TRUE(GetSettings(c, t["deposito"]).as_object().contains("markup_defecto_bp"));
  for (const char* role : {"ventas", "usuario"}) {
    auto s = GetSettings(c, t[role]);
    EXPECT_FALSE(s.as_object().contains("markup_defecto_bp")) << role;
    EXPECT_EQ(s.at("denominaciones_centavos").as_array().size(), 10u);
    EXPECT_EQ(s.at("tolerancia_caja_centavos").as_int64(), 1000);
  }
  EXPECT_EQ(c.Get("/api/config/tienda").status, 401);

  auto ok = c.Send("PATCH", "/api/config/tienda",
                   R"({"nombre":"La Esquina","cuit":"20-12345678-6","redondeo_centavos":10,)"
                   R"("pie_ticket":"Gracias\nVuelva pronto","denominaciones_centavos":[5000,1000],)"
                   R"("version":0})",
                   Json(t["admin"]));
  ASSERT_EQ(ok.status, 200) << ok.body;
  auto d = ok.Json().at("data");
  EXPECT_EQ(d.at("version").as_int64(), 1);
  EXPECT_EQ(d.at("cuit").as_string(), "20123456786");
  EXPECT_EQ(d.at("denominaciones_centavos").as_array().size(), 2u);
  EXPECT_EQ(d.at("denominaciones_centavos").at(0).as_int64(), 1000);
  auto round =
      c.Send("POST", "/api/precios/redondear", R"({"precio_centavos":1201})", Json(t["ventas"]));
  EXPECT_EQ(round.Json().at("data").at("redondeado_centavos").as_int64(), 1210);

  auto stale =
      c.Send("PATCH", "/api/config/tienda", R"({"nombre":"Otra","version":0})", Json(t["admin"]));
  EXPECT_EQ(stale.status, 409);
  EXPECT_EQ(stale.Code(), "VERSION_CONFLICT");
  EXPECT_EQ(stale.Json().at("error").at("details").at("version_actual").as_int64(), 1);

  EXPECT_EQ(c.Send("PATCH", "/api/config/tienda", R"({"nombre":"X"})", Json(t["deposito"])).status,
            403);
  const std::vector<std::string> bad = {
      R"({})",
      R"({"version":1})",
      R"({"zona_horaria":"UTC"})",
      R"({"nombre":"Y","zona_horaria":"UTC"})",
      R"({"nombre":null})",
      R"({"nombre":""})",
      R"({"markup_defecto_bp":200000})",
      R"({"redondeo_centavos":0})",
      R"({"tolerancia_caja_centavos":-1})",
      R"({"denominaciones_centavos":[]})",
      R"({"denominaciones_centavos":[100,100]})",
      R"({"denominaciones_centavos":[0]})",
      R"({"cuit":"20-12345678-5"})",
      R"({"telefono":"abc123456"})",
      R"({"pie_ticket":")" + std::string(501, 'x') + R"("})",
      R"({"desconocido":1})",
  };
  for (const auto& body : bad) {
    auto r = c.Send("PATCH", "/api/config/tienda", body, Json(t["admin"]));
    EXPECT_EQ(r.status, 400) << body << " → " << r.body;
    EXPECT_EQ(r.Code(), "VALIDATION_ERROR") << body;
  }
  auto after = GetSettings(c, t["admin"]);
  EXPECT_EQ(after.at("version").as_int64(), 1);
  EXPECT_EQ(after.at("nombre").as_string(), "La Esquina");
  EXPECT_EQ(after.at("zona_horaria").as_string(), "America/Argentina/Buenos_Aires");

  auto cleared = c.Send("PATCH", "/api/config/tienda",
                        R"({"cuit":null,"telefono":"+54 11 4555-0000"})", Json(t["admin"]));
  ASSERT_EQ(cleared.status, 200) << cleared.body;
  EXPECT_TRUE(cleared.Json().at("data").at("cuit").is_null());
  EXPECT_EQ(cleared.Json().at("data").at("version").as_int64(), 2);
}

MM_INSTANTIATE_HTTP(ConfigTiendaHttpTest);

}  // namespace
}  // namespace mm::testing
