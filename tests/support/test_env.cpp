#include "support/test_env.hpp"

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>

namespace mm::testing {

double TestScale() {
  const char* s = std::getenv("MM_TEST_SCALE");
  if (!s || !*s) return 1.0;
  double v = std::atof(s);
  return v > 0 ? v : 1.0;
}

std::int64_t Scaled(std::int64_t n, std::int64_t floor) {
  auto v = static_cast<std::int64_t>(std::llround(static_cast<double>(n) * TestScale()));
  return v < floor ? floor : v;
}

std::vector<store::Dialect> TestBackends() {
  std::vector<store::Dialect> out{store::Dialect::kSqlite};
  const char* url = std::getenv("MM_TEST_POSTGRES_URL");
  if (url && *url) {
    out.push_back(store::Dialect::kPostgres);
  } else {
    const char* skip = std::getenv("MM_TEST_SKIP_POSTGRES");
    if (!skip || std::string(skip) != "1") {
      throw std::runtime_error(
          "MM_TEST_POSTGRES_URL is not set: run the suite through scripts/with-postgres (or set "
          "MM_TEST_SKIP_POSTGRES=1 to run SQLite only on purpose)");
    }
  }
  return out;
}

std::string BackendName(store::Dialect d) {
  return d == store::Dialect::kSqlite ? "SQLite" : "PostgreSQL";
}

TempDir::TempDir() {
  std::string tmpl = (std::filesystem::temp_directory_path() / "mm-test.XXXXXX").string();
  if (!mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
  path_ = tmpl;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

}  // namespace mm::testing
