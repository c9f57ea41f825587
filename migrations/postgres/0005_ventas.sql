-- Point of sale: cash sessions and their cash flows, sales with items and split payments, voids
-- and returns, offers on near-expiry stock, the shift log (domain.md §1.4, §1.6, §1.7). Links
-- to customers, credit-account rows and customer orders are added by the migration that creates
-- those tables (ALTER TABLE … ADD COLUMN … REFERENCES).

CREATE SEQUENCE sesiones_caja_numero_seq;
CREATE TABLE sesiones_caja (
  id uuid PRIMARY KEY,
  numero bigint NOT NULL,
  estado text NOT NULL DEFAULT 'abierta' CHECK (estado IN ('abierta', 'cerrada')),
  abierta_por uuid NOT NULL REFERENCES usuarios (id),
  abierta_en timestamptz NOT NULL,
  monto_inicial_centavos bigint NOT NULL CHECK (monto_inicial_centavos >= 0),
  cerrada_por uuid REFERENCES usuarios (id),
  cerrada_en timestamptz,
  efectivo_esperado_centavos bigint,
  efectivo_contado_centavos bigint CHECK (efectivo_contado_centavos >= 0),
  diferencia_centavos bigint,
  resumen jsonb,
  observaciones text,
  creado_en timestamptz NOT NULL,
  actualizado_en timestamptz NOT NULL,
  CONSTRAINT sesiones_caja_numero_unico UNIQUE (numero),
  CHECK ((estado = 'cerrada') = (cerrada_por IS NOT NULL AND cerrada_en IS NOT NULL
                                 AND efectivo_esperado_centavos IS NOT NULL
                                 AND efectivo_contado_centavos IS NOT NULL
                                 AND diferencia_centavos IS NOT NULL)),
  CHECK (diferencia_centavos IS NULL
         OR diferencia_centavos = efectivo_contado_centavos - efectivo_esperado_centavos)
);
CREATE UNIQUE INDEX sesiones_caja_una_abierta ON sesiones_caja (estado) WHERE estado = 'abierta';
CREATE INDEX sesiones_caja_abierta_en ON sesiones_caja (abierta_en);

CREATE SEQUENCE ventas_numero_seq;
CREATE TABLE ventas (
  id uuid PRIMARY KEY,
  numero bigint NOT NULL,
  sesion_caja_id uuid NOT NULL REFERENCES sesiones_caja (id),
  ubicacion_id uuid NOT NULL REFERENCES ubicaciones (id),
  usuario_id uuid NOT NULL REFERENCES usuarios (id),
  estado text NOT NULL DEFAULT 'completada' CHECK (estado IN ('completada', 'anulada')),
  total_centavos bigint NOT NULL CHECK (total_centavos >= 0),
  devuelto_centavos bigint NOT NULL DEFAULT 0
    CHECK (devuelto_centavos >= 0 AND devuelto_centavos <= total_centavos),
  riesgo_confirmado boolean NOT NULL DEFAULT false,
  creado_offline_en timestamptz,
  catalogo_generado_en timestamptz,
  observaciones text CHECK (observaciones IS NULL OR char_length(observaciones) <= 200),
  creado_en timestamptz NOT NULL,
  actualizado_en timestamptz NOT NULL,
  CONSTRAINT ventas_numero_unico UNIQUE (numero),
  CHECK ((creado_offline_en IS NULL) = (catalogo_generado_en IS NULL))
);
CREATE INDEX ventas_creado_en ON ventas (creado_en);
CREATE INDEX ventas_sesion ON ventas (sesion_caja_id);
CREATE INDEX ventas_usuario ON ventas (usuario_id, creado_en);

-- stock_reservado gains its foreign key to ventas.
ALTER TABLE stock_reservado
  ADD CONSTRAINT stock_reservado_venta_fk FOREIGN KEY (venta_id) REFERENCES ventas (id);
CREATE INDEX stock_reservado_venta ON stock_reservado (venta_id) WHERE venta_id IS NOT NULL;

CREATE TABLE ofertas (
  id uuid PRIMARY KEY,
  producto_id uuid NOT NULL REFERENCES productos (id),
  ubicacion_id uuid NOT NULL REFERENCES ubicaciones (id),
  lote_id uuid REFERENCES stock_lotes (id),
  descuento_bp integer NOT NULL CHECK (descuento_bp BETWEEN 100 AND 9000),
  precio_lista_centavos bigint NOT NULL CHECK (precio_lista_centavos > 0),
  precio_oferta_centavos bigint NOT NULL CHECK (precio_oferta_centavos > 0),
  motivo text NOT NULL DEFAULT 'vencimiento' CHECK (motivo IN ('vencimiento', 'manual')),
  activa boolean NOT NULL DEFAULT true,
  vence_en timestamptz NOT NULL,
  creada_por uuid NOT NULL REFERENCES usuarios (id),
  desactivada_por uuid REFERENCES usuarios (id),
  desactivada_en timestamptz,
  motivo_desactivacion text
    CHECK (motivo_desactivacion IN ('manual', 'lote_agotado', 'lote_vencido', 'expirada')),
  creado_en timestamptz NOT NULL,
  actualizado_en timestamptz NOT NULL,
  CHECK (precio_oferta_centavos
         = (precio_lista_centavos * (10000 - descuento_bp) + 5000) / 10000),
  CHECK (activa = (desactivada_en IS NULL)),
  CHECK ((desactivada_en IS NULL) = (motivo_desactivacion IS NULL))
);
CREATE UNIQUE INDEX ofertas_una_activa ON ofertas (producto_id, ubicacion_id) WHERE activa;
CREATE INDEX ofertas_producto_activa ON ofertas (producto_id) WHERE activa;
CREATE INDEX ofertas_producto_creado ON ofertas (producto_id, creado_en);
CREATE INDEX ofertas_lote ON ofertas (lote_id) WHERE lote_id IS NOT NULL;

CREATE TABLE venta_items (
  id uuid PRIMARY KEY,
  venta_id uuid NOT NULL REFERENCES ventas (id),
  producto_id uuid NOT NULL REFERENCES productos (id),
  producto_nombre text NOT NULL,
  producto_sku text NOT NULL,
  unidad text NOT NULL CHECK (unidad IN ('u', 'g', 'ml')),
  cantidad bigint NOT NULL CHECK (cantidad > 0),
  precio_lista_centavos bigint NOT NULL CHECK (precio_lista_centavos >= 0),
  precio_unitario_centavos bigint NOT NULL
    CHECK (precio_unitario_centavos >= 0 AND precio_unitario_centavos <= precio_lista_centavos),
  oferta_id uuid REFERENCES ofertas (id),
  reserva_id uuid REFERENCES stock_reservado (id),
  subtotal_centavos bigint NOT NULL CHECK (subtotal_centavos >= 0),
  costo_unitario_centavos bigint CHECK (costo_unitario_centavos >= 0),
  cantidad_devuelta bigint NOT NULL DEFAULT 0
    CHECK (cantidad_devuelta >= 0 AND cantidad_devuelta <= cantidad),
  monto_devuelto_centavos bigint NOT NULL DEFAULT 0
    CHECK (monto_devuelto_centavos >= 0 AND monto_devuelto_centavos <= subtotal_centavos),
  creado_en timestamptz NOT NULL
);
CREATE INDEX venta_items_venta ON venta_items (venta_id);
CREATE INDEX venta_items_producto ON venta_items (producto_id, creado_en);

CREATE TABLE venta_pagos (
  id uuid PRIMARY KEY,
  venta_id uuid NOT NULL REFERENCES ventas (id),
  metodo text NOT NULL
    CHECK (metodo IN ('efectivo', 'debito', 'credito', 'transferencia', 'qr', 'cuenta_corriente')),
  monto_centavos bigint NOT NULL CHECK (monto_centavos > 0),
  recibido_centavos bigint,
  vuelto_centavos bigint NOT NULL DEFAULT 0 CHECK (vuelto_centavos >= 0),
  referencia text CHECK (referencia IS NULL OR char_length(referencia) <= 120),
  monto_reintegrado_centavos bigint NOT NULL DEFAULT 0
    CHECK (monto_reintegrado_centavos >= 0 AND monto_reintegrado_centavos <= monto_centavos),
  creado_en timestamptz NOT NULL,
  CONSTRAINT venta_pagos_metodo_unico UNIQUE (venta_id, metodo),
  CHECK (metodo = 'efectivo' OR (recibido_centavos IS NULL AND vuelto_centavos = 0)),
  CHECK (recibido_centavos IS NULL OR recibido_centavos = monto_centavos + vuelto_centavos)
);

CREATE SEQUENCE devoluciones_numero_seq;
CREATE TABLE devoluciones (
  id uuid PRIMARY KEY,
  numero bigint NOT NULL,
  venta_id uuid NOT NULL REFERENCES ventas (id),
  tipo text NOT NULL CHECK (tipo IN ('anulacion', 'devolucion')),
  reingresa_stock boolean NOT NULL DEFAULT true,
  sesion_caja_id uuid REFERENCES sesiones_caja (id),
  usuario_id uuid NOT NULL REFERENCES usuarios (id),
  motivo text NOT NULL,
  total_centavos bigint NOT NULL CHECK (total_centavos > 0),
  creado_en timestamptz NOT NULL,
  CONSTRAINT devoluciones_numero_unico UNIQUE (numero)
);
CREATE UNIQUE INDEX devoluciones_una_anulacion ON devoluciones (venta_id)
  WHERE tipo = 'anulacion';
CREATE INDEX devoluciones_venta ON devoluciones (venta_id);
CREATE INDEX devoluciones_creado_en ON devoluciones (creado_en);

CREATE TABLE devolucion_items (
  devolucion_id uuid NOT NULL REFERENCES devoluciones (id),
  venta_item_id uuid NOT NULL REFERENCES venta_items (id),
  cantidad bigint NOT NULL CHECK (cantidad > 0),
  monto_centavos bigint NOT NULL CHECK (monto_centavos >= 0),
  PRIMARY KEY (devolucion_id, venta_item_id)
);
CREATE INDEX devolucion_items_item ON devolucion_items (venta_item_id);

CREATE TABLE devolucion_reintegros (
  devolucion_id uuid NOT NULL REFERENCES devoluciones (id),
  metodo text NOT NULL
    CHECK (metodo IN ('efectivo', 'debito', 'credito', 'transferencia', 'qr', 'cuenta_corriente')),
  monto_centavos bigint NOT NULL CHECK (monto_centavos > 0),
  PRIMARY KEY (devolucion_id, metodo)
);

CREATE TABLE movimientos_caja (
  id uuid PRIMARY KEY,
  sesion_id uuid NOT NULL REFERENCES sesiones_caja (id),
  tipo text NOT NULL CHECK (tipo IN ('venta', 'devolucion', 'pago_cc', 'pago_pedido',
                                     'reembolso_pedido', 'ingreso', 'retiro')),
  monto_centavos bigint NOT NULL,
  venta_id uuid REFERENCES ventas (id),
  devolucion_id uuid REFERENCES devoluciones (id),
  usuario_id uuid NOT NULL REFERENCES usuarios (id),
  motivo text,
  creado_en timestamptz NOT NULL,
  CHECK (tipo NOT IN ('venta', 'pago_cc', 'pago_pedido', 'ingreso') OR monto_centavos > 0),
  CHECK (tipo NOT IN ('devolucion', 'reembolso_pedido', 'retiro') OR monto_centavos < 0)
);
CREATE INDEX movimientos_caja_sesion ON movimientos_caja (sesion_id, creado_en);
CREATE INDEX movimientos_caja_venta ON movimientos_caja (venta_id) WHERE venta_id IS NOT NULL;

CREATE TABLE bitacora_turnos (
  id uuid PRIMARY KEY,
  usuario_id uuid NOT NULL REFERENCES usuarios (id),
  nota text NOT NULL CHECK (char_length(nota) BETWEEN 1 AND 2000),
  creado_en timestamptz NOT NULL
);
CREATE INDEX bitacora_turnos_creado_en ON bitacora_turnos (creado_en);
CREATE INDEX bitacora_turnos_usuario ON bitacora_turnos (usuario_id, creado_en);

-- The kardex links a sale, its item and a return (domain.md §1.2).
ALTER TABLE movimientos_deposito ADD COLUMN venta_id uuid REFERENCES ventas (id);
ALTER TABLE movimientos_deposito ADD COLUMN venta_item_id uuid REFERENCES venta_items (id);
ALTER TABLE movimientos_deposito ADD COLUMN devolucion_id uuid REFERENCES devoluciones (id);
CREATE INDEX movimientos_venta ON movimientos_deposito (venta_id) WHERE venta_id IS NOT NULL;
CREATE INDEX movimientos_venta_item ON movimientos_deposito (venta_item_id)
  WHERE venta_item_id IS NOT NULL;
