// The documents of `minimarket demo-data`, written after its seeds through the real services, so
// they obey every rule a user's would: purchase orders (their receipts move stock), the offer,
// the customers with their ledger, and the customer orders.
#pragma once

#include <string>
#include <vector>

#include "services/context.hpp"

namespace mm::services {

// What was written, one line per kind ("4 órdenes de compra de demostración"); each kind is
// skipped when it is already there, so a second run writes nothing.
std::vector<std::string> WriteDemoDocuments(Env& env);

}  // namespace mm::services
