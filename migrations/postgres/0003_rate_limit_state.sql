-- The rate limiter's sliding-window counters (domain.md §1.9, api.md §4, decision 32): one row
-- per policy and key, written by services/sql_rate_limit_store.cpp with instants from the C++
-- clock (decision 28). UNLOGGED: every request writes here, and the counters need no WAL or
-- crash durability (after a crash they restart empty, which only forgets the last few minutes).

CREATE UNLOGGED TABLE rate_limit_state (
  key text PRIMARY KEY CHECK (length(key) BETWEEN 1 AND 200),
  ventana_en timestamptz NOT NULL,
  count integer NOT NULL DEFAULT 0 CHECK (count >= 0),
  count_anterior integer NOT NULL DEFAULT 0 CHECK (count_anterior >= 0),
  actualizado_en timestamptz NOT NULL
);
CREATE INDEX rate_limit_state_actualizado_en ON rate_limit_state (actualizado_en);
