#include "support/test_database.hpp"

#include <libpq-fe.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <mutex>
#include <random>
#include <stdexcept>

#include "core/clock.hpp"
#include "store/migrator.hpp"

namespace mm::testing {
namespace {

std::string AdminUrl() {
  const char* url = std::getenv("MM_TEST_POSTGRES_URL");
  if (!url || !*url) throw std::runtime_error("MM_TEST_POSTGRES_URL is not set");
  return url;
}

// postgresql://user@host:port/postgres → …/<name>
std::string WithDatabase(const std::string& url, const std::string& name) {
  auto slash = url.rfind('/');
  auto query = url.find('?', slash);
  return url.substr(0, slash + 1) + name + (query == std::string::npos ? "" : url.substr(query));
}

std::string RandomSuffix() {
  std::random_device rd;
  return std::to_string(rd()) + std::to_string(rd());
}

// The process's migrated template of each backend, made on first use: a PostgreSQL database
// (dropped at exit) or a SQLite file in a temporary directory.
struct Template {
  std::string pg_name;
  std::unique_ptr<TempDir> dir;
  ~Template() {
    if (pg_name.empty()) return;
    try {
      PostgresAdmin("DROP DATABASE IF EXISTS " + pg_name + " WITH (FORCE)");
    } catch (...) {
    }
  }
};

const Template& MigratedTemplate(store::Dialect dialect) {
  static std::mutex mu;
  static std::map<store::Dialect, std::unique_ptr<Template>> templates;
  std::lock_guard<std::mutex> lock(mu);
  auto& t = templates[dialect];
  if (t) return *t;
  auto made = std::make_unique<Template>();
  store::DatabaseOptions options;
  if (dialect == store::Dialect::kSqlite) {
    made->dir = std::make_unique<TempDir>();
    options.url = "sqlite:" + made->dir->path() + "/template.db";
  } else {
    made->pg_name = "mm_tpl_" + RandomSuffix();
    PostgresAdmin("CREATE DATABASE " + made->pg_name);
    options.url = WithDatabase(AdminUrl(), made->pg_name);
  }
  {
    // Every connection is closed when this scope ends (a template must have none).
    auto db = store::OpenDatabase(options);
    core::SystemClock clock;
    store::Migrator(*db, clock).Apply();
  }
  t = std::move(made);
  return *t;
}

}  // namespace

void PostgresAdmin(const std::string& sql) {
  PGconn* conn = PQconnectdb(AdminUrl().c_str());
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string msg = PQerrorMessage(conn);
    PQfinish(conn);
    throw std::runtime_error("cannot connect to the test PostgreSQL: " + msg);
  }
  PGresult* res = PQexec(conn, sql.c_str());
  bool ok = PQresultStatus(res) == PGRES_COMMAND_OK || PQresultStatus(res) == PGRES_TUPLES_OK;
  std::string msg = ok ? "" : PQresultErrorMessage(res);
  PQclear(res);
  PQfinish(conn);
  if (!ok) throw std::runtime_error("admin SQL failed: " + msg);
}

TestDatabase::TestDatabase(store::Dialect dialect) : dialect_(dialect) {
  if (dialect == store::Dialect::kSqlite) {
    dir_ = std::make_unique<TempDir>();
    url_ = "sqlite:" + dir_->path() + "/test.db";
    return;
  }
  pg_name_ = "mm_t_" + RandomSuffix();
  PostgresAdmin("CREATE DATABASE " + pg_name_ + " STRATEGY FILE_COPY");
  url_ = WithDatabase(AdminUrl(), pg_name_);
}

TestDatabase::~TestDatabase() {
  if (pg_name_.empty()) return;
  try {
    PostgresAdmin("DROP DATABASE IF EXISTS " + pg_name_ + " WITH (FORCE)");
  } catch (...) {
  }
}

std::unique_ptr<TestDatabase> TestDatabase::Migrated(store::Dialect dialect) {
  return std::unique_ptr<TestDatabase>(new TestDatabase(dialect, FromTemplate{}));
}

TestDatabase::TestDatabase(store::Dialect dialect, FromTemplate) : dialect_(dialect) {
  const Template& t = MigratedTemplate(dialect);
  if (dialect == store::Dialect::kSqlite) {
    dir_ = std::make_unique<TempDir>();
    namespace fs = std::filesystem;
    for (const auto& entry : fs::directory_iterator(t.dir->path())) {
      // template.db and, if SQLite left them, its -wal/-shm files.
      std::string name = entry.path().filename().string();
      fs::copy_file(entry.path(), fs::path(dir_->path()) / ("test" + name.substr(8)));
    }
    url_ = "sqlite:" + dir_->path() + "/test.db";
    return;
  }
  pg_name_ = "mm_t_" + RandomSuffix();
  PostgresAdmin("CREATE DATABASE " + pg_name_ + " TEMPLATE " + t.pg_name + " STRATEGY FILE_COPY");
  url_ = WithDatabase(AdminUrl(), pg_name_);
}

std::unique_ptr<store::Database> TestDatabase::Open(store::DatabaseOptions options) const {
  options.url = url_;
  return store::OpenDatabase(options);
}

}  // namespace mm::testing
