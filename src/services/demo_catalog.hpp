// The demo shop of `minimarket demo-data` beyond its users (ui.md §5): suppliers, categories,
// about 300 products with valid EAN-13s, the "Depósito" location, stock with lots (some near
// expiry, some expired) in both locations, and a few purchase orders. Deterministic: a fixed
// seed picks every quantity, lot and id; dates are relative to the store's today.
#pragma once

#include "services/context.hpp"
#include "services/purchase_orders.hpp"
#include "services/receipts.hpp"
#include "services/seeding.hpp"

namespace mm::services {

// Catalogue, locations and stock, in one transaction.
[[nodiscard]] Seed DemoCatalogSeed();

// Purchase orders through the real services (one pending, one partly received, one received,
// one cancelled), as the demo admin. Does nothing when any order exists or the catalogue is not
// there. Returns the number of orders written.
int WriteDemoPurchaseOrders(Env& env, PurchaseOrders& orders, Receipts& receipts);

// The fixed id of the "Depósito" demo location.
inline constexpr const char* kDemoDepositoId = "00000000-0000-4000-8000-000000000003";

}  // namespace mm::services
