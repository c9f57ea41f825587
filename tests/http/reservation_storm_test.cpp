// The WS1 reservation storm (hardening.md WS1) against the real server on both databases: 64
// client threads, 10 products with 100 units each, 20,000 reservation attempts (scaled by
// MM_TEST_SCALE) of 1–5 units, some retried with the same key (after the answer, and at the same
// time from a second connection) and a few deliberately reused with another body. And 1,000
// identical requests with one key at once (decision 27).
//
// What the storm may honestly assert. Holds only grow here (nothing is cancelled, sold or
// expires: the TTL is a day), so a product's availability never rises during the storm. A 409
// for q units at some instant therefore implies the final availability is below q, and below the
// `disponible` that answer reported; a 201 for q units means q were free at that instant.
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
#include "support/stock_invariants.hpp"
#include "support/storm.hpp"

namespace mm::testing {
namespace {

namespace json = boost::json;

constexpr int kThreads = 64;
constexpr int kProducts = 10;
constexpr int kStock = 100;
const std::vector<std::string> kRoles = {"ventas", "deposito", "admin"};

class ReservationStormTest : public DemoHttpTest {
 protected:
  void SetUp() override {
    login_ = std::make_unique<HttpClient>(Demo().server.base_url());
    for (const auto& role : kRoles) {
      tokens_.push_back(Login(*login_, role + "@demo.local"));
      ASSERT_FALSE(tokens_.back().empty()) << role;
    }
    db_ = Demo().db.Open();
  }
  void TearDown() override {
    if (db_) {
      EXPECT_EQ(StockInvariantViolations(*db_, core::SystemClock().Now()),
                std::vector<std::string>{});
    }
  }

  // `n` new products with `stock` units each at the sales location, through the movements API.
  std::vector<std::string> Products(int n, int stock) {
    std::vector<std::string> out;
    for (int i = 0; i < n; ++i) {
      std::string id = core::NewUuidV4(random_);
      std::string sku = "TRES-" + id.substr(0, 8);
      db_->Write([&](store::Tx& tx) {
        auto now = core::SystemClock().Now();
        tx.Exec(R"sql(
INSERT INTO productos (id, nombre, nombre_normalizado, busqueda_normalizado, sku, unidad,
                       precio_venta_centavos, controla_vencimiento, activo, version, creado_en,
                       actualizado_en)
VALUES ($1, $2, $3, $3, $4, 'u', 250000, $5, $6, 0, $7, $7))sql",
                {id, "Tormenta " + sku, "tormenta " + sku, sku, false, true, now});
      });
      auto r = login_->PostJson(
          "/api/deposito/movimiento",
          json::serialize(
              json::object{{"tipo", "entrada"}, {"producto_id", id}, {"cantidad", stock}}),
          {{"Authorization", "Bearer " + tokens_[1]}, {"Idempotency-Key", "seed-" + id}});
      EXPECT_EQ(r.status, 201) << r.body;
      out.push_back(id);
    }
    return out;
  }

  std::int64_t Count(const std::string& sql) {
    return db_->Read([&](store::Tx& tx) { return tx.QueryOne(sql)->Int(0); });
  }
  static std::string InList(const std::vector<std::string>& ids) {
    std::string in;
    for (const auto& p : ids) in += (in.empty() ? "'" : ", '") + p + "'";
    return "(" + in + ")";
  }

  core::SystemRandom random_;
  std::unique_ptr<HttpClient> login_;
  std::vector<std::string> tokens_;
  std::unique_ptr<store::Database> db_;
};

// One answer as the storm saw it.
struct Seen {
  std::string key;
  int product = 0;
  std::int64_t q = 0;
  long status = 0;
  std::string code;
  bool replayed = false;
  std::string data;  // serialised data of a 2xx
  std::string reserva_id;
  std::int64_t disponible = -1;  // of a 409's item
  std::int64_t solicitado = -1;
  bool reuse = false;  // the deliberate other body for an already used key
};

TEST_P(ReservationStormTest, SixtyFourThreadsNeverOversellAndEveryKeyHasOneReservation) {
  const auto products = Products(kProducts, kStock);
  const std::string base = Demo().server.base_url();
  std::vector<std::unique_ptr<HttpClient>> clients, twins;
  for (int t = 0; t < kThreads; ++t) {
    clients.push_back(std::make_unique<HttpClient>(base));
    twins.push_back(std::make_unique<HttpClient>(base));
  }
  const int attempts = static_cast<int>(Scaled(20000, 500));
  std::atomic<int> next{0};
  std::mutex mu;
  std::vector<Seen> seen;
  seen.reserve(attempts * 2);
  std::vector<std::string> unexpected;
  const std::string run = std::to_string(::getpid()) + "-" + core::NewUuidV4(random_).substr(0, 8);

  auto record = [&](Seen s, const HttpResult& r) {
    s.status = r.status;
    if (r.transport_error) s.code = "transporte: " + r.error;
    if (r.status >= 200 && r.status < 300) {
      auto v = r.Json();
      s.replayed = r.Header("idempotent-replayed") == "true";
      s.data = json::serialize(v.at("data"));
      s.reserva_id = std::string(v.at("data").at("reserva").at("id").as_string());
    } else if (!r.transport_error) {
      s.code = r.Code();
      if (s.code == "INSUFFICIENT_STOCK") {
        const auto item = r.Json().at("error").at("details").at("items").at(0);
        s.disponible = item.at("disponible").as_int64();
        s.solicitado = item.at("solicitado").as_int64();
      }
    }
    const bool ok = r.status == 201 || (r.status == 409 && s.code == "INSUFFICIENT_STOCK") ||
                    (s.reuse && r.status == 422 && s.code == "IDEMPOTENCY_KEY_REUSED");
    std::lock_guard lock(mu);
    if (!ok && unexpected.size() < 10) {
      unexpected.push_back(std::to_string(r.status) + " " + s.code + " " + r.body.substr(0, 300));
    }
    seen.push_back(std::move(s));
  };

  auto worker = [&](int t) {
    std::mt19937 rng(4242 + t);
    auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
    Headers auth = Bearer(tokens_[t % kRoles.size()]);
    bool reused_once = false;
    while (true) {
      const int i = next.fetch_add(1);
      if (i >= attempts) break;
      Seen s;
      s.product = pick(0, kProducts - 1);
      s.q = pick(1, 5);
      s.key = "rstorm-" + run + "-" + std::to_string(i);
      const std::string body =
          json::serialize(json::object{{"producto_id", products[s.product]}, {"cantidad", s.q}});
      Headers h = auth;
      h.emplace_back("Idempotency-Key", s.key);
      const int dice = pick(0, 999);
      if (dice < 40) {
        // The same request twice at once, from two connections of the same user.
        auto twin = std::async(std::launch::async,
                               [&] { return twins[t]->PostJson("/api/reservas", body, h); });
        auto a = clients[t]->PostJson("/api/reservas", body, h);
        auto b = twin.get();
        record(s, a);
        record(s, b);
        continue;
      }
      auto r = clients[t]->PostJson("/api/reservas", body, h);
      record(s, r);
      if (dice < 120) {
        record(s, clients[t]->PostJson("/api/reservas", body, h));  // a retry after the answer
      } else if (r.status == 201 && (dice < 170 || (t % 8 == 0 && !reused_once))) {
        // A deliberate reuse of a used key with another body (at least one for every eighth
        // thread: most attempts find the stock gone, so 201s are few).
        reused_once = true;
        Seen other = s;
        other.q = s.q % 5 + 1;
        other.reuse = true;
        record(other, clients[t]->PostJson(
                          "/api/reservas",
                          json::serialize(json::object{{"producto_id", products[s.product]},
                                                       {"cantidad", other.q}}),
                          h));
      }
    }
  };
  RunThreads(kThreads, worker);

  std::map<std::string, int> statuses;
  for (const auto& s : seen) {
    ++statuses[std::to_string(s.status) + (s.code.empty() ? "" : " " + s.code) +
               (s.replayed ? " replay" : "")];
  }
  const std::string summary = ReportStatuses(statuses, unexpected);

  // Per key: at most one original 2xx, every 2xx with the same data and reservation, and a
  // deliberate reuse always refused.
  struct PerKey {
    int originals = 0;
    std::set<std::string> datas, ids;
    int product = 0;
    std::int64_t q = 0;
  };
  std::map<std::string, PerKey> keys;
  int replays = 0, reuses = 0, refused = 0;
  std::map<int, std::int64_t> min_refused_q;     // product → smallest q answered 409
  std::map<int, std::int64_t> min_refused_disp;  // product → smallest disponible reported
  for (const auto& s : seen) {
    if (s.reuse) {
      ++reuses;
      EXPECT_EQ(s.status, 422) << s.key;
      continue;
    }
    if (s.status == 201) {
      auto& k = keys[s.key];
      k.originals += s.replayed ? 0 : 1;
      replays += s.replayed ? 1 : 0;
      k.datas.insert(s.data);
      k.ids.insert(s.reserva_id);
      k.product = s.product;
      k.q = s.q;
    } else if (s.status == 409) {
      ++refused;
      EXPECT_EQ(s.solicitado, s.q);
      EXPECT_LT(s.disponible, s.q) << "409 although enough was reported available";
      auto [it, fresh] = min_refused_q.emplace(s.product, s.q);
      if (!fresh) it->second = std::min(it->second, s.q);
      auto [jt, fresh2] = min_refused_disp.emplace(s.product, s.disponible);
      if (!fresh2) jt->second = std::min(jt->second, s.disponible);
    }
  }
  int bad_keys = 0;
  std::map<std::string, std::pair<int, std::int64_t>> announced;  // reserva id → (product, q)
  for (const auto& [key, k] : keys) {
    if (k.originals != 1 || k.datas.size() != 1 || k.ids.size() != 1) {
      if (++bad_keys <= 3) {
        ADD_FAILURE() << "key " << key << ": " << k.originals << " original answers, "
                      << k.datas.size() << " different data";
      }
      continue;
    }
    announced[*k.ids.begin()] = {k.product, k.q};
  }
  EXPECT_EQ(bad_keys, 0);
  EXPECT_GT(replays, 0) << summary;
  EXPECT_GT(refused, 0) << summary;
  EXPECT_GT(reuses, 0) << summary;

  // The database: every announced reservation stored once with its product and quantity, and
  // nothing else stored for these products.
  std::map<std::string, std::pair<std::string, std::int64_t>> stored;
  db_->Read([&](store::Tx& tx) {
    for (const auto& r : tx.Query("SELECT id, producto_id, cantidad, estado FROM stock_reservado "
                                  "WHERE producto_id IN " +
                                  InList(products))) {
      EXPECT_EQ(r.Text("estado"), "activa");
      stored[r.Text("id")] = {r.Text("producto_id"), r.Int("cantidad")};
    }
  });
  EXPECT_EQ(stored.size(), announced.size());
  int mismatched = 0;
  for (const auto& [id, pq] : announced) {
    auto it = stored.find(id);
    if (it == stored.end() || it->second.first != products[pq.first] ||
        it->second.second != pq.second) {
      ++mismatched;
    }
  }
  EXPECT_EQ(mismatched, 0) << "announced reservations missing or different in the database";
  // Each key row of this storm names one reservation, and no reservation has two keys.
  EXPECT_EQ(Count("SELECT COUNT(*) FROM idempotency_keys WHERE key LIKE 'rstorm-" + run +
                  "-%' AND response_status = 201"),
            static_cast<std::int64_t>(announced.size()));
  EXPECT_EQ(Count("SELECT COUNT(DISTINCT resource_id) FROM idempotency_keys WHERE key LIKE "
                  "'rstorm-" +
                  run + "-%' AND response_status = 201"),
            static_cast<std::int64_t>(announced.size()));

  // Per product: stock untouched, Σ holds ≤ stock, and every 409 was real (availability only
  // fell during the storm, so it ended below anything a 409 saw).
  for (int p = 0; p < kProducts; ++p) {
    SCOPED_TRACE("producto " + std::to_string(p));
    std::int64_t held = 0;
    for (const auto& [id, pq] : stored) {
      if (pq.first == products[p]) held += pq.second;
    }
    const std::int64_t cantidad =
        Count("SELECT cantidad FROM stock_deposito WHERE producto_id = '" + products[p] + "'");
    EXPECT_EQ(cantidad, kStock);
    EXPECT_LE(held, cantidad);
    const std::int64_t final_available = cantidad - held;
    if (auto it = min_refused_q.find(p); it != min_refused_q.end()) {
      EXPECT_LT(final_available, it->second) << "a 409 for " << it->second << " units";
      EXPECT_LE(final_available, min_refused_disp.at(p));
    }
  }
  EXPECT_EQ(Count("SELECT COUNT(*) FROM stock_deposito WHERE cantidad < 0"), 0);
}

// 1,000 identical requests with one key at once: one reservation, the same status and data for
// all, every replay marked with the first request's id, and no 503 with the default pool.
TEST_P(ReservationStormTest, AThousandConcurrentDuplicatesMakeOneReservation) {
  const auto products = Products(1, 50);
  const int total = static_cast<int>(Scaled(1000, 100));
  const std::string base = Demo().server.base_url();
  const std::string body =
      json::serialize(json::object{{"producto_id", products[0]}, {"cantidad", 7}});
  const std::string key = "rdup-" + std::to_string(::getpid()) + "-" + products[0].substr(0, 8);
  std::vector<std::unique_ptr<HttpClient>> clients;
  for (int t = 0; t < kThreads; ++t) clients.push_back(std::make_unique<HttpClient>(base));
  std::atomic<int> next{0}, fresh{0}, replays{0};
  std::mutex mu;
  std::set<long> statuses;
  std::set<std::string> datas, request_ids, originals;
  std::string first_id;
  std::vector<std::thread> ts;
  for (int t = 0; t < kThreads; ++t) {
    ts.emplace_back([&, t] {
      Headers h = Bearer(tokens_[0]);
      h.emplace_back("Idempotency-Key", key);
      while (next.fetch_add(1) < total) {
        auto r = clients[t]->PostJson("/api/reservas", body, h);
        std::lock_guard lock(mu);
        statuses.insert(r.status);
        if (r.status != 201) continue;
        datas.insert(json::serialize(r.Json().at("data")));
        request_ids.insert(r.Header("x-request-id"));
        if (r.Header("idempotent-replayed") == "true") {
          ++replays;
          originals.insert(r.Header("idempotent-original-request-id"));
        } else {
          ++fresh;
          first_id = r.Header("x-request-id");
        }
      }
    });
  }
  for (auto& t : ts) t.join();
  EXPECT_EQ(statuses, std::set<long>{201});
  EXPECT_EQ(fresh.load(), 1);
  EXPECT_EQ(replays.load(), total - 1);
  EXPECT_EQ(datas.size(), 1u);
  EXPECT_EQ(request_ids.size(), static_cast<std::size_t>(total));
  EXPECT_EQ(originals, std::set<std::string>{first_id});
  EXPECT_EQ(Count("SELECT COUNT(*) FROM stock_reservado WHERE producto_id = '" + products[0] + "'"),
            1);
  EXPECT_EQ(Count("SELECT COALESCE(SUM(cantidad), 0) FROM stock_reservado WHERE producto_id = '" +
                  products[0] + "'"),
            7);
}

MM_INSTANTIATE_HTTP(ReservationStormTest);

}  // namespace
}  // namespace mm::testing
