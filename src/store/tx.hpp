// A database transaction handed to a service function. All SQL goes through here.
#pragma once

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "store/dialect.hpp"
#include "store/row.hpp"
#include "store/value.hpp"

namespace mm::store {

class Tx {
 public:
  virtual ~Tx() = default;

  [[nodiscard]] virtual Dialect dialect() const = 0;
  [[nodiscard]] virtual bool writable() const = 0;

  // Runs one statement with $1…$n parameters and returns every row. Throws DbError.
  virtual std::vector<Row> Query(std::string_view sql, std::span<const Value> params) = 0;
  // Runs one statement and returns the number of rows it changed. Throws DbError.
  virtual std::int64_t Exec(std::string_view sql, std::span<const Value> params) = 0;
  // Runs several ';'-separated statements without parameters (migrations).
  virtual void ExecScript(std::string_view sql) = 0;

  std::vector<Row> Query(std::string_view sql, std::initializer_list<Value> params = {}) {
    return Query(sql, std::span<const Value>(params.begin(), params.size()));
  }
  std::optional<Row> QueryOne(std::string_view sql, std::initializer_list<Value> params = {});
  std::int64_t Exec(std::string_view sql, std::initializer_list<Value> params = {}) {
    return Exec(sql, std::span<const Value>(params.begin(), params.size()));
  }

  // `fn` runs after this transaction commits (never if it rolls back), on the same thread.
  void OnCommit(std::function<void()> fn) { on_commit_.push_back(std::move(fn)); }

  // For the Database implementations.
  std::vector<std::function<void()>> TakeOnCommit() { return std::move(on_commit_); }
  void ClearOnCommit() { on_commit_.clear(); }

 private:
  std::vector<std::function<void()>> on_commit_;
};

}  // namespace mm::store
