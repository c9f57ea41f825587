// The shared rate-limit store (table rate_limit_state): the same verdicts as the pure algorithm,
// one limit across instances, and an answer within its budget or a failure the limiter can act
// on (api.md §4, hardening.md WS3). The statement is portable, so it runs on both backends.
#include "services/sql_rate_limit_store.hpp"

#include <atomic>
#include <future>
#include <random>
#include <thread>

#include "service_fixture.hpp"

namespace mm::services {
namespace {

using resilience::Quota;
using resilience::RateVerdict;
using std::chrono::milliseconds;
using std::chrono::seconds;

class SqlRateLimitStoreTest : public ServiceTest {
 protected:
  struct Row {
    std::string ventana_en, actualizado_en;
    std::int64_t count, count_anterior;
  };
  Row Read(const std::string& key) {
    return db_->Read([&](store::Tx& tx) {
      auto r = tx.QueryOne(
          "SELECT ventana_en, actualizado_en, count, count_anterior FROM rate_limit_state "
          "WHERE key = $1",
          {key});
      return Row{core::FormatDbTimestamp(r->Time(0)), core::FormatDbTimestamp(r->Time(1)),
                 r->Int(2), r->Int(3)};
    });
  }
  // 12:00:00 is aligned for every window used here.
  core::Timestamp noon_ = clock_.Now();
};

void ExpectSame(const RateVerdict& sql, const RateVerdict& pure, int step) {
  EXPECT_EQ(sql.allowed, pure.allowed) << "step " << step;
  EXPECT_EQ(sql.remaining, pure.remaining) << "step " << step;
  EXPECT_EQ(sql.reset_s, pure.reset_s) << "step " << step;
  EXPECT_EQ(sql.retry_after_s, pure.retry_after_s) << "step " << step;
}

// A random walk of hits over two keys, with roll-overs, gaps of several windows and a clock
// that sometimes steps back: every verdict equals the in-memory algorithm's.
TEST_P(SqlRateLimitStoreTest, VerdictsMatchTheSlidingWindowAlgorithm) {
  SqlRateLimitStore store(*db_);
  const Quota quota{4, 10};
  resilience::WindowState pure[2];
  std::mt19937 rng(7);
  core::Timestamp now = noon_;
  int refused = 0, rolled = 0;
  for (int step = 0; step < 400; ++step) {
    int roll = std::uniform_int_distribution<int>(0, 99)(rng);
    if (roll < 3) {
      now -= seconds(12);  // a clock behind another instance's
    } else if (roll < 6) {
      now += seconds(35);  // several windows of silence
    } else {
      now += milliseconds(std::uniform_int_distribution<int>(0, 900)(rng));
    }
    int k = std::uniform_int_distribution<int>(0, 1)(rng);
    std::string key = "anon:ip:10.0.0." + std::to_string(k);
    RateVerdict expected = resilience::Hit(pure[k], now, quota);
    RateVerdict got = store.Hit(key, now, quota);
    ExpectSame(got, expected, step);
    if (!got.allowed) ++refused;
    if (pure[k].previous_count > 0) ++rolled;
  }
  // The walk did reach the interesting cases.
  EXPECT_GT(refused, 20);
  EXPECT_GT(rolled, 20);
}

TEST_P(SqlRateLimitStoreTest, RoundTripsTheWindowState) {
  SqlRateLimitStore store(*db_);
  const Quota quota{3, 60};
  for (int i = 0; i < 2; ++i) ASSERT_TRUE(store.Hit("k", noon_ + seconds(50), quota).allowed);
  Row r = Read("k");
  EXPECT_EQ(r.ventana_en, "2026-11-29T12:00:00.000000Z");
  EXPECT_EQ(r.actualizado_en, "2026-11-29T12:00:50.000000Z");
  EXPECT_EQ(r.count, 2);
  EXPECT_EQ(r.count_anterior, 0);
  // Next window, a quarter in: the two weigh 1.5, so one more fits (1.5 < 3, then 2.5 < 3).
  core::Timestamp later = noon_ + seconds(75);
  EXPECT_TRUE(store.Hit("k", later, quota).allowed);
  r = Read("k");
  EXPECT_EQ(r.ventana_en, "2026-11-29T12:01:00.000000Z");
  EXPECT_EQ(r.count, 1);
  EXPECT_EQ(r.count_anterior, 2);
}

TEST_P(SqlRateLimitStoreTest, ARefusedHitChangesNothing) {
  SqlRateLimitStore store(*db_);
  const Quota quota{2, 60};
  ASSERT_TRUE(store.Hit("k", noon_ + seconds(1), quota).allowed);
  ASSERT_TRUE(store.Hit("k", noon_ + seconds(2), quota).allowed);
  Row before = Read("k");
  RateVerdict v = store.Hit("k", noon_ + seconds(30), quota);
  EXPECT_FALSE(v.allowed);
  EXPECT_EQ(v.remaining, 0);
  EXPECT_EQ(v.retry_after_s, 31);  // 1 ms after 12:01:00, rounded up
  Row after = Read("k");
  EXPECT_EQ(after.ventana_en, before.ventana_en);
  EXPECT_EQ(after.actualizado_en, before.actualizado_en);
  EXPECT_EQ(after.count, 2);
  EXPECT_EQ(after.count_anterior, 0);
}

// The first hit of a window rolls the row over inside the statement; the count it carries over
// must already weigh in that hit's own admission.
TEST_P(SqlRateLimitStoreTest, ThePreviousWindowWeighsOnTheHitThatRollsItOver) {
  SqlRateLimitStore store(*db_);
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(store.Hit("edge", noon_, Quota{3, 60}).allowed);
  EXPECT_FALSE(store.Hit("edge", noon_ + seconds(60), Quota{3, 60}).allowed);  // 3 × 60/60

  // Five admitted under a larger quota, then the quota is lowered to 3 (a restart with another
  // configuration): 10 s into the next window they weigh 5 × 50/60 ≈ 4.2, too many.
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(store.Hit("lowered", noon_, Quota{5, 60}).allowed);
  EXPECT_FALSE(store.Hit("lowered", noon_ + seconds(70), Quota{3, 60}).allowed);
  EXPECT_TRUE(store.Hit("lowered", noon_ + seconds(90), Quota{3, 60}).allowed);  // 2.5 < 3
}

// Two independent pools ("instances") and several threads each, all at one instant: exactly q
// are admitted between them.
TEST_P(SqlRateLimitStoreTest, TwoInstancesAdmitExactlyTheQuotaBetweenThem) {
  auto other_db = tdb_->Open();
  // A generous budget: this test is about atomicity, not speed.
  SqlRateLimitStore a(*db_, seconds(60));
  SqlRateLimitStore b(*other_db, seconds(60));
  const Quota quota{100, 60};
  const core::Timestamp now = noon_ + seconds(20);
  const int per_thread = static_cast<int>(testing::Scaled(40, 40));
  std::atomic<int> admitted{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    SqlRateLimitStore& store = t % 2 == 0 ? a : b;
    threads.emplace_back([&, t] {
      for (int i = 0; i < per_thread; ++i) {
        if (store.Hit("write:user:u1", now + milliseconds(t), quota).allowed) ++admitted;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(admitted.load(), 100);
  EXPECT_EQ(Read("write:user:u1").count, 100);
}

// A hit that cannot get its row (another transaction holds it) gives up within the budget
// instead of queueing behind it, so the limiter can fall back.
TEST_P(SqlRateLimitStoreTest, ABlockedHitFailsInsteadOfWaiting) {
  SqlRateLimitStore store(*db_);
  const Quota quota{5, 60};
  ASSERT_TRUE(store.Hit("k", noon_, quota).allowed);
  std::promise<void> locked, release;
  auto release_future = release.get_future();
  std::thread holder([&] {
    db_->Write([&](store::Tx& tx) {
      tx.Exec("UPDATE rate_limit_state SET count = count WHERE key = $1", {"k"});
      locked.set_value();
      release_future.wait();
    });
  });
  locked.get_future().wait();
  EXPECT_THROW((void)store.Hit("k", noon_ + seconds(1), quota),
               resilience::RateLimitStoreUnavailable);
  release.set_value();
  holder.join();
  // Nothing was counted by the failed hit.
  EXPECT_EQ(Read("k").count, 1);
}

TEST_P(SqlRateLimitStoreTest, AnUnreachableDatabaseIsReportedAsUnavailable) {
  if (GetParam() != store::Dialect::kPostgres) GTEST_SKIP() << "PostgreSQL only";
  store::DatabaseOptions o;
  o.url = "postgresql://postgres@127.0.0.1:1/nadie";
  o.connect_timeout = seconds(1);
  auto unreachable = store::OpenDatabase(o);
  SqlRateLimitStore store(*unreachable);
  EXPECT_THROW((void)store.Hit("k", noon_, Quota{5, 60}), resilience::RateLimitStoreUnavailable);
}

TEST_P(SqlRateLimitStoreTest, PurgeDropsOnlyRowsIdleSinceBeforeTheCutoff) {
  SqlRateLimitStore store(*db_);
  (void)store.Hit("old", noon_, Quota{5, 60});
  (void)store.Hit("new", noon_ + seconds(600), Quota{5, 60});
  EXPECT_EQ(store.PurgeStale(noon_ + seconds(300)), 1);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM rate_limit_state"), 1);
  EXPECT_EQ(Read("new").count, 1);
}

MM_INSTANTIATE_BACKENDS(SqlRateLimitStoreTest);

}  // namespace
}  // namespace mm::services
