// The customer-orders part of `minimarket demo-data`: three orders in the states a shop sees on
// a normal afternoon — a delivery for a regular customer still pending (its stock held), a
// WhatsApp pickup ready and paid by transfer, and a pickup delivered and paid by QR — written
// through the real order and order-payment services. They use catalogue products other than the
// ui.md §5 fixtures, which must stay free of holds.
#pragma once

#include "services/context.hpp"
#include "services/order_payments.hpp"
#include "services/orders.hpp"

namespace mm::services {

// Does nothing when any order exists, the demo users or customers are missing, or the catalogue
// has too few stocked products. Returns the number of orders written.
int WriteDemoOrders(Env& env, Orders& orders, OrderPayments& payments);

}  // namespace mm::services
