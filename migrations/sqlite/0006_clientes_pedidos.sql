-- Customers with an optional credit account (fiado), the credit ledger, and customer orders with
-- their items and payments (domain.md §1.5); the links from sales, cash movements, the kardex
-- and order reservations to them.

CREATE TABLE clientes (
  id TEXT PRIMARY KEY,
  nombre TEXT NOT NULL CHECK (length(nombre) BETWEEN 1 AND 120),
  busqueda_normalizado TEXT NOT NULL,
  telefono TEXT CHECK (telefono IS NULL OR length(telefono) <= 40),
  email TEXT CHECK (email IS NULL OR length(email) <= 254),
  whatsapp_e164 TEXT CHECK (whatsapp_e164 IS NULL
                            OR (length(whatsapp_e164) BETWEEN 9 AND 16
                                AND whatsapp_e164 GLOB '+[1-9]*'
                                AND substr(whatsapp_e164, 2) NOT GLOB '*[^0-9]*')),
  documento TEXT CHECK (documento IS NULL OR (length(documento) IN (7, 8, 11) AND documento NOT GLOB '*[^0-9]*')),
  direccion_default TEXT CHECK (direccion_default IS NULL OR length(direccion_default) <= 200),
  edificio TEXT CHECK (edificio IS NULL OR length(edificio) <= 20),
  piso TEXT CHECK (piso IS NULL OR length(piso) <= 20),
  departamento TEXT CHECK (departamento IS NULL OR length(departamento) <= 20),
  observaciones TEXT CHECK (observaciones IS NULL OR length(observaciones) <= 1000),
  link_pago TEXT CHECK (link_pago IS NULL OR length(link_pago) <= 500),
  limite_credito_centavos INTEGER NOT NULL DEFAULT 0
    CHECK (limite_credito_centavos BETWEEN 0 AND 100000000000),
  saldo_centavos INTEGER NOT NULL DEFAULT 0,
  cc_secuencia INTEGER NOT NULL DEFAULT 0 CHECK (cc_secuencia >= 0),
  ultimo_movimiento_en TEXT,
  activo INTEGER NOT NULL DEFAULT 1 CHECK (activo IN (0, 1)),
  version INTEGER NOT NULL DEFAULT 0,
  creado_en TEXT NOT NULL,
  actualizado_en TEXT NOT NULL
);
CREATE UNIQUE INDEX clientes_documento_unico ON clientes (documento) WHERE documento IS NOT NULL;
CREATE INDEX clientes_telefono ON clientes (telefono);
-- Substring search (decision 26): FTS5 trigram tables written by the repository with the row.
CREATE VIRTUAL TABLE clientes_fts USING fts5(id UNINDEXED, texto, tokenize = 'trigram');
CREATE INDEX clientes_con_saldo ON clientes (saldo_centavos) WHERE saldo_centavos <> 0;

CREATE TABLE pedidos (
  id TEXT PRIMARY KEY,
  numero INTEGER NOT NULL,
  cliente_id TEXT REFERENCES clientes (id),
  cliente_nombre TEXT NOT NULL CHECK (length(cliente_nombre) BETWEEN 1 AND 120),
  cliente_telefono TEXT CHECK (cliente_telefono IS NULL OR length(cliente_telefono) <= 40),
  busqueda_normalizado TEXT NOT NULL,
  tipo_entrega TEXT NOT NULL DEFAULT 'retiro' CHECK (tipo_entrega IN ('retiro', 'domicilio')),
  direccion_entrega TEXT CHECK (direccion_entrega IS NULL OR length(direccion_entrega) <= 200),
  edificio TEXT CHECK (edificio IS NULL OR length(edificio) <= 20),
  piso TEXT CHECK (piso IS NULL OR length(piso) <= 20),
  departamento TEXT CHECK (departamento IS NULL OR length(departamento) <= 20),
  horario_entrega_preferido TEXT
    CHECK (horario_entrega_preferido IS NULL OR length(horario_entrega_preferido) <= 40),
  ubicacion_id TEXT NOT NULL REFERENCES ubicaciones (id),
  estado TEXT NOT NULL DEFAULT 'pendiente'
    CHECK (estado IN ('pendiente', 'preparando', 'listo', 'entregado', 'cancelado')),
  estado_pago TEXT NOT NULL DEFAULT 'pendiente'
    CHECK (estado_pago IN ('pendiente', 'parcial', 'pagado')),
  total_centavos INTEGER NOT NULL CHECK (total_centavos >= 0),
  pagado_centavos INTEGER NOT NULL DEFAULT 0,
  fecha_entrega_estimada TEXT,
  observaciones TEXT CHECK (observaciones IS NULL OR length(observaciones) <= 500),
  observaciones_internas TEXT
    CHECK (observaciones_internas IS NULL OR length(observaciones_internas) <= 500),
  creado_por TEXT NOT NULL REFERENCES usuarios (id),
  preparado_por TEXT REFERENCES usuarios (id),
  entregado_por TEXT REFERENCES usuarios (id),
  cancelado_por TEXT REFERENCES usuarios (id),
  preparando_en TEXT,
  listo_en TEXT,
  entregado_en TEXT,
  cancelado_en TEXT,
  motivo_cancelacion TEXT,
  version INTEGER NOT NULL DEFAULT 0,
  creado_en TEXT NOT NULL,
  actualizado_en TEXT NOT NULL,
  CONSTRAINT pedidos_numero_unico UNIQUE (numero),
  CHECK (tipo_entrega = 'retiro' OR direccion_entrega IS NOT NULL),
  CHECK (pagado_centavos BETWEEN 0 AND total_centavos),
  CHECK (estado_pago = CASE WHEN pagado_centavos = total_centavos THEN 'pagado'
                            WHEN pagado_centavos > 0 THEN 'parcial'
                            ELSE 'pendiente' END),
  CHECK ((estado = 'entregado') = (entregado_en IS NOT NULL AND entregado_por IS NOT NULL)),
  CHECK ((estado = 'cancelado') = (cancelado_en IS NOT NULL AND cancelado_por IS NOT NULL
                                   AND motivo_cancelacion IS NOT NULL))
);
CREATE INDEX pedidos_estado_creado ON pedidos (estado, creado_en);
CREATE INDEX pedidos_cliente ON pedidos (cliente_id) WHERE cliente_id IS NOT NULL;
CREATE INDEX pedidos_estado_pago ON pedidos (estado_pago);
CREATE VIRTUAL TABLE pedidos_fts USING fts5(id UNINDEXED, texto, tokenize = 'trigram');

CREATE TABLE pedido_items (
  id TEXT PRIMARY KEY,
  pedido_id TEXT NOT NULL REFERENCES pedidos (id),
  producto_id TEXT REFERENCES productos (id),
  descripcion TEXT NOT NULL CHECK (length(descripcion) BETWEEN 1 AND 120),
  producto_sku TEXT,
  unidad TEXT CHECK (unidad IS NULL OR unidad IN ('u', 'g', 'ml')),
  cantidad INTEGER NOT NULL CHECK (cantidad > 0),
  precio_unitario_centavos INTEGER NOT NULL CHECK (precio_unitario_centavos >= 0),
  subtotal_centavos INTEGER NOT NULL CHECK (subtotal_centavos >= 0),
  preparado INTEGER NOT NULL DEFAULT 0 CHECK (preparado IN (0, 1)),
  preparado_en TEXT,
  preparado_por TEXT REFERENCES usuarios (id),
  observaciones TEXT CHECK (observaciones IS NULL OR length(observaciones) <= 200),
  creado_en TEXT NOT NULL,
  actualizado_en TEXT NOT NULL,
  CHECK (preparado = (preparado_en IS NOT NULL AND preparado_por IS NOT NULL)),
  CHECK ((producto_id IS NULL) = (unidad IS NULL))
);
CREATE INDEX pedido_items_pedido ON pedido_items (pedido_id);
CREATE UNIQUE INDEX pedido_items_producto_unico ON pedido_items (pedido_id, producto_id)
  WHERE producto_id IS NOT NULL;

-- The credit ledger: append-only; the sign is tied to tipo; one sequence per customer.
CREATE TABLE cuentas_corrientes_movimientos (
  id TEXT PRIMARY KEY,
  cliente_id TEXT NOT NULL REFERENCES clientes (id),
  usuario_id TEXT NOT NULL REFERENCES usuarios (id),
  tipo TEXT NOT NULL CHECK (tipo IN ('cargo', 'pago', 'devolucion', 'ajuste')),
  monto_centavos INTEGER NOT NULL,
  secuencia INTEGER NOT NULL CHECK (secuencia > 0),
  saldo_posterior_centavos INTEGER NOT NULL,
  metodo TEXT CHECK (metodo IN ('efectivo', 'debito', 'credito', 'transferencia', 'qr')),
  venta_id TEXT REFERENCES ventas (id),
  devolucion_id TEXT REFERENCES devoluciones (id),
  pedido_id TEXT REFERENCES pedidos (id),
  sesion_caja_id TEXT REFERENCES sesiones_caja (id),
  descripcion TEXT CHECK (descripcion IS NULL OR length(descripcion) <= 200),
  creado_en TEXT NOT NULL,
  CONSTRAINT cc_movimientos_secuencia_unica UNIQUE (cliente_id, secuencia),
  CHECK ((tipo = 'cargo' AND monto_centavos > 0) OR (tipo = 'pago' AND monto_centavos < 0)
         OR (tipo = 'devolucion' AND monto_centavos < 0) OR (tipo = 'ajuste' AND monto_centavos <> 0)),
  CHECK ((metodo IS NOT NULL) = (tipo = 'pago')),
  CHECK (tipo <> 'ajuste' OR descripcion IS NOT NULL)
);
CREATE INDEX cc_movimientos_creado_en ON cuentas_corrientes_movimientos (creado_en);
CREATE INDEX cc_movimientos_venta ON cuentas_corrientes_movimientos (venta_id)
  WHERE venta_id IS NOT NULL;
CREATE INDEX cc_movimientos_pedido ON cuentas_corrientes_movimientos (pedido_id)
  WHERE pedido_id IS NOT NULL;

CREATE TABLE pedido_pagos (
  id TEXT PRIMARY KEY,
  pedido_id TEXT NOT NULL REFERENCES pedidos (id),
  tipo TEXT NOT NULL DEFAULT 'pago' CHECK (tipo IN ('pago', 'reembolso')),
  metodo TEXT NOT NULL
    CHECK (metodo IN ('efectivo', 'debito', 'credito', 'transferencia', 'qr', 'cuenta_corriente')),
  monto_centavos INTEGER NOT NULL CHECK (monto_centavos > 0),
  sesion_caja_id TEXT REFERENCES sesiones_caja (id),
  cc_movimiento_id TEXT REFERENCES cuentas_corrientes_movimientos (id),
  usuario_id TEXT NOT NULL REFERENCES usuarios (id),
  referencia TEXT CHECK (referencia IS NULL OR length(referencia) <= 120),
  creado_en TEXT NOT NULL,
  CHECK ((sesion_caja_id IS NOT NULL) = (metodo = 'efectivo')),
  CHECK ((cc_movimiento_id IS NOT NULL) = (metodo = 'cuenta_corriente'))
);
CREATE INDEX pedido_pagos_pedido ON pedido_pagos (pedido_id);

-- Links from the sale, the drawer, the kardex and the holds.
ALTER TABLE ventas ADD COLUMN cliente_id TEXT REFERENCES clientes (id);
CREATE INDEX ventas_cliente ON ventas (cliente_id) WHERE cliente_id IS NOT NULL;
ALTER TABLE movimientos_caja ADD COLUMN pedido_id TEXT REFERENCES pedidos (id);
ALTER TABLE movimientos_caja ADD COLUMN cc_movimiento_id TEXT
  REFERENCES cuentas_corrientes_movimientos (id);
ALTER TABLE movimientos_deposito ADD COLUMN pedido_id TEXT REFERENCES pedidos (id);
ALTER TABLE movimientos_deposito ADD COLUMN pedido_item_id TEXT REFERENCES pedido_items (id);
CREATE INDEX movimientos_pedido ON movimientos_deposito (pedido_id) WHERE pedido_id IS NOT NULL;
-- stock_reservado.pedido_id and pedido_item_id keep no foreign key here: the 12-step rebuild would
-- drop a table venta_items now refers to, which SQLite refuses with foreign keys on. The
-- invariant checker verifies that every order hold names a real order and item.
