// Where the rate limiter keeps its sliding-window counters (api.md §4): in process for the
// embedded shape (MemoryRateLimitStore), in PostgreSQL for the clustered one, so N instances
// enforce one limit (services/sql_rate_limit_store.hpp).
#pragma once

#include <stdexcept>
#include <string>

#include "core/clock.hpp"
#include "resilience/sliding_window.hpp"

namespace mm::resilience {

// The store could not answer in time (unreachable, timed out, broken). The limiter then falls
// back to local counters, or refuses with 503 for the policies that fail closed.
class RateLimitStoreUnavailable : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class RateLimitStore {
 public:
  virtual ~RateLimitStore() = default;

  // Counts one request for `key` at `now` if the sliding window of `quota` admits it. The check
  // and the increment are one atomic step, so concurrent callers (threads or instances) never
  // admit more than the quota between them; a refused request changes nothing. `now` comes from
  // the caller's clock (decision 28). Thread-safe. Throws RateLimitStoreUnavailable.
  virtual RateVerdict Hit(const std::string& key, core::Timestamp now, const Quota& quota) = 0;
};

}  // namespace mm::resilience
