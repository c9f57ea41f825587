// The generic idempotency layer seen from a client (api.md §1.6, decisions 27 and 31).
#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <set>
#include <thread>

#include <boost/json/serialize.hpp>

#include "http_fixture.hpp"
#include "support/test_env.hpp"

namespace mm::testing {
namespace {

class IdempotencyHttpTest : public HttpTest {};

TEST_P(IdempotencyHttpTest, TheKeyIsRequiredAndMustBeWellFormed) {
  auto c = Client();
  auto missing = c.PostJson("/api/_pruebas/efectos", R"({"namespace":"k"})");
  EXPECT_EQ(missing.status, 400);
  EXPECT_EQ(missing.Code(), "IDEMPOTENCY_KEY_REQUIRED");
  for (const std::string& key :
       {std::string("con espacio"), std::string(129, 'a'), std::string("ñandú")}) {
    auto bad =
        c.PostJson("/api/_pruebas/efectos", R"({"namespace":"k"})", {{"Idempotency-Key", key}});
    EXPECT_EQ(bad.status, 400) << key;
    EXPECT_EQ(bad.Code(), "IDEMPOTENCY_KEY_INVALID") << key;
  }
  // The key is checked before the body: a bad key with a bad body answers for the key.
  auto order = c.PostJson("/api/_pruebas/efectos", "{", {{"Idempotency-Key", "mal key"}});
  EXPECT_EQ(order.Code(), "IDEMPOTENCY_KEY_INVALID");
}

TEST_P(IdempotencyHttpTest, AReplayKeepsStatusAndDataWithItsOwnRequestId) {
  auto c = Client();
  Headers first_h = {{"Idempotency-Key", "replay-1"}, {"x-request-id", "primero"}};
  auto first = c.PostJson("/api/_pruebas/efectos", R"({"namespace":"replay"})", first_h);
  ASSERT_EQ(first.status, 201);
  EXPECT_EQ(first.Header("location"), "/api/_pruebas/efectos/replay");
  EXPECT_EQ(first.Header("idempotent-replayed"), "");
  // Same body with other spacing and key order is the same request.
  Headers again_h = {{"Idempotency-Key", "replay-1"}, {"x-request-id", "segundo"}};
  auto again = c.PostJson("/api/_pruebas/efectos", R"( { "namespace" : "replay" } )", again_h);
  EXPECT_EQ(again.status, 201);
  EXPECT_EQ(again.Header("idempotent-replayed"), "true");
  EXPECT_EQ(again.Header("idempotent-original-request-id"), "primero");
  EXPECT_EQ(again.Header("location"), "/api/_pruebas/efectos/replay");
  EXPECT_EQ(again.Json().at("requestId").as_string(), "segundo");
  EXPECT_EQ(again.Json().at("data"), first.Json().at("data"));
  auto reused = c.PostJson("/api/_pruebas/efectos", R"({"namespace":"otro"})",
                           {{"Idempotency-Key", "replay-1"}});
  EXPECT_EQ(reused.status, 422);
  EXPECT_EQ(reused.Code(), "IDEMPOTENCY_KEY_REUSED");
  // A new key is a new effect.
  auto next = c.PostJson("/api/_pruebas/efectos", R"({"namespace":"replay"})",
                         {{"Idempotency-Key", "replay-2"}});
  EXPECT_EQ(DataField(next, "version"), "2");
}

// WS1 / WS10: 1,000 identical requests with one key in parallel → one effect, the same status
// and data for all, each its own requestId, and no 503 with the default pool of 10.
TEST_P(IdempotencyHttpTest, AThousandConcurrentDuplicatesMakeOneEffectAndNo503) {
  const int total = static_cast<int>(Scaled(1000, 100));
  const int threads = 64;
  std::string base = Shared().server.base_url();
  std::atomic<int> next{0}, fresh{0}, replays{0};
  std::mutex mu;
  std::set<long> statuses;
  std::set<std::string> datas, request_ids, originals;
  std::string first_id;
  std::vector<std::thread> ts;
  for (int t = 0; t < threads; ++t) {
    ts.emplace_back([&] {
      HttpClient c(base);
      while (true) {
        int i = next.fetch_add(1);
        if (i >= total) break;
        auto r = c.PostJson("/api/_pruebas/efectos", R"({"namespace":"tormenta","demora_ms":200})",
                            {{"Idempotency-Key", "tormenta-1"}});
        std::lock_guard lock(mu);
        statuses.insert(r.status);
        if (r.status != 201) continue;
        datas.insert(boost::json::serialize(r.Json().at("data")));
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
  auto after = Client().PostJson("/api/_pruebas/efectos", R"({"namespace":"tormenta"})",
                                 {{"Idempotency-Key", "tormenta-2"}});
  EXPECT_EQ(DataField(after, "version"), "2");  // exactly one effect before this one
}

// WS10: slow distinct requests beyond the pool give 503 SERVICE_UNAVAILABLE with Retry-After
// within the acquire timeout plus a margin, and the server recovers.
TEST_P(IdempotencyHttpTest, PoolExhaustionGives503QuicklyAndRecovers) {
  LiveServer live(GetParam(), {{"MM_RATE_LIMIT_ANON_Q", "100000"},
                               {"MM_DATABASE_POOL_SIZE", "2"},
                               {"MM_DATABASE_SQLITE_READERS", "2"},
                               {"MM_DATABASE_POOL_ACQUIRE_TIMEOUT_MS", "500"}});
  std::string base = live.server.base_url();
  std::vector<std::thread> holders;
  std::atomic<int> held_ok{0};
  for (int i = 0; i < 2; ++i) {
    holders.emplace_back([&] {
      HttpClient c(base);
      if (c.Get("/api/_pruebas/ocupar?ms=2500").status == 200) ++held_ok;
    });
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(600));
  HttpClient c(base);
  auto start = std::chrono::steady_clock::now();
  auto refused = c.Get("/api/_pruebas/ocupar?ms=0");
  auto waited = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(refused.status, 503);
  EXPECT_EQ(refused.Code(), "SERVICE_UNAVAILABLE");
  EXPECT_FALSE(refused.Header("retry-after").empty());
  EXPECT_LT(waited, std::chrono::milliseconds(500 + 1500));  // acquire timeout + margin
  EXPECT_EQ(c.Get("/healthz").status, 200);                  // needs no connection
  for (auto& t : holders) t.join();
  EXPECT_EQ(held_ok.load(), 2);
  EXPECT_EQ(c.Get("/api/_pruebas/ocupar?ms=0").status, 200);
  auto metrics = c.Get("/metrics").body;
  auto at = metrics.find("\nmm_db_pool_acquire_timeouts ");
  ASSERT_NE(at, std::string::npos);
  // This request's timeout at least (background readers may have timed out too meanwhile).
  EXPECT_GE(std::stod(metrics.substr(at + 29)), 1.0);
}

MM_INSTANTIATE_HTTP(IdempotencyHttpTest);

}  // namespace
}  // namespace mm::testing
