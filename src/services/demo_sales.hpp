// The point-of-sale part of `minimarket demo-data` (ui.md §5 fixtures): the −30 % offer on the
// Leche lot that expires in three days, written through the real offers service. The demo data
// has no open cash session (the first scenario opens one).
#pragma once

#include "services/context.hpp"
#include "services/offers.hpp"

namespace mm::services {

// The Leche offer, as the demo admin. Does nothing when any offer exists or the catalogue is not
// there. Returns the number of offers written.
int WriteDemoOffers(Env& env, Offers& offers);

}  // namespace mm::services
