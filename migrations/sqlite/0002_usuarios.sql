-- Users, sessions, lockout and JWT signing keys (domain.md §1.8, api.md §3).

CREATE TABLE usuarios (
  id TEXT PRIMARY KEY,
  email TEXT NOT NULL UNIQUE CHECK (email = lower(email)),
  nombre TEXT NOT NULL,
  busqueda_normalizado TEXT NOT NULL,
  rol TEXT NOT NULL CHECK (rol IN ('admin', 'deposito', 'ventas', 'usuario')),
  origen TEXT NOT NULL DEFAULT 'local' CHECK (origen IN ('local', 'externo')),
  password_hash TEXT,
  externo_iss TEXT,
  externo_sub TEXT,
  activo INTEGER NOT NULL DEFAULT 1 CHECK (activo IN (0, 1)),
  debe_cambiar_password INTEGER NOT NULL DEFAULT 0 CHECK (debe_cambiar_password IN (0, 1)),
  tokens_invalidados_en TEXT NOT NULL,
  password_cambiada_en TEXT,
  ultimo_login_en TEXT,
  version INTEGER NOT NULL DEFAULT 0,
  creado_en TEXT NOT NULL,
  actualizado_en TEXT NOT NULL,
  CHECK ((origen = 'local') = (password_hash IS NOT NULL))
);
CREATE UNIQUE INDEX usuarios_externo ON usuarios (externo_iss, externo_sub)
  WHERE externo_iss IS NOT NULL;

CREATE TABLE login_bloqueos (
  email_hash TEXT PRIMARY KEY,
  fallos INTEGER NOT NULL DEFAULT 0,
  primer_fallo_en TEXT NOT NULL,
  desbloqueo_en TEXT,
  actualizado_en TEXT NOT NULL
);

CREATE TABLE refresh_tokens (
  id TEXT PRIMARY KEY,
  usuario_id TEXT NOT NULL REFERENCES usuarios (id) ON DELETE CASCADE,
  sesion_id TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  emitido_en TEXT NOT NULL,
  expira_en TEXT NOT NULL,
  sesion_expira_en TEXT NOT NULL,
  usado_en TEXT,
  revocado_en TEXT,
  reemplazado_por TEXT,
  ip TEXT,
  user_agent TEXT
);
CREATE INDEX refresh_tokens_usuario ON refresh_tokens (usuario_id);
CREATE INDEX refresh_tokens_sesion ON refresh_tokens (sesion_id);
CREATE INDEX refresh_tokens_expira ON refresh_tokens (expira_en);

CREATE TABLE signing_keys (
  kid TEXT PRIMARY KEY,
  algoritmo TEXT NOT NULL DEFAULT 'ES256' CHECK (algoritmo = 'ES256'),
  clave_publica_pem TEXT NOT NULL,
  clave_privada_cifrada BLOB NOT NULL,
  estado TEXT NOT NULL CHECK (estado IN ('activa', 'retirada')),
  activada_en TEXT NOT NULL,
  retirada_en TEXT,
  verificacion_expira_en TEXT
);
CREATE UNIQUE INDEX signing_keys_una_activa ON signing_keys (estado) WHERE estado = 'activa';
