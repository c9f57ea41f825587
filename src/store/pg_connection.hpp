// One libpq connection and its prepared-statement cache. Not thread-safe: used by one thread at
// a time (the pool guarantees it).
#pragma once

#include <chrono>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "store/row.hpp"
#include "store/value.hpp"

struct pg_conn;

namespace mm::store {

class PgConnection {
 public:
  // `named_statements` = false behind a transaction-mode pooler (decision 33): every statement
  // then goes through PQexecParams, leaving no session state behind.
  PgConnection(const std::string& url, std::chrono::milliseconds connect_timeout,
               bool named_statements);
  ~PgConnection();
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  std::vector<Row> Query(std::string_view sql, std::span<const Value> params);
  std::int64_t Exec(std::string_view sql, std::span<const Value> params);
  void ExecScript(std::string_view sql);
  [[nodiscard]] bool healthy() const;

 private:
  struct Result;
  Result Run(std::string_view sql, std::span<const Value> params);

  pg_conn* conn_ = nullptr;
  bool named_statements_;
  std::unordered_map<std::string, std::string> prepared_;  // sql → statement name
};

}  // namespace mm::store
