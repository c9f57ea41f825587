-- Customers with an optional credit account (fiado), the credit ledger, and customer orders with
-- their items and payments (domain.md §1.5); the links from sales, cash movements, the kardex
-- and order reservations to them.

CREATE TABLE clientes (
  id uuid PRIMARY KEY,
  nombre text NOT NULL CHECK (char_length(nombre) BETWEEN 1 AND 120),
  busqueda_normalizado text NOT NULL,
  telefono text CHECK (telefono IS NULL OR char_length(telefono) <= 40),
  email text CHECK (email IS NULL OR char_length(email) <= 254),
  whatsapp_e164 text CHECK (whatsapp_e164 IS NULL OR whatsapp_e164 ~ '^\+[1-9][0-9]{7,14}$'),
  documento text CHECK (documento IS NULL OR documento ~ '^([0-9]{7,8}|[0-9]{11})$'),
  direccion_default text CHECK (direccion_default IS NULL OR char_length(direccion_default) <= 200),
  edificio text CHECK (edificio IS NULL OR char_length(edificio) <= 20),
  piso text CHECK (piso IS NULL OR char_length(piso) <= 20),
  departamento text CHECK (departamento IS NULL OR char_length(departamento) <= 20),
  observaciones text CHECK (observaciones IS NULL OR char_length(observaciones) <= 1000),
  link_pago text CHECK (link_pago IS NULL OR char_length(link_pago) <= 500),
  limite_credito_centavos bigint NOT NULL DEFAULT 0
    CHECK (limite_credito_centavos BETWEEN 0 AND 100000000000),
  saldo_centavos bigint NOT NULL DEFAULT 0,
  cc_secuencia bigint NOT NULL DEFAULT 0 CHECK (cc_secuencia >= 0),
  ultimo_movimiento_en timestamptz,
  activo boolean NOT NULL DEFAULT true,
  version integer NOT NULL DEFAULT 0,
  creado_en timestamptz NOT NULL,
  actualizado_en timestamptz NOT NULL
);
CREATE UNIQUE INDEX clientes_documento_unico ON clientes (documento) WHERE documento IS NOT NULL;
CREATE INDEX clientes_telefono ON clientes (telefono);
CREATE INDEX clientes_busqueda_trgm ON clientes USING gin (busqueda_normalizado gin_trgm_ops);
CREATE INDEX clientes_con_saldo ON clientes (saldo_centavos) WHERE saldo_centavos <> 0;

CREATE SEQUENCE pedidos_numero_seq;
CREATE TABLE pedidos (
  id uuid PRIMARY KEY,
  numero bigint NOT NULL,
  cliente_id uuid REFERENCES clientes (id),
  cliente_nombre text NOT NULL CHECK (char_length(cliente_nombre) BETWEEN 1 AND 120),
  cliente_telefono text CHECK (cliente_telefono IS NULL OR char_length(cliente_telefono) <= 40),
  busqueda_normalizado text NOT NULL,
  tipo_entrega text NOT NULL DEFAULT 'retiro' CHECK (tipo_entrega IN ('retiro', 'domicilio')),
  direccion_entrega text CHECK (direccion_entrega IS NULL OR char_length(direccion_entrega) <= 200),
  edificio text CHECK (edificio IS NULL OR char_length(edificio) <= 20),
  piso text CHECK (piso IS NULL OR char_length(piso) <= 20),
  departamento text CHECK (departamento IS NULL OR char_length(departamento) <= 20),
  horario_entrega_preferido text
    CHECK (horario_entrega_preferido IS NULL OR char_length(horario_entrega_preferido) <= 40),
  ubicacion_id uuid NOT NULL REFERENCES ubicaciones (id),
  estado text NOT NULL DEFAULT 'pendiente'
    CHECK (estado IN ('pendiente', 'preparando', 'listo', 'entregado', 'cancelado')),
  estado_pago text NOT NULL DEFAULT 'pendiente'
    CHECK (estado_pago IN ('pendiente', 'parcial', 'pagado')),
  total_centavos bigint NOT NULL CHECK (total_centavos >= 0),
  pagado_centavos bigint NOT NULL DEFAULT 0,
  fecha_entrega_estimada date,
  observaciones text CHECK (observaciones IS NULL OR char_length(observaciones) <= 500),
  observaciones_internas text
    CHECK (observaciones_internas IS NULL OR char_length(observaciones_internas) <= 500),
  creado_por uuid NOT NULL REFERENCES usuarios (id),
  preparado_por uuid REFERENCES usuarios (id),
  entregado_por uuid REFERENCES usuarios (id),
  cancelado_por uuid REFERENCES usuarios (id),
  preparando_en timestamptz,
  listo_en timestamptz,
  entregado_en timestamptz,
  cancelado_en timestamptz,
  motivo_cancelacion text,
  version integer NOT NULL DEFAULT 0,
  creado_en timestamptz NOT NULL,
  actualizado_en timestamptz NOT NULL,
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
CREATE INDEX pedidos_busqueda_trgm ON pedidos USING gin (busqueda_normalizado gin_trgm_ops);

CREATE TABLE pedido_items (
  id uuid PRIMARY KEY,
  pedido_id uuid NOT NULL REFERENCES pedidos (id),
  producto_id uuid REFERENCES productos (id),
  descripcion text NOT NULL CHECK (char_length(descripcion) BETWEEN 1 AND 120),
  producto_sku text,
  unidad text CHECK (unidad IS NULL OR unidad IN ('u', 'g', 'ml')),
  cantidad bigint NOT NULL CHECK (cantidad > 0),
  precio_unitario_centavos bigint NOT NULL CHECK (precio_unitario_centavos >= 0),
  subtotal_centavos bigint NOT NULL CHECK (subtotal_centavos >= 0),
  preparado boolean NOT NULL DEFAULT false,
  preparado_en timestamptz,
  preparado_por uuid REFERENCES usuarios (id),
  observaciones text CHECK (observaciones IS NULL OR char_length(observaciones) <= 200),
  creado_en timestamptz NOT NULL,
  actualizado_en timestamptz NOT NULL,
  CHECK (preparado = (preparado_en IS NOT NULL AND preparado_por IS NOT NULL)),
  CHECK ((producto_id IS NULL) = (unidad IS NULL))
);
CREATE INDEX pedido_items_pedido ON pedido_items (pedido_id);
CREATE UNIQUE INDEX pedido_items_producto_unico ON pedido_items (pedido_id, producto_id)
  WHERE producto_id IS NOT NULL;

-- The credit ledger: append-only; the sign is tied to tipo; one sequence per customer.
CREATE TABLE cuentas_corrientes_movimientos (
  id uuid PRIMARY KEY,
  cliente_id uuid NOT NULL REFERENCES clientes (id),
  usuario_id uuid NOT NULL REFERENCES usuarios (id),
  tipo text NOT NULL CHECK (tipo IN ('cargo', 'pago', 'devolucion', 'ajuste')),
  monto_centavos bigint NOT NULL,
  secuencia bigint NOT NULL CHECK (secuencia > 0),
  saldo_posterior_centavos bigint NOT NULL,
  metodo text CHECK (metodo IN ('efectivo', 'debito', 'credito', 'transferencia', 'qr')),
  venta_id uuid REFERENCES ventas (id),
  devolucion_id uuid REFERENCES devoluciones (id),
  pedido_id uuid REFERENCES pedidos (id),
  sesion_caja_id uuid REFERENCES sesiones_caja (id),
  descripcion text CHECK (descripcion IS NULL OR char_length(descripcion) <= 200),
  creado_en timestamptz NOT NULL,
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
  id uuid PRIMARY KEY,
  pedido_id uuid NOT NULL REFERENCES pedidos (id),
  tipo text NOT NULL DEFAULT 'pago' CHECK (tipo IN ('pago', 'reembolso')),
  metodo text NOT NULL
    CHECK (metodo IN ('efectivo', 'debito', 'credito', 'transferencia', 'qr', 'cuenta_corriente')),
  monto_centavos bigint NOT NULL CHECK (monto_centavos > 0),
  sesion_caja_id uuid REFERENCES sesiones_caja (id),
  cc_movimiento_id uuid REFERENCES cuentas_corrientes_movimientos (id),
  usuario_id uuid NOT NULL REFERENCES usuarios (id),
  referencia text CHECK (referencia IS NULL OR char_length(referencia) <= 120),
  creado_en timestamptz NOT NULL,
  CHECK ((sesion_caja_id IS NOT NULL) = (metodo = 'efectivo')),
  CHECK ((cc_movimiento_id IS NOT NULL) = (metodo = 'cuenta_corriente'))
);
CREATE INDEX pedido_pagos_pedido ON pedido_pagos (pedido_id);

-- Links from the sale, the drawer, the kardex and the holds.
ALTER TABLE ventas ADD COLUMN cliente_id uuid REFERENCES clientes (id);
CREATE INDEX ventas_cliente ON ventas (cliente_id) WHERE cliente_id IS NOT NULL;
ALTER TABLE movimientos_caja ADD COLUMN pedido_id uuid REFERENCES pedidos (id);
ALTER TABLE movimientos_caja ADD COLUMN cc_movimiento_id uuid
  REFERENCES cuentas_corrientes_movimientos (id);
ALTER TABLE movimientos_deposito ADD COLUMN pedido_id uuid REFERENCES pedidos (id);
ALTER TABLE movimientos_deposito ADD COLUMN pedido_item_id uuid REFERENCES pedido_items (id);
CREATE INDEX movimientos_pedido ON movimientos_deposito (pedido_id) WHERE pedido_id IS NOT NULL;
ALTER TABLE stock_reservado ADD CONSTRAINT stock_reservado_pedido_fk
  FOREIGN KEY (pedido_id) REFERENCES pedidos (id);
ALTER TABLE stock_reservado ADD CONSTRAINT stock_reservado_pedido_item_fk
  FOREIGN KEY (pedido_item_id) REFERENCES pedido_items (id);
