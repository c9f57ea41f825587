#include "store/migrator.hpp"

#include <gtest/gtest.h>

#include <thread>

#include "core/hash.hpp"
#include "support/test_database.hpp"

namespace mm::store {
namespace {

using testing::TestDatabase;

class MigratorTest : public ::testing::TestWithParam<Dialect> {
 protected:
  void SetUp() override {
    tdb_ = std::make_unique<TestDatabase>(GetParam());
    db_ = tdb_->Open();
  }
  std::int64_t Applied() {
    return db_->Read(
        [](Tx& tx) { return tx.QueryOne("SELECT COUNT(*) FROM schema_migrations")->Int(0); });
  }
  core::SystemClock clock_;
  std::unique_ptr<TestDatabase> tdb_;
  std::unique_ptr<Database> db_;
};

TEST_P(MigratorTest, AppliesEveryEmbeddedMigrationOnceWithItsChecksum) {
  auto embedded = EmbeddedMigrations(GetParam());
  ASSERT_FALSE(embedded.empty());
  Migrator m(*db_, clock_);
  EXPECT_EQ(m.Status().pending.size(), embedded.size());
  auto first = m.Apply();
  EXPECT_EQ(first.size(), embedded.size());
  EXPECT_TRUE(m.Status().current());
  EXPECT_TRUE(m.Apply().empty());  // idempotent
  EXPECT_EQ(Applied(), static_cast<std::int64_t>(embedded.size()));
  auto row = db_->Read([](Tx& tx) {
    return tx.QueryOne("SELECT nombre, checksum FROM schema_migrations WHERE version = 1");
  });
  ASSERT_TRUE(row);
  EXPECT_EQ(row->Text(0), std::string(embedded[0].name));
  EXPECT_EQ(row->Text(1), core::Sha256Hex(embedded[0].sql));
  // The infrastructure tables exist.
  db_->Read([](Tx& tx) {
    for (const char* t : {"idempotency_keys", "audit_log", "cache_versions", "notification_outbox",
                          "notification_recipients"}) {
      tx.Query(std::string("SELECT COUNT(*) FROM ") + t);
    }
  });
}

TEST_P(MigratorTest, AChangedChecksumStopsStartUp) {
  Migrator(*db_, clock_).Apply();
  db_->Write(
      [](Tx& tx) { tx.Exec("UPDATE schema_migrations SET checksum = 'x' WHERE version = 1"); });
  Migrator m(*db_, clock_);
  auto status = m.Status();
  ASSERT_EQ(status.errors.size(), 1u);
  EXPECT_NE(status.errors[0].find("cambió"), std::string::npos);
  EXPECT_THROW(m.Apply(), std::runtime_error);
}

TEST_P(MigratorTest, ADatabaseNewerThanTheBinaryIsRefused) {
  Migrator(*db_, clock_).Apply();
  db_->Write([&](Tx& tx) {
    tx.Exec(
        "INSERT INTO schema_migrations (version, nombre, checksum, aplicada_en) "
        "VALUES (9999, 'futura', 'x', $1)",
        {clock_.Now()});
  });
  EXPECT_FALSE(Migrator(*db_, clock_).Status().errors.empty());
}

TEST_P(MigratorTest, AFailingMigrationLeavesNothingBehind) {
  static const EmbeddedMigration kBad[] = {
      {1, "buena", "CREATE TABLE t1 (x INTEGER)"},
      {2, "mala", "CREATE TABLE t2 (x INTEGER); INSERT INTO no_existe VALUES (1)"},
  };
  Migrator m(*db_, clock_, kBad);
  EXPECT_ANY_THROW(m.Apply());
  EXPECT_EQ(Applied(), 1);
  // t2 was rolled back with its migration.
  EXPECT_ANY_THROW(db_->Read([](Tx& tx) { tx.Query("SELECT * FROM t2"); }));
}

// Two processes migrating at once are modelled here by two independent pools; the HTTP suite
// runs two real `minimarket migrate` processes.
TEST_P(MigratorTest, ConcurrentMigratorsApplyEachMigrationOnce) {
  auto other = tdb_->Open();
  std::exception_ptr e1, e2;
  std::thread a([&] {
    try {
      Migrator(*db_, clock_).Apply();
    } catch (...) {
      e1 = std::current_exception();
    }
  });
  std::thread b([&] {
    try {
      Migrator(*other, clock_).Apply();
    } catch (...) {
      e2 = std::current_exception();
    }
  });
  a.join();
  b.join();
  EXPECT_FALSE(e1);
  EXPECT_FALSE(e2);
  EXPECT_EQ(Applied(), static_cast<std::int64_t>(EmbeddedMigrations(GetParam()).size()));
}

INSTANTIATE_TEST_SUITE_P(Backends, MigratorTest, ::testing::ValuesIn(testing::TestBackends()),
                         [](const auto& info) { return testing::BackendName(info.param); });

}  // namespace
}  // namespace mm::store
