// The customer and order invariants of domain.md §8 (I21–I25), checked straight on the tables of
// either backend. Returns a list of violations (empty when everything holds), each a readable
// sentence naming the row, so a failing test says what broke.
#pragma once

#include <string>
#include <vector>

#include "store/database.hpp"

namespace mm::testing {

// I21 clientes.saldo = Σ ledger monto, cc_secuencia = n, secuencia 1..n per customer, each
// saldo_posterior the running sum, the sign matching tipo; I22 each cuenta_corriente payment of
// a sale has one equal `cargo` naming the sale (and its customer), each cuenta_corriente refund
// of a return one equal ledger `devolucion`, each cuenta_corriente order payment its own ledger
// row (cargo for pago, devolucion for reembolso) of the same amount; I23 no `cargo` left
// saldo_posterior above the customer's limit (customers whose limit was ever changed are
// skipped: the limit in force is then the audit trail's, not the row's).
[[nodiscard]] std::vector<std::string> CreditInvariantViolations(store::Database& db);

// I24 pedido.total = Σ item subtotals (subtotal = round_half_up(cantidad × precio / divisor)),
// pagado = Σ pagos − Σ reembolsos within [0, total], estado_pago derived, domicilio ⇒ address;
// I25 entregado ⇒ per catalogue item one `pedido` kardex row of −cantidad and no active hold,
// only entregado orders have `pedido` rows; cancelado ⇒ no active hold; every order hold names
// an existing order and one of its items (the foreign key SQLite's schema cannot carry).
[[nodiscard]] std::vector<std::string> OrderInvariantViolations(store::Database& db);

}  // namespace mm::testing
