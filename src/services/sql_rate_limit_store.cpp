#include "services/sql_rate_limit_store.hpp"

#include <stdexcept>

#include "store/db_error.hpp"

namespace mm::services {
namespace {

using resilience::Quota;
using resilience::RateVerdict;
using resilience::WindowState;

// $1 key, $2 start of now's window, $3 start of the window before, $4 now, $5 W (window in ms),
// $6 W − e (weight of the previous window, ms), $7 q. With s the stored row:
//   s.ventana_en ≥ $2  same window (or later, from a clock ahead of ours: kept, read at e = 0)
//   s.ventana_en = $3  the previous window: its count becomes count_anterior
//   otherwise          older: both counts are zero
// Admitted when count·W + count_anterior·weight < q·W (sliding_window.hpp); only then does the
// DO UPDATE happen and a row come back. Numeric parameters are cast so PostgreSQL types them
// bigint and the products cannot overflow.
constexpr std::string_view kHit = R"sql(
INSERT INTO rate_limit_state AS s (key, ventana_en, count, count_anterior, actualizado_en)
VALUES ($1, $2, 1, 0, $4)
ON CONFLICT (key) DO UPDATE SET
  ventana_en = CASE WHEN s.ventana_en > $2 THEN s.ventana_en ELSE $2 END,
  count = CASE WHEN s.ventana_en >= $2 THEN s.count ELSE 0 END + 1,
  count_anterior = CASE WHEN s.ventana_en >= $2 THEN s.count_anterior
                        WHEN s.ventana_en = $3 THEN s.count ELSE 0 END,
  actualizado_en = $4
WHERE CAST(CASE WHEN s.ventana_en >= $2 THEN s.count ELSE 0 END AS BIGINT) * CAST($5 AS BIGINT)
    + CAST(CASE WHEN s.ventana_en >= $2 THEN s.count_anterior
                WHEN s.ventana_en = $3 THEN s.count ELSE 0 END AS BIGINT)
      * CASE WHEN s.ventana_en > $2 THEN CAST($5 AS BIGINT) ELSE CAST($6 AS BIGINT) END
    < CAST($7 AS BIGINT) * CAST($5 AS BIGINT)
RETURNING ventana_en, count, count_anterior)sql";

constexpr std::string_view kRead =
    "SELECT ventana_en, count, count_anterior FROM rate_limit_state WHERE key = $1";

constexpr std::string_view kPurge = "DELETE FROM rate_limit_state WHERE actualizado_en < $1";

WindowState StateOf(const store::Row& row) {
  return WindowState{row.Time(0), row.Int(1), row.Int(2)};
}

}  // namespace

RateVerdict SqlRateLimitStore::Hit(const std::string& key, core::Timestamp now,
                                   const Quota& quota) {
  const WindowState fresh = resilience::Roll(WindowState{}, now, quota);
  const core::Timestamp start = fresh.window_start;
  const core::Timestamp before = start - std::chrono::seconds(quota.window_s);
  const std::int64_t weight = quota.window_ms() - resilience::ElapsedMs(fresh, now, quota);

  store::TxOptions options;
  options.deadline = std::chrono::steady_clock::now() + budget_;
  options.statement_timeout = budget_;
  try {
    return db_.Write(
        [&](store::Tx& tx) {
          auto rows =
              tx.Query(kHit, {key, start, before, now, quota.window_ms(), weight, quota.limit});
          if (!rows.empty()) {
            return resilience::Describe(resilience::Roll(StateOf(rows[0]), now, quota), now, quota,
                                        true);
          }
          auto row = tx.QueryOne(kRead, {key});
          if (!row) throw std::logic_error("rate_limit_state row vanished inside its transaction");
          return resilience::Describe(resilience::Roll(StateOf(*row), now, quota), now, quota,
                                      false);
        },
        options);
  } catch (const store::DbError& e) {
    throw resilience::RateLimitStoreUnavailable(e.what());
  }
}

std::int64_t SqlRateLimitStore::PurgeStale(core::Timestamp before) {
  return db_.Write([&](store::Tx& tx) { return tx.Exec(kPurge, {before}); });
}

}  // namespace mm::services
