#include "support/test_database.hpp"

#include <libpq-fe.h>

#include <cstdlib>
#include <random>
#include <stdexcept>

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
  std::random_device rd;
  pg_name_ = "mm_t_" + std::to_string(rd()) + std::to_string(rd());
  PostgresAdmin("CREATE DATABASE " + pg_name_);
  url_ = WithDatabase(AdminUrl(), pg_name_);
}

TestDatabase::~TestDatabase() {
  if (pg_name_.empty()) return;
  try {
    PostgresAdmin("DROP DATABASE IF EXISTS " + pg_name_ + " WITH (FORCE)");
  } catch (...) {
  }
}

std::unique_ptr<store::Database> TestDatabase::Open(store::DatabaseOptions options) const {
  options.url = url_;
  return store::OpenDatabase(options);
}

}  // namespace mm::testing
