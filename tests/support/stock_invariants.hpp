// The stock invariants of domain.md §8 (I1–I5, I8–I12), checked straight on the tables
// of either backend. Returns a list of violations (empty when everything holds), each a readable
// sentence naming the row, so a failing test says what broke.
#pragma once

#include <string>
#include <vector>

#include "core/clock.hpp"
#include "store/database.hpp"

namespace mm::testing {

// I1 stock = Σ deltas = last cantidad_nueva; I2 sequence 1..n without gaps, chained before/after;
// I3 stock = Σ lots, lot = Σ movimiento_lotes, movement = Σ its lot deltas; I4 delta sign by
// tipo and motivo on salida/ajuste; I5 disponible ≥ 0 at `now`; I8 transfer pairs; I9/I10
// reservations (expiry unless an order's, only the terminal state's stamps, a consumed hold names
// its sale line or order); I11/I12 purchase-order lines and states.
[[nodiscard]] std::vector<std::string> StockInvariantViolations(store::Database& db,
                                                                core::Timestamp now);

}  // namespace mm::testing
