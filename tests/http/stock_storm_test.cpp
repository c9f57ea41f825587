// The stock storm (issue 4, hardening.md): 32 threads doing random movements, counts and
// transfers on 20 products and two locations against the real server for 30 s (scaled by
// MM_TEST_SCALE), each request with its own Idempotency-Key, some retried with the same key
// (after the answer, and concurrently), while another thread writes holds by SQL. No answer
// other than 201, 200 (a count without change) and 409 INSUFFICIENT_STOCK may reach a client;
// afterwards the invariants hold and every movement a 2xx announced is in the kardex exactly
// once, with nothing else there.
#include <gtest/gtest.h>

#include <unistd.h>

#include <atomic>
#include <boost/json/serialize.hpp>
#include <future>
#include <mutex>
#include <random>
#include <set>
#include <thread>

#include "core/random.hpp"
#include "core/uuid.hpp"
#include "http_fixture.hpp"
#include "services/stock_ledger.hpp"
#include "support/stock_invariants.hpp"
#include "support/storm.hpp"

namespace mm::testing {
namespace {

namespace json = boost::json;

constexpr const char* kPrincipal = "00000000-0000-4000-8000-000000000001";
constexpr const char* kTrastienda = "b2000000-0000-4000-8000-000000000001";
constexpr int kThreads = 32;
constexpr int kProducts = 20;

class StockStormTest : public HttpTest {};

struct Request {
  std::string path;
  std::string body;
  std::string key;
};

struct Tally {
  std::mutex mu;
  std::map<std::string, int> statuses;       // "201", "409 INSUFFICIENT_STOCK", …
  std::vector<std::string> unexpected;       // the first few bodies of anything else
  std::map<std::string, int> movement_seen;  // id → original (not replayed) answers naming it
  int replays = 0, replay_mismatches = 0, concurrent_pairs = 0;

  void Status(const HttpResult& r) {
    std::lock_guard lock(mu);
    std::string s = std::to_string(r.status);
    if (r.status == 409) s += " " + r.Code();
    if (r.transport_error) s = "transporte: " + r.error;
    ++statuses[s];
    bool ok =
        r.status == 200 || r.status == 201 || (r.status == 409 && r.Code() == "INSUFFICIENT_STOCK");
    if (!ok && unexpected.size() < 10) unexpected.push_back(s + " " + r.body);
  }
  void Movements(const HttpResult& r) {
    if (r.status != 201 || r.Header("idempotent-replayed") == "true") return;
    auto data = r.Json().at("data");
    std::vector<std::string> ids;
    if (auto* m = data.as_object().if_contains("movimientos")) {
      for (const auto& x : m->as_array()) ids.emplace_back(x.at("id").as_string());
    } else {
      ids.emplace_back(data.at("movimiento").at("id").as_string());
    }
    std::lock_guard lock(mu);
    for (const auto& id : ids) ++movement_seen[id];
  }
};

TEST_P(StockStormTest, ThirtyTwoThreadsNeverSeeAnErrorAndTheKardexMatches) {
  LiveServer live(GetParam(),
                  {{"MM_RATE_LIMIT_WRITE_Q", "1000000"},
                   {"MM_RATE_LIMIT_READ_Q", "1000000"},
                   {"MM_RATE_LIMIT_REPORT_Q", "1000000"}},
                  true);
  auto db = live.db.Open();
  core::SystemRandom random;
  std::vector<std::string> products;
  db->Write([&](store::Tx& tx) {
    auto now = core::SystemClock().Now();
    tx.Exec(R"sql(
INSERT INTO ubicaciones (id, nombre, nombre_normalizado, es_venta, activo, creado_en,
                         actualizado_en)
VALUES ($1, 'Trastienda', 'trastienda', $2, $3, $4, $4))sql",
            {kTrastienda, false, true, now});
    for (int i = 0; i < kProducts; ++i) {
      std::string id = core::NewUuidV4(random);
      std::string sku = "TORM-" + std::to_string(i);
      tx.Exec(R"sql(
INSERT INTO productos (id, nombre, nombre_normalizado, busqueda_normalizado, sku, unidad,
                       precio_venta_centavos, controla_vencimiento, activo, version, creado_en,
                       actualizado_en)
VALUES ($1, $2, $3, $3, $4, 'u', 250000, $5, $6, 0, $7, $7))sql",
              {id, "Tormenta " + std::to_string(i), "tormenta " + std::to_string(i), sku, i < 5,
               true, now});
      products.push_back(id);
    }
  });

  HttpClient login(live.server.base_url());
  const std::vector<std::string> tokens = {Login(login, "deposito@demo.local"),
                                           Login(login, "admin@demo.local")};
  ASSERT_FALSE(tokens[0].empty());
  ASSERT_FALSE(tokens[1].empty());
  // libcurl handles are made here, before any thread runs.
  std::vector<std::unique_ptr<HttpClient>> clients, twins;
  for (int t = 0; t < kThreads; ++t) {
    clients.push_back(std::make_unique<HttpClient>(live.server.base_url()));
    twins.push_back(std::make_unique<HttpClient>(live.server.base_url()));
  }

  const auto duration = std::chrono::seconds(Scaled(30, 4));
  const auto deadline = std::chrono::steady_clock::now() + duration;
  Tally tally;
  std::atomic<int> holds{0};

  auto worker = [&](int t) {
    std::mt19937 rng(1000 + t);
    auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
    const std::string& token = tokens[t % 2];
    Headers auth = Bearer(token);
    int n = 0;
    while (std::chrono::steady_clock::now() < deadline) {
      const int pi = pick(0, kProducts - 1);
      const std::string& p = products[pi];
      const bool here = pick(0, 1) == 0;
      const char* from = here ? kPrincipal : kTrastienda;
      const char* to = here ? kTrastienda : kPrincipal;
      json::object body;
      std::string path = "/api/deposito/movimiento";
      const int dice = pick(0, 99);
      if (dice < 30) {
        body = {{"tipo", "entrada"},
                {"producto_id", p},
                {"cantidad", pick(1, 20)},
                {"ubicacion_id", from}};
        if (pi < 5) body["fecha_vencimiento"] = pick(0, 1) ? "2027-01-10" : "2027-03-01";
        if (pick(0, 2) == 0) body["lote"] = "S" + std::to_string(pick(1, 3));
      } else if (dice < 55) {
        body = {{"tipo", "salida"},
                {"producto_id", p},
                {"cantidad", pick(1, 15)},
                {"ubicacion_id", from},
                {"motivo", "Merma"}};
      } else if (dice < 70) {
        body = {{"tipo", "ajuste"},
                {"producto_id", p},
                {"cantidad", pick(0, 60)},
                {"ubicacion_id", from},
                {"motivo", "Conteo físico"}};
      } else if (dice < 92) {
        body = {{"tipo", "transferencia"},
                {"producto_id", p},
                {"cantidad", pick(1, 15)},
                {"ubicacion_id", from},
                {"ubicacion_destino_id", to}};
      } else {
        path = "/api/deposito/ingreso";
        body = {{"producto_id", p}, {"cantidad", pick(1, 20)}, {"ubicacion_id", from}};
        if (pi < 5) body["fecha_vencimiento"] = "2027-02-01";
        if (pick(0, 1)) body["costo_unitario_centavos"] = pick(1000, 5000);
      }
      Request req{path, json::serialize(body),
                  "storm-" + std::to_string(::getpid()) + "-" + std::to_string(t) + "-" +
                      std::to_string(++n)};
      Headers h = auth;
      h.emplace_back("Idempotency-Key", req.key);
      const int retry = pick(0, 99);
      if (retry < 4) {
        // The same request twice at once, from two connections of the same user.
        auto twin = std::async(std::launch::async,
                               [&] { return twins[t]->PostJson(req.path, req.body, h); });
        auto a = clients[t]->PostJson(req.path, req.body, h);
        auto b = twin.get();
        tally.Status(a);
        tally.Status(b);
        tally.Movements(a);
        tally.Movements(b);
        std::lock_guard lock(tally.mu);
        ++tally.concurrent_pairs;
        if (a.status < 300 && b.status < 300) {
          bool one_original = (a.Header("idempotent-replayed") == "true") !=
                              (b.Header("idempotent-replayed") == "true");
          if (!one_original || a.Json().at("data") != b.Json().at("data")) {
            ++tally.replay_mismatches;
          }
        }
        continue;
      }
      auto r = clients[t]->PostJson(req.path, req.body, h);
      tally.Status(r);
      tally.Movements(r);
      if (retry < 12 && r.status < 300 && !r.transport_error) {
        auto again = clients[t]->PostJson(req.path, req.body, h);
        tally.Status(again);
        std::lock_guard lock(tally.mu);
        ++tally.replays;
        if (again.status != r.status || again.Header("idempotent-replayed") != "true" ||
            again.Json().at("data") != r.Json().at("data")) {
          ++tally.replay_mismatches;
        }
      }
    }
  };

  // Holds written by SQL under the stock row lock, as *Reserve stock* will, so that counts find
  // something to release.
  auto reserver = [&] {
    std::mt19937 rng(7);
    auto user = db->Read([](store::Tx& tx) {
      return tx.QueryOne("SELECT id FROM usuarios WHERE email = 'ventas@demo.local'")->Text(0);
    });
    core::SystemRandom r;
    while (std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      const std::string& p = products[std::uniform_int_distribution<int>(0, kProducts - 1)(rng)];
      const char* u = std::uniform_int_distribution<int>(0, 1)(rng) ? kPrincipal : kTrastienda;
      const std::int64_t n = std::uniform_int_distribution<int>(1, 6)(rng);
      db->Write([&](store::Tx& tx) {
        auto now = core::SystemClock().Now();
        auto row = services::stock::LockStockRow(tx, r, p, u, now);
        if (n > row.cantidad - services::stock::Reserved(tx, p, u, now)) return;
        tx.Exec(R"sql(
INSERT INTO stock_reservado (id, producto_id, ubicacion_id, cantidad, estado, referencia,
                             expira_en, usuario_id, creado_en, actualizado_en)
VALUES ($1, $2, $3, $4, 'activa', 'tormenta', $5, $6, $7, $7))sql",
                {core::NewUuidV4(r), p, u, n, now + std::chrono::hours(1), user, now});
        ++holds;
      });
    }
  };

  RunThreads(kThreads + 1, [&](int t) { t < kThreads ? worker(t) : reserver(); });
  const std::string summary = ReportStatuses(tally.statuses, tally.unexpected);
  EXPECT_EQ(tally.replay_mismatches, 0);
  EXPECT_GT(tally.statuses["201"], 0) << summary;
  EXPECT_GT(tally.statuses["409 INSUFFICIENT_STOCK"], 0) << summary;
  EXPECT_GT(tally.replays, 0);
  EXPECT_GT(tally.concurrent_pairs, 0);
  EXPECT_GT(holds.load(), 0);

  // Every movement a client was told about is in the kardex once, and nothing else is there.
  std::set<std::string> kardex;
  std::int64_t rows = 0;
  db->Read([&](store::Tx& tx) {
    std::string in;
    for (const auto& p : products) in += (in.empty() ? "'" : ", '") + p + "'";
    for (const auto& r :
         tx.Query("SELECT id FROM movimientos_deposito WHERE producto_id IN (" + in + ")")) {
      kardex.insert(r.Text(0));
      ++rows;
    }
  });
  EXPECT_EQ(rows, static_cast<std::int64_t>(kardex.size()));
  int twice = 0, missing = 0;
  for (const auto& [id, n] : tally.movement_seen) {
    if (n != 1) ++twice;
    if (!kardex.contains(id)) ++missing;
  }
  EXPECT_EQ(twice, 0) << "movements announced by two original answers";
  EXPECT_EQ(missing, 0) << "announced movements missing from the kardex";
  EXPECT_EQ(kardex.size(), tally.movement_seen.size()) << "kardex rows nobody was told about";
  EXPECT_EQ(StockInvariantViolations(*db, core::SystemClock().Now()), std::vector<std::string>{});
  RecordProperty("reservas_liberadas_por_conteo", static_cast<int>(db->Read([](store::Tx& tx) {
                   return tx
                       .QueryOne(
                           "SELECT COUNT(*) FROM stock_reservado WHERE motivo_cancelacion = "
                           "'stock insuficiente tras conteo'")
                       ->Int(0);
                 })));
  EXPECT_EQ(db->Read([](store::Tx& tx) {
    return tx.QueryOne("SELECT COUNT(*) FROM stock_deposito WHERE cantidad < 0")->Int(0);
  }),
            0);
}

MM_INSTANTIATE_HTTP(StockStormTest);

}  // namespace
}  // namespace mm::testing
