#include "store/sqlite_connection.hpp"

#include <sqlite3.h>

#include <memory>
#include <stdexcept>

#include "store/db_error.hpp"

namespace mm::store {
namespace {

DbError::Kind KindOf(int extended) {
  switch (extended) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY:
      return DbError::Kind::kUniqueViolation;
    case SQLITE_CONSTRAINT_FOREIGNKEY:
      return DbError::Kind::kForeignKeyViolation;
    case SQLITE_CONSTRAINT_CHECK:
      return DbError::Kind::kCheckViolation;
    case SQLITE_CONSTRAINT_NOTNULL:
      return DbError::Kind::kNotNullViolation;
    default:
      break;
  }
  switch (extended & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return DbError::Kind::kTimeout;
    case SQLITE_INTERRUPT:
      return DbError::Kind::kTimeout;
    case SQLITE_CANTOPEN:
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_READONLY:
      return DbError::Kind::kUnavailable;
    default:
      return DbError::Kind::kOther;
  }
}

}  // namespace

SqliteConnection::SqliteConnection(const std::string& path, bool read_only,
                                   const std::string& synchronous) {
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  int rc = sqlite3_open_v2(path.c_str(), &db_, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db_ ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close_v2(db_);
    db_ = nullptr;
    throw DbError(DbError::Kind::kUnavailable, "cannot open SQLite database " + path + ": " + msg);
  }
  sqlite3_extended_result_codes(db_, 1);
  // Another process (a CLI command) may hold the write lock briefly; wait rather than fail.
  sqlite3_busy_timeout(db_, 10000);
  sqlite3_progress_handler(db_, 1000, &SqliteConnection::Progress, this);
  std::string pragmas = "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; PRAGMA synchronous=" +
                        (synchronous == "NORMAL" ? std::string("NORMAL") : std::string("FULL")) +
                        "; PRAGMA temp_store=MEMORY;"
                        // Reads map the file instead of copying pages through a 2 MB cache:
                        // measured ≈ 2.5× less CPU for broad searches at 100k products
                        // (bench/README.md, Búsqueda de productos).
                        " PRAGMA mmap_size=268435456; PRAGMA cache_size=-16384;";
  if (read_only) pragmas += " PRAGMA query_only=ON;";
  try {
    ExecScript(pragmas);
  } catch (...) {
    sqlite3_close_v2(db_);
    db_ = nullptr;
    throw;
  }
}

SqliteConnection::~SqliteConnection() {
  for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
  if (db_) sqlite3_close_v2(db_);
}

void SqliteConnection::SetLimits(
    std::optional<std::chrono::steady_clock::time_point> statement_until,
    std::optional<std::chrono::steady_clock::time_point> deadline) {
  statement_until_ = statement_until;
  deadline_ = deadline;
}

int SqliteConnection::Progress(void* self) {
  auto* c = static_cast<SqliteConnection*>(self);
  auto now = std::chrono::steady_clock::now();
  if (c->deadline_ && now >= *c->deadline_) {
    c->deadline_hit_ = true;
    return 1;
  }
  if (c->statement_until_ && now >= *c->statement_until_) return 1;
  return 0;
}

void SqliteConnection::Fail(int rc, std::string_view what) {
  std::string msg = std::string(what) + ": " + sqlite3_errmsg(db_);
  if ((rc & 0xff) == SQLITE_INTERRUPT && deadline_hit_) {
    deadline_hit_ = false;
    throw DbError(DbError::Kind::kDeadline, msg);
  }
  throw DbError(KindOf(rc), msg);
}

sqlite3_stmt* SqliteConnection::Prepare(std::string_view sql) {
  auto it = cache_.find(std::string(sql));
  if (it != cache_.end()) return it->second;
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                              SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
  if (rc != SQLITE_OK) Fail(rc, "prepare");
  cache_.emplace(std::string(sql), stmt);
  return stmt;
}

void SqliteConnection::Bind(sqlite3_stmt* stmt, std::span<const Value> params) {
  int count = sqlite3_bind_parameter_count(stmt);
  for (int i = 1; i <= count; ++i) {
    const char* name = sqlite3_bind_parameter_name(stmt, i);
    // Placeholders are $1…$n, the same text PostgreSQL takes.
    if (!name || name[0] != '$') throw std::logic_error("SQL must use $n placeholders");
    std::size_t n = std::stoul(name + 1);
    if (n == 0 || n > params.size()) {
      throw std::logic_error("missing value for placeholder " + std::string(name));
    }
    const auto& v = params[n - 1].variant();
    int rc = SQLITE_OK;
    if (std::holds_alternative<std::nullptr_t>(v)) {
      rc = sqlite3_bind_null(stmt, i);
    } else if (auto* iv = std::get_if<std::int64_t>(&v)) {
      rc = sqlite3_bind_int64(stmt, i, *iv);
    } else if (auto* sv = std::get_if<std::string>(&v)) {
      rc = sqlite3_bind_text64(stmt, i, sv->data(), sv->size(), SQLITE_TRANSIENT, SQLITE_UTF8);
    } else if (auto* bv = std::get_if<bool>(&v)) {
      rc = sqlite3_bind_int(stmt, i, *bv ? 1 : 0);
    } else if (auto* dv = std::get_if<double>(&v)) {
      rc = sqlite3_bind_double(stmt, i, *dv);
    } else if (auto* by = std::get_if<Bytes>(&v)) {
      rc = sqlite3_bind_blob64(stmt, i, by->data.data(), by->data.size(), SQLITE_TRANSIENT);
    }
    if (rc != SQLITE_OK) Fail(rc, "bind");
  }
}

namespace {
struct Resetter {
  sqlite3_stmt* stmt;
  ~Resetter() {
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
  }
};
}  // namespace

std::vector<Row> SqliteConnection::Query(std::string_view sql, std::span<const Value> params) {
  sqlite3_stmt* stmt = Prepare(sql);
  Resetter reset{stmt};
  Bind(stmt, params);
  int cols = sqlite3_column_count(stmt);
  auto names = std::make_shared<std::vector<std::string>>();
  for (int c = 0; c < cols; ++c) names->emplace_back(sqlite3_column_name(stmt, c));
  std::vector<Row> rows;
  while (true) {
    int rc = sqlite3_step(stmt);
    if (rc == SQLITE_DONE) break;
    if (rc != SQLITE_ROW) Fail(rc, "step");
    std::vector<std::optional<std::string>> cells;
    cells.reserve(cols);
    for (int c = 0; c < cols; ++c) {
      int type = sqlite3_column_type(stmt, c);
      if (type == SQLITE_NULL) {
        cells.emplace_back(std::nullopt);
      } else if (type == SQLITE_BLOB) {
        const void* p = sqlite3_column_blob(stmt, c);
        int n = sqlite3_column_bytes(stmt, c);
        cells.emplace_back(std::string(static_cast<const char*>(p), n));
      } else {
        const unsigned char* p = sqlite3_column_text(stmt, c);
        int n = sqlite3_column_bytes(stmt, c);
        cells.emplace_back(std::string(reinterpret_cast<const char*>(p), n));
      }
    }
    rows.emplace_back(names, std::move(cells));
  }
  return rows;
}

std::int64_t SqliteConnection::Exec(std::string_view sql, std::span<const Value> params) {
  sqlite3_stmt* stmt = Prepare(sql);
  Resetter reset{stmt};
  Bind(stmt, params);
  while (true) {
    int rc = sqlite3_step(stmt);
    if (rc == SQLITE_DONE) break;
    if (rc != SQLITE_ROW) Fail(rc, "step");
  }
  return sqlite3_changes64(db_);
}

void SqliteConnection::ExecScript(std::string_view sql) {
  std::string text(sql);
  char* err = nullptr;
  int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    std::string msg = err ? err : "exec failed";
    sqlite3_free(err);
    if ((rc & 0xff) == SQLITE_INTERRUPT && deadline_hit_) {
      deadline_hit_ = false;
      throw DbError(DbError::Kind::kDeadline, msg);
    }
    throw DbError(KindOf(sqlite3_extended_errcode(db_)), msg);
  }
}

}  // namespace mm::store
