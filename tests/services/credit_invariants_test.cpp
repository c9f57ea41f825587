// The customer and order invariant checkers (tests/support/credit_invariants) see what they are
// for: a row broken on purpose is reported, and putting it back clears the report.
#include <gtest/gtest.h>

#include "customer_fixture.hpp"
#include "support/order_rows.hpp"

namespace mm::services {
namespace {

class CreditInvariantsTest : public CustomerTest {
 protected:
  // Whether any violation starts with `tag` (e.g. "I21").
  static bool Names(const std::vector<std::string>& bad, const std::string& tag) {
    for (const auto& b : bad) {
      if (b.rfind(tag, 0) == 0) return true;
    }
    return false;
  }
};

TEST_P(CreditInvariantsTest, ABrokenBalanceOrLimitOrOrderIsReported) {
  const auto marta = AddCustomer("Marta Gómez", 500000);
  Charge(marta, 400000);
  ASSERT_TRUE(Pay(marta, 1000, "transferencia").ok());
  ASSERT_EQ(testing::CreditInvariantViolations(*db_), std::vector<std::string>{});

  // I21: the cached balance no longer equals the ledger.
  Exec("UPDATE clientes SET saldo_centavos = saldo_centavos + 1 WHERE id = $1", {marta});
  EXPECT_TRUE(Names(testing::CreditInvariantViolations(*db_), "I21"));
  Exec("UPDATE clientes SET saldo_centavos = saldo_centavos - 1 WHERE id = $1", {marta});

  // I23: a charge above the limit (a limit lowered behind the audit trail's back).
  Exec("UPDATE clientes SET limite_credito_centavos = 100 WHERE id = $1", {marta});
  EXPECT_TRUE(Names(testing::CreditInvariantViolations(*db_), "I23"));
  Exec("UPDATE clientes SET limite_credito_centavos = 500000 WHERE id = $1", {marta});
  EXPECT_EQ(testing::CreditInvariantViolations(*db_), std::vector<std::string>{});

  // I24: an order whose total is not the sum of its lines; I25: a delivered order whose lines
  // never left the shelf.
  const auto order =
      testing::InsertOrderRows(*db_, random_, kYerba, kPrincipal, kAdmin, clock_.Now());
  ASSERT_EQ(testing::OrderInvariantViolations(*db_), std::vector<std::string>{});
  Exec("UPDATE pedidos SET total_centavos = 200 WHERE id = $1", {order.pedido_id});
  EXPECT_TRUE(Names(testing::OrderInvariantViolations(*db_), "I24"));
  Exec(
      "UPDATE pedidos SET total_centavos = 100, estado = 'entregado', entregado_en = $1, "
      "entregado_por = $2 WHERE id = $3",
      {clock_.Now(), kAdmin, order.pedido_id});
  EXPECT_TRUE(Names(testing::OrderInvariantViolations(*db_), "I25"));
}

MM_INSTANTIATE_BACKENDS(CreditInvariantsTest);

}  // namespace
}  // namespace mm::services
