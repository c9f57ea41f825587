// Rows written by C++ rather than by SQL migrations (decision 30): first-start seeds that depend
// on configuration, and the demo data of `minimarket demo-data`. Each module adds its own.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "services/context.hpp"

namespace mm::services {

struct Seed {
  std::string nombre;
  // True when this seed's rows are already there (then it is skipped).
  std::function<bool(store::Tx&)> present;
  std::function<void(store::Tx&, Env&)> write;
};

struct SeedReport {
  std::vector<std::string> written;
  std::vector<std::string> skipped;
};

// Runs each seed whose rows are missing, each in its own write transaction.
SeedReport RunSeeds(Env& env, const std::vector<Seed>& seeds);

// The first-start seeds of every module, run right after migrations by migrate, serve and
// demo-data. (Modules append here as they land.)
[[nodiscard]] std::vector<Seed> FirstStartSeeds();
// The demo data: a realistic shop for `make run` and the browser tests.
[[nodiscard]] std::vector<Seed> DemoSeeds();

}  // namespace mm::services
