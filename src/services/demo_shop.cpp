#include "services/demo_shop.hpp"

#include <chrono>

#include "services/credit_accounts.hpp"
#include "services/customers.hpp"
#include "services/demo_catalog.hpp"
#include "services/demo_customers.hpp"
#include "services/demo_orders.hpp"
#include "services/demo_sales.hpp"
#include "services/idempotency.hpp"
#include "services/offers.hpp"
#include "services/order_payments.hpp"
#include "services/orders.hpp"
#include "services/purchase_orders.hpp"
#include "services/receipts.hpp"

namespace mm::services {

std::vector<std::string> WriteDemoDocuments(Env& env) {
  std::vector<std::string> written;
  auto note = [&](int n, const std::string& what) {
    if (n > 0) written.push_back(std::to_string(n) + " " + what);
  };
  Idempotency idempotency(env, std::chrono::seconds(3600));
  PurchaseOrders purchase_orders(env, idempotency);
  Receipts receipts(env, idempotency);
  note(WriteDemoPurchaseOrders(env, purchase_orders, receipts),
       "órdenes de compra de demostración");
  Offers offers(env, idempotency);
  note(WriteDemoOffers(env, offers), "oferta de demostración");
  Customers customers(env, idempotency);
  CreditAccounts accounts(env, idempotency);
  note(WriteDemoCustomers(env, customers, accounts), "clientes de demostración");
  Orders orders(env, idempotency);
  OrderPayments payments(env, idempotency);
  note(WriteDemoOrders(env, orders, payments), "pedidos de demostración");
  return written;
}

}  // namespace mm::services
