// The sales location "Principal", written on first start when no location exists (domain.md
// §1.1, decision 30), so a fresh install can sell and count stock at once.
#pragma once

#include "services/seeding.hpp"

namespace mm::services {

[[nodiscard]] Seed PrincipalLocationSeed();

}  // namespace mm::services
