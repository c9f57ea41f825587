// Payments on account under load (issue 6, hardening.md): 32 threads pay into the same two
// customers at once, in cash (held in the open session) and by transfer, each request with its own
// Idempotency-Key and some sent twice concurrently with the same key. Only 201 may reach a client;
// afterwards every payment a first (not replayed) 201 announced is in the ledger exactly once,
// each balance went down by exactly what was paid, the session's pago_cc flows add up to the cash
// share, and the credit invariants hold.
#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "http_fixture.hpp"
#include "support/credit_invariants.hpp"
#include "support/test_env.hpp"

namespace mm::testing {
namespace {

class CuentasCorrientesStormTest : public DemoHttpTest {
 protected:
  void SetUp() override { CloseAnyOpenCashSession(); }
  void TearDown() override { CloseAnyOpenCashSession(); }

  std::int64_t Scalar(const std::string& sql) {
    auto db = Demo().db.Open();
    return db->Read([&](store::Tx& tx) { return tx.QueryOne(sql)->Int(0); });
  }
};

TEST_P(CuentasCorrientesStormTest, ConcurrentPaymentsPostOnceEach) {
  auto c = DemoClient();
  std::vector<std::string> ids;
  for (const char* nombre : {"Storm Uno", "Storm Dos"}) {
    auto r = c.PostJson(
        "/api/clientes",
        std::string(R"({"nombre":")") + nombre + R"(","limite_credito_centavos":100000000})",
        As("admin", NewKey()));
    ASSERT_EQ(r.status, 201) << r.body;
    ids.push_back(DataField(r, "id"));
  }
  auto open =
      c.PostJson("/api/caja/apertura", R"({"monto_inicial_centavos":0})", As("ventas", NewKey()));
  ASSERT_EQ(open.status, 201) << open.body;
  const std::string sesion = DataField(open, "id");
  const std::string token = Token("ventas");
  const std::string admin = Token("admin");

  const int threads = 32;
  const int per_thread = static_cast<int>(Scaled(6, 2));
  std::mutex mu;
  std::map<std::string, int> statuses;
  std::map<std::string, std::int64_t> paid_by_movement;  // movimiento id → amount (first answers)
  std::map<std::string, std::string> customer_of;        // movimiento id → cliente id
  std::int64_t cash_paid = 0;
  int replays = 0;
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      HttpClient h(Demo().server.base_url());
      for (int i = 0; i < per_thread; ++i) {
        const std::string& cliente = ids[(t + i) % 2];
        const bool cash = (t + i) % 3 == 0;
        const std::int64_t monto = 100 + t * 10 + i;
        const std::string body = R"({"cliente_id":")" + cliente + R"(","monto_centavos":)" +
                                 std::to_string(monto) + R"(,"metodo":")" +
                                 (cash ? "efectivo" : "transferencia") + R"("})";
        const std::string key = NewKey();
        const bool twice = i % 3 == 1;
        const std::string& who = t % 2 ? token : admin;
        Headers hs = {{"Authorization", "Bearer " + who}, {"Idempotency-Key", key}};
        auto send = [&](HttpClient& client) {
          return client.PostJson("/api/cuentas-corrientes/pagos", body, hs);
        };
        std::vector<HttpResult> answers;
        if (twice) {
          HttpResult other;
          std::thread dup([&] {
            HttpClient h2(Demo().server.base_url());
            other = send(h2);
          });
          answers.push_back(send(h));
          dup.join();
          answers.push_back(std::move(other));
        } else {
          answers.push_back(send(h));
        }
        std::lock_guard lock(mu);
        for (const auto& r : answers) {
          ++statuses[std::to_string(r.status) + (r.status == 201 ? "" : " " + r.body)];
          if (r.status != 201) continue;
          if (r.Header("idempotent-replayed") == "true") {
            ++replays;
            continue;
          }
          const std::string id(r.Json().at("data").at("movimiento").at("id").as_string());
          EXPECT_FALSE(paid_by_movement.contains(id)) << "two first answers for one movement";
          paid_by_movement[id] = monto;
          customer_of[id] = cliente;
          if (cash) cash_paid += monto;
        }
      }
    });
  }
  for (auto& th : pool) th.join();

  ASSERT_EQ(statuses.size(), 1u) << statuses.begin()->first;
  EXPECT_EQ(statuses.begin()->first, "201");
  EXPECT_GT(replays, 0);
  const std::int64_t expected_rows = static_cast<std::int64_t>(threads) * per_thread;
  EXPECT_EQ(static_cast<std::int64_t>(paid_by_movement.size()), expected_rows);
  std::map<std::string, std::int64_t> per_customer;
  for (const auto& [id, monto] : paid_by_movement) per_customer[customer_of[id]] += monto;
  for (const auto& cliente : ids) {
    EXPECT_EQ(Scalar("SELECT COUNT(*) FROM cuentas_corrientes_movimientos WHERE cliente_id = '" +
                     cliente + "'"),
              Scalar("SELECT cc_secuencia FROM clientes WHERE id = '" + cliente + "'"));
    EXPECT_EQ(Scalar("SELECT saldo_centavos FROM clientes WHERE id = '" + cliente + "'"),
              -per_customer[cliente]);
  }
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM cuentas_corrientes_movimientos WHERE cliente_id IN ('" +
                   ids[0] + "', '" + ids[1] + "')"),
            expected_rows);
  EXPECT_EQ(Scalar("SELECT COALESCE(SUM(monto_centavos), 0) FROM movimientos_caja WHERE tipo = "
                   "'pago_cc' AND sesion_id = '" +
                   sesion + "'"),
            cash_paid);
  auto db = Demo().db.Open();
  EXPECT_EQ(CreditInvariantViolations(*db), std::vector<std::string>{});
}

MM_INSTANTIATE_HTTP(CuentasCorrientesStormTest);

}  // namespace
}  // namespace mm::testing
