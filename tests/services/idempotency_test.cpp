#include "services/idempotency.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <boost/json/parse.hpp>
#include <set>
#include <thread>

#include "service_fixture.hpp"
#include "services/cache_versions.hpp"
#include "support/test_env.hpp"

namespace mm::services {
namespace {

using core::Result;

class IdempotencyTest : public ServiceTest {
 protected:
  IdempotencyKey Key(const std::string& key, const std::string& fingerprint = "f1") {
    return IdempotencyKey{"POST /api/_pruebas/efectos", "user-1", key, fingerprint};
  }
  RequestMeta Meta(const std::string& request_id) {
    RequestMeta m;
    m.request_id = request_id;
    return m;
  }
  // The effect: bumps a counter namespace, so every run of it is visible.
  Idempotency::Effect Bump(const std::string& ns, int status = 201) {
    return [this, ns, status](store::Tx& tx) -> Result<Outcome> {
      auto v = BumpCacheVersion(tx, ns, clock_.Now());
      return Outcome{status, boost::json::object{{"version", v}}, ns};
    };
  }
  std::int64_t Version(const std::string& ns) {
    return db_->Read([&](store::Tx& tx) { return ReadCacheVersions(tx)[ns]; });
  }
};

TEST_P(IdempotencyTest, ReplayWithSameKeyReturnsStoredResponse) {
  Idempotency idem(*env_, std::chrono::hours(24));
  auto first = idem.Run(Key("k1"), Meta("req-1"), Bump("a"));
  ASSERT_TRUE(first.ok());
  EXPECT_FALSE(first->replayed);
  EXPECT_EQ(first->status, 201);
  auto again = idem.Run(Key("k1"), Meta("req-2"), Bump("a"));
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->replayed);
  EXPECT_EQ(again->status, 201);
  EXPECT_EQ(again->data_json, first->data_json);
  EXPECT_EQ(again->resource_id, "a");
  EXPECT_EQ(again->original_request_id, "req-1");
  EXPECT_EQ(Version("a"), 1);  // one effect
}

TEST_P(IdempotencyTest, SameKeyWithAnotherBodyIsRefused) {
  Idempotency idem(*env_, std::chrono::hours(24));
  ASSERT_TRUE(idem.Run(Key("k1", "f1"), Meta("r1"), Bump("a")).ok());
  auto reused = idem.Run(Key("k1", "f2"), Meta("r2"), Bump("a"));
  ASSERT_FALSE(reused.ok());
  EXPECT_EQ(reused.error().code, core::ErrorCode::kIdempotencyKeyReused);
  EXPECT_EQ(Version("a"), 1);
}

TEST_P(IdempotencyTest, KeysAreScopedByRouteAndPrincipal) {
  Idempotency idem(*env_, std::chrono::hours(24));
  auto k = Key("k1");
  ASSERT_TRUE(idem.Run(k, Meta("r1"), Bump("a")).ok());
  k.principal = "user-2";
  auto other_user = idem.Run(k, Meta("r2"), Bump("a"));
  ASSERT_TRUE(other_user.ok());
  EXPECT_FALSE(other_user->replayed);
  k.scope = "POST /api/otra";
  ASSERT_TRUE(idem.Run(k, Meta("r3"), Bump("a")).ok());
  EXPECT_EQ(Version("a"), 3);
}

TEST_P(IdempotencyTest, AFailureStoresNothingSoTheKeyCanBeRetried) {
  Idempotency idem(*env_, std::chrono::hours(24));
  auto failing = [&](store::Tx& tx) -> Result<Outcome> {
    BumpCacheVersion(tx, "a", clock_.Now());
    return core::Error(core::ErrorCode::kInsufficientStock);
  };
  auto r = idem.Run(Key("k1"), Meta("r1"), failing);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, core::ErrorCode::kInsufficientStock);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM idempotency_keys"), 0);
  EXPECT_EQ(Version("a"), 0);
  auto retry = idem.Run(Key("k1"), Meta("r2"), Bump("a"));
  ASSERT_TRUE(retry.ok());
  EXPECT_FALSE(retry->replayed);
  EXPECT_EQ(Version("a"), 1);
}

TEST_P(IdempotencyTest, AnExpiredKeyRunsAgainAndIsPurged) {
  Idempotency idem(*env_, std::chrono::hours(1));
  ASSERT_TRUE(idem.Run(Key("k1"), Meta("r1"), Bump("a")).ok());
  clock_.Advance(std::chrono::hours(2));
  auto later = idem.Run(Key("k1", "other"), Meta("r2"), Bump("a"));
  ASSERT_TRUE(later.ok());
  EXPECT_FALSE(later->replayed);
  EXPECT_EQ(Version("a"), 2);
  ASSERT_TRUE(idem.Run(Key("k2"), Meta("r3"), Bump("b")).ok());
  clock_.Advance(std::chrono::minutes(30));
  EXPECT_EQ(idem.PurgeExpired(), 0);
  clock_.Advance(std::chrono::hours(1));
  EXPECT_EQ(idem.PurgeExpired(), 2);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM idempotency_keys"), 0);
}

TEST_P(IdempotencyTest, WithoutAKeyEveryCallIsAnEffect) {
  Idempotency idem(*env_, std::chrono::hours(24));
  ASSERT_TRUE(idem.Run(std::nullopt, Meta("r1"), Bump("a")).ok());
  ASSERT_TRUE(idem.Run(std::nullopt, Meta("r2"), Bump("a")).ok());
  EXPECT_EQ(Version("a"), 2);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM idempotency_keys"), 0);
}

// Concurrent duplicates in one process: one effect, the rest replay it; and they queue in memory
// so a pool of 2 connections is enough for 64 threads (decision 27).
TEST_P(IdempotencyTest, ConcurrentDuplicatesProduceOneEffect) {
  store::DatabaseOptions small;
  small.pool_size = 2;
  small.sqlite_readers = 2;
  auto db = tdb_->Open(small);
  Env env{*db, clock_, random_};
  Idempotency idem(env, std::chrono::hours(24));
  const int n = static_cast<int>(testing::Scaled(256, 64));
  std::atomic<int> effects{0}, replays{0}, errors{0};
  std::set<std::string> bodies;
  std::mutex mu;
  std::vector<std::thread> threads;
  for (int t = 0; t < 32; ++t) {
    threads.emplace_back([&, t] {
      for (int i = t; i < n; i += 32) {
        auto r = idem.Run(Key("storm"), Meta("r" + std::to_string(i)),
                          [&](store::Tx& tx) -> Result<Outcome> {
                            std::this_thread::sleep_for(std::chrono::milliseconds(20));
                            auto v = BumpCacheVersion(tx, "storm", clock_.Now());
                            return Outcome{201, boost::json::object{{"version", v}}, "x"};
                          });
        if (!r.ok()) {
          ++errors;
          continue;
        }
        (r->replayed ? replays : effects)++;
        std::lock_guard lock(mu);
        bodies.insert(r->data_json);
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(errors.load(), 0);
  EXPECT_EQ(effects.load(), 1);
  EXPECT_EQ(replays.load(), n - 1);
  EXPECT_EQ(bodies.size(), 1u);
  EXPECT_EQ(Version("storm"), 1);
  EXPECT_EQ(idem.keys_in_flight(), 0u);
}

// Two "instances" (separate pools and gates) racing on one key: the UNIQUE index makes the later
// transaction wait for the first and then replay it.
TEST_P(IdempotencyTest, TwoInstancesRacingOnOneKeyProduceOneEffect) {
  auto db_b = tdb_->Open();
  Env env_b{*db_b, clock_, random_};
  Idempotency a(*env_, std::chrono::hours(24));
  Idempotency b(env_b, std::chrono::hours(24));
  const int rounds = static_cast<int>(testing::Scaled(20, 5));
  for (int i = 0; i < rounds; ++i) {
    std::string key = "race-" + std::to_string(i);
    std::string ns = "race" + std::to_string(i);
    auto slow = [&, ns](store::Tx& tx) -> Result<Outcome> {
      auto v = BumpCacheVersion(tx, ns, clock_.Now());
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
      return Outcome{201, boost::json::object{{"version", v}}, ns};
    };
    Result<IdempotentReply> ra = core::Error(core::ErrorCode::kInternalError);
    Result<IdempotentReply> rb = core::Error(core::ErrorCode::kInternalError);
    std::thread ta([&] { ra = a.Run(Key(key), Meta("a"), slow); });
    std::thread tb([&] { rb = b.Run(Key(key), Meta("b"), slow); });
    ta.join();
    tb.join();
    ASSERT_TRUE(ra.ok());
    ASSERT_TRUE(rb.ok());
    EXPECT_NE(ra->replayed, rb->replayed);
    EXPECT_EQ(ra->data_json, rb->data_json);
    EXPECT_EQ(Version(ns), 1);
  }
}

MM_INSTANTIATE_BACKENDS(IdempotencyTest);

}  // namespace
}  // namespace mm::services
