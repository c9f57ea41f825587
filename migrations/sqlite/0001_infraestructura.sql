-- Infrastructure tables every module uses (domain.md §1.8, §1.9; jobs.md §4.1, §4.6).
-- Instants are fixed-width UTC text 'YYYY-MM-DDTHH:MM:SS.ffffffZ' written by C++ (decision 28).

CREATE TABLE idempotency_keys (
  id TEXT PRIMARY KEY,
  scope TEXT NOT NULL,
  principal TEXT NOT NULL,
  key TEXT NOT NULL CHECK (length(key) BETWEEN 1 AND 128),
  fingerprint TEXT NOT NULL,
  response_status INTEGER CHECK (response_status IS NULL OR response_status BETWEEN 200 AND 299),
  response_body TEXT,
  resource_id TEXT,
  request_id TEXT NOT NULL,
  creado_en TEXT NOT NULL,
  expira_en TEXT NOT NULL,
  UNIQUE (scope, principal, key)
);
CREATE INDEX idempotency_keys_expira_en ON idempotency_keys (expira_en);

-- No foreign key and no CHECK on accion (decision 29): the closed list lives in C++.
CREATE TABLE audit_log (
  id TEXT PRIMARY KEY,
  usuario_id TEXT,
  rol TEXT,
  accion TEXT NOT NULL,
  entidad_tipo TEXT NOT NULL,
  entidad_id TEXT,
  nivel TEXT NOT NULL DEFAULT 'info' CHECK (nivel IN ('info', 'warning', 'critical')),
  request_id TEXT,
  ip TEXT,
  user_agent TEXT,
  detalles TEXT CHECK (detalles IS NULL OR json_valid(detalles)),
  creado_en TEXT NOT NULL
);
CREATE INDEX audit_log_creado_en ON audit_log (creado_en);
CREATE INDEX audit_log_entidad ON audit_log (entidad_tipo, entidad_id);
CREATE INDEX audit_log_usuario ON audit_log (usuario_id, creado_en);
CREATE INDEX audit_log_accion ON audit_log (accion, creado_en);

CREATE TABLE cache_versions (
  namespace TEXT PRIMARY KEY,
  version INTEGER NOT NULL CHECK (version >= 1),
  actualizado_en TEXT NOT NULL
);

CREATE TABLE notification_recipients (
  id TEXT PRIMARY KEY,
  event_type TEXT NOT NULL,
  channel TEXT NOT NULL CHECK (channel IN ('email', 'slack', 'webhook', 'sms')),
  address TEXT NOT NULL,
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_by TEXT,
  creado_en TEXT NOT NULL,
  actualizado_en TEXT NOT NULL,
  UNIQUE (event_type, channel, address)
);

CREATE TABLE notification_outbox (
  id TEXT PRIMARY KEY,
  event_type TEXT NOT NULL,
  dedupe_key TEXT NOT NULL UNIQUE,
  channel TEXT NOT NULL CHECK (channel IN ('email', 'slack', 'webhook', 'sms')),
  recipient TEXT NOT NULL,
  priority TEXT NOT NULL CHECK (priority IN ('critical', 'normal')),
  subject TEXT NOT NULL,
  body_text TEXT NOT NULL,
  body_html TEXT,
  payload TEXT CHECK (payload IS NULL OR json_valid(payload)),
  status TEXT NOT NULL DEFAULT 'pending'
    CHECK (status IN ('pending', 'sending', 'sent', 'simulated', 'dead')),
  attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  proximo_intento_en TEXT NOT NULL,
  claimed_by TEXT,
  reclamo_expira_en TEXT,
  last_error TEXT,
  provider_message_id TEXT,
  creado_en TEXT NOT NULL,
  enviado_en TEXT
);
CREATE INDEX notification_outbox_due ON notification_outbox (status, proximo_intento_en);
