// Catalogue routes over HTTP (api.md §6.1 and the ubicaciones rows of §7.1) against the real
// server with the demo data, on both databases: roles and role-hidden cost fields, validation
// with nothing changed, duplicates, references, versions, idempotent replay, search and CSV.
// Every test names its own rows with a marker so that the demo catalogue does not change counts.
#include <gtest/gtest.h>

#include <set>

#include <boost/json/serialize.hpp>

#include "core/normalize.hpp"
#include "core/random.hpp"
#include "core/uuid.hpp"
#include "http_fixture.hpp"

namespace mm::testing {
namespace {

namespace json = boost::json;

class CatalogoHttpTest : public DemoHttpTest {
 protected:
  void SetUp() override {
    live_ = &Demo();
    client_ = std::make_unique<HttpClient>(live_->server.base_url());
    for (const char* role : {"admin", "deposito", "ventas", "usuario"}) {
      ASSERT_FALSE(Token(role).empty()) << role;
    }
    marker_ = core::NewUuidV4(random_).substr(0, 8);
  }

  Headers As(const std::string& role, const std::string& key = {}) {
    Headers h = Bearer(Token(role));
    h.emplace_back("Content-Type", "application/json");
    if (!key.empty()) h.emplace_back("Idempotency-Key", key);
    return h;
  }
  HttpResult Get(const std::string& role, const std::string& path) {
    return client_->Get(path, As(role));
  }
  HttpResult Send(const std::string& role, const std::string& method, const std::string& path,
                  const std::string& body, const std::string& key = {}) {
    return client_->Send(method, path, body, As(role, key));
  }
  std::int64_t Count(const std::string& sql, std::initializer_list<store::Value> params = {}) {
    auto db = live_->db.Open();
    return db->Read([&](store::Tx& tx) { return tx.QueryOne(sql, params)->Int(0); });
  }
  std::string CreateProduct(const std::string& body) {
    auto r = Send("admin", "POST", "/api/productos", body);
    EXPECT_EQ(r.status, 201) << r.body;
    return DataField(r, "id");
  }
  static std::string FirstFieldOf(const HttpResult& r) {
    return std::string(
        r.Json().at("error").at("details").at("campos").as_array()[0].at("campo").as_string());
  }

  LiveServer* live_ = nullptr;
  std::unique_ptr<HttpClient> client_;
  core::SystemRandom random_;
  std::string marker_;
};

TEST_P(CatalogoHttpTest, ProductLifecycleWithVersionsAndRoles) {
  auto created = Send("deposito", "POST", "/api/productos",
                      R"({"nombre":"Yerba Prueba )" + marker_ +
                          R"(","marca":"Playadito","unidad":"u","markup_bp":3500})");
  ASSERT_EQ(created.status, 201) << created.body;
  std::string id = DataField(created, "id");
  EXPECT_EQ(created.Header("location"), "/api/productos/" + id);
  auto data = created.Json().at("data");
  EXPECT_TRUE(data.at("costo_centavos").is_null());
  EXPECT_EQ(data.at("markup_bp").as_int64(), 3500);
  EXPECT_TRUE(data.at("sku").as_string().starts_with("P-"));

  auto got = Get("usuario", "/api/productos/" + id);
  ASSERT_EQ(got.status, 200);
  EXPECT_EQ(got.Json().at("data").at("stock").at("total").as_int64(), 0);
  EXPECT_EQ(got.Json().at("data").at("stock").at("disponible").as_int64(), 0);

  auto patched =
      Send("deposito", "PATCH", "/api/productos/" + id, R"({"contenido_neto":"1 kg","version":0})");
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(patched.Json().at("data").at("version").as_int64(), 1);
  auto stale = Send("admin", "PATCH", "/api/productos/" + id, R"({"nombre":"Otro","version":0})");
  EXPECT_EQ(stale.status, 409);
  EXPECT_EQ(stale.Code(), "VERSION_CONFLICT");
  EXPECT_EQ(stale.Json().at("error").at("details").at("version_actual").as_int64(), 1);
  auto empty = Send("admin", "PATCH", "/api/productos/" + id, "{}");
  EXPECT_EQ(empty.status, 400);
  auto price = Send("admin", "PATCH", "/api/productos/" + id, R"({"precio_venta_centavos":100})");
  EXPECT_EQ(price.status, 400);
  EXPECT_EQ(FirstFieldOf(price), "precio_venta_centavos");
  EXPECT_EQ(Count("SELECT version FROM productos WHERE id = $1", {id}), 1);

  EXPECT_EQ(Send("deposito", "DELETE", "/api/productos/" + id, "").status, 403);
  auto removed = Send("admin", "DELETE", "/api/productos/" + id, "");
  ASSERT_EQ(removed.status, 200) << removed.body;
  EXPECT_FALSE(removed.Json().at("data").at("activo").as_bool());
  EXPECT_EQ(Count("SELECT COUNT(*) FROM productos WHERE id = $1", {id}), 1);  // soft
  auto gone = Get("admin", "/api/productos?q=" + marker_);
  EXPECT_EQ(gone.Json().at("meta").at("total").as_int64(), 0);
  auto missing = Get("admin", "/api/productos/7b0c2d3e-4f50-4a61-8b72-93a4b5c6d7e8");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(Get("admin", "/api/productos/no-es-uuid").status, 400);
}

TEST_P(CatalogoHttpTest, CostFieldsAreOmittedForVentasAndUsuario) {
  std::string id = CreateProduct(R"({"nombre":"Vino Costo )" + marker_ + R"(","markup_bp":4000})");
  auto db = live_->db.Open();
  ASSERT_TRUE(db->Write([&](store::Tx& tx) -> core::Status {
                  tx.Exec(
                      "UPDATE productos SET costo_centavos = 100000, precio_venta_centavos = "
                      "150000 WHERE id = $1",
                      {id});
                  return core::Ok{};
                }).ok());
  for (const char* role : {"admin", "deposito", "ventas", "usuario"}) {
    bool sees = std::string(role) == "admin" || std::string(role) == "deposito";
    auto one = Get(role, "/api/productos/" + id).Json().at("data").as_object();
    auto listed = Get(role, "/api/productos?q=" + marker_).Json().at("data").as_array();
    ASSERT_EQ(listed.size(), 1u) << role;
    for (const auto& o : {one, listed[0].as_object()}) {
      for (const char* field : {"costo_centavos", "markup_bp", "margen_bruto_bp"}) {
        EXPECT_EQ(o.contains(field), sees) << role << " " << field;
      }
      EXPECT_EQ(o.at("precio_venta_centavos").as_int64(), 150000) << role;
    }
    if (sees) {
      EXPECT_EQ(one.at("margen_bruto_bp").as_int64(), 3333);
    }
  }
}

TEST_P(CatalogoHttpTest, BadInputIsA4xxWithItsCodeAndChangesNothing) {
  CreateProduct(R"({"nombre":"Base )" + marker_ + R"(","sku":"BASE-)" + marker_ +
                R"(","codigo_barras":"7790387000016"})");
  const std::int64_t before = Count("SELECT COUNT(*) FROM productos");
  struct Case {
    std::string body;
    long status;
    std::string code;
    std::string campo;
  };
  std::string cat_unknown = "7b0c2d3e-4f50-4a61-8b72-93a4b5c6d7e8";
  std::vector<Case> cases = {
      {R"({"nombre":"X","codigo_barras":"7790387000017"})", 400, "VALIDATION_ERROR",
       "codigo_barras"},
      {R"({"nombre":"X","codigo_barras":"77a0"})", 400, "VALIDATION_ERROR", "codigo_barras"},
      {R"({"sku":"SIN-NOMBRE"})", 400, "VALIDATION_ERROR", "nombre"},
      {R"({"nombre":"X","markup_bp":"5"})", 400, "VALIDATION_ERROR", "markup_bp"},
      {R"({"nombre":"X","markup_bp":100001})", 400, "VALIDATION_ERROR", "markup_bp"},
      {R"({"nombre":"X","unidad":"kg"})", 400, "VALIDATION_ERROR", "unidad"},
      {R"({"nombre":"X","sku":"con espacio"})", 400, "VALIDATION_ERROR", "sku"},
      {R"({"nombre":"X","costo_centavos":10})", 400, "VALIDATION_ERROR", "costo_centavos"},
      {R"({"nombre":"X","categoria_id":"no-uuid"})", 400, "VALIDATION_ERROR", "categoria_id"},
      {R"({"nombre":"X","codigo_barras":"7790387000016"})", 409, "DUPLICATE", "codigo_barras"},
      {R"({"nombre":"X","sku":"BASE-)" + marker_ + R"("})", 409, "DUPLICATE", "sku"},
      {R"({"nombre":"X","categoria_id":")" + cat_unknown + R"("})", 422, "REFERENCE_NOT_FOUND",
       "categoria_id"},
      {R"({"nombre":"X","proveedor_principal_id":")" + cat_unknown + R"("})", 422,
       "REFERENCE_NOT_FOUND", "proveedor_principal_id"},
  };
  for (const auto& c : cases) {
    auto r = Send("admin", "POST", "/api/productos", c.body, "mal-" + core::NewUuidV4(random_));
    EXPECT_EQ(r.status, c.status) << c.body << " → " << r.body;
    EXPECT_EQ(r.Code(), c.code) << c.body;
    auto doc = r.Json();
    const auto& details = doc.at("error").at("details").as_object();
    std::string campo =
        c.status == 400 ? FirstFieldOf(r) : std::string(details.at("campo").as_string());
    EXPECT_EQ(campo, c.campo) << c.body;
  }
  EXPECT_EQ(Count("SELECT COUNT(*) FROM productos"), before);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM idempotency_keys WHERE key LIKE 'mal-%'"), 0);
  for (const char* q : {"?limit=201", "?q=a", "?sort=costo_centavos", "?desconocido=1",
                        "?activo=si", "?formato=xml", "?categoria_id=123"}) {
    auto r = Get("admin", std::string("/api/productos") + q);
    EXPECT_EQ(r.status, 400) << q;
    EXPECT_EQ(r.Code(), "VALIDATION_ERROR") << q;
  }
}

TEST_P(CatalogoHttpTest, CreateReplaysWithTheSameKeyAndRefusesAnotherBody) {
  std::string key = "producto-" + marker_;
  std::string body = R"({"nombre":"Replay )" + marker_ + R"("})";
  auto first = Send("admin", "POST", "/api/productos", body, key);
  ASSERT_EQ(first.status, 201) << first.body;
  auto again = Send("admin", "POST", "/api/productos", body, key);
  EXPECT_EQ(again.status, 201);
  EXPECT_EQ(again.Header("idempotent-replayed"), "true");
  EXPECT_EQ(again.Header("location"), first.Header("location"));
  EXPECT_EQ(json::serialize(again.Json().at("data")), json::serialize(first.Json().at("data")));
  auto other =
      Send("admin", "POST", "/api/productos", R"({"nombre":"Otro )" + marker_ + R"("})", key);
  EXPECT_EQ(other.status, 422);
  EXPECT_EQ(other.Code(), "IDEMPOTENCY_KEY_REUSED");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM productos WHERE nombre LIKE $1", {"%" + marker_}), 1);
}

TEST_P(CatalogoHttpTest, SearchFoldsAccentsAndRanksExactCodesFirst) {
  CreateProduct(R"({"nombre":"Ñandú de peluche )" + marker_ + R"("})");
  CreateProduct(R"({"nombre":"Yerba Mate Playadito 1 kg )" + marker_ + R"("})");
  std::string body = "779" + std::to_string(100'000'000 + random_.NextU64() % 900'000'000);
  int sum = 0;
  for (std::size_t i = 0; i < 12; ++i) sum += (body[11 - i] - '0') * (i % 2 == 0 ? 3 : 1);
  std::string ean = body + std::to_string((10 - sum % 10) % 10);
  CreateProduct(R"({"nombre":"Zapallo )" + marker_ + R"(","codigo_barras":")" + ean + R"("})");
  CreateProduct(R"({"nombre":"Abrelatas )" + marker_ + R"(","descripcion":")" + ean +
                R"(","marca":")" + ean + R"(0"})");
  auto names = [&](const std::string& q) {
    std::vector<std::string> out;
    auto doc = Get("ventas", "/api/productos?q=" + q).Json();
    for (const auto& p : doc.at("data").as_array()) {
      out.emplace_back(p.at("nombre").as_string());
    }
    return out;
  };
  EXPECT_EQ(names("nandu%20" + marker_), std::vector<std::string>{"Ñandú de peluche " + marker_});
  EXPECT_EQ(names("YERBA%20playa%20" + marker_),
            std::vector<std::string>{"Yerba Mate Playadito 1 kg " + marker_});
  EXPECT_EQ(names(ean), (std::vector<std::string>{"Zapallo " + marker_, "Abrelatas " + marker_}));
  auto exact = Get("ventas", "/api/productos?codigo_barras=" + ean).Json();
  EXPECT_EQ(exact.at("meta").at("total").as_int64(), 1);
  auto dropdown = Get("usuario", "/api/productos/dropdown?limit=5000");
  ASSERT_EQ(dropdown.status, 200);
  EXPECT_GE(dropdown.Json().at("meta").at("total").as_int64(), 4);
  EXPECT_FALSE(dropdown.Json().at("data").as_array()[0].as_object().contains("costo_centavos"));
}

TEST_P(CatalogoHttpTest, CsvExportHasBomSemicolonsAndRoleColumns) {
  CreateProduct(R"({"nombre":"Aceite; Girasol )" + marker_ + R"(","marca":"Natura"})");
  auto r = Get("admin", "/api/productos?formato=csv&limit=1&q=" + marker_);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(r.Header("content-type").starts_with("text/csv")) << r.Header("content-type");
  EXPECT_NE(r.Header("content-disposition").find("filename=\"productos_"), std::string::npos);
  ASSERT_TRUE(r.body.starts_with("\xEF\xBB\xBF"));
  std::string header = r.body.substr(3, r.body.find('\n') - 3);
  if (!header.empty() && header.back() == '\r') header.pop_back();
  EXPECT_EQ(header,
            "sku;codigo_barras;nombre;marca;contenido_neto;unidad;categoria;proveedor_principal;"
            "precio_venta;costo;markup_bp;margen_bruto_bp;activo;actualizado_en");
  EXPECT_NE(r.body.find("\"Aceite; Girasol " + marker_ + "\""), std::string::npos) << r.body;
  auto v = Get("ventas", "/api/productos?formato=csv&q=" + marker_);
  ASSERT_EQ(v.status, 200);
  EXPECT_EQ(v.body.find("costo"), std::string::npos);
  EXPECT_NE(v.body.find("precio_venta;activo"), std::string::npos);
}

TEST_P(CatalogoHttpTest, CategoriesTreeDuplicatesAndCycles) {
  auto root = Send("admin", "POST", "/api/categorias",
                   R"({"codigo":"R-)" + marker_ + R"(","nombre":"Raíz","markup_minimo_bp":2000})");
  ASSERT_EQ(root.status, 201) << root.body;
  std::string root_id = DataField(root, "id");
  auto child =
      Send("admin", "POST", "/api/categorias",
           R"({"codigo":"H-)" + marker_ + R"(","nombre":"Hija","parent_id":")" + root_id + R"("})");
  ASSERT_EQ(child.status, 201);
  EXPECT_EQ(child.Json().at("data").at("nivel").as_int64(), 2);
  std::string child_id = DataField(child, "id");
  auto dup = Send("admin", "POST", "/api/categorias",
                  R"({"codigo":"R-)" + marker_ + R"(","nombre":"Otra"})");
  EXPECT_EQ(dup.status, 409);
  EXPECT_EQ(dup.Json().at("error").at("details").at("campo").as_string(), "codigo");
  auto band = Send("admin", "POST", "/api/categorias",
                   R"({"codigo":"B-)" + marker_ +
                       R"(","nombre":"Banda","markup_minimo_bp":5000,"markup_maximo_bp":10})");
  EXPECT_EQ(band.status, 400);
  EXPECT_EQ(Send("deposito", "POST", "/api/categorias", R"({"codigo":"D","nombre":"D"})").status,
            403);
  auto cycle = Send("admin", "PATCH", "/api/categorias/" + root_id,
                    R"({"parent_id":")" + child_id + R"("})");
  EXPECT_EQ(cycle.status, 409);
  EXPECT_EQ(cycle.Json().at("error").at("details").at("motivo").as_string(), "ciclo");
  std::string product = CreateProduct(R"({"nombre":"En uso )" + marker_ + R"(","categoria_id":")" +
                                      child_id + R"("})");
  auto in_use = Send("admin", "PATCH", "/api/categorias/" + child_id, R"({"activo":false})");
  EXPECT_EQ(in_use.status, 409);
  EXPECT_EQ(in_use.Json().at("error").at("details").at("motivo").as_string(), "categoria_en_uso");
  auto listed = Get("usuario", "/api/categorias?parent_id=" + root_id);
  ASSERT_EQ(listed.status, 200);
  ASSERT_EQ(listed.Json().at("data").as_array().size(), 1u);
  EXPECT_EQ(Get("ventas", "/api/productos/" + product)
                .Json()
                .at("data")
                .at("categoria")
                .at("nombre")
                .as_string(),
            "Hija");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM categorias WHERE codigo LIKE $1", {"%-" + marker_}), 2);
}

TEST_P(CatalogoHttpTest, SuppliersValidateCuitAndCountProducts) {
  auto bad = Send("deposito", "POST", "/api/proveedores",
                  R"({"nombre":"Mal )" + marker_ +
                      R"(","cuit":"20-12345678-0",)"
                      R"("telefono":"abc","sitio_web":"http://x"})");
  EXPECT_EQ(bad.status, 400);
  std::set<std::string> campos;
  auto bad_doc = bad.Json();
  for (const auto& c : bad_doc.at("error").at("details").at("campos").as_array()) {
    campos.insert(std::string(c.at("campo").as_string()));
  }
  EXPECT_EQ(campos, (std::set<std::string>{"cuit", "telefono", "sitio_web"}));
  auto ok = Send("deposito", "POST", "/api/proveedores",
                 R"({"nombre":"Almacén )" + marker_ +
                     R"(","cuit":"30-71234567-1","categorias_ofrecidas":["Almacén"]})");
  if (ok.status == 409) {  // the demo data or an earlier backend run took this CUIT
    ok = Send("deposito", "POST", "/api/proveedores", R"({"nombre":"Almacén )" + marker_ + R"("})");
  }
  ASSERT_EQ(ok.status, 201) << ok.body;
  std::string id = DataField(ok, "id");
  auto dup =
      Send("admin", "POST", "/api/proveedores", R"({"nombre":"ALMACEN )" + marker_ + R"("})");
  EXPECT_EQ(dup.status, 409);
  EXPECT_EQ(dup.Json().at("error").at("details").at("campo").as_string(), "nombre");
  CreateProduct(R"({"nombre":"Del proveedor )" + marker_ + R"(","proveedor_principal_id":")" + id +
                R"("})");
  auto list = Get("deposito", "/api/proveedores?q=almacen%20" + marker_);
  ASSERT_EQ(list.status, 200);
  auto rows = list.Json().at("data").as_array();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].at("productos_count").as_int64(), 1);
  EXPECT_EQ(rows[0].at("faltantes_pendientes").as_int64(), 0);
  auto detail = Get("admin", "/api/proveedores/" + id);
  ASSERT_EQ(detail.Json().at("data").at("productos").as_array().size(), 1u);
  EXPECT_EQ(Get("ventas", "/api/proveedores").status, 403);
  EXPECT_EQ(Get("admin", "/api/proveedores/dropdown").status, 200);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM proveedores WHERE nombre LIKE $1", {"%" + marker_}), 1);
}

TEST_P(CatalogoHttpTest, LocationsKeepOneSalesLocationAndRefuseDeactivationWithStock) {
  auto created = Send("admin", "POST", "/api/ubicaciones",
                      R"({"nombre":"Heladera )" + marker_ + R"(","es_venta":true})");
  ASSERT_EQ(created.status, 201) << created.body;
  std::string id = DataField(created, "id");
  auto sales = [&] {
    std::vector<std::string> out;
    auto doc = Get("ventas", "/api/ubicaciones").Json();
    for (const auto& l : doc.at("data").as_array()) {
      if (l.at("es_venta").as_bool()) out.emplace_back(l.at("id").as_string());
    }
    return out;
  };
  EXPECT_EQ(sales(), std::vector<std::string>{id});
  const std::string principal = "00000000-0000-4000-8000-000000000001";
  auto back = Send("admin", "PATCH", "/api/ubicaciones/" + principal, R"({"es_venta":true})");
  ASSERT_EQ(back.status, 200) << back.body;
  EXPECT_EQ(sales(), std::vector<std::string>{principal});
  auto dup =
      Send("admin", "POST", "/api/ubicaciones", R"({"nombre":"HELADERA )" + marker_ + R"("})");
  EXPECT_EQ(dup.status, 409);
  EXPECT_EQ(dup.Code(), "DUPLICATE");
  std::string product = CreateProduct(R"({"nombre":"Helado )" + marker_ + R"("})");
  auto db = live_->db.Open();
  ASSERT_TRUE(db->Write([&](store::Tx& tx) -> core::Status {
                  tx.Exec(
                      "INSERT INTO stock_deposito (id, producto_id, ubicacion_id, cantidad, "
                      "creado_en, actualizado_en) VALUES ($1, $2, $3, 3, $4, $4)",
                      {core::NewUuidV4(random_), product, id, core::SystemClock().Now()});
                  return core::Ok{};
                }).ok());
  auto off = Send("admin", "PATCH", "/api/ubicaciones/" + id, R"({"activo":false})");
  EXPECT_EQ(off.status, 409);
  EXPECT_EQ(off.Json().at("error").at("details").at("motivo").as_string(), "ubicacion_con_stock");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM ubicaciones WHERE id = $1 AND activo = $2", {id, true}), 1);
  EXPECT_EQ(Send("deposito", "POST", "/api/ubicaciones", R"({"nombre":"D"})").status, 403);
}

MM_INSTANTIATE_HTTP(CatalogoHttpTest);

}  // namespace
}  // namespace mm::testing
