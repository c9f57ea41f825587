// The customers part of `minimarket demo-data` (ui.md §5 fixtures): Marta Gómez with a credit
// limit of $ 5.000 and a saldo of $ 4.000 made by one earlier fiado charge, and a few other
// neighbourhood customers (without credit, one who paid most of her debt down by transfer, one
// inactive), written through the real customers and credit-account services and the ledger.
#pragma once

#include "services/context.hpp"
#include "services/credit_accounts.hpp"
#include "services/customers.hpp"

namespace mm::services {

// Does nothing when any customer exists or the demo users are not there. Returns the number of
// customers written.
int WriteDemoCustomers(Env& env, Customers& customers, CreditAccounts& accounts);

}  // namespace mm::services
