// Product search latency at 1k, 10k and 100k products (issue 4's benchmark; a report, not a
// test). Loads a synthetic Argentine catalogue through the catalogue repository (product_store::
// Insert, one write transaction per batch, FTS rows and normalized columns included) into an
// empty database, and after each size runs a fixed set of queries through Products::List — the
// service function GET /api/productos?q= calls, with its exact count — timing each call.
//
//   mm_search_bench <database-url> [queries] [sizes…]
//     e.g. mm_search_bench sqlite:/tmp/s.db 200 1000 10000 100000
//          scripts/with-postgres sh -c 'build/bench/mm_search_bench "$MM_TEST_POSTGRES_URL"'
//
// The database must be empty and disposable (the bench migrates it and fills it).
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "core/barcode.hpp"
#include "core/clock.hpp"
#include "core/seeded_random.hpp"
#include "core/uuid.hpp"
#include "services/category_store.hpp"
#include "services/idempotency.hpp"
#include "services/product_alias_store.hpp"
#include "services/product_store.hpp"
#include "services/products.hpp"
#include "services/supplier_store.hpp"
#include "store/database_options.hpp"
#include "store/migrator.hpp"

namespace {

using namespace mm;
using Clock = std::chrono::steady_clock;

const std::vector<std::string> kTipos = {"Yerba Mate",
                                         "Aceite de Girasol",
                                         "Arroz Largo Fino",
                                         "Fideos Spaghetti",
                                         "Leche Entera",
                                         "Galletitas de Agua",
                                         "Dulce de Leche",
                                         "Café Molido",
                                         "Té en Saquitos",
                                         "Harina 000",
                                         "Azúcar",
                                         "Sal Fina",
                                         "Mermelada de Durazno",
                                         "Queso Cremoso",
                                         "Jabón en Polvo",
                                         "Shampoo",
                                         "Gaseosa Cola",
                                         "Agua Mineral",
                                         "Cerveza Rubia",
                                         "Vino Tinto Malbec",
                                         "Puré de Tomate",
                                         "Arvejas",
                                         "Atún al Natural",
                                         "Lentejas",
                                         "Polenta",
                                         "Mayonesa",
                                         "Mostaza",
                                         "Vinagre de Alcohol",
                                         "Papel Higiénico",
                                         "Detergente",
                                         "Lavandina",
                                         "Galletitas Dulces",
                                         "Alfajor de Chocolate",
                                         "Chocolate con Leche",
                                         "Caramelos Masticables",
                                         "Manteca",
                                         "Yogur Bebible",
                                         "Crema de Leche",
                                         "Pan Lactal",
                                         "Tapas para Empanadas"};
const std::vector<std::string> kMarcas = {
    "La Serenísima", "Taragüi",  "Playadito",     "Ñandú",       "Marolio",    "Arcor",
    "Molinos",       "Cañuelas", "Natura",        "Cocinero",    "Gallo",      "Matarazzo",
    "Lucchetti",     "Ledesma",  "Celusal",       "La Virginia", "Cabrales",   "Bagley",
    "Terrabusi",     "Havanna",  "Sancor",        "Ilolay",      "Verónica",   "Magistral",
    "Ala",           "Skip",     "Elegante",      "Higienol",    "Quilmes",    "Andes",
    "Trapiche",      "Norton",   "Villavicencio", "Baggio",      "Cunnington", "Paty",
    "Hellmann's",    "Knorr",    "Fargo",         "Bimbo"};
const std::vector<std::string> kVariantes = {"Clásico",  "Suave",      "Light",    "Premium",
                                             "Sin TACC", "Orgánico",   "Familiar", "Económico",
                                             "Extra",    "Tradicional"};
const std::vector<std::string> kTamanos = {"500 g", "1 kg",   "1,5 L", "2 L",
                                           "250 g", "750 ml", "100 g", "3 u"};

std::string Ean13(std::int64_t n) {
  std::string digits = std::to_string(n);
  std::string body = "779" + std::string(9 - digits.size(), '0') + digits;
  return body + std::to_string(*core::GtinCheckDigit(body));
}

class Loader {
 public:
  Loader(store::Database& db, core::SeededRandom& rng, const core::Clock& clock)
      : db_(db), rng_(rng), clock_(clock) {}

  void Reference() {
    auto r = db_.Write([&](store::Tx& tx) -> core::Status {
      auto now = clock_.Now();
      for (int i = 0; i < 15; ++i) {
        services::CategoryRow c;
        c.id = core::NewUuidV4(rng_);
        c.codigo = "C" + std::to_string(i);
        c.nombre = "Categoría " + std::to_string(i);
        c.creado_en = c.actualizado_en = now;
        services::category_store::Insert(tx, c);
        categorias_.push_back(c.id);
      }
      for (int i = 0; i < 8; ++i) {
        services::SupplierRow s;
        s.id = core::NewUuidV4(rng_);
        s.nombre = "Distribuidora " + std::to_string(i);
        s.creado_en = s.actualizado_en = now;
        services::supplier_store::Insert(tx, s);
        proveedores_.push_back(s.id);
      }
      return core::Ok{};
    });
    if (!r.ok()) throw std::runtime_error("reference data");
  }

  // Adds products until there are `target`; one write transaction per 5000.
  void LoadTo(std::int64_t target) {
    constexpr std::int64_t kBatch = 5000;
    while (count_ < target) {
      std::int64_t n = std::min(kBatch, target - count_);
      auto r = db_.Write([&](store::Tx& tx) -> core::Status {
        auto now = clock_.Now();
        for (std::int64_t i = 0; i < n; ++i) Insert(tx, count_ + i, now);
        return core::Ok{};
      });
      if (!r.ok()) throw std::runtime_error("load batch");
      count_ += n;
    }
  }

  [[nodiscard]] const std::vector<std::string>& skus() const { return skus_; }
  [[nodiscard]] const std::vector<std::string>& barcodes() const { return barcodes_; }

 private:
  std::size_t Pick(std::size_t n) { return static_cast<std::size_t>(rng_.Between(0, n - 1)); }

  void Insert(store::Tx& tx, std::int64_t index, core::Timestamp now) {
    services::ProductRow p;
    p.id = core::NewUuidV4(rng_);
    const auto& marca = kMarcas[Pick(kMarcas.size())];
    p.nombre = kTipos[Pick(kTipos.size())] + " " + marca + " " +
               kVariantes[Pick(kVariantes.size())] + " " + kTamanos[Pick(kTamanos.size())];
    p.marca = marca;
    p.sku = services::product_store::NextSku(tx);
    p.codigo_barras = Ean13(index + 1);
    p.categoria_id = categorias_[Pick(categorias_.size())];
    p.proveedor_principal_id = proveedores_[Pick(proveedores_.size())];
    p.precio_venta_centavos = rng_.Between(10'000, 2'000'000);
    p.costo_centavos = p.precio_venta_centavos * 7 / 10;
    p.creado_en = p.actualizado_en = now;
    services::product_store::Insert(tx, p);
    if (index % 20 == 0) {  // 5 % of products have an alias (the notebook's words)
      services::product_alias_store::Add(
          tx, rng_, {p.id, std::nullopt, "alias " + std::to_string(index) + " " + marca}, now);
    }
    if (index % 97 == 0) {
      skus_.push_back(p.sku);
      barcodes_.push_back(*p.codigo_barras);
    }
  }

  store::Database& db_;
  core::SeededRandom& rng_;
  const core::Clock& clock_;
  std::vector<std::string> categorias_;
  std::vector<std::string> proveedores_;
  std::vector<std::string> skus_;
  std::vector<std::string> barcodes_;
  std::int64_t count_ = 0;
};

// The query mix: words of names and brands, two-word queries, short tokens, exact codes and
// misses.
std::vector<std::string> Queries(int n, core::SeededRandom& rng, const Loader& loader) {
  const std::vector<std::string> words = {
      "yerba", "serenisima", "malbec",   "aceite",    "fideos",  "nandu",   "taragui", "galletitas",
      "cafe",  "premium",    "organico", "lavandina", "alfajor", "cerveza", "polenta"};
  const std::vector<std::string> pairs = {"yerba playa",    "aceite natura", "leche sanc",
                                          "fideos lucch",   "vino norton",   "cafe virginia",
                                          "dulce de leche", "queso ilolay",  "arroz gallo"};
  const std::vector<std::string> shorts = {"te 500",    "sal 1 kg", "yerba 1",
                                           "leche 2 l", "agua 2",   "pan 3 u"};
  const std::vector<std::string> misses = {"zapallito", "xyzzy", "heladera", "tornillo"};
  auto pick = [&](const std::vector<std::string>& v) {
    return v[static_cast<std::size_t>(rng.Between(0, static_cast<std::int64_t>(v.size()) - 1))];
  };
  std::vector<std::string> out;
  for (int i = 0; i < n; ++i) {
    switch (i % 10) {
      case 0:
      case 1:
      case 2:
      case 3:
        out.push_back(pick(words));
        break;
      case 4:
      case 5:
        out.push_back(pick(pairs));
        break;
      case 6:
        out.push_back(pick(shorts));
        break;
      case 7:
        out.push_back(pick(loader.barcodes()));
        break;
      case 8:
        out.push_back(pick(loader.skus()));
        break;
      default:
        out.push_back(pick(misses));
        break;
    }
  }
  return out;
}

// CPU time of this thread, in ms. SQLite runs the query on the calling thread, so this is the
// query's own work, whatever else loads the machine; PostgreSQL works in its server process.
double ThreadCpuMs() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

double Percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  auto idx = static_cast<std::size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
  return v[std::min(idx, v.size() - 1)];
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "uso: mm_search_bench <database-url> [consultas] [tamaños…]\n";
    return 2;
  }
  store::DatabaseOptions options;
  options.url = argv[1];
  options.statement_timeout = std::chrono::milliseconds(600'000);
  int queries = argc > 2 ? std::stoi(argv[2]) : 200;
  std::vector<std::int64_t> sizes;
  for (int i = 3; i < argc; ++i) sizes.push_back(std::stoll(argv[i]));
  if (sizes.empty()) sizes = {1'000, 10'000, 100'000};

  core::SystemClock clock;
  core::SeededRandom rng(4);
  auto db = store::OpenDatabase(options);
  store::Migrator(*db, clock).Apply();
  services::Env env{*db, clock, rng};
  services::Idempotency idempotency(env, std::chrono::hours(24));
  services::Products products(env, idempotency);
  Loader loader(*db, rng, clock);
  loader.Reference();

  std::string backend = options.url.starts_with("sqlite:") ? "SQLite" : "PostgreSQL";
  std::printf(
      "| base | productos | carga (s) | p50 (ms) | p99 (ms) | máx (ms) | CPU p50 / p99 (ms) | "
      "coincidencias/consulta |\n");
  std::printf("|---|---|---|---|---|---|---|---|\n");
  for (auto size : sizes) {
    auto t0 = Clock::now();
    loader.LoadTo(size);
    if (backend == "PostgreSQL") {
      // What autovacuum does after a bulk load; without statistics the planner guesses.
      (void)db->Write([](store::Tx& tx) -> core::Status {
        tx.Exec("ANALYZE");
        return core::Ok{};
      });
    }
    double load_s = std::chrono::duration<double>(Clock::now() - t0).count();
    auto qs = Queries(queries, rng, loader);
    auto run = [&](const std::string& q, std::int64_t* total) {
      services::ProductFilter f;
      f.q = q;
      f.limit = 50;
      if (const char* plan_env = std::getenv("MM_BENCH_PLAN")) {
        // "<tiered_above>,<index_count 0|1>": another execution plan, for comparison.
        services::SearchPlan plan;
        plan.tiered_above = std::stoll(plan_env);
        plan.index_count = std::string(plan_env).ends_with(",1");
        (void)db->Read(
            [&](store::Tx& tx) { return services::product_store::List(tx, f, total, plan); });
        return;
      }
      auto rows = products.List(f, total);
      if (!rows.ok()) throw std::runtime_error("query failed: " + q);
    };
    std::int64_t total = 0;
    for (int i = 0; i < std::min(20, queries); ++i) run(qs[static_cast<std::size_t>(i)], &total);
    std::vector<double> ms;
    std::vector<double> cpu;
    std::int64_t matched = 0;
    for (const auto& q : qs) {
      auto start = Clock::now();
      double cpu_start = ThreadCpuMs();
      run(q, &total);
      cpu.push_back(ThreadCpuMs() - cpu_start);
      ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
      matched += total;
    }
    if (std::getenv("MM_BENCH_SLOWEST")) {  // the five slowest queries, to see what costs
      std::vector<std::pair<double, std::string>> slow;
      for (std::size_t i = 0; i < qs.size(); ++i) slow.emplace_back(cpu[i], qs[i]);
      std::sort(slow.rbegin(), slow.rend());
      for (std::size_t i = 0; i < std::min<std::size_t>(5, slow.size()); ++i) {
        std::fprintf(stderr, "  %.2f ms CPU  q=%s\n", slow[i].first, slow[i].second.c_str());
      }
    }
    char cpu_text[64] = "—";
    if (backend == "SQLite") {
      std::snprintf(cpu_text, sizeof cpu_text, "%.2f / %.2f", Percentile(cpu, 0.5),
                    Percentile(cpu, 0.99));
    }
    std::printf("| %s | %lld | %.1f | %.2f | %.2f | %.2f | %s | %lld |\n", backend.c_str(),
                static_cast<long long>(size), load_s, Percentile(ms, 0.5), Percentile(ms, 0.99),
                *std::max_element(ms.begin(), ms.end()), cpu_text,
                static_cast<long long>(matched / static_cast<std::int64_t>(qs.size())));
    std::fflush(stdout);
  }
  return 0;
}
