// The WS1 storm for POS sales (hardening.md WS1, issue 5): 64 threads sell tickets of 1–5 lines
// in random product order over 10 products with 100 units each, paid in cash in an open session;
// every ticket is sent up to 3 times at once with the same Idempotency-Key, and a few keys are
// reused with another body. No answer other than 201 (originals and replays), 409
// INSUFFICIENT_STOCK and 422 for the reused keys may reach a client; afterwards there is no
// oversell, the kardex equals the stock, and every ticket was charged once.
#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <boost/json/serialize.hpp>
#include <future>
#include <mutex>
#include <random>
#include <set>
#include <thread>

#include "http_fixture.hpp"
#include "sale_http_seed.hpp"
#include "support/sale_invariants.hpp"
#include "support/stock_invariants.hpp"
#include "support/storm.hpp"
#include "support/test_env.hpp"

namespace mm::testing {
namespace {

namespace json = boost::json;

constexpr int kThreads = 64;
constexpr int kProducts = 10;
constexpr std::int64_t kStock = 100;
constexpr std::int64_t kPrecio = 125000;

class SaleStormTest : public HttpTest {};

struct Ticket {
  std::string key;
  std::string body;
  std::int64_t total = 0;
  std::map<std::string, std::int64_t> qty;  // producto → units
};

struct Tally {
  std::mutex mu;
  std::map<std::string, int> statuses;
  std::vector<std::string> unexpected;
  // key → the venta ids its 201 answers named, and how many were originals.
  std::map<std::string, std::set<std::string>> ventas_of;
  std::map<std::string, int> originals_of;
  std::map<std::string, std::int64_t> total_of;
  int mismatches = 0;  // 201 answers of one key whose data differ, or a wrong total
  int reused = 0;
  int concurrent = 0;

  void Record(const Ticket& t, const HttpResult& r, bool reuse) {
    std::lock_guard lock(mu);
    std::string s = r.transport_error ? "transporte: " + r.error : std::to_string(r.status);
    if (r.status >= 400 && !r.transport_error) s += " " + r.Code();
    ++statuses[s];
    const bool ok =
        reuse ? (r.status == 422 && r.Code() == "IDEMPOTENCY_KEY_REUSED")
              : (r.status == 201 || (r.status == 409 && r.Code() == "INSUFFICIENT_STOCK"));
    if (!ok && unexpected.size() < 10) unexpected.push_back(s + " " + r.body);
    if (reuse || r.status != 201) return;
    auto data = r.Json().at("data");
    ventas_of[t.key].insert(std::string(data.at("id").as_string()));
    if (r.Header("idempotent-replayed") != "true") ++originals_of[t.key];
    if (data.at("total_centavos").as_int64() != t.total) ++mismatches;
    total_of[t.key] = t.total;
  }
};

Ticket MakeTicket(std::mt19937& rng, const std::vector<std::string>& products, std::string key) {
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  std::vector<std::string> order = products;
  std::shuffle(order.begin(), order.end(), rng);
  Ticket t;
  t.key = std::move(key);
  json::array items;
  const int lines = pick(1, 5);
  for (int i = 0; i < lines; ++i) {
    const std::int64_t n = pick(1, 5);
    items.push_back(json::object{{"producto_id", order[i]}, {"cantidad", n}});
    t.qty[order[i]] += n;
    t.total += n * kPrecio;
  }
  json::object body{
      {"items", std::move(items)},
      {"pagos", json::array{json::object{{"metodo", "efectivo"}, {"monto_centavos", t.total}}}}};
  if (pick(0, 1)) body["efectivo_recibido_centavos"] = t.total + pick(0, 3) * 10000;
  t.body = json::serialize(body);
  return t;
}

TEST_P(SaleStormTest, SixtyFourThreadsNoOversellAndEveryTicketChargedOnce) {
  LiveServer live(GetParam(),
                  {{"MM_RATE_LIMIT_WRITE_Q", "1000000"},
                   {"MM_RATE_LIMIT_READ_Q", "1000000"},
                   {"MM_RATE_LIMIT_REPORT_Q", "1000000"}},
                  true);
  auto db = live.db.Open();
  const auto products = SeedSaleProducts(*db, "Tormenta venta", kProducts, kPrecio, 60000, kStock);
  SeedOpenCashSession(*db);

  HttpClient login(live.server.base_url());
  const std::vector<std::string> tokens = {Login(login, "ventas@demo.local"),
                                           Login(login, "admin@demo.local")};
  ASSERT_FALSE(tokens[0].empty());
  ASSERT_FALSE(tokens[1].empty());
  std::vector<std::array<std::unique_ptr<HttpClient>, 3>> clients(kThreads);
  for (auto& cs : clients) {
    for (auto& c : cs) c = std::make_unique<HttpClient>(live.server.base_url());
  }

  const int tickets = static_cast<int>(Scaled(1500, 200));
  std::atomic<int> next{0};
  Tally tally;
  auto worker = [&](int t) {
    std::mt19937 rng(5000 + t);
    auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
    Headers auth = Bearer(tokens[t % 2]);
    for (int i = next++; i < tickets; i = next++) {
      Ticket ticket = MakeTicket(
          rng, products, "storm-venta-" + std::to_string(::getpid()) + "-" + std::to_string(i));
      Headers h = auth;
      h.emplace_back("Idempotency-Key", ticket.key);
      const int copies = pick(1, 3);
      std::vector<std::future<HttpResult>> twins;
      for (int c = 1; c < copies; ++c) {
        twins.push_back(std::async(std::launch::async, [&, c] {
          return clients[t][c]->PostJson("/api/ventas", ticket.body, h);
        }));
      }
      auto first = clients[t][0]->PostJson("/api/ventas", ticket.body, h);
      tally.Record(ticket, first, false);
      bool any_201 = first.status == 201;
      for (auto& f : twins) {
        auto r = f.get();
        any_201 = any_201 || r.status == 201;
        tally.Record(ticket, r, false);
      }
      if (copies > 1) {
        std::lock_guard lock(tally.mu);
        ++tally.concurrent;
      }
      // Now and then the same key with another body: 422 once the first was stored.
      if (any_201 && pick(0, 99) < 3) {
        Ticket other = MakeTicket(rng, products, ticket.key);
        if (other.body != ticket.body) {
          tally.Record(other, clients[t][0]->PostJson("/api/ventas", other.body, h), true);
          std::lock_guard lock(tally.mu);
          ++tally.reused;
        }
      }
    }
  };
  RunThreads(kThreads, worker);
  const std::string summary = ReportStatuses(tally.statuses, tally.unexpected);
  EXPECT_EQ(tally.mismatches, 0);
  EXPECT_GT(tally.statuses["201"], 0) << summary;
  EXPECT_GT(tally.statuses["409 INSUFFICIENT_STOCK"], 0) << summary;
  EXPECT_GT(tally.concurrent, 0);

  // Every ticket charged once: one venta per key, named by every 201 of that key, exactly one
  // original answer among them.
  int bad_keys = 0;
  std::set<std::string> answered;
  std::int64_t expected_total = 0;
  for (const auto& [key, ids] : tally.ventas_of) {
    if (ids.size() != 1 || tally.originals_of[key] != 1) ++bad_keys;
    answered.insert(ids.begin(), ids.end());
    expected_total += tally.total_of[key];
  }
  EXPECT_EQ(bad_keys, 0);

  std::set<std::string> stored;
  std::int64_t ventas_total = 0, caja_total = 0, sold = 0;
  std::map<std::string, std::int64_t> stock;
  db->Read([&](store::Tx& tx) {
    for (const auto& r : tx.Query("SELECT id, total_centavos FROM ventas")) {
      stored.insert(r.Text(0));
      ventas_total += r.Int(1);
    }
    caja_total = tx.QueryOne(
                       "SELECT COALESCE(SUM(monto_centavos), 0) FROM movimientos_caja WHERE tipo "
                       "= 'venta'")
                     ->Int(0);
    sold = tx.QueryOne("SELECT COALESCE(SUM(cantidad), 0) FROM venta_items")->Int(0);
    for (const auto& r : tx.Query("SELECT producto_id, cantidad FROM stock_deposito")) {
      stock[r.Text(0)] = r.Int(1);
    }
  });
  EXPECT_EQ(stored, answered) << "sales nobody was told about, or told but not stored";
  EXPECT_EQ(ventas_total, expected_total);
  EXPECT_EQ(caja_total, ventas_total) << "every cash sale in the drawer once";
  std::int64_t left = 0;
  for (const auto& p : products) {
    EXPECT_GE(stock[p], 0);
    left += stock[p];
  }
  EXPECT_EQ(sold + left, kProducts * kStock) << "no oversell: sold + left = received";
  EXPECT_EQ(StockInvariantViolations(*db, core::SystemClock().Now()), std::vector<std::string>{});
  EXPECT_EQ(SaleInvariantViolations(*db), std::vector<std::string>{});
}

MM_INSTANTIATE_HTTP(SaleStormTest);

}  // namespace
}  // namespace mm::testing
