#pragma once

#include <string_view>

namespace mm::store {

enum class Dialect { kSqlite, kPostgres };

[[nodiscard]] constexpr std::string_view DialectName(Dialect d) {
  return d == Dialect::kSqlite ? "sqlite" : "postgres";
}

}  // namespace mm::store
