// The storage contract: the same suite on SQLite and on a real PostgreSQL server.
#include "store/database.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "store/db_error.hpp"
#include "support/test_database.hpp"

namespace mm::store {
namespace {

using testing::TestDatabase;

class DatabaseTest : public ::testing::TestWithParam<Dialect> {
 protected:
  void SetUp() override {
    tdb_ = std::make_unique<TestDatabase>(GetParam());
    db_ = tdb_->Open();
    bool pg = GetParam() == Dialect::kPostgres;
    db_->Write([&](Tx& tx) {
      tx.ExecScript(std::string("CREATE TABLE cosas (id ") + (pg ? "bigint" : "INTEGER") +
                    " PRIMARY KEY, nombre TEXT NOT NULL UNIQUE, cantidad " +
                    (pg ? "bigint" : "INTEGER") + " NOT NULL CHECK (cantidad >= 0), activo " +
                    (pg ? "boolean" : "INTEGER") + ", creado_en " + (pg ? "timestamptz" : "TEXT") +
                    ", datos " + (pg ? "bytea" : "BLOB") + ", padre " +
                    (pg ? "bigint" : "INTEGER") + " REFERENCES cosas (id))");
    });
  }

  std::int64_t Count() {
    return db_->Read([](Tx& tx) { return tx.QueryOne("SELECT COUNT(*) FROM cosas")->Int(0); });
  }

  std::unique_ptr<TestDatabase> tdb_;
  std::unique_ptr<Database> db_;
};

TEST_P(DatabaseTest, RoundTripsEveryParameterType) {
  core::Timestamp when = core::ParseTimestamp("2026-11-29T18:30:46.123456Z").value();
  std::string bytes("\x00\x01\xff\x7f", 4);
  db_->Write([&](Tx& tx) {
    tx.Exec(
        "INSERT INTO cosas (id, nombre, cantidad, activo, creado_en, datos) "
        "VALUES ($1, $2, $3, $4, $5, $6)",
        {std::int64_t{9'000'000'000'000}, "Yerba Ñandú 1 kg", std::int64_t{0}, true, when,
         Bytes{bytes}});
    tx.Exec("INSERT INTO cosas (id, nombre, cantidad, activo) VALUES ($1, $2, $3, $4)",
            {2, "sin fecha", 5, false});
  });
  auto rows = db_->Read([](Tx& tx) {
    return tx.Query(
        "SELECT id, nombre, cantidad, activo, creado_en, datos, padre FROM cosas "
        "ORDER BY id DESC");
  });
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].Int("id"), 9'000'000'000'000);
  EXPECT_EQ(rows[0].Text("nombre"), "Yerba Ñandú 1 kg");
  EXPECT_TRUE(rows[0].Bool("activo"));
  EXPECT_EQ(rows[0].Time("creado_en"), when);
  EXPECT_EQ(rows[0].Text("creado_en"), "2026-11-29T18:30:46.123456Z");
  EXPECT_EQ(rows[0].Text("datos"), bytes);
  EXPECT_TRUE(rows[0].IsNull(6));
  EXPECT_FALSE(rows[1].Bool("activo"));
  EXPECT_EQ(rows[1].OptTime("creado_en"), std::nullopt);
}

TEST_P(DatabaseTest, PlaceholdersMayRepeatAndComeOutOfOrder) {
  db_->Write([](Tx& tx) {
    tx.Exec("INSERT INTO cosas (id, nombre, cantidad) VALUES ($2, $1, $2)", {"dos", 2});
  });
  auto row = db_->Read([](Tx& tx) { return tx.QueryOne("SELECT id, cantidad FROM cosas"); });
  ASSERT_TRUE(row);
  EXPECT_EQ(row->Int(0), 2);
  EXPECT_EQ(row->Int(1), 2);
}

TEST_P(DatabaseTest, ErrorResultRollsBackAndValueCommits) {
  auto failed = db_->Write([](Tx& tx) -> core::Result<int> {
    tx.Exec("INSERT INTO cosas (id, nombre, cantidad) VALUES (1, 'a', 1)");
    return core::Error(core::ErrorCode::kConflict);
  });
  EXPECT_FALSE(failed.ok());
  EXPECT_EQ(Count(), 0);
  auto ok = db_->Write([](Tx& tx) -> core::Result<int> {
    tx.Exec("INSERT INTO cosas (id, nombre, cantidad) VALUES (1, 'a', 1)");
    return 1;
  });
  EXPECT_TRUE(ok.ok());
  EXPECT_EQ(Count(), 1);
}

TEST_P(DatabaseTest, ExceptionRollsBackAndOnCommitRunsOnlyAfterCommit) {
  int committed = 0;
  EXPECT_THROW(db_->Write([&](Tx& tx) {
    tx.OnCommit([&] { ++committed; });
    tx.Exec("INSERT INTO cosas (id, nombre, cantidad) VALUES (1, 'a', 1)");
    throw std::runtime_error("boom");
  }),
               std::runtime_error);
  EXPECT_EQ(Count(), 0);
  EXPECT_EQ(committed, 0);
  db_->Write([&](Tx& tx) {
    tx.OnCommit([&] { ++committed; });
    tx.Exec("INSERT INTO cosas (id, nombre, cantidad) VALUES (1, 'a', 1)");
  });
  EXPECT_EQ(committed, 1);
}

TEST_P(DatabaseTest, ConstraintViolationsAreClassified) {
  db_->Write(
      [](Tx& tx) { tx.Exec("INSERT INTO cosas (id, nombre, cantidad) VALUES (1, 'a', 1)"); });
  auto kind_of = [&](const char* sql) {
    try {
      db_->Write([&](Tx& tx) { tx.Exec(sql); });
    } catch (const DbError& e) {
      return e.kind();
    }
    return DbError::Kind::kOther;
  };
  EXPECT_EQ(kind_of("INSERT INTO cosas (id, nombre, cantidad) VALUES (2, 'a', 1)"),
            DbError::Kind::kUniqueViolation);
  EXPECT_EQ(kind_of("INSERT INTO cosas (id, nombre, cantidad) VALUES (2, 'b', -1)"),
            DbError::Kind::kCheckViolation);
  EXPECT_EQ(kind_of("INSERT INTO cosas (id, nombre, cantidad, padre) VALUES (2, 'b', 1, 99)"),
            DbError::Kind::kForeignKeyViolation);
  EXPECT_EQ(kind_of("INSERT INTO cosas (id, cantidad) VALUES (2, 1)"),
            DbError::Kind::kNotNullViolation);
  EXPECT_EQ(Count(), 1);
}

TEST_P(DatabaseTest, StatementTimeoutInterruptsALongQuery) {
  TxOptions o;
  o.statement_timeout = std::chrono::milliseconds(200);
  const char* slow = GetParam() == Dialect::kPostgres
                         ? "SELECT pg_sleep(5)"
                         : "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n "
                           "WHERE x < 1000000000) SELECT COUNT(*) FROM n";
  auto start = std::chrono::steady_clock::now();
  try {
    db_->Read([&](Tx& tx) { tx.Query(slow); }, o);
    FAIL() << "the slow query finished";
  } catch (const DbError& e) {
    EXPECT_EQ(e.kind(), DbError::Kind::kTimeout) << e.what();
  }
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(4));
  // The connection is usable afterwards.
  EXPECT_EQ(Count(), 0);
}

TEST_P(DatabaseTest, ADeadlineThatPassedFailsBeforeTouchingTheDatabase) {
  TxOptions o;
  o.deadline = std::chrono::steady_clock::now() - std::chrono::milliseconds(1);
  EXPECT_THROW(db_->Write(
                   [](Tx& tx) {
                     tx.Exec(
                         "INSERT INTO cosas (id, nombre, cantidad) VALUES "
                         "(1, 'a', 1)");
                   },
                   o),
               DbError);
  EXPECT_EQ(Count(), 0);
}

TEST_P(DatabaseTest, PoolExhaustionFailsFastAndRecovers) {
  DatabaseOptions options;
  options.pool_size = 2;
  options.sqlite_readers = 2;
  options.acquire_timeout = std::chrono::milliseconds(300);
  auto db = tdb_->Open(options);
  std::atomic<int> holding{0};
  std::atomic<bool> release{false};
  std::vector<std::thread> holders;
  for (int i = 0; i < 2; ++i) {
    holders.emplace_back([&] {
      db->Read([&](Tx& tx) {
        tx.QueryOne("SELECT 1");
        ++holding;
        while (!release) std::this_thread::sleep_for(std::chrono::milliseconds(5));
      });
    });
  }
  while (holding < 2) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  auto start = std::chrono::steady_clock::now();
  try {
    db->Read([](Tx& tx) { tx.QueryOne("SELECT 1"); });
    FAIL() << "a third connection was lent out";
  } catch (const DbError& e) {
    EXPECT_EQ(e.kind(), DbError::Kind::kPoolTimeout);
  }
  auto waited = std::chrono::steady_clock::now() - start;
  EXPECT_GE(waited, std::chrono::milliseconds(250));
  EXPECT_EQ(db->Stats().acquire_timeouts, 1u);
  release = true;
  for (auto& t : holders) t.join();
  EXPECT_EQ(db->Read([](Tx& tx) { return tx.QueryOne("SELECT 1")->Int(0); }), 1);
  EXPECT_EQ(db->Stats().in_use, 0);
}

// Many threads writing at once: every write lands, none sees "busy" or a deadlock.
TEST_P(DatabaseTest, ConcurrentWritersAllSucceed) {
  db_->Write(
      [](Tx& tx) { tx.Exec("INSERT INTO cosas (id, nombre, cantidad) VALUES (1, 'c', 0)"); });
  const int threads = 16, each = 50;
  std::atomic<int> errors{0};
  std::vector<std::thread> ts;
  for (int t = 0; t < threads; ++t) {
    ts.emplace_back([&] {
      for (int i = 0; i < each; ++i) {
        try {
          db_->Write([](Tx& tx) {
            const char* lock = tx.dialect() == Dialect::kPostgres
                                   ? "SELECT cantidad FROM cosas WHERE id = 1 FOR UPDATE"
                                   : "SELECT cantidad FROM cosas WHERE id = 1";
            auto n = tx.QueryOne(lock)->Int(0);
            tx.Exec("UPDATE cosas SET cantidad = $1 WHERE id = 1", {n + 1});
          });
        } catch (const std::exception&) {
          ++errors;
        }
      }
    });
  }
  for (auto& t : ts) t.join();
  EXPECT_EQ(errors.load(), 0);
  auto n = db_->Read([](Tx& tx) { return tx.QueryOne("SELECT cantidad FROM cosas")->Int(0); });
  EXPECT_EQ(n, threads * each);
}

// Two transactions locking two rows in opposite order: PostgreSQL detects the deadlock and the
// store retries the loser, so both callers succeed.
TEST_P(DatabaseTest, DeadlocksAreRetriedNotReported) {
  db_->Write([](Tx& tx) {
    tx.Exec("INSERT INTO cosas (id, nombre, cantidad) VALUES (1, 'a', 0), (2, 'b', 0)");
  });
  std::atomic<int> errors{0};
  auto worker = [&](int first, int second) {
    for (int i = 0; i < 20; ++i) {
      try {
        db_->Write([&](Tx& tx) {
          const char* sql = tx.dialect() == Dialect::kPostgres
                                ? "UPDATE cosas SET cantidad = cantidad + 1 WHERE id = $1"
                                : "UPDATE cosas SET cantidad = cantidad + 1 WHERE id = $1";
          tx.Exec(sql, {first});
          std::this_thread::sleep_for(std::chrono::milliseconds(2));
          tx.Exec(sql, {second});
        });
      } catch (const std::exception&) {
        ++errors;
      }
    }
  };
  std::thread a(worker, 1, 2), b(worker, 2, 1);
  a.join();
  b.join();
  EXPECT_EQ(errors.load(), 0);
  auto total =
      db_->Read([](Tx& tx) { return tx.QueryOne("SELECT SUM(cantidad) FROM cosas")->Int(0); });
  EXPECT_EQ(total, 80);
}

TEST_P(DatabaseTest, ReadsSeeAConsistentSnapshot) {
  db_->Write(
      [](Tx& tx) { tx.Exec("INSERT INTO cosas (id, nombre, cantidad) VALUES (1, 'a', 1)"); });
  db_->Read([&](Tx& tx) {
    auto before = tx.QueryOne("SELECT cantidad FROM cosas WHERE id = 1")->Int(0);
    std::thread([&] {
      db_->Write([](Tx& w) { w.Exec("UPDATE cosas SET cantidad = 2 WHERE id = 1"); });
    }).join();
    auto after = tx.QueryOne("SELECT cantidad FROM cosas WHERE id = 1")->Int(0);
    EXPECT_EQ(before, 1);
    if (tx.dialect() == Dialect::kSqlite) {
      EXPECT_EQ(after, 1);  // WAL snapshot
    }
  });
  EXPECT_EQ(db_->Read([](Tx& tx) { return tx.QueryOne("SELECT cantidad FROM cosas")->Int(0); }), 2);
}

INSTANTIATE_TEST_SUITE_P(Backends, DatabaseTest, ::testing::ValuesIn(testing::TestBackends()),
                         [](const auto& info) { return testing::BackendName(info.param); });

}  // namespace
}  // namespace mm::store
