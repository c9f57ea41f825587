// Test-wide settings: the storm scale (decision 37) and the database backends to run against.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "store/dialect.hpp"

namespace mm::testing {

// MM_TEST_SCALE (default 1): storm sizes and durations are multiplied by it.
[[nodiscard]] double TestScale();
// n × scale, rounded, at least `floor`.
[[nodiscard]] std::int64_t Scaled(std::int64_t n, std::int64_t floor);

// SQLite always; PostgreSQL when scripts/with-postgres exported MM_TEST_POSTGRES_URL. Without it
// the suite fails loudly unless MM_TEST_SKIP_POSTGRES=1 says the omission is deliberate.
[[nodiscard]] std::vector<store::Dialect> TestBackends();
[[nodiscard]] std::string BackendName(store::Dialect d);

// A fresh temporary directory, removed by the caller (TempDir does it).
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  [[nodiscard]] const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace mm::testing
