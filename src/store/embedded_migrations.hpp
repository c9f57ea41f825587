// The SQL migrations compiled into the binary (decision 30), generated from
// migrations/<dialect>/NNNN_name.sql by cmake/embed_migrations.cmake.
#pragma once

#include <span>
#include <string_view>

#include "store/dialect.hpp"

namespace mm::store {

struct EmbeddedMigration {
  int version;
  std::string_view name;
  std::string_view sql;
};

// In ascending version order.
[[nodiscard]] std::span<const EmbeddedMigration> EmbeddedMigrations(Dialect dialect);

}  // namespace mm::store
