// Rate-limit counters in the shared database (table rate_limit_state, domain.md §1.9), so N
// instances enforce one limit (api.md §4, hardening.md WS3). Used with PostgreSQL; the statement
// is portable, so it also runs (and is tested) on SQLite.
//
// Each hit is one INSERT … ON CONFLICT DO UPDATE … WHERE … RETURNING: the window roll-over and
// the acceptance test are inside the statement, so the row lock of the upsert makes check and
// increment one atomic step. Instants are bound from the caller's clock, never SQL now()
// (decision 28). A refusal reads the row once more, in the same transaction, to say when to retry.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "resilience/rate_limit_store.hpp"
#include "store/database.hpp"

namespace mm::services {

class SqlRateLimitStore final : public resilience::RateLimitStore {
 public:
  // How long a hit may take, connection wait included (api.md §4).
  static constexpr std::chrono::milliseconds kBudget{200};

  explicit SqlRateLimitStore(store::Database& db, std::chrono::milliseconds budget = kBudget)
      : db_(db), budget_(budget) {}

  // Throws resilience::RateLimitStoreUnavailable on any database failure, including not
  // answering within the budget.
  resilience::RateVerdict Hit(const std::string& key, core::Timestamp now,
                              const resilience::Quota& quota) override;

  // Deletes the rows last admitted before `before`. With `before` at least two of the longest
  // windows in the past, every deleted row was stale (it would count as unseen), so no verdict
  // changes. Returns how many rows went (for the maintenance job).
  std::int64_t PurgeStale(core::Timestamp before);

 private:
  store::Database& db_;
  std::chrono::milliseconds budget_;
};

}  // namespace mm::services
