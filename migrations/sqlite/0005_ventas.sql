-- Point of sale: cash sessions and their cash flows, sales with items and split payments, voids
-- and returns, offers on near-expiry stock, the shift log (domain.md §1.4, §1.6, §1.7). Links
-- to customers, credit-account rows and customer orders are added by the migration that creates
-- those tables (ALTER TABLE … ADD COLUMN … REFERENCES).

CREATE TABLE sesiones_caja (
  id TEXT PRIMARY KEY,
  numero INTEGER NOT NULL,
  estado TEXT NOT NULL DEFAULT 'abierta' CHECK (estado IN ('abierta', 'cerrada')),
  abierta_por TEXT NOT NULL REFERENCES usuarios (id),
  abierta_en TEXT NOT NULL,
  monto_inicial_centavos INTEGER NOT NULL CHECK (monto_inicial_centavos >= 0),
  cerrada_por TEXT REFERENCES usuarios (id),
  cerrada_en TEXT,
  efectivo_esperado_centavos INTEGER,
  efectivo_contado_centavos INTEGER CHECK (efectivo_contado_centavos >= 0),
  diferencia_centavos INTEGER,
  resumen TEXT CHECK (resumen IS NULL OR json_valid(resumen)),
  observaciones TEXT,
  creado_en TEXT NOT NULL,
  actualizado_en TEXT NOT NULL,
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

CREATE TABLE ventas (
  id TEXT PRIMARY KEY,
  numero INTEGER NOT NULL,
  sesion_caja_id TEXT NOT NULL REFERENCES sesiones_caja (id),
  ubicacion_id TEXT NOT NULL REFERENCES ubicaciones (id),
  usuario_id TEXT NOT NULL REFERENCES usuarios (id),
  estado TEXT NOT NULL DEFAULT 'completada' CHECK (estado IN ('completada', 'anulada')),
  total_centavos INTEGER NOT NULL CHECK (total_centavos >= 0),
  devuelto_centavos INTEGER NOT NULL DEFAULT 0
    CHECK (devuelto_centavos >= 0 AND devuelto_centavos <= total_centavos),
  riesgo_confirmado INTEGER NOT NULL DEFAULT 0 CHECK (riesgo_confirmado IN (0, 1)),
  creado_offline_en TEXT,
  catalogo_generado_en TEXT,
  observaciones TEXT CHECK (observaciones IS NULL OR length(observaciones) <= 200),
  creado_en TEXT NOT NULL,
  actualizado_en TEXT NOT NULL,
  CONSTRAINT ventas_numero_unico UNIQUE (numero),
  CHECK ((creado_offline_en IS NULL) = (catalogo_generado_en IS NULL))
);
CREATE INDEX ventas_creado_en ON ventas (creado_en);
CREATE INDEX ventas_sesion ON ventas (sesion_caja_id);
CREATE INDEX ventas_usuario ON ventas (usuario_id, creado_en);

-- stock_reservado gains its foreign key to ventas (SQLite's 12-step rebuild; no table refers to
-- stock_reservado yet, so the drop checks nothing).
CREATE TABLE stock_reservado_nueva (
  id TEXT PRIMARY KEY,
  producto_id TEXT NOT NULL REFERENCES productos (id),
  ubicacion_id TEXT NOT NULL REFERENCES ubicaciones (id),
  cantidad INTEGER NOT NULL CHECK (cantidad > 0),
  estado TEXT NOT NULL DEFAULT 'activa'
    CHECK (estado IN ('activa', 'consumida', 'cancelada', 'vencida')),
  referencia TEXT CHECK (referencia IS NULL OR length(referencia) <= 120),
  pedido_id TEXT,
  pedido_item_id TEXT,
  expira_en TEXT,
  usuario_id TEXT NOT NULL REFERENCES usuarios (id),
  venta_id TEXT REFERENCES ventas (id),
  consumida_en TEXT,
  cancelada_en TEXT,
  vencida_en TEXT,
  cancelada_por TEXT REFERENCES usuarios (id),
  motivo_cancelacion TEXT,
  creado_en TEXT NOT NULL,
  actualizado_en TEXT NOT NULL,
  CHECK (expira_en IS NOT NULL OR pedido_id IS NOT NULL),
  CHECK ((consumida_en IS NOT NULL) = (estado = 'consumida')),
  CHECK ((cancelada_en IS NOT NULL) = (estado = 'cancelada')),
  CHECK ((vencida_en IS NOT NULL) = (estado = 'vencida'))
);
INSERT INTO stock_reservado_nueva
  (id, producto_id, ubicacion_id, cantidad, estado, referencia, pedido_id, pedido_item_id,
   expira_en, usuario_id, venta_id, consumida_en, cancelada_en, vencida_en, cancelada_por,
   motivo_cancelacion, creado_en, actualizado_en)
SELECT id, producto_id, ubicacion_id, cantidad, estado, referencia, pedido_id, pedido_item_id,
       expira_en, usuario_id, venta_id, consumida_en, cancelada_en, vencida_en, cancelada_por,
       motivo_cancelacion, creado_en, actualizado_en
  FROM stock_reservado;
DROP TABLE stock_reservado;
ALTER TABLE stock_reservado_nueva RENAME TO stock_reservado;
CREATE INDEX stock_reservado_activas ON stock_reservado (producto_id, ubicacion_id)
  WHERE estado = 'activa';
CREATE INDEX stock_reservado_expira ON stock_reservado (expira_en) WHERE estado = 'activa';
CREATE INDEX stock_reservado_pedido ON stock_reservado (pedido_id);
CREATE INDEX stock_reservado_venta ON stock_reservado (venta_id) WHERE venta_id IS NOT NULL;

CREATE TABLE ofertas (
  id TEXT PRIMARY KEY,
  producto_id TEXT NOT NULL REFERENCES productos (id),
  ubicacion_id TEXT NOT NULL REFERENCES ubicaciones (id),
  lote_id TEXT REFERENCES stock_lotes (id),
  descuento_bp INTEGER NOT NULL CHECK (descuento_bp BETWEEN 100 AND 9000),
  precio_lista_centavos INTEGER NOT NULL CHECK (precio_lista_centavos > 0),
  precio_oferta_centavos INTEGER NOT NULL CHECK (precio_oferta_centavos > 0),
  motivo TEXT NOT NULL DEFAULT 'vencimiento' CHECK (motivo IN ('vencimiento', 'manual')),
  activa INTEGER NOT NULL DEFAULT 1 CHECK (activa IN (0, 1)),
  vence_en TEXT NOT NULL,
  creada_por TEXT NOT NULL REFERENCES usuarios (id),
  desactivada_por TEXT REFERENCES usuarios (id),
  desactivada_en TEXT,
  motivo_desactivacion TEXT
    CHECK (motivo_desactivacion IN ('manual', 'lote_agotado', 'lote_vencido', 'expirada')),
  creado_en TEXT NOT NULL,
  actualizado_en TEXT NOT NULL,
  CHECK (precio_oferta_centavos
         = (precio_lista_centavos * (10000 - descuento_bp) + 5000) / 10000),
  CHECK ((activa = 1) = (desactivada_en IS NULL)),
  CHECK ((desactivada_en IS NULL) = (motivo_desactivacion IS NULL))
);
CREATE UNIQUE INDEX ofertas_una_activa ON ofertas (producto_id, ubicacion_id) WHERE activa = 1;
CREATE INDEX ofertas_producto_activa ON ofertas (producto_id) WHERE activa = 1;
CREATE INDEX ofertas_producto_creado ON ofertas (producto_id, creado_en);
CREATE INDEX ofertas_lote ON ofertas (lote_id) WHERE lote_id IS NOT NULL;

CREATE TABLE venta_items (
  id TEXT PRIMARY KEY,
  venta_id TEXT NOT NULL REFERENCES ventas (id),
  producto_id TEXT NOT NULL REFERENCES productos (id),
  producto_nombre TEXT NOT NULL,
  producto_sku TEXT NOT NULL,
  unidad TEXT NOT NULL CHECK (unidad IN ('u', 'g', 'ml')),
  cantidad INTEGER NOT NULL CHECK (cantidad > 0),
  precio_lista_centavos INTEGER NOT NULL CHECK (precio_lista_centavos >= 0),
  precio_unitario_centavos INTEGER NOT NULL
    CHECK (precio_unitario_centavos >= 0 AND precio_unitario_centavos <= precio_lista_centavos),
  oferta_id TEXT REFERENCES ofertas (id),
  reserva_id TEXT REFERENCES stock_reservado (id),
  subtotal_centavos INTEGER NOT NULL CHECK (subtotal_centavos >= 0),
  costo_unitario_centavos INTEGER CHECK (costo_unitario_centavos >= 0),
  cantidad_devuelta INTEGER NOT NULL DEFAULT 0
    CHECK (cantidad_devuelta >= 0 AND cantidad_devuelta <= cantidad),
  monto_devuelto_centavos INTEGER NOT NULL DEFAULT 0
    CHECK (monto_devuelto_centavos >= 0 AND monto_devuelto_centavos <= subtotal_centavos),
  creado_en TEXT NOT NULL
);
CREATE INDEX venta_items_venta ON venta_items (venta_id);
CREATE INDEX venta_items_producto ON venta_items (producto_id, creado_en);

CREATE TABLE venta_pagos (
  id TEXT PRIMARY KEY,
  venta_id TEXT NOT NULL REFERENCES ventas (id),
  metodo TEXT NOT NULL
    CHECK (metodo IN ('efectivo', 'debito', 'credito', 'transferencia', 'qr', 'cuenta_corriente')),
  monto_centavos INTEGER NOT NULL CHECK (monto_centavos > 0),
  recibido_centavos INTEGER,
  vuelto_centavos INTEGER NOT NULL DEFAULT 0 CHECK (vuelto_centavos >= 0),
  referencia TEXT CHECK (referencia IS NULL OR length(referencia) <= 120),
  monto_reintegrado_centavos INTEGER NOT NULL DEFAULT 0
    CHECK (monto_reintegrado_centavos >= 0 AND monto_reintegrado_centavos <= monto_centavos),
  creado_en TEXT NOT NULL,
  CONSTRAINT venta_pagos_metodo_unico UNIQUE (venta_id, metodo),
  CHECK (metodo = 'efectivo' OR (recibido_centavos IS NULL AND vuelto_centavos = 0)),
  CHECK (recibido_centavos IS NULL OR recibido_centavos = monto_centavos + vuelto_centavos)
);

CREATE TABLE devoluciones (
  id TEXT PRIMARY KEY,
  numero INTEGER NOT NULL,
  venta_id TEXT NOT NULL REFERENCES ventas (id),
  tipo TEXT NOT NULL CHECK (tipo IN ('anulacion', 'devolucion')),
  reingresa_stock INTEGER NOT NULL DEFAULT 1 CHECK (reingresa_stock IN (0, 1)),
  sesion_caja_id TEXT REFERENCES sesiones_caja (id),
  usuario_id TEXT NOT NULL REFERENCES usuarios (id),
  motivo TEXT NOT NULL,
  total_centavos INTEGER NOT NULL CHECK (total_centavos > 0),
  creado_en TEXT NOT NULL,
  CONSTRAINT devoluciones_numero_unico UNIQUE (numero)
);
CREATE UNIQUE INDEX devoluciones_una_anulacion ON devoluciones (venta_id)
  WHERE tipo = 'anulacion';
CREATE INDEX devoluciones_venta ON devoluciones (venta_id);
CREATE INDEX devoluciones_creado_en ON devoluciones (creado_en);

CREATE TABLE devolucion_items (
  devolucion_id TEXT NOT NULL REFERENCES devoluciones (id),
  venta_item_id TEXT NOT NULL REFERENCES venta_items (id),
  cantidad INTEGER NOT NULL CHECK (cantidad > 0),
  monto_centavos INTEGER NOT NULL CHECK (monto_centavos >= 0),
  PRIMARY KEY (devolucion_id, venta_item_id)
);
CREATE INDEX devolucion_items_item ON devolucion_items (venta_item_id);

CREATE TABLE devolucion_reintegros (
  devolucion_id TEXT NOT NULL REFERENCES devoluciones (id),
  metodo TEXT NOT NULL
    CHECK (metodo IN ('efectivo', 'debito', 'credito', 'transferencia', 'qr', 'cuenta_corriente')),
  monto_centavos INTEGER NOT NULL CHECK (monto_centavos > 0),
  PRIMARY KEY (devolucion_id, metodo)
);

CREATE TABLE movimientos_caja (
  id TEXT PRIMARY KEY,
  sesion_id TEXT NOT NULL REFERENCES sesiones_caja (id),
  tipo TEXT NOT NULL CHECK (tipo IN ('venta', 'devolucion', 'pago_cc', 'pago_pedido',
                                     'reembolso_pedido', 'ingreso', 'retiro')),
  monto_centavos INTEGER NOT NULL,
  venta_id TEXT REFERENCES ventas (id),
  devolucion_id TEXT REFERENCES devoluciones (id),
  usuario_id TEXT NOT NULL REFERENCES usuarios (id),
  motivo TEXT,
  creado_en TEXT NOT NULL,
  CHECK (tipo NOT IN ('venta', 'pago_cc', 'pago_pedido', 'ingreso') OR monto_centavos > 0),
  CHECK (tipo NOT IN ('devolucion', 'reembolso_pedido', 'retiro') OR monto_centavos < 0)
);
CREATE INDEX movimientos_caja_sesion ON movimientos_caja (sesion_id, creado_en);
CREATE INDEX movimientos_caja_venta ON movimientos_caja (venta_id) WHERE venta_id IS NOT NULL;

CREATE TABLE bitacora_turnos (
  id TEXT PRIMARY KEY,
  usuario_id TEXT NOT NULL REFERENCES usuarios (id),
  nota TEXT NOT NULL CHECK (length(nota) BETWEEN 1 AND 2000),
  creado_en TEXT NOT NULL
);
CREATE INDEX bitacora_turnos_creado_en ON bitacora_turnos (creado_en);
CREATE INDEX bitacora_turnos_usuario ON bitacora_turnos (usuario_id, creado_en);

-- The kardex links a sale, its item and a return (domain.md §1.2).
ALTER TABLE movimientos_deposito ADD COLUMN venta_id TEXT REFERENCES ventas (id);
ALTER TABLE movimientos_deposito ADD COLUMN venta_item_id TEXT REFERENCES venta_items (id);
ALTER TABLE movimientos_deposito ADD COLUMN devolucion_id TEXT REFERENCES devoluciones (id);
CREATE INDEX movimientos_venta ON movimientos_deposito (venta_id) WHERE venta_id IS NOT NULL;
CREATE INDEX movimientos_venta_item ON movimientos_deposito (venta_item_id)
  WHERE venta_item_id IS NOT NULL;
