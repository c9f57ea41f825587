-- The rate limiter's sliding-window counters (domain.md §1.9, api.md §4, decision 32). The
-- embedded shape counts in memory; the table is here so both dialects have the same schema.
-- Instants are fixed-width UTC text 'YYYY-MM-DDTHH:MM:SS.ffffffZ' written by C++ (decision 28).

CREATE TABLE rate_limit_state (
  key TEXT PRIMARY KEY CHECK (length(key) BETWEEN 1 AND 200),
  ventana_en TEXT NOT NULL,
  count INTEGER NOT NULL DEFAULT 0 CHECK (count >= 0),
  count_anterior INTEGER NOT NULL DEFAULT 0 CHECK (count_anterior >= 0),
  actualizado_en TEXT NOT NULL
);
CREATE INDEX rate_limit_state_actualizado_en ON rate_limit_state (actualizado_en);
