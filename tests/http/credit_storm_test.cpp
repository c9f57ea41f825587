// Fiado at the till over HTTP (api.md §9.1), and the fiado storm of issue 6 (hardening.md WS1): 32
// threads sell on credit to ONE customer with a small limit and register account payments for it at
// the same time. Every sale carries an Idempotency-Key and some are sent twice at once with the
// same key; payments carry their own keys. Only 201 (originals and replays) and 409
// CREDIT_LIMIT_EXCEEDED / INSUFFICIENT_STOCK may reach a client; afterwards every 201 sale has
// exactly one ledger `cargo` (by venta_id) and every 201 payment exactly one ledger `pago` (by
// movimiento id), nothing else is in the ledger, the balance equals the sum of the ledger and of
// what the clients were told, no cargo left the balance above the limit (I23), and the stock, sale
// and credit invariants hold.
#include <gtest/gtest.h>

#include <unistd.h>

#include <atomic>
#include <boost/json/serialize.hpp>
#include <future>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <thread>

#include "http_fixture.hpp"
#include "sale_http_seed.hpp"
#include "support/credit_invariants.hpp"
#include "support/sale_invariants.hpp"
#include "support/stock_invariants.hpp"
#include "support/storm.hpp"
#include "support/test_env.hpp"

namespace mm::testing {
namespace {

namespace json = boost::json;

constexpr int kThreads = 32;
constexpr int kProducts = 4;
constexpr std::int64_t kPrecio = 1000;
constexpr std::int64_t kLimite = 20000;  // 20 units of credit
constexpr const char* kCliente = "c1e00000-0000-4000-8000-00000000f1a0";
constexpr const char* kOtroCliente = "c1e00000-0000-4000-8000-00000000f1a1";

class CreditStormTest : public DemoHttpTest {
 protected:
  void SeedDemo(store::Database& db) override {
    products_[GetParam()] = SeedSaleProducts(db, "Tormenta fiado", kProducts, kPrecio, 500, 100000);
    db.Write([&](store::Tx& tx) {
      const auto now = core::SystemClock().Now();
      tx.Exec(R"sql(
INSERT INTO clientes (id, nombre, busqueda_normalizado, limite_credito_centavos, activo, version,
                      creado_en, actualizado_en)
VALUES ($1, 'Tormenta Fiado', 'tormenta fiado', $2, $3, 0, $4, $4),
       ($5, 'Rosa Libreta', 'rosa libreta', 5000, $3, 0, $4, $4))sql",
              {std::string(kCliente), kLimite, true, now, std::string(kOtroCliente)});
    });
  }
  static std::map<store::Dialect, std::vector<std::string>> products_;
};
std::map<store::Dialect, std::vector<std::string>> CreditStormTest::products_;

struct Tally {
  std::mutex mu;
  std::map<std::string, int> statuses;
  std::vector<std::string> unexpected;
  // Sales: key → the venta ids its 201 answers named, the originals among them, the cc amount.
  std::map<std::string, std::set<std::string>> ventas_of;
  std::map<std::string, int> originals_of;
  std::map<std::string, std::int64_t> cargo_of;
  // Payments: movimiento id → amount.
  std::map<std::string, std::int64_t> pagos;
  int concurrent = 0;

  void Count(const std::string& what, const HttpResult& r, bool ok) {
    std::string s = r.transport_error ? "transporte: " + r.error : std::to_string(r.status);
    if (r.status >= 400 && !r.transport_error) s += " " + r.Code();
    ++statuses[what + " " + s];
    if (!ok && unexpected.size() < 10) unexpected.push_back(what + " " + s + " " + r.body);
  }
  void Sale(const std::string& key, std::int64_t cc, const HttpResult& r) {
    std::lock_guard lock(mu);
    Count("venta", r,
          r.status == 201 || (r.status == 409 && (r.Code() == "CREDIT_LIMIT_EXCEEDED" ||
                                                  r.Code() == "INSUFFICIENT_STOCK")));
    if (r.status != 201) return;
    ventas_of[key].insert(std::string(r.Json().at("data").at("id").as_string()));
    if (r.Header("idempotent-replayed") != "true") ++originals_of[key];
    cargo_of[key] = cc;
  }
  void Payment(std::int64_t monto, const HttpResult& r) {
    std::lock_guard lock(mu);
    Count("pago", r, r.status == 201);
    if (r.status != 201) return;
    pagos[std::string(r.Json().at("data").at("movimiento").at("id").as_string())] = monto;
  }
};

TEST_P(CreditStormTest, ThirtyTwoThreadsNeverExceedTheLimitAndEveryAnswerIsInTheLedgerOnce) {
  auto& live = Demo();
  auto db = live.db.Open();
  const auto& products = products_.at(GetParam());
  CloseAnyOpenCashSession();
  {
    auto c = DemoClient();
    auto r =
        c.PostJson("/api/caja/apertura", R"({"monto_inicial_centavos":0})", As("admin", NewKey()));
    ASSERT_EQ(r.status, 201) << r.body;
  }
  const std::vector<std::string> tokens = {Token("ventas"), Token("admin")};
  std::vector<std::array<std::unique_ptr<HttpClient>, 2>> clients(kThreads);
  for (auto& cs : clients) {
    for (auto& c : cs) c = std::make_unique<HttpClient>(live.server.base_url());
  }

  const int ops = static_cast<int>(Scaled(600, 120));
  std::atomic<int> next{0};
  Tally tally;
  auto worker = [&](int t) {
    std::mt19937 rng(9100 + t);
    auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
    const Headers auth = Bearer(tokens[t % 2]);
    for (int i = next++; i < ops; i = next++) {
      if (pick(0, 3) == 0) {
        // An account payment (its own key, sent once).
        const std::int64_t monto = pick(1, 4) * 500;
        json::object body{{"cliente_id", kCliente},
                          {"monto_centavos", monto},
                          {"metodo", pick(0, 1) ? "efectivo" : "transferencia"}};
        Headers h = auth;
        h.emplace_back("Idempotency-Key",
                       "storm-pago-" + std::to_string(::getpid()) + "-" + std::to_string(i));
        tally.Payment(monto, clients[t][0]->PostJson("/api/cuentas-corrientes/pagos",
                                                     json::serialize(body), h));
        continue;
      }
      // A fiado sale of 1–3 units of 1–2 products, some split with cash.
      json::array items;
      std::int64_t total = 0;
      const int lines = pick(1, 2);
      for (int l = 0; l < lines; ++l) {
        const std::int64_t n = pick(1, 2);
        items.push_back(
            json::object{{"producto_id", products[(t + l) % kProducts]}, {"cantidad", n}});
        total += n * kPrecio;
      }
      const std::int64_t efectivo = pick(0, 3) == 0 ? kPrecio / 2 : 0;
      const std::int64_t cc = total - efectivo;
      json::array pagos{json::object{{"metodo", "cuenta_corriente"}, {"monto_centavos", cc}}};
      if (efectivo > 0) {
        pagos.push_back(json::object{{"metodo", "efectivo"}, {"monto_centavos", efectivo}});
      }
      const std::string body = json::serialize(
          json::object{{"cliente_id", kCliente}, {"items", std::move(items)}, {"pagos", pagos}});
      const std::string key = "storm-fiado-" + std::to_string(::getpid()) + "-" + std::to_string(i);
      Headers h = auth;
      h.emplace_back("Idempotency-Key", key);
      const bool twice = pick(0, 2) == 0;
      std::future<HttpResult> twin;
      if (twice) {
        twin = std::async(std::launch::async,
                          [&] { return clients[t][1]->PostJson("/api/ventas", body, h); });
      }
      tally.Sale(key, cc, clients[t][0]->PostJson("/api/ventas", body, h));
      if (twice) {
        tally.Sale(key, cc, twin.get());
        std::lock_guard lock(tally.mu);
        ++tally.concurrent;
      }
    }
  };
  RunThreads(kThreads, worker);
  const std::string summary = ReportStatuses(tally.statuses, tally.unexpected);
  EXPECT_GT(tally.statuses["venta 201"], 0) << summary;
  EXPECT_GT(tally.statuses["venta 409 CREDIT_LIMIT_EXCEEDED"], 0) << summary;
  EXPECT_GT(tally.statuses["pago 201"], 0) << summary;
  EXPECT_GT(tally.concurrent, 0);

  // Every sale key charged once: one venta per key, named by each of its 201s, one original.
  int bad_keys = 0;
  std::set<std::string> answered_sales;
  std::int64_t expected_saldo = 0;
  for (const auto& [key, ids] : tally.ventas_of) {
    if (ids.size() != 1 || tally.originals_of[key] != 1) ++bad_keys;
    answered_sales.insert(ids.begin(), ids.end());
    expected_saldo += tally.cargo_of[key];
  }
  EXPECT_EQ(bad_keys, 0);
  for (const auto& [id, monto] : tally.pagos) expected_saldo -= monto;

  std::map<std::string, int> cargos;  // venta_id → ledger cargos
  std::map<std::string, int> pagos;   // movimiento id → 1
  std::set<std::string> stored_sales;
  std::int64_t saldo = 0, ledger_sum = 0, max_cargo_saldo = 0, limite = 0;
  int others = 0;
  db->Read([&](store::Tx& tx) {
    for (const auto& r :
         tx.Query("SELECT id, tipo, venta_id, monto_centavos, saldo_posterior_centavos FROM "
                  "cuentas_corrientes_movimientos WHERE cliente_id = $1",
                  {std::string(kCliente)})) {
      ledger_sum += r.Int("monto_centavos");
      const std::string tipo = r.Text("tipo");
      if (tipo == "cargo" && r.OptText("venta_id")) {
        ++cargos[*r.OptText("venta_id")];
        max_cargo_saldo = std::max(max_cargo_saldo, r.Int("saldo_posterior_centavos"));
      } else if (tipo == "pago") {
        ++pagos[r.Text("id")];
      } else {
        ++others;
      }
    }
    for (const auto& r :
         tx.Query("SELECT id FROM ventas WHERE cliente_id = $1", {std::string(kCliente)})) {
      stored_sales.insert(r.Text(0));
    }
    auto c =
        tx.QueryOne("SELECT saldo_centavos, limite_credito_centavos FROM clientes WHERE id = $1",
                    {std::string(kCliente)});
    saldo = c->Int(0);
    limite = c->Int(1);
  });
  EXPECT_EQ(stored_sales, answered_sales) << "sales nobody was told about, or told but not stored";
  std::set<std::string> cargo_sales;
  int double_cargos = 0;
  for (const auto& [venta, n] : cargos) {
    cargo_sales.insert(venta);
    if (n != 1) ++double_cargos;
  }
  EXPECT_EQ(cargo_sales, answered_sales) << "every answered sale has its cargo, and no other";
  EXPECT_EQ(double_cargos, 0);
  std::set<std::string> answered_pagos, stored_pagos;
  for (const auto& [id, m] : tally.pagos) answered_pagos.insert(id);
  for (const auto& [id, n] : pagos) stored_pagos.insert(id);
  EXPECT_EQ(stored_pagos, answered_pagos) << "every answered payment in the ledger once";
  EXPECT_EQ(others, 0);
  EXPECT_EQ(saldo, ledger_sum);
  EXPECT_EQ(saldo, expected_saldo) << "the balance is what the clients were told";
  EXPECT_LE(max_cargo_saldo, limite);
  EXPECT_EQ(CreditInvariantViolations(*db), std::vector<std::string>{});
  EXPECT_EQ(StockInvariantViolations(*db, core::SystemClock().Now()), std::vector<std::string>{});
  EXPECT_EQ(SaleInvariantViolations(*db), std::vector<std::string>{});
  CloseAnyOpenCashSession();
}

TEST_P(CreditStormTest, AFiadoSaleOverHttpQuotesChargesListsAndVoids) {
  auto& live = Demo();
  auto db = live.db.Open();
  const std::string p = products_.at(GetParam())[0];
  CloseAnyOpenCashSession();
  auto c = DemoClient();
  ASSERT_EQ(
      c.PostJson("/api/caja/apertura", R"({"monto_inicial_centavos":0})", As("admin", NewKey()))
          .status,
      201);
  auto items = [&](int n) {
    return R"("items":[{"producto_id":")" + p + R"(","cantidad":)" + std::to_string(n) + "}]";
  };
  const std::string cliente = R"("cliente_id":")" + std::string(kOtroCliente) + R"(")";
  // The quote warns: 6000 against a limit of 5000.
  auto q = c.PostJson("/api/ventas/cotizar", "{" + items(6) + "," + cliente + "}", As("ventas"));
  ASSERT_EQ(q.status, 200) << q.body;
  bool warned = false;
  const auto quote = q.Json();
  for (const auto& a : quote.at("data").at("advertencias").as_array()) {
    if (a.at("tipo").as_string() != "limite_credito") continue;
    warned = true;
    EXPECT_EQ(a.at("excedente_centavos").as_int64(), 1000);
    EXPECT_EQ(a.at("limite_centavos").as_int64(), 5000);
  }
  EXPECT_TRUE(warned) << q.body;
  auto cc = [&](std::int64_t monto) {
    return R"("pagos":[{"metodo":"cuenta_corriente","monto_centavos":)" + std::to_string(monto) +
           "}]";
  };
  // The sale refuses it, and a fiado without customer is 400.
  auto over = c.PostJson("/api/ventas", "{" + items(6) + "," + cliente + "," + cc(6000) + "}",
                         As("ventas", NewKey()));
  EXPECT_EQ(over.status, 409) << over.body;
  EXPECT_EQ(over.Code(), "CREDIT_LIMIT_EXCEEDED");
  EXPECT_EQ(over.Json().at("error").at("details").at("excedente_centavos").as_int64(), 1000)
      << over.body;
  auto anon =
      c.PostJson("/api/ventas", "{" + items(1) + "," + cc(1000) + "}", As("ventas", NewKey()));
  EXPECT_EQ(anon.status, 400) << anon.body;
  // 3 units on the account.
  auto sale = c.PostJson("/api/ventas", "{" + items(3) + "," + cliente + "," + cc(3000) + "}",
                         As("ventas", NewKey()));
  ASSERT_EQ(sale.status, 201) << sale.body;
  const auto body = sale.Json();
  const auto& v = body.at("data");
  EXPECT_EQ(v.at("cliente").at("id").as_string(), kOtroCliente);
  EXPECT_EQ(v.at("cliente").at("nombre").as_string(), "Rosa Libreta");
  EXPECT_EQ(v.at("cliente").at("saldo_centavos").as_int64(), 3000);
  const std::string id(v.at("id").as_string());
  auto list = c.Get("/api/ventas?cliente_id=" + std::string(kOtroCliente), As("ventas"));
  ASSERT_EQ(list.status, 200) << list.body;
  ASSERT_EQ(list.Json().at("data").as_array().size(), 1u) << list.body;
  EXPECT_EQ(list.Json().at("data").at(0).at("id").as_string(), id);
  EXPECT_EQ(list.Json().at("data").at(0).at("cliente").at("nombre").as_string(), "Rosa Libreta");
  // Voided: the charge comes back as a ledger devolucion.
  auto anulada = c.PostJson("/api/ventas/" + id + "/anular", R"({"motivo":"Se equivocó"})",
                            As("ventas", NewKey()));
  ASSERT_EQ(anulada.status, 200) << anulada.body;
  EXPECT_EQ(anulada.Json().at("data").at("cliente").at("saldo_centavos").as_int64(), 0);
  db->Read([&](store::Tx& tx) {
    auto r = tx.QueryOne(
        "SELECT COUNT(*), COALESCE(SUM(monto_centavos), 0) FROM cuentas_corrientes_movimientos "
        "WHERE cliente_id = $1 AND venta_id = $2 AND tipo = 'devolucion'",
        {std::string(kOtroCliente), id});
    EXPECT_EQ(r->Int(0), 1);
    EXPECT_EQ(r->Int(1), -3000);
  });
  EXPECT_EQ(CreditInvariantViolations(*db), std::vector<std::string>{});
  EXPECT_EQ(SaleInvariantViolations(*db), std::vector<std::string>{});
  CloseAnyOpenCashSession();
}

MM_INSTANTIATE_HTTP(CreditStormTest);

}  // namespace
}  // namespace mm::testing
