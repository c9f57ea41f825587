// Small pieces shared by the catalogue services (products, categories, suppliers, locations):
// the typed errors they return, how a PostgreSQL unique violation maps to DUPLICATE {campo},
// row-lock suffixes and JSON helpers for nullable columns.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/value.hpp>

#include "core/error.hpp"
#include "services/context.hpp"
#include "store/db_error.hpp"
#include "store/tx.hpp"

namespace mm::services {

// A PATCH field: absent (outer nullopt), set to null (inner nullopt) or set to a value.
template <typename T>
using Nullable = std::optional<std::optional<T>>;

// 409 DUPLICATE {campo}.
[[nodiscard]] core::Error Duplicate(std::string_view campo, std::string message);
// 409 VERSION_CONFLICT {version_actual}.
[[nodiscard]] core::Error StaleVersion(std::int64_t actual);
// 400 VALIDATION_ERROR with one field.
[[nodiscard]] core::Error InvalidField(std::string campo, std::string regla, std::string mensaje);

// The `campo` of DUPLICATE for a unique constraint of the catalogue tables (domain.md §2.6), or
// nullopt when the constraint is not one of them. SQLite reports no constraint name, so the
// services check uniqueness inside the write transaction first and use this for PostgreSQL's
// concurrent losers.
[[nodiscard]] std::optional<std::string> DuplicateFieldOf(const store::DbError& e);

// " FOR UPDATE" on PostgreSQL, "" on SQLite (its one writer connection already serialises).
[[nodiscard]] std::string_view ForUpdate(const store::Tx& tx);
// PostgreSQL: serialises structural writes on a small table (the category tree, the one sales
// location) without blocking readers or FK checks (SHARE ROW EXCLUSIVE). SQLite: nothing.
void LockTableForWriters(store::Tx& tx, std::string_view table);

// The acting user, or nullopt for system callers (CLI, demo data).
[[nodiscard]] std::optional<std::string> ActingUser(const RequestMeta& meta);

// "$n" for a value appended to `params` (queries built from optional filters).
[[nodiscard]] std::string Param(std::vector<store::Value>& params, store::Value v);

[[nodiscard]] boost::json::value JsonOrNull(const std::optional<std::string>& v);
[[nodiscard]] boost::json::value JsonOrNull(const std::optional<std::int64_t>& v);

}  // namespace mm::services
