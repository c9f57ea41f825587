// Human-readable document numbers (domain.md §0 "Human numbers"): a SEQUENCE in PostgreSQL (gaps
// allowed), MAX(numero) + 1 inside the write transaction in SQLite (one writer, so no race).
#pragma once

#include <cstdint>
#include <string_view>

#include "store/tx.hpp"

namespace mm::services {

// `table` and `sequence` are constants of the caller (never user input).
std::int64_t NextHumanNumber(store::Tx& tx, std::string_view table, std::string_view sequence);

}  // namespace mm::services
