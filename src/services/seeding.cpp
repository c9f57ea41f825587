#include "services/seeding.hpp"

#include "services/demo_catalog.hpp"
#include "services/demo_users.hpp"
#include "services/principal_seed.hpp"

namespace mm::services {

SeedReport RunSeeds(Env& env, const std::vector<Seed>& seeds) {
  SeedReport report;
  for (const auto& seed : seeds) {
    bool wrote = env.db.Write([&](store::Tx& tx) {
      // Two processes starting at once (two `migrate`, or serve instances) must not both find a
      // seed missing: PostgreSQL serialises seeding with a transaction-level advisory lock;
      // SQLite's one writer already does.
      if (tx.dialect() == store::Dialect::kPostgres) {
        tx.Query("SELECT pg_advisory_xact_lock(7262001)");
      }
      if (seed.present(tx)) return false;
      seed.write(tx, env);
      return true;
    });
    (wrote ? report.written : report.skipped).push_back(seed.nombre);
  }
  return report;
}

std::vector<Seed> FirstStartSeeds() { return {PrincipalLocationSeed()}; }

std::vector<Seed> DemoSeeds() { return {DemoUsersSeed(), DemoCatalogSeed()}; }

}  // namespace mm::services
