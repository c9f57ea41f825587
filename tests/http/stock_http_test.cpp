// Stock and lot routes over HTTP (api.md §7.1) against the real server, on both databases. Rows
// are written straight into the server's database (products with SQL, stock through the engine)
// at a location of this suite's own, so whatever the demo data holds does not change the counts.
#include <gtest/gtest.h>

#include "core/clock.hpp"
#include "core/normalize.hpp"
#include "core/random.hpp"
#include "core/store_calendar.hpp"
#include "core/uuid.hpp"
#include "http_fixture.hpp"
#include "services/stock_ledger.hpp"
#include "services/text_search.hpp"

namespace mm::testing {
namespace {

namespace json = boost::json;
namespace stock = services::stock;

// Writes test rows into the server's database.
class Seeder {
 public:
  explicit Seeder(const TestDatabase& db) : db_(db.Open()) {
    db_->Write([&](store::Tx& tx) {
      auto now = clock_.Now();
      ubicacion = core::NewUuidV4(random_);
      ubicacion_nombre = "Góndola " + ubicacion.substr(0, 8);
      tx.Exec(
          "INSERT INTO ubicaciones (id, nombre, nombre_normalizado, es_venta, activo, creado_en, "
          "actualizado_en) VALUES ($1, $2, $3, $4, $5, $6, $6)",
          {ubicacion, ubicacion_nombre, core::NormalizeSearch(ubicacion_nombre), false, true, now});
      user = tx.QueryOne("SELECT id FROM usuarios WHERE email = 'admin@demo.local'")->Text(0);
      proveedor = core::NewUuidV4(random_);
      proveedor_nombre = "Distribuidora " + proveedor.substr(0, 8);
      tx.Exec(
          "INSERT INTO proveedores (id, nombre, nombre_normalizado, activo, version, creado_en, "
          "actualizado_en) VALUES ($1, $2, $3, $4, 0, $5, $5)",
          {proveedor, proveedor_nombre, core::NormalizeSearch(proveedor_nombre), true, now});
    });
  }

  std::string Product(const std::string& nombre, bool controla_vencimiento = false) {
    std::string id = core::NewUuidV4(random_);
    std::string sku = "T-" + id.substr(0, 8);
    db_->Write([&](store::Tx& tx) {
      tx.Exec(
          "INSERT INTO productos (id, nombre, nombre_normalizado, busqueda_normalizado, sku, "
          "proveedor_principal_id, unidad, precio_venta_centavos, controla_vencimiento, activo, "
          "version, creado_en, actualizado_en) VALUES ($1, $2, $3, $4, $5, $6, 'u', 100000, $7, "
          "$8, 0, $9, $9)",
          {id, nombre, core::NormalizeSearch(nombre), core::NormalizeSearch(nombre + " " + sku),
           sku, proveedor, controla_vencimiento, true, clock_.Now()});
      // The search index entry the product repository writes with the row (SQLite only).
      services::WriteFtsRow(tx, "productos_fts", id, core::NormalizeSearch(nombre + " " + sku),
                            true);
    });
    return id;
  }

  // An entrada through the stock engine; returns the lot id.
  std::string In(const std::string& producto, std::int64_t n, const std::string& lote = "",
                 std::optional<std::string> fecha = std::nullopt) {
    return db_->Write([&](store::Tx& tx) {
      auto now = clock_.Now();
      auto row = stock::LockStockRow(tx, random_, producto, ubicacion, now);
      auto lots = stock::LockLots(tx, row, Today());
      auto id = stock::EnsureLot(tx, random_, row, lots, lote, fecha, now, now);
      stock::ApplyMovement(tx, random_, row, lots, {.tipo = "entrada", .lots = {{id, n}}}, now);
      return id;
    });
  }

  void EmptyRow(const std::string& producto) {
    db_->Write([&](store::Tx& tx) {
      stock::LockStockRow(tx, random_, producto, ubicacion, clock_.Now());
    });
  }

  void Levels(const std::string& producto, std::int64_t minimo,
              std::optional<std::int64_t> maximo = std::nullopt) {
    db_->Write([&](store::Tx& tx) {
      tx.Exec(
          "UPDATE stock_deposito SET stock_minimo = $3, stock_maximo = $4 WHERE producto_id = $1 "
          "AND ubicacion_id = $2",
          {producto, ubicacion, minimo, maximo});
    });
  }

  void Reserve(const std::string& producto, std::int64_t n, const std::string& estado,
               std::chrono::seconds expira_en) {
    db_->Write([&](store::Tx& tx) {
      auto now = clock_.Now();
      auto stamp = [&](const char* e) { return estado == e ? store::Value(now) : store::Value(); };
      tx.Exec(
          "INSERT INTO stock_reservado (id, producto_id, ubicacion_id, cantidad, estado, "
          "expira_en, usuario_id, cancelada_en, vencida_en, creado_en, actualizado_en) VALUES "
          "($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)",
          {core::NewUuidV4(random_), producto, ubicacion, n, estado, now + expira_en, user,
           stamp("cancelada"), stamp("vencida"), now});
    });
  }

  std::string StockId(const std::string& producto) {
    return db_->Read([&](store::Tx& tx) {
      return tx
          .QueryOne("SELECT id FROM stock_deposito WHERE producto_id = $1 AND ubicacion_id = $2",
                    {producto, ubicacion})
          ->Text(0);
    });
  }

  std::int64_t Scalar(const std::string& sql) {
    return db_->Read([&](store::Tx& tx) { return tx.QueryOne(sql)->Int(0); });
  }

  core::Date Today() { return core::StoreCalendar::Default().DayOf(clock_.Now()); }
  std::string Day(int offset) { return core::FormatDate(core::AddDays(Today(), offset)); }

  std::string ubicacion;
  std::string ubicacion_nombre;
  std::string user;
  std::string proveedor;
  std::string proveedor_nombre;

 private:
  std::unique_ptr<store::Database> db_;
  core::SystemClock clock_;
  core::SystemRandom random_;
};

class StockHttpTest : public DemoHttpTest {
 protected:
  void SetUp() override {
    live_ = &Demo();
    client_ = std::make_unique<HttpClient>(live_->server.base_url());
    for (const char* role : {"admin", "deposito", "ventas", "usuario"}) {
      ASSERT_FALSE(Token(role).empty()) << role;
    }
    seed_ = std::make_unique<Seeder>(live_->db);
  }

  HttpResult Get(const std::string& path, const std::string& role = "usuario") {
    return client_->Get(path, Bearer(Token(role)));
  }
  HttpResult Patch(const std::string& path, const std::string& body,
                   const std::string& role = "deposito") {
    return client_->Send(
        "PATCH", path, body,
        {{"Authorization", "Bearer " + Token(role)}, {"Content-Type", "application/json"}});
  }
  // The items of a successful list, checked for the envelope's meta.
  json::array Items(const HttpResult& r, std::int64_t* total = nullptr) {
    EXPECT_EQ(r.status, 200) << r.body;
    auto v = r.Json();
    if (total) *total = v.at("meta").at("total").as_int64();
    return v.at("data").as_array();
  }
  static std::string Str(const json::value& v, const char* key) {
    const auto& f = v.at(key);
    return f.is_null() ? "<null>" : std::string(f.as_string());
  }

  LiveServer* live_ = nullptr;
  std::unique_ptr<HttpClient> client_;
  std::unique_ptr<Seeder> seed_;
};

TEST_P(StockHttpTest, ListResumenMinimoAndProductAgree) {
  auto yerba = seed_->Product("Yerba Prueba 1 kg");
  auto leche = seed_->Product("Leche Prueba 1 L");
  auto arroz = seed_->Product("Arroz Prueba 1 kg");
  auto fideos = seed_->Product("Fideos Prueba 500 g");
  seed_->EmptyRow(yerba);
  seed_->Levels(yerba, 4);  // agotado, deficit 4
  seed_->In(leche, 10, "L1", seed_->Day(20));
  seed_->Levels(leche, 12);
  seed_->Reserve(leche, 3, "activa", std::chrono::hours(1));      // counts
  seed_->Reserve(leche, 2, "activa", std::chrono::seconds(-60));  // expired: ignored
  seed_->Reserve(leche, 1, "cancelada", std::chrono::hours(1));   // cancelled: ignored
  seed_->In(arroz, 5);
  seed_->Levels(arroz, 5);  // bajo, deficit 0
  seed_->In(fideos, 50);    // normal, not monitored
  std::string at = "?ubicacion_id=" + seed_->ubicacion;

  std::int64_t total = 0;
  auto items = Items(Get("/api/stock" + at), &total);
  ASSERT_EQ(total, 4);
  ASSERT_EQ(items.size(), 4u);
  // By name: Arroz, Fideos, Leche, Yerba.
  EXPECT_EQ(Str(items[2].at("producto"), "nombre"), "Leche Prueba 1 L");
  EXPECT_EQ(items[2].at("cantidad").as_int64(), 10);
  EXPECT_EQ(items[2].at("reservado").as_int64(), 3);
  EXPECT_EQ(items[2].at("disponible").as_int64(), 7);
  EXPECT_EQ(Str(items[2], "nivel"), "bajo");  // 7 ≤ 12 and 14 > 12
  EXPECT_EQ(Str(items[2], "proximo_vencimiento"), seed_->Day(20));
  EXPECT_EQ(Str(items[2].at("ubicacion"), "nombre"), seed_->ubicacion_nombre);
  EXPECT_FALSE(items[2].as_object().contains("lotes"));
  EXPECT_EQ(Str(items[3], "nivel"), "agotado");
  EXPECT_EQ(Str(items[1], "nivel"), "normal");

  auto resumen = Get("/api/stock/resumen" + at);
  ASSERT_EQ(resumen.status, 200) << resumen.body;
  auto r = resumen.Json().at("data");
  EXPECT_EQ(r.at("total").as_int64(), 4);
  EXPECT_EQ(r.at("agotado").as_int64(), 1);
  EXPECT_EQ(r.at("muy_bajo").as_int64(), 0);
  EXPECT_EQ(r.at("bajo").as_int64(), 2);
  EXPECT_EQ(r.at("normal").as_int64(), 1);

  auto minimo = Items(Get("/api/stock/minimo" + at, "ventas"), &total);
  ASSERT_EQ(total, 3);
  EXPECT_EQ(Str(minimo[0].at("producto"), "nombre"), "Yerba Prueba 1 kg");
  EXPECT_EQ(minimo[0].at("deficit").as_int64(), 4);
  EXPECT_EQ(Str(minimo[0].at("proveedor_principal"), "nombre"), seed_->proveedor_nombre);
  EXPECT_EQ(Str(minimo[1].at("producto"), "nombre"), "Arroz Prueba 1 kg");
  EXPECT_EQ(Str(minimo[2].at("producto"), "nombre"), "Leche Prueba 1 L");
  EXPECT_EQ(minimo[2].at("deficit").as_int64(), 5);

  auto filtered = Items(Get("/api/stock" + at + "&nivel=agotado,normal&sort=-cantidad"), &total);
  ASSERT_EQ(total, 2);
  EXPECT_EQ(Str(filtered[0].at("producto"), "nombre"), "Fideos Prueba 500 g");
  auto searched = Items(Get("/api/stock" + at + "&q=LECHE%20prueba&incluir_lotes=true"), &total);
  ASSERT_EQ(total, 1);
  ASSERT_EQ(searched[0].at("lotes").as_array().size(), 1u);
  EXPECT_EQ(Str(searched[0].at("lotes").at(0), "lote"), "L1");

  auto product = Get("/api/stock/producto/" + leche);
  ASSERT_EQ(product.status, 200) << product.body;
  auto p = product.Json().at("data");
  EXPECT_EQ(p.at("total").as_int64(), 10);
  EXPECT_EQ(p.at("reservado").as_int64(), 3);
  EXPECT_EQ(p.at("disponible").as_int64(), 7);
  ASSERT_EQ(p.at("ubicaciones").as_array().size(), 1u);
  EXPECT_EQ(p.at("ubicaciones").at(0).at("lotes").as_array().size(), 1u);
  auto missing = Get("/api/stock/producto/7b0c2d3e-4f50-4a61-8b72-93a4b5c6d7e8");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.Code(), "NOT_FOUND");
  EXPECT_EQ(missing.Json().at("error").at("details").at("recurso").as_string(), "producto");
}

TEST_P(StockHttpTest, CsvExportsHaveTheSharedShape) {
  auto a = seed_->Product("Aceite; Girasol \"Prueba\"");
  auto b = seed_->Product("Bizcochos Prueba");
  seed_->In(a, 3, "A-1", seed_->Day(10));
  seed_->In(b, 7);
  std::string at = "?ubicacion_id=" + seed_->ubicacion;

  auto csv = Get("/api/stock" + at + "&formato=csv&limit=1");
  ASSERT_EQ(csv.status, 200) << csv.body;
  EXPECT_EQ(csv.Header("content-type"), "text/csv; charset=utf-8");
  std::string disposition = csv.Header("content-disposition");
  EXPECT_NE(disposition.find("stock_"), std::string::npos) << disposition;
  EXPECT_NE(disposition.find(".csv"), std::string::npos) << disposition;
  ASSERT_EQ(csv.body.rfind("\xEF\xBB\xBF", 0), 0u);
  std::vector<std::string> lines;
  std::size_t pos = 3;
  while (pos < csv.body.size()) {
    auto end = csv.body.find("\r\n", pos);
    lines.push_back(csv.body.substr(pos, end - pos));
    pos = end + 2;
  }
  // Header and every row (limit is ignored in a CSV); a name with ';' and '"' is quoted.
  ASSERT_EQ(lines.size(), 3u) << csv.body;
  EXPECT_EQ(lines[0],
            "producto;sku;codigo_barras;categoria;ubicacion;cantidad;reservado;disponible;"
            "stock_minimo;stock_maximo;nivel;proximo_vencimiento");
  EXPECT_EQ(lines[1].rfind("\"Aceite; Girasol \"\"Prueba\"\"\";T-", 0), 0u) << lines[1];
  EXPECT_NE(lines[1].find(";" + seed_->ubicacion_nombre + ";3;0;3;0;;normal;" + seed_->Day(10)),
            std::string::npos)
      << lines[1];
  EXPECT_NE(lines[2].find(";7;0;7;0;;normal;"), std::string::npos) << lines[2];

  auto lots = Get("/api/lotes" + at + "&formato=csv");
  ASSERT_EQ(lots.status, 200) << lots.body;
  EXPECT_EQ(lots.Header("content-type"), "text/csv; charset=utf-8");
  EXPECT_NE(lots.Header("content-disposition").find("lotes_"), std::string::npos);
  EXPECT_NE(lots.body.find("producto;sku;ubicacion;lote;fecha_vencimiento;cantidad;"
                           "dias_para_vencer\r\n"),
            std::string::npos);
  EXPECT_NE(lots.body.find(";A-1;" + seed_->Day(10) + ";3;10\r\n"), std::string::npos) << lots.body;
}

TEST_P(StockHttpTest, LotsFilterByExpiry) {
  auto p = seed_->Product("Yogur Prueba");
  seed_->In(p, 1, "VENCIDO", seed_->Day(-3));
  seed_->In(p, 2, "PRONTO", seed_->Day(5));
  seed_->In(p, 3, "LEJOS", seed_->Day(90));
  seed_->In(p, 4, "", std::nullopt);
  std::string base = "/api/lotes?producto_id=" + p;
  auto lotes = [&](const std::string& extra) {
    std::vector<std::string> out;
    for (const auto& l : Items(Get(base + extra))) out.push_back(Str(l, "lote"));
    return out;
  };
  EXPECT_EQ(lotes(""), (std::vector<std::string>{"VENCIDO", "PRONTO", "LEJOS", "<null>"}));
  EXPECT_EQ(lotes("&vencidos=true"), (std::vector<std::string>{"VENCIDO"}));
  EXPECT_EQ(lotes("&vencidos=false&vence_en_dias=30"), (std::vector<std::string>{"PRONTO"}));
  EXPECT_EQ(lotes("&sort=-cantidad&limit=1"), (std::vector<std::string>{"<null>"}));
  auto first = Items(Get(base + "&vencidos=true")).at(0);
  EXPECT_EQ(first.at("dias_para_vencer").as_int64(), -3);
  EXPECT_EQ(Str(first.at("producto"), "id"), p);
  EXPECT_EQ(Str(first.at("ubicacion"), "id"), seed_->ubicacion);
  EXPECT_FALSE(first.as_object().contains("oferta_activa"));
}

TEST_P(StockHttpTest, BadQueriesAre400) {
  for (const std::string q :
       {"/api/stock?limit=501", "/api/stock?limit=0", "/api/stock?nivel=critico",
        "/api/stock?sort=precio", "/api/stock?q=a", "/api/stock?ubicacion_id=principal",
        "/api/stock?color=rojo", "/api/stock?incluir_lotes=si", "/api/stock?formato=xls",
        "/api/stock/resumen?ubicacion_id=1", "/api/stock/minimo?limit=501",
        "/api/stock/minimo?proveedor_id=x", "/api/lotes?vence_en_dias=366",
        "/api/lotes?vence_en_dias=-1", "/api/lotes?vencidos=1", "/api/lotes?sort=nombre",
        "/api/lotes?con_stock=quizas", "/api/stock/producto/no-es-uuid"}) {
    auto r = Get(q);
    EXPECT_EQ(r.status, 400) << q << " " << r.body;
    EXPECT_EQ(r.Code(), "VALIDATION_ERROR") << q;
  }
}

TEST_P(StockHttpTest, PatchStockValidatesAndChangesNothingOnError) {
  auto p = seed_->Product("Azúcar Prueba");
  seed_->In(p, 6);
  seed_->Levels(p, 2, 10);
  auto id = seed_->StockId(p);
  std::string path = "/api/stock/" + id;
  for (const std::string& body : std::vector<std::string>{
           R"({})", R"({"stock_minimo":-1})", R"({"stock_minimo":1000001})",
           R"({"stock_minimo":"5"})", R"({"stock_minimo":5.5})", R"({"stock_minimo":null})",
           R"({"stock_minimo":5,"stock_maximo":4})", R"({"stock_minimo":11})",
           R"({"stock_maximo":1})", R"({"cantidad":3})"}) {
    auto r = Patch(path, body);
    EXPECT_EQ(r.status, 400) << body << " " << r.body;
    EXPECT_EQ(r.Code(), "VALIDATION_ERROR") << body;
  }
  auto unchanged = Items(Get("/api/stock?producto_id=" + p));
  EXPECT_EQ(unchanged.at(0).at("stock_minimo").as_int64(), 2);
  EXPECT_EQ(unchanged.at(0).at("stock_maximo").as_int64(), 10);
  EXPECT_EQ(unchanged.at(0).at("cantidad").as_int64(), 6);

  EXPECT_EQ(Patch(path, R"({"stock_minimo":3})", "ventas").status, 403);
  EXPECT_EQ(Patch(path, R"({"stock_minimo":3})", "usuario").status, 403);
  auto missing = Patch("/api/stock/7b0c2d3e-4f50-4a61-8b72-93a4b5c6d7e8", R"({"stock_minimo":3})");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.Json().at("error").at("details").at("recurso").as_string(), "stock");

  auto ok = Patch(path, R"({"stock_minimo":6,"stock_maximo":null})");
  ASSERT_EQ(ok.status, 200) << ok.body;
  auto row = ok.Json().at("data");
  EXPECT_EQ(row.at("id").as_string(), id);
  EXPECT_EQ(row.at("stock_minimo").as_int64(), 6);
  EXPECT_TRUE(row.at("stock_maximo").is_null());
  EXPECT_EQ(row.at("nivel").as_string(), "bajo");
  auto admin = Patch(path, R"({"stock_maximo":6})", "admin");
  ASSERT_EQ(admin.status, 200) << admin.body;
  EXPECT_EQ(admin.Json().at("data").at("stock_maximo").as_int64(), 6);
}

TEST_P(StockHttpTest, PatchLoteCorrectsAndRefusesDuplicates) {
  auto p = seed_->Product("Manteca Prueba", true);
  seed_->In(p, 3, "A1", seed_->Day(10));
  auto b = seed_->In(p, 2, "B1", seed_->Day(20));
  std::string path = "/api/lotes/" + b;
  std::string long_code(41, 'x');
  for (const std::string& body : std::vector<std::string>{
           R"({})", R"({"lote":")" + long_code + R"("})", R"({"fecha_vencimiento":"2026-13-01"})",
           R"({"fecha_vencimiento":"01/12/2026"})", R"({"fecha_vencimiento":" "})",
           R"({"fecha_vencimiento":null})", R"({"lote":5})", R"({"cantidad":1})"}) {
    auto r = Patch(path, body);
    EXPECT_EQ(r.status, 400) << body << " " << r.body;
    EXPECT_EQ(r.Code(), "VALIDATION_ERROR") << body;
  }
  auto dup = Patch(path, R"({"lote":"A1","fecha_vencimiento":")" + seed_->Day(10) + R"("})");
  EXPECT_EQ(dup.status, 409) << dup.body;
  EXPECT_EQ(dup.Code(), "DUPLICATE");
  EXPECT_EQ(dup.Json().at("error").at("details").at("campo").as_string(), "lote");
  auto still = Items(Get("/api/lotes?producto_id=" + p));
  ASSERT_EQ(still.size(), 2u);
  EXPECT_EQ(Str(still[1], "lote"), "B1");
  EXPECT_EQ(Str(still[1], "fecha_vencimiento"), seed_->Day(20));

  EXPECT_EQ(Patch(path, R"({"lote":"B2"})", "ventas").status, 403);
  EXPECT_EQ(Patch("/api/lotes/7b0c2d3e-4f50-4a61-8b72-93a4b5c6d7e8", R"({"lote":"B2"})").status,
            404);
  auto ok = Patch(path, R"({"lote":"  B2  ","fecha_vencimiento":")" + seed_->Day(21) + R"("})");
  ASSERT_EQ(ok.status, 200) << ok.body;
  auto l = ok.Json().at("data");
  EXPECT_EQ(l.at("lote").as_string(), "B2");
  EXPECT_EQ(l.at("fecha_vencimiento").as_string(), seed_->Day(21));
  EXPECT_EQ(l.at("cantidad").as_int64(), 2);
  EXPECT_EQ(seed_->Scalar("SELECT COUNT(*) FROM audit_log WHERE accion = 'lote_corregido' AND "
                          "entidad_id = '" +
                          b + "'"),
            1);
}

MM_INSTANTIATE_HTTP(StockHttpTest);

}  // namespace
}  // namespace mm::testing
