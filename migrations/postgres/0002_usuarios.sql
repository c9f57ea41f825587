-- Users, sessions, lockout and JWT signing keys (domain.md §1.8, api.md §3).

CREATE TABLE usuarios (
  id uuid PRIMARY KEY,
  email text NOT NULL UNIQUE CHECK (email = lower(email)),
  nombre text NOT NULL,
  busqueda_normalizado text NOT NULL,
  rol text NOT NULL CHECK (rol IN ('admin', 'deposito', 'ventas', 'usuario')),
  origen text NOT NULL DEFAULT 'local' CHECK (origen IN ('local', 'externo')),
  password_hash text,
  externo_iss text,
  externo_sub text,
  activo boolean NOT NULL DEFAULT true,
  debe_cambiar_password boolean NOT NULL DEFAULT false,
  tokens_invalidados_en timestamptz NOT NULL,
  password_cambiada_en timestamptz,
  ultimo_login_en timestamptz,
  version integer NOT NULL DEFAULT 0,
  creado_en timestamptz NOT NULL,
  actualizado_en timestamptz NOT NULL,
  CHECK ((origen = 'local') = (password_hash IS NOT NULL))
);
CREATE UNIQUE INDEX usuarios_externo ON usuarios (externo_iss, externo_sub)
  WHERE externo_iss IS NOT NULL;

CREATE TABLE login_bloqueos (
  email_hash text PRIMARY KEY,
  fallos integer NOT NULL DEFAULT 0,
  primer_fallo_en timestamptz NOT NULL,
  desbloqueo_en timestamptz,
  actualizado_en timestamptz NOT NULL
);

CREATE TABLE refresh_tokens (
  id uuid PRIMARY KEY,
  usuario_id uuid NOT NULL REFERENCES usuarios (id) ON DELETE CASCADE,
  sesion_id uuid NOT NULL,
  token_hash text NOT NULL UNIQUE,
  emitido_en timestamptz NOT NULL,
  expira_en timestamptz NOT NULL,
  sesion_expira_en timestamptz NOT NULL,
  usado_en timestamptz,
  revocado_en timestamptz,
  reemplazado_por uuid,
  ip text,
  user_agent text
);
CREATE INDEX refresh_tokens_usuario ON refresh_tokens (usuario_id);
CREATE INDEX refresh_tokens_sesion ON refresh_tokens (sesion_id);
CREATE INDEX refresh_tokens_expira ON refresh_tokens (expira_en);

CREATE TABLE signing_keys (
  kid text PRIMARY KEY,
  algoritmo text NOT NULL DEFAULT 'ES256' CHECK (algoritmo = 'ES256'),
  clave_publica_pem text NOT NULL,
  clave_privada_cifrada bytea NOT NULL,
  estado text NOT NULL CHECK (estado IN ('activa', 'retirada')),
  activada_en timestamptz NOT NULL,
  retirada_en timestamptz,
  verificacion_expira_en timestamptz
);
CREATE UNIQUE INDEX signing_keys_una_activa ON signing_keys (estado) WHERE estado = 'activa';
