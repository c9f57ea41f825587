#include "store/pg_connection.hpp"

#include <libpq-fe.h>

#include <cstring>
#include <memory>

#include "store/db_error.hpp"

namespace mm::store {
namespace {

// Type OIDs (pg_type.dat).
constexpr Oid kBoolOid = 16;
constexpr Oid kByteaOid = 17;
constexpr Oid kInt8Oid = 20;
constexpr Oid kFloat8Oid = 701;
constexpr Oid kTimestampOid = 1114;
constexpr Oid kTimestamptzOid = 1184;

DbError::Kind KindOfState(std::string_view state) {
  if (state == "23505") return DbError::Kind::kUniqueViolation;
  if (state == "23503") return DbError::Kind::kForeignKeyViolation;
  if (state == "23514") return DbError::Kind::kCheckViolation;
  if (state == "23502") return DbError::Kind::kNotNullViolation;
  if (state == "40001" || state == "40P01") return DbError::Kind::kSerialization;
  if (state == "57014" || state == "55P03") return DbError::Kind::kTimeout;
  if (state.starts_with("08") || state == "57P01" || state == "57P02" || state == "57P03" ||
      state == "53300") {
    return DbError::Kind::kUnavailable;
  }
  return DbError::Kind::kOther;
}

struct ResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using ResultPtr = std::unique_ptr<PGresult, ResultDeleter>;

}  // namespace

struct PgConnection::Result {
  ResultPtr res;
};

PgConnection::PgConnection(const std::string& url, std::chrono::milliseconds connect_timeout,
                           bool named_statements)
    : named_statements_(named_statements) {
  std::string timeout_s = std::to_string(std::max<long long>(1, connect_timeout.count() / 1000));
  const char* keys[] = {"dbname", "connect_timeout", "application_name", "client_encoding",
                        nullptr};
  const char* values[] = {url.c_str(), timeout_s.c_str(), "minimarket", "UTF8", nullptr};
  conn_ = PQconnectdbParams(keys, values, 1);
  if (!conn_ || PQstatus(conn_) != CONNECTION_OK) {
    std::string msg = conn_ ? PQerrorMessage(conn_) : "out of memory";
    if (conn_) PQfinish(conn_);
    conn_ = nullptr;
    throw DbError(DbError::Kind::kUnavailable, "cannot connect to PostgreSQL: " + msg);
  }
}

PgConnection::~PgConnection() {
  if (conn_) PQfinish(conn_);
}

bool PgConnection::healthy() const { return conn_ && PQstatus(conn_) == CONNECTION_OK; }

namespace {

[[noreturn]] void Throw(pg_conn* conn, PGresult* res, std::string_view what) {
  const char* state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
  const char* constraint = res ? PQresultErrorField(res, PG_DIAG_CONSTRAINT_NAME) : nullptr;
  std::string msg =
      std::string(what) + ": " + (res ? PQresultErrorMessage(res) : PQerrorMessage(conn));
  DbError::Kind kind = state ? KindOfState(state) : DbError::Kind::kOther;
  if (PQstatus(conn) != CONNECTION_OK) kind = DbError::Kind::kUnavailable;
  throw DbError(kind, msg, constraint ? constraint : "");
}

void Check(pg_conn* conn, PGresult* res, std::string_view what) {
  auto status = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) Throw(conn, res, what);
}

}  // namespace

PgConnection::Result PgConnection::Run(std::string_view sql, std::span<const Value> params) {
  const int n = static_cast<int>(params.size());
  std::vector<std::string> texts(n);
  std::vector<const char*> values(n, nullptr);
  std::vector<int> lengths(n, 0);
  std::vector<int> formats(n, 0);
  std::vector<Oid> types(n, 0);
  for (int i = 0; i < n; ++i) {
    const auto& v = params[i].variant();
    if (std::holds_alternative<std::nullptr_t>(v)) continue;
    if (auto* iv = std::get_if<std::int64_t>(&v)) {
      texts[i] = std::to_string(*iv);
      types[i] = kInt8Oid;
    } else if (auto* sv = std::get_if<std::string>(&v)) {
      texts[i] = *sv;  // unknown type: the server infers it from the context
    } else if (auto* bv = std::get_if<bool>(&v)) {
      texts[i] = *bv ? "t" : "f";
      types[i] = kBoolOid;
    } else if (auto* dv = std::get_if<double>(&v)) {
      char buf[64];
      std::snprintf(buf, sizeof buf, "%.17g", *dv);
      texts[i] = buf;
      types[i] = kFloat8Oid;
    } else if (auto* by = std::get_if<Bytes>(&v)) {
      texts[i] = by->data;
      formats[i] = 1;
      types[i] = kByteaOid;
    }
    values[i] = texts[i].data();
    lengths[i] = static_cast<int>(texts[i].size());
  }
  std::string text(sql);
  PGresult* raw = nullptr;
  if (named_statements_) {
    auto it = prepared_.find(text);
    if (it == prepared_.end()) {
      std::string name = "mm_" + std::to_string(prepared_.size() + 1);
      ResultPtr prep(PQprepare(conn_, name.c_str(), text.c_str(), n, types.data()));
      Check(conn_, prep.get(), "prepare");
      it = prepared_.emplace(text, name).first;
    }
    raw = PQexecPrepared(conn_, it->second.c_str(), n, values.data(), lengths.data(),
                         formats.data(), 0);
  } else {
    raw = PQexecParams(conn_, text.c_str(), n, types.data(), values.data(), lengths.data(),
                       formats.data(), 0);
  }
  ResultPtr res(raw);
  Check(conn_, res.get(), "query");
  return Result{std::move(res)};
}

std::vector<Row> PgConnection::Query(std::string_view sql, std::span<const Value> params) {
  Result r = Run(sql, params);
  PGresult* res = r.res.get();
  int cols = PQnfields(res);
  int count = PQntuples(res);
  auto names = std::make_shared<std::vector<std::string>>();
  std::vector<Oid> oids(cols);
  for (int c = 0; c < cols; ++c) {
    names->emplace_back(PQfname(res, c));
    oids[c] = PQftype(res, c);
  }
  std::vector<Row> rows;
  rows.reserve(count);
  for (int i = 0; i < count; ++i) {
    std::vector<std::optional<std::string>> cells;
    cells.reserve(cols);
    for (int c = 0; c < cols; ++c) {
      if (PQgetisnull(res, i, c)) {
        cells.emplace_back(std::nullopt);
        continue;
      }
      std::string_view text(PQgetvalue(res, i, c), PQgetlength(res, i, c));
      switch (oids[c]) {
        case kBoolOid:
          cells.emplace_back(text == "t" ? "1" : "0");
          break;
        case kByteaOid: {
          std::size_t len = 0;
          unsigned char* raw =
              PQunescapeBytea(reinterpret_cast<const unsigned char*>(PQgetvalue(res, i, c)), &len);
          cells.emplace_back(std::string(reinterpret_cast<char*>(raw), len));
          PQfreemem(raw);
          break;
        }
        case kTimestamptzOid:
        case kTimestampOid: {
          std::string s(text);
          if (oids[c] == kTimestampOid) s += "Z";
          auto t = core::ParseTimestamp(s);
          cells.emplace_back(t ? core::FormatDbTimestamp(*t) : s);
          break;
        }
        default:
          cells.emplace_back(std::string(text));
      }
    }
    rows.emplace_back(names, std::move(cells));
  }
  return rows;
}

std::int64_t PgConnection::Exec(std::string_view sql, std::span<const Value> params) {
  Result r = Run(sql, params);
  const char* tuples = PQcmdTuples(r.res.get());
  return (tuples && *tuples) ? std::stoll(tuples) : 0;
}

void PgConnection::ExecScript(std::string_view sql) {
  std::string text(sql);
  ResultPtr res(PQexec(conn_, text.c_str()));
  Check(conn_, res.get(), "exec");
}

}  // namespace mm::store
