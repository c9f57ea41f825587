#include "services/stock_queries.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "core/normalize.hpp"
#include "core/uuid.hpp"
#include "service_fixture.hpp"
#include "services/principal_seed.hpp"
#include "services/stock_ledger.hpp"
#include "services/text_search.hpp"

namespace mm::services {
namespace {

using core::StockLevel;

class StockQueriesTest : public ServiceTest {
 protected:
  void SetUp() override {
    ServiceTest::SetUp();
    RunSeeds(*env_, {PrincipalLocationSeed()});
    queries_ = std::make_unique<StockQueries>(*env_);
    db_->Write([&](store::Tx& tx) {
      auto now = clock_.Now();
      tx.Exec(
          "INSERT INTO ubicaciones (id, nombre, nombre_normalizado, es_venta, activo, creado_en, "
          "actualizado_en) VALUES ($1, 'Depósito', 'deposito', $2, $3, $4, $4)",
          {kDeposito, false, true, now});
      tx.Exec(
          "INSERT INTO usuarios (id, email, nombre, busqueda_normalizado, rol, origen, "
          "password_hash, activo, debe_cambiar_password, tokens_invalidados_en, version, "
          "creado_en, actualizado_en) VALUES ($1, 'deposito@test.local', 'Depósito', 'deposito', "
          "'deposito', 'local', 'x', $2, $3, $4, 0, $4, $4)",
          {kUser, true, false, now});
    });
    meta_.principal.user_id = kUser;
    meta_.principal.role = core::Role::kDeposito;
    meta_.request_id = "req-stock";
  }

  std::string Product(const std::string& nombre, const std::string& sku,
                      std::optional<std::string> barcode = std::nullopt,
                      std::optional<std::string> categoria = std::nullopt,
                      std::optional<std::string> proveedor = std::nullopt, bool activo = true,
                      bool controla_vencimiento = false) {
    std::string id = core::NewUuidV4(random_);
    std::string busqueda = core::NormalizeSearch(nombre + " " + sku + " " + barcode.value_or(""));
    db_->Write([&](store::Tx& tx) {
      tx.Exec(
          "INSERT INTO productos (id, nombre, nombre_normalizado, busqueda_normalizado, sku, "
          "codigo_barras, categoria_id, proveedor_principal_id, unidad, precio_venta_centavos, "
          "controla_vencimiento, activo, version, creado_en, actualizado_en) VALUES ($1, $2, $3, "
          "$4, $5, $6, $7, $8, 'u', 100000, $9, $10, 0, $11, $11)",
          {id, nombre, core::NormalizeSearch(nombre), busqueda, sku, barcode, categoria, proveedor,
           controla_vencimiento, activo, clock_.Now()});
      WriteFtsRow(tx, "productos_fts", id, busqueda, true);  // as the product repository does
    });
    return id;
  }

  void Alias(const std::string& producto, const std::string& texto) {
    std::string id = core::NewUuidV4(random_);
    db_->Write([&](store::Tx& tx) {
      auto normalized = core::NormalizeSearch(texto);
      tx.Exec(
          "INSERT INTO producto_aliases (id, producto_id, alias_texto, alias_normalizado, activo, "
          "creado_en, actualizado_en) VALUES ($1, $2, $3, $4, $5, $6, $6)",
          {id, producto, texto, normalized, true, clock_.Now()});
      WriteFtsRow(tx, "producto_aliases_fts", id, normalized, true);
    });
  }

  std::string Category(const std::string& nombre) {
    std::string id = core::NewUuidV4(random_);
    db_->Write([&](store::Tx& tx) {
      tx.Exec(
          "INSERT INTO categorias (id, codigo, nombre, nombre_normalizado, nivel, activo, "
          "version, creado_en, actualizado_en) VALUES ($1, $2, $3, $4, 1, $5, 0, $6, $6)",
          {id, "C" + id.substr(0, 8), nombre, core::NormalizeSearch(nombre), true, clock_.Now()});
    });
    return id;
  }

  std::string Supplier(const std::string& nombre) {
    std::string id = core::NewUuidV4(random_);
    db_->Write([&](store::Tx& tx) {
      tx.Exec(
          "INSERT INTO proveedores (id, nombre, nombre_normalizado, activo, version, creado_en, "
          "actualizado_en) VALUES ($1, $2, $3, $4, 0, $5, $5)",
          {id, nombre, core::NormalizeSearch(nombre), true, clock_.Now()});
    });
    return id;
  }

  core::Date Today() { return core::StoreCalendar::Default().DayOf(clock_.Now()); }

  // An entrada into the lot (lote, fecha) through the stock engine; returns the lot id.
  std::string In(const std::string& producto, const std::string& ubicacion, std::int64_t n,
                 const std::string& lote = "", std::optional<std::string> fecha = std::nullopt) {
    return db_->Write([&](store::Tx& tx) {
      auto now = clock_.Now();
      auto row = stock::LockStockRow(tx, random_, producto, ubicacion, now);
      auto lots = stock::LockLots(tx, row, Today());
      auto id = stock::EnsureLot(tx, random_, row, lots, lote, fecha, now, now);
      stock::ApplyMovement(tx, random_, row, lots, {.tipo = "entrada", .lots = {{id, n}}}, now);
      return id;
    });
  }

  // A salida of n from one lot.
  void Out(const std::string& producto, const std::string& ubicacion, const std::string& lot,
           std::int64_t n) {
    db_->Write([&](store::Tx& tx) {
      auto now = clock_.Now();
      auto row = stock::LockStockRow(tx, random_, producto, ubicacion, now);
      auto lots = stock::LockLots(tx, row, Today());
      stock::ApplyMovement(tx, random_, row, lots,
                           {.tipo = "salida", .motivo = "Merma", .lots = {{lot, -n}}}, now);
    });
  }

  // A stock row with nothing in it (created by the engine, as a count or a level change would).
  void EmptyRow(const std::string& producto, const std::string& ubicacion) {
    db_->Write([&](store::Tx& tx) {
      stock::LockStockRow(tx, random_, producto, ubicacion, clock_.Now());
    });
  }

  void Minimum(const std::string& producto, const std::string& ubicacion, std::int64_t minimo,
               std::optional<std::int64_t> maximo = std::nullopt) {
    db_->Write([&](store::Tx& tx) {
      tx.Exec(
          "UPDATE stock_deposito SET stock_minimo = $3, stock_maximo = $4 WHERE producto_id = $1 "
          "AND ubicacion_id = $2",
          {producto, ubicacion, minimo, maximo});
    });
  }

  // A reservation in the given state; `expira_en` relative to now (nullopt: none).
  void Reserve(const std::string& producto, const std::string& ubicacion, std::int64_t n,
               const std::string& estado = "activa",
               std::chrono::seconds expira_en = std::chrono::hours(1)) {
    db_->Write([&](store::Tx& tx) {
      auto now = clock_.Now();
      auto stamp = [&](const char* e) { return estado == e ? store::Value(now) : store::Value(); };
      tx.Exec(
          "INSERT INTO stock_reservado (id, producto_id, ubicacion_id, cantidad, estado, "
          "expira_en, usuario_id, consumida_en, cancelada_en, vencida_en, creado_en, "
          "actualizado_en) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11)",
          {core::NewUuidV4(random_), producto, ubicacion, n, estado, now + expira_en, kUser,
           stamp("consumida"), stamp("cancelada"), stamp("vencida"), now});
    });
  }

  std::string StockId(const std::string& producto, const std::string& ubicacion) {
    return db_->Read([&](store::Tx& tx) {
      return tx
          .QueryOne("SELECT id FROM stock_deposito WHERE producto_id = $1 AND ubicacion_id = $2",
                    {producto, ubicacion})
          ->Text(0);
    });
  }

  std::vector<StockView> List(StockFilter f, std::int64_t* total = nullptr) {
    std::int64_t t = 0;
    auto r = queries_->List(f, &t);
    EXPECT_TRUE(r.ok());
    if (total) *total = t;
    EXPECT_LE(static_cast<std::int64_t>(r->size()), t);
    return *r;
  }

  std::vector<std::string> Names(const std::vector<StockView>& rows) {
    std::vector<std::string> out;
    for (const auto& r : rows) out.push_back(r.producto_nombre + "@" + r.ubicacion_nombre);
    return out;
  }

  std::vector<LotView> Lots(LotFilter f, std::int64_t* total = nullptr) {
    std::int64_t t = 0;
    auto r = queries_->Lots(f, &t);
    EXPECT_TRUE(r.ok());
    if (total) *total = t;
    return *r;
  }

  static std::vector<std::string> Codes(const std::vector<LotView>& lots) {
    std::vector<std::string> out;
    for (const auto& l : lots) out.push_back(l.lote);
    return out;
  }

  static constexpr const char* kDeposito = "22222222-2222-4222-8222-222222222222";
  static constexpr const char* kUser = "33333333-3333-4333-8333-333333333333";
  const std::string kPrincipal{stock::kPrincipalId};
  std::unique_ptr<StockQueries> queries_;
  RequestMeta meta_;
};

TEST_P(StockQueriesTest, TheSqlLevelRuleIsTheCoreRule) {
  // Every (disponible, minimo) in 0..40 × 0..40 through the CASE the list filters use.
  for (int m = 0; m <= 40; ++m) {
    std::string sql = "SELECT ";
    for (int d = 0; d <= 40; ++d) {
      sql += (d ? ", " : "") + StockLevelSql(std::to_string(d), std::to_string(m));
    }
    auto row = db_->Read([&](store::Tx& tx) { return *tx.QueryOne(sql); });
    for (int d = 0; d <= 40; ++d) {
      ASSERT_EQ(static_cast<StockLevel>(row.Int(static_cast<std::size_t>(d))),
                core::StockLevelOf(d, m))
          << "disponible " << d << " minimo " << m;
    }
  }
}

TEST_P(StockQueriesTest, DisponibleSubtractsOnlyEffectivelyActiveReservations) {
  auto leche = Product("Leche Entera 1 L", "LEC-1");
  auto otro = Product("Pan Lactal", "PAN-1");
  In(leche, kPrincipal, 10);
  In(leche, kDeposito, 20);
  In(otro, kPrincipal, 10);
  Reserve(leche, kPrincipal, 3);                                      // active, expires in 1 h
  Reserve(leche, kPrincipal, 2, "activa", std::chrono::seconds(-1));  // past expira_en
  Reserve(leche, kPrincipal, 1, "activa", std::chrono::seconds(0));   // expires right now
  Reserve(leche, kPrincipal, 1, "cancelada");
  Reserve(leche, kPrincipal, 1, "consumida");
  Reserve(leche, kPrincipal, 1, "vencida");
  Reserve(leche, kDeposito, 4);  // another location
  Reserve(otro, kPrincipal, 5);  // another product

  StockFilter f;
  f.producto_id = leche;
  auto rows = List(f);
  ASSERT_EQ(rows.size(), 2u);
  std::map<std::string, StockView> by;
  for (auto& r : rows) by[r.ubicacion_id] = r;
  EXPECT_EQ(by[kPrincipal].cantidad, 10);
  EXPECT_EQ(by[kPrincipal].reservado, 3);
  EXPECT_EQ(by[kPrincipal].disponible, 7);
  EXPECT_EQ(by[kDeposito].reservado, 4);
  EXPECT_EQ(by[kDeposito].disponible, 16);

  auto product = queries_->ForProduct(leche);
  ASSERT_TRUE(product.ok());
  EXPECT_EQ(product->total, 30);
  EXPECT_EQ(product->reservado, 7);
  EXPECT_EQ(product->disponible, 23);

  // Once the hour passes, the remaining hold is no longer effective either.
  clock_.Advance(std::chrono::hours(1));
  rows = List(f);
  for (const auto& r : rows) EXPECT_EQ(r.disponible, r.cantidad) << r.ubicacion_nombre;
}

TEST_P(StockQueriesTest, DisponibleIsNeverReportedBelowZero) {
  auto p = Product("Yerba Mate 1 kg", "YER-1");
  In(p, kPrincipal, 4);
  Minimum(p, kPrincipal, 2);
  Reserve(p, kPrincipal, 3);
  Reserve(p, kPrincipal, 3);  // held more than there is (a count lowered it since)
  StockFilter f;
  f.producto_id = p;
  auto rows = List(f);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].reservado, 6);
  EXPECT_EQ(rows[0].disponible, 0);
  EXPECT_EQ(rows[0].nivel, StockLevel::kAgotado);
  f.niveles = {StockLevel::kAgotado};
  EXPECT_EQ(List(f).size(), 1u);
}

TEST_P(StockQueriesTest, SummaryCountsRowsPerLevel) {
  auto agotado = Product("A agotado", "S-1");
  auto muy_bajo = Product("B muy bajo", "S-2");
  auto bajo = Product("C bajo", "S-3");
  auto normal = Product("D normal", "S-4");
  auto sin_min = Product("E sin mínimo", "S-5");
  auto sin_min_vacio = Product("F sin mínimo vacío", "S-6");
  auto inactivo = Product("G inactivo", "S-7", std::nullopt, std::nullopt, std::nullopt, false);
  EmptyRow(agotado, kPrincipal);
  Minimum(agotado, kPrincipal, 5);
  In(muy_bajo, kPrincipal, 4);
  Minimum(muy_bajo, kPrincipal, 5);
  Reserve(muy_bajo, kPrincipal, 2);  // disponible 2: 2·2 ≤ 5
  In(bajo, kPrincipal, 5);
  Minimum(bajo, kPrincipal, 5);
  In(normal, kPrincipal, 6);
  Minimum(normal, kPrincipal, 5);
  In(sin_min, kPrincipal, 1);
  EmptyRow(sin_min_vacio, kPrincipal);
  In(inactivo, kPrincipal, 1);
  In(normal, kDeposito, 1);  // another location: min 0, normal

  auto all = queries_->Summary(std::nullopt);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->total, 7);
  EXPECT_EQ(all->agotado, 2);
  EXPECT_EQ(all->muy_bajo, 1);
  EXPECT_EQ(all->bajo, 1);
  EXPECT_EQ(all->normal, 3);

  auto principal = queries_->Summary(kPrincipal);
  ASSERT_TRUE(principal.ok());
  EXPECT_EQ(principal->total, 6);
  EXPECT_EQ(principal->normal, 2);
  auto deposito = queries_->Summary(std::string(kDeposito));
  EXPECT_EQ(deposito->total, 1);
  EXPECT_EQ(deposito->normal, 1);

  // The list's level filter agrees with the counts.
  StockFilter f;
  f.ubicacion_id = kPrincipal;
  f.niveles = {StockLevel::kMuyBajo, StockLevel::kBajo};
  std::int64_t total = 0;
  EXPECT_EQ(Names(List(f, &total)),
            (std::vector<std::string>{"B muy bajo@Principal", "C bajo@Principal"}));
  EXPECT_EQ(total, 2);
  f.niveles = {StockLevel::kAgotado};
  EXPECT_EQ(Names(List(f)),
            (std::vector<std::string>{"A agotado@Principal", "F sin mínimo vacío@Principal"}));
}

TEST_P(StockQueriesTest, BelowMinimumIsMostUrgentFirstWithDeficit) {
  auto prov = Supplier("Distribuidora Norte");
  auto otro_prov = Supplier("Mayorista Sur");
  auto arroz = Product("Arroz 1 kg", "ARR", std::nullopt, std::nullopt, prov);
  auto yerba = Product("Yerba 1 kg", "YER", std::nullopt, std::nullopt, prov);
  auto fideos = Product("Fideos 500 g", "FID", std::nullopt, std::nullopt, otro_prov);
  auto aceite = Product("Aceite 1 L", "ACE", std::nullopt, std::nullopt, prov);
  auto sal = Product("Sal fina", "SAL");
  In(arroz, kPrincipal, 5);
  Minimum(arroz, kPrincipal, 5);  // bajo, deficit 0
  EmptyRow(yerba, kPrincipal);
  Minimum(yerba, kPrincipal, 4);  // agotado, deficit 4
  In(fideos, kPrincipal, 5);
  Minimum(fideos, kPrincipal, 6);
  Reserve(fideos, kPrincipal, 3);  // disponible 2: muy_bajo, deficit 4
  In(aceite, kPrincipal, 7);
  Minimum(aceite, kPrincipal, 6);  // normal: not listed
  EmptyRow(sal, kPrincipal);       // agotado but not monitored: not listed

  std::int64_t total = 0;
  auto rows = queries_->BelowMinimum({}, &total);
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(total, 3);
  ASSERT_EQ(rows->size(), 3u);
  EXPECT_EQ((*rows)[0].producto_nombre, "Yerba 1 kg");
  EXPECT_EQ((*rows)[0].nivel, StockLevel::kAgotado);
  EXPECT_EQ((*rows)[0].stock_minimo - (*rows)[0].disponible, 4);
  EXPECT_EQ((*rows)[0].proveedor_nombre, "Distribuidora Norte");
  EXPECT_EQ((*rows)[1].producto_nombre, "Fideos 500 g");
  EXPECT_EQ((*rows)[1].nivel, StockLevel::kMuyBajo);
  EXPECT_EQ((*rows)[1].disponible, 2);
  EXPECT_EQ((*rows)[2].producto_nombre, "Arroz 1 kg");
  EXPECT_EQ((*rows)[2].nivel, StockLevel::kBajo);
  EXPECT_EQ((*rows)[2].stock_minimo - (*rows)[2].disponible, 0);

  LowStockFilter by_supplier;
  by_supplier.proveedor_id = prov;
  rows = queries_->BelowMinimum(by_supplier, &total);
  EXPECT_EQ(total, 2);
  LowStockFilter page;
  page.limit = 1;
  page.offset = 1;
  rows = queries_->BelowMinimum(page, &total);
  EXPECT_EQ(total, 3);
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0].producto_nombre, "Fideos 500 g");
  LowStockFilter elsewhere;
  elsewhere.ubicacion_id = kDeposito;
  EXPECT_TRUE(queries_->BelowMinimum(elsewhere, &total)->empty());
  EXPECT_EQ(total, 0);
}

TEST_P(StockQueriesTest, ListSearchesFiltersSortsAndPages) {
  auto almacen = Category("Almacén");
  auto playadito = Product("Yerba Mate Playadito 1 kg", "YER-PLA", "7790000000017", almacen);
  auto taragui = Product("Yerba Mate Taragüi 500 g", "YER-TAR", std::nullopt, almacen);
  auto nandu = Product("Galletitas Ñandú", "GAL-1");
  auto raro = Product("Promo a_b", "PRO-1");
  Product("Sin stock alguno", "NADA-1");  // no stock row: never listed
  In(playadito, kPrincipal, 30);
  In(playadito, kDeposito, 5);
  In(taragui, kPrincipal, 12);
  In(nandu, kPrincipal, 1);
  In(raro, kPrincipal, 2);

  StockFilter f;
  std::int64_t total = 0;
  auto all = List(f, &total);
  EXPECT_EQ(total, 5);
  EXPECT_EQ(
      Names(all),
      (std::vector<std::string>{
          "Galletitas Ñandú@Principal", "Promo a_b@Principal", "Yerba Mate Playadito 1 kg@Depósito",
          "Yerba Mate Playadito 1 kg@Principal", "Yerba Mate Taragüi 500 g@Principal"}));

  f.q = "yerba playa";  // relevance order: the two rows of one product tie up to the row id
  auto found = Names(List(f));
  std::sort(found.begin(), found.end());
  EXPECT_EQ(found, (std::vector<std::string>{"Yerba Mate Playadito 1 kg@Depósito",
                                             "Yerba Mate Playadito 1 kg@Principal"}));
  f.q = "NANDU";
  EXPECT_EQ(Names(List(f)), (std::vector<std::string>{"Galletitas Ñandú@Principal"}));
  f.q = "tiras de agua";  // through an active alias, as GET /api/productos finds it
  EXPECT_TRUE(List(f).empty());
  Alias(nandu, "Tiras de agua Ñandú");
  EXPECT_EQ(Names(List(f)), (std::vector<std::string>{"Galletitas Ñandú@Principal"}));
  f.q = "x_b";  // '_' is a character, not a wildcard
  EXPECT_TRUE(List(f).empty());
  f.q = "a_b";
  EXPECT_EQ(List(f).size(), 1u);
  // Relevance: the exact SKU first, though its name sorts last.
  f.q = "YER-TAR";
  EXPECT_EQ(Names(List(f)).front(), "Yerba Mate Taragüi 500 g@Principal");
  f.q = "yerba";
  f.ubicacion_id = kPrincipal;
  EXPECT_EQ(Names(List(f)), (std::vector<std::string>{"Yerba Mate Playadito 1 kg@Principal",
                                                      "Yerba Mate Taragüi 500 g@Principal"}));
  f = {};
  f.categoria_id = almacen;
  f.sort = {"-cantidad"};
  EXPECT_EQ(Names(List(f, &total)),
            (std::vector<std::string>{"Yerba Mate Playadito 1 kg@Principal",
                                      "Yerba Mate Taragüi 500 g@Principal",
                                      "Yerba Mate Playadito 1 kg@Depósito"}));
  EXPECT_EQ(total, 3);
  f.limit = 1;
  f.offset = 1;
  auto page = List(f, &total);
  EXPECT_EQ(total, 3);
  EXPECT_EQ(Names(page), (std::vector<std::string>{"Yerba Mate Taragüi 500 g@Principal"}));

  f = {};
  f.producto_id = playadito;
  f.ubicacion_id = kDeposito;
  auto one = List(f);
  ASSERT_EQ(one.size(), 1u);
  EXPECT_EQ(one[0].cantidad, 5);
  EXPECT_EQ(one[0].codigo_barras, "7790000000017");
  EXPECT_EQ(one[0].categoria_nombre, "Almacén");
  EXPECT_TRUE(one[0].lotes.empty());  // only when asked for
}

TEST_P(StockQueriesTest, ListShowsTheNextExpiryAndTheLotsWhenAsked) {
  auto leche = Product("Leche", "LEC");
  auto queso = Product("Queso", "QUE");
  In(leche, kPrincipal, 4, "L2", "2026-12-20");
  auto first = In(leche, kPrincipal, 3, "L1", "2026-12-02");
  In(leche, kPrincipal, 2, "", std::nullopt);
  Out(leche, kPrincipal, first, 3);  // the earliest lot is empty now
  In(queso, kPrincipal, 1, "", std::nullopt);

  StockFilter f;
  f.incluir_lotes = true;
  f.sort = {"fecha_vencimiento"};
  auto rows = List(f);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].producto_nombre, "Leche");
  EXPECT_EQ(rows[0].proximo_vencimiento, "2026-12-20");
  ASSERT_EQ(rows[0].lotes.size(), 2u);
  EXPECT_EQ(rows[0].lotes[0].lote, "L2");
  EXPECT_EQ(rows[0].lotes[0].dias_para_vencer, 21);
  EXPECT_EQ(rows[0].lotes[1].lote, "");
  EXPECT_EQ(rows[0].lotes[1].dias_para_vencer, std::nullopt);
  EXPECT_EQ(rows[1].proximo_vencimiento, std::nullopt);  // no expiry sorts last
  f.sort = {"-fecha_vencimiento"};
  rows = List(f);
  EXPECT_EQ(rows[0].producto_nombre, "Leche");  // nulls last in both directions
}

TEST_P(StockQueriesTest, LotFiltersFollowTheStoreDay) {
  auto p = Product("Yogur", "YOG");
  In(p, kPrincipal, 1, "VENCIDO", "2026-11-20");
  In(p, kPrincipal, 2, "HOY", "2026-11-29");
  In(p, kPrincipal, 3, "PRONTO", "2026-12-05");
  In(p, kPrincipal, 4, "LEJOS", "2027-01-30");
  In(p, kDeposito, 5, "SIN", std::nullopt);
  auto vacio = In(p, kDeposito, 6, "VACIO", "2026-12-01");
  Out(p, kDeposito, vacio, 6);

  std::int64_t total = 0;
  auto all = Lots({}, &total);
  EXPECT_EQ(total, 5);
  EXPECT_EQ(Codes(all), (std::vector<std::string>{"VENCIDO", "HOY", "PRONTO", "LEJOS", "SIN"}));
  EXPECT_EQ(all[0].dias_para_vencer, -9);
  EXPECT_EQ(all[1].dias_para_vencer, 0);
  EXPECT_EQ(all[2].dias_para_vencer, 6);
  EXPECT_EQ(all[3].dias_para_vencer, 62);
  EXPECT_EQ(all[4].dias_para_vencer, std::nullopt);
  EXPECT_EQ(all[4].ubicacion_nombre, "Depósito");

  LotFilter f;
  f.vencidos = true;
  EXPECT_EQ(Codes(Lots(f)), (std::vector<std::string>{"VENCIDO"}));
  f.vencidos = false;
  EXPECT_EQ(Codes(Lots(f)), (std::vector<std::string>{"HOY", "PRONTO", "LEJOS", "SIN"}));
  f = {};
  f.vence_en_dias = 6;
  EXPECT_EQ(Codes(Lots(f)), (std::vector<std::string>{"VENCIDO", "HOY", "PRONTO"}));
  f.vencidos = false;
  EXPECT_EQ(Codes(Lots(f)), (std::vector<std::string>{"HOY", "PRONTO"}));
  f = {};
  f.vence_en_dias = 0;
  f.vencidos = false;
  EXPECT_EQ(Codes(Lots(f)), (std::vector<std::string>{"HOY"}));
  f = {};
  f.con_stock = false;
  f.ubicacion_id = kDeposito;
  EXPECT_EQ(Codes(Lots(f)), (std::vector<std::string>{"VACIO", "SIN"}));
  f = {};
  f.sort = {"-cantidad"};
  f.limit = 2;
  EXPECT_EQ(Codes(Lots(f, &total)), (std::vector<std::string>{"SIN", "LEJOS"}));
  EXPECT_EQ(total, 5);

  // The next store day: the lot that expired "today" is now expired, every count moves by one.
  clock_.Advance(std::chrono::hours(24));
  f = {};
  f.vencidos = true;
  auto expired = Lots(f);
  EXPECT_EQ(Codes(expired), (std::vector<std::string>{"VENCIDO", "HOY"}));
  EXPECT_EQ(expired[1].dias_para_vencer, -1);
}

TEST_P(StockQueriesTest, ProductStockViewPerLocationAndUnknownProduct) {
  auto p = Product("Harina 000", "HAR");
  In(p, kPrincipal, 8, "A", "2027-02-01");
  In(p, kDeposito, 12, "B", "2027-03-01");
  Minimum(p, kDeposito, 20);
  Reserve(p, kDeposito, 2);
  auto r = queries_->ForProduct(p);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->total, 20);
  EXPECT_EQ(r->reservado, 2);
  EXPECT_EQ(r->disponible, 18);
  ASSERT_EQ(r->ubicaciones.size(), 2u);
  EXPECT_EQ(r->ubicaciones[0].ubicacion_nombre, "Depósito");
  EXPECT_EQ(r->ubicaciones[0].nivel, StockLevel::kMuyBajo);  // 10 disponible, min 20
  ASSERT_EQ(r->ubicaciones[0].lotes.size(), 1u);
  EXPECT_EQ(r->ubicaciones[0].lotes[0].lote, "B");
  EXPECT_EQ(r->ubicaciones[1].nivel, StockLevel::kNormal);

  auto none = Product("Sin movimientos", "SIN");
  auto empty = queries_->ForProduct(none);
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->ubicaciones.empty());
  EXPECT_EQ(empty->total, 0);

  auto missing = queries_->ForProduct("44444444-4444-4444-8444-444444444444");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, core::ErrorCode::kNotFound);
}

TEST_P(StockQueriesTest, SetLevelsValidatesAgainstTheStoredRow) {
  auto p = Product("Azúcar", "AZU");
  In(p, kPrincipal, 3);
  auto id = StockId(p, kPrincipal);
  auto version = [&] {
    return Scalar("SELECT COALESCE(MAX(version), 0) FROM cache_versions WHERE namespace = 'stock'");
  };
  auto before = version();

  StockLevelsPatch set;
  set.stock_minimo = 4;
  set.set_maximo = true;
  set.stock_maximo = 10;
  auto r = queries_->SetLevels(meta_, id, set);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->stock_minimo, 4);
  EXPECT_EQ(r->stock_maximo, 10);
  EXPECT_EQ(r->nivel, StockLevel::kBajo);
  EXPECT_EQ(version(), before + 1);

  // Only the minimum, above the stored maximum: 400 and nothing changes.
  StockLevelsPatch too_high;
  too_high.stock_minimo = 11;
  auto bad = queries_->SetLevels(meta_, id, too_high);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, core::ErrorCode::kValidationError);
  EXPECT_EQ(Scalar("SELECT stock_minimo FROM stock_deposito WHERE id = '" + id + "'"), 4);
  EXPECT_EQ(version(), before + 1);

  // Clearing the maximum lets the minimum rise.
  StockLevelsPatch clear;
  clear.set_maximo = true;
  clear.stock_minimo = 11;
  r = queries_->SetLevels(meta_, id, clear);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->stock_minimo, 11);
  EXPECT_EQ(r->stock_maximo, std::nullopt);
  EXPECT_EQ(r->nivel, StockLevel::kMuyBajo);

  auto missing = queries_->SetLevels(meta_, "44444444-4444-4444-8444-444444444444", set);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, core::ErrorCode::kNotFound);
}

TEST_P(StockQueriesTest, CorrectLotChangesCodeOrExpiryAndRefusesACollision) {
  auto p = Product("Manteca", "MAN", std::nullopt, std::nullopt, std::nullopt, true, true);
  auto a = In(p, kPrincipal, 3, "A1", "2026-12-10");
  auto b = In(p, kPrincipal, 2, "B1", "2026-12-20");
  In(p, kDeposito, 1, "A1", "2026-12-10");  // same code elsewhere: no collision

  LotPatch fix;
  fix.lote = "A2";
  fix.set_fecha = true;
  fix.fecha_vencimiento = "2026-12-11";
  auto r = queries_->CorrectLot(meta_, a, fix);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->lote, "A2");
  EXPECT_EQ(r->fecha_vencimiento, "2026-12-11");
  EXPECT_EQ(r->cantidad, 3);
  EXPECT_EQ(r->dias_para_vencer, 12);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM audit_log WHERE accion = 'lote_corregido' AND "
                   "entidad_id = '" +
                   a + "'"),
            1);

  // B1 corrected into A2 / 2026-12-11 collides with the first lot: 409, nothing changes.
  LotPatch clash;
  clash.lote = "A2";
  clash.set_fecha = true;
  clash.fecha_vencimiento = "2026-12-11";
  auto dup = queries_->CorrectLot(meta_, b, clash);
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().code, core::ErrorCode::kDuplicate);
  EXPECT_EQ(dup.error().details.at("campo"), "lote");
  auto unchanged = db_->Read([&](store::Tx& tx) {
    return *tx.QueryOne("SELECT lote, fecha_vencimiento FROM stock_lotes WHERE id = $1", {b});
  });
  EXPECT_EQ(unchanged.Text("lote"), "B1");
  EXPECT_EQ(unchanged.Text("fecha_vencimiento"), "2026-12-20");

  // The product controls expiry: clearing the date is refused.
  LotPatch no_date;
  no_date.set_fecha = true;
  auto bad = queries_->CorrectLot(meta_, b, no_date);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, core::ErrorCode::kValidationError);

  // Sending the same values is a no-op: no second audit row.
  auto same = queries_->CorrectLot(meta_, a, fix);
  ASSERT_TRUE(same.ok());
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM audit_log WHERE accion = 'lote_corregido'"), 1);

  auto missing = queries_->CorrectLot(meta_, "44444444-4444-4444-8444-444444444444", fix);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, core::ErrorCode::kNotFound);
}

TEST_P(StockQueriesTest, LotsWithoutExpiryCollideOnTheCodeAlone) {
  auto p = Product("Fósforos", "FOS");
  In(p, kPrincipal, 3, "", std::nullopt);
  auto x = In(p, kPrincipal, 2, "X", std::nullopt);
  LotPatch blank;
  blank.lote = "";
  auto dup = queries_->CorrectLot(meta_, x, blank);
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().code, core::ErrorCode::kDuplicate);
  LotPatch dated;
  dated.lote = "";
  dated.set_fecha = true;
  dated.fecha_vencimiento = "2027-05-01";
  auto ok = queries_->CorrectLot(meta_, x, dated);
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->lote, "");
  EXPECT_EQ(ok->fecha_vencimiento, "2027-05-01");
}

MM_INSTANTIATE_BACKENDS(StockQueriesTest);

}  // namespace
}  // namespace mm::services
