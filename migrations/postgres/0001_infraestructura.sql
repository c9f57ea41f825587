-- Infrastructure tables every module uses (domain.md §1.8, §1.9; jobs.md §4.1, §4.6).
-- Instants come from the C++ clock (decision 28): no column has a time default.

CREATE TABLE idempotency_keys (
  id uuid PRIMARY KEY,
  scope text NOT NULL,
  principal text NOT NULL,
  key text NOT NULL CHECK (length(key) BETWEEN 1 AND 128),
  fingerprint text NOT NULL,
  response_status integer CHECK (response_status IS NULL OR response_status BETWEEN 200 AND 299),
  response_body text,
  resource_id text,
  request_id text NOT NULL,
  creado_en timestamptz NOT NULL,
  expira_en timestamptz NOT NULL,
  UNIQUE (scope, principal, key)
);
CREATE INDEX idempotency_keys_expira_en ON idempotency_keys (expira_en);

-- No foreign key and no CHECK on accion (decision 29): the closed list lives in C++.
CREATE TABLE audit_log (
  id uuid PRIMARY KEY,
  usuario_id uuid,
  rol text,
  accion text NOT NULL,
  entidad_tipo text NOT NULL,
  entidad_id text,
  nivel text NOT NULL DEFAULT 'info' CHECK (nivel IN ('info', 'warning', 'critical')),
  request_id text,
  ip text,
  user_agent text,
  detalles jsonb,
  creado_en timestamptz NOT NULL
);
CREATE INDEX audit_log_creado_en ON audit_log (creado_en);
CREATE INDEX audit_log_entidad ON audit_log (entidad_tipo, entidad_id);
CREATE INDEX audit_log_usuario ON audit_log (usuario_id, creado_en);
CREATE INDEX audit_log_accion ON audit_log (accion, creado_en);

CREATE TABLE cache_versions (
  namespace text PRIMARY KEY,
  version bigint NOT NULL CHECK (version >= 1),
  actualizado_en timestamptz NOT NULL
);

CREATE TABLE notification_recipients (
  id uuid PRIMARY KEY,
  event_type text NOT NULL,
  channel text NOT NULL CHECK (channel IN ('email', 'slack', 'webhook', 'sms')),
  address text NOT NULL,
  active boolean NOT NULL DEFAULT true,
  created_by uuid,
  creado_en timestamptz NOT NULL,
  actualizado_en timestamptz NOT NULL,
  UNIQUE (event_type, channel, address)
);

CREATE TABLE notification_outbox (
  id uuid PRIMARY KEY,
  event_type text NOT NULL,
  dedupe_key text NOT NULL UNIQUE,
  channel text NOT NULL CHECK (channel IN ('email', 'slack', 'webhook', 'sms')),
  recipient text NOT NULL,
  priority text NOT NULL CHECK (priority IN ('critical', 'normal')),
  subject text NOT NULL,
  body_text text NOT NULL,
  body_html text,
  payload jsonb,
  status text NOT NULL DEFAULT 'pending'
    CHECK (status IN ('pending', 'sending', 'sent', 'simulated', 'dead')),
  attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  proximo_intento_en timestamptz NOT NULL,
  claimed_by text,
  reclamo_expira_en timestamptz,
  last_error text,
  provider_message_id text,
  creado_en timestamptz NOT NULL,
  enviado_en timestamptz
);
CREATE INDEX notification_outbox_due ON notification_outbox (status, proximo_intento_en);
