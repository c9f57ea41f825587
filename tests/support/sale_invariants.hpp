// The point-of-sale and cash invariants of domain.md §8 (I13–I19), checked straight on the tables
// of either backend. Returns a list of violations (empty when everything holds), each a readable
// sentence naming the row, so a failing test says what broke. I20 (a replay changes nothing) is a
// property of an operation, tested where sales are replayed.
#pragma once

#include <string>
#include <vector>

#include "store/database.hpp"

namespace mm::testing {

// I13 total = Σ subtotals = Σ pagos, subtotal = round_half_up(cantidad × unitario / divisor),
// unitario ≤ lista; I14 −Σ `venta` deltas = Σ item cantidad per sale and product, Σ `devolucion`
// + `anulacion` deltas = restocked returned cantidad; I15 devuelto = Σ devoluciones.total = Σ item
// monto_devuelto = Σ pago monto_reintegrado, each devolución's items and reintegros add up to its
// total, anulada ⇔ one anulación and devuelto = total; I16 at most one open session, every sale,
// cash movement and cash refund written while its session was open; I17 closed sessions' esperado
// and diferencia, a sale's `venta` cash rows = its efectivo payment; I18 recibido = monto +
// vuelto, vuelto only on efectivo; I19 offer items priced min(oferta, lista) from the offer's
// location (and lot).
[[nodiscard]] std::vector<std::string> SaleInvariantViolations(store::Database& db);

}  // namespace mm::testing
