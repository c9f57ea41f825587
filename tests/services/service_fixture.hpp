// A migrated database of each backend with the service environment around it.
#pragma once

#include <gtest/gtest.h>

#include <memory>

#include "core/clock.hpp"
#include "core/random.hpp"
#include "services/context.hpp"
#include "support/test_database.hpp"

namespace mm::services {

class ServiceTest : public ::testing::TestWithParam<store::Dialect> {
 protected:
  void SetUp() override {
    tdb_ = testing::TestDatabase::Migrated(GetParam());
    db_ = tdb_->Open();
    env_ = std::make_unique<Env>(Env{*db_, clock_, random_});
  }

  std::int64_t Scalar(const std::string& sql) {
    return db_->Read([&](store::Tx& tx) { return tx.QueryOne(sql)->Int(0); });
  }

  core::ManualClock clock_{core::ParseTimestamp("2026-11-29T12:00:00Z").value()};
  core::SystemRandom random_;
  std::unique_ptr<testing::TestDatabase> tdb_;
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<Env> env_;
};

#define MM_INSTANTIATE_BACKENDS(Suite)                                                    \
  INSTANTIATE_TEST_SUITE_P(Backends, Suite, ::testing::ValuesIn(testing::TestBackends()), \
                           [](const auto& info) { return testing::BackendName(info.param); })

}  // namespace mm::services
