-- Catalogue, stock, lots, kardex, reservations, purchasing, price history and store settings
-- (domain.md §1.1, §1.2, §1.3, §1.6, §1.9). Seed rows (the sales location, ajustes_tienda) are
-- written by C++ on first start (decision 30). Constraint names are stable: services map unique
-- violations to DUPLICATE {campo} by name.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE ajustes_tienda (
  id uuid PRIMARY KEY CHECK (id = '00000000-0000-4000-8000-000000000002'),
  nombre text NOT NULL,
  direccion text,
  cuit text,
  telefono text,
  pie_ticket text,
  markup_defecto_bp integer NOT NULL CHECK (markup_defecto_bp BETWEEN 0 AND 100000),
  redondeo_centavos integer NOT NULL DEFAULT 1 CHECK (redondeo_centavos BETWEEN 1 AND 100000),
  denominaciones_centavos jsonb NOT NULL,
  tolerancia_caja_centavos bigint NOT NULL DEFAULT 1000 CHECK (tolerancia_caja_centavos >= 0),
  version integer NOT NULL DEFAULT 0,
  actualizado_por uuid REFERENCES usuarios (id),
  creado_en timestamptz NOT NULL,
  actualizado_en timestamptz NOT NULL
);

CREATE TABLE ubicaciones (
  id uuid PRIMARY KEY,
  nombre text NOT NULL,
  nombre_normalizado text NOT NULL,
  es_venta boolean NOT NULL DEFAULT false,
  activo boolean NOT NULL DEFAULT true,
  creado_en timestamptz NOT NULL,
  actualizado_en timestamptz NOT NULL,
  CONSTRAINT ubicaciones_nombre_unico UNIQUE (nombre_normalizado)
);
CREATE UNIQUE INDEX ubicaciones_una_de_venta ON ubicaciones (es_venta) WHERE es_venta;

CREATE TABLE categorias (
  id uuid PRIMARY KEY,
  codigo text NOT NULL,
  nombre text NOT NULL,
  nombre_normalizado text NOT NULL,
  descripcion text,
  parent_id uuid REFERENCES categorias (id),
  nivel integer NOT NULL DEFAULT 1 CHECK (nivel BETWEEN 1 AND 5),
  markup_minimo_bp integer CHECK (markup_minimo_bp BETWEEN 0 AND 100000),
  markup_maximo_bp integer CHECK (markup_maximo_bp BETWEEN 0 AND 100000),
  activo boolean NOT NULL DEFAULT true,
  version integer NOT NULL DEFAULT 0,
  creado_en timestamptz NOT NULL,
  actualizado_en timestamptz NOT NULL,
  CONSTRAINT categorias_codigo_unico UNIQUE (codigo),
  CHECK (markup_minimo_bp IS NULL OR markup_maximo_bp IS NULL
         OR markup_minimo_bp <= markup_maximo_bp)
);
CREATE INDEX categorias_parent ON categorias (parent_id);

CREATE TABLE proveedores (
  id uuid PRIMARY KEY,
  nombre text NOT NULL,
  nombre_normalizado text NOT NULL,
  razon_social text,
  cuit text CHECK (cuit IS NULL OR cuit ~ '^[0-9]{11}$'),
  contacto text,
  telefono text,
  email text,
  whatsapp_e164 text,
  direccion text,
  sitio_web text,
  categorias_ofrecidas jsonb NOT NULL DEFAULT '[]',
  notas text,
  activo boolean NOT NULL DEFAULT true,
  version integer NOT NULL DEFAULT 0,
  creado_en timestamptz NOT NULL,
  actualizado_en timestamptz NOT NULL
);
CREATE UNIQUE INDEX proveedores_nombre_unico ON proveedores (nombre_normalizado) WHERE activo;
CREATE UNIQUE INDEX proveedores_cuit_unico ON proveedores (cuit) WHERE cuit IS NOT NULL;
CREATE INDEX proveedores_nombre_trgm ON proveedores USING gin (nombre_normalizado gin_trgm_ops);

CREATE SEQUENCE productos_sku_seq;

CREATE TABLE productos (
  id uuid PRIMARY KEY,
  nombre text NOT NULL,
  nombre_normalizado text NOT NULL,
  busqueda_normalizado text NOT NULL,
  descripcion text,
  marca text,
  contenido_neto text,
  sku text NOT NULL,
  codigo_barras text CHECK (codigo_barras IS NULL OR codigo_barras ~ '^[0-9]{4,32}$'),
  categoria_id uuid REFERENCES categorias (id),
  proveedor_principal_id uuid REFERENCES proveedores (id),
  unidad text NOT NULL DEFAULT 'u' CHECK (unidad IN ('u', 'g', 'ml')),
  precio_venta_centavos bigint NOT NULL DEFAULT 0 CHECK (precio_venta_centavos >= 0),
  costo_centavos bigint CHECK (costo_centavos >= 0),
  markup_bp integer CHECK (markup_bp BETWEEN 0 AND 100000),
  controla_vencimiento boolean NOT NULL DEFAULT false,
  activo boolean NOT NULL DEFAULT true,
  version integer NOT NULL DEFAULT 0,
  creado_por uuid REFERENCES usuarios (id),
  actualizado_por uuid REFERENCES usuarios (id),
  creado_en timestamptz NOT NULL,
  actualizado_en timestamptz NOT NULL,
  CONSTRAINT productos_sku_unico UNIQUE (sku)
);
CREATE UNIQUE INDEX productos_codigo_barras_unico ON productos (codigo_barras)
  WHERE codigo_barras IS NOT NULL;
CREATE INDEX productos_categoria ON productos (categoria_id);
CREATE INDEX productos_proveedor ON productos (proveedor_principal_id);
CREATE INDEX productos_activo_nombre ON productos (activo, nombre_normalizado COLLATE "C");
CREATE INDEX productos_busqueda_trgm ON productos USING gin (busqueda_normalizado gin_trgm_ops);

CREATE TABLE producto_aliases (
  id uuid PRIMARY KEY,
  producto_id uuid NOT NULL REFERENCES productos (id) ON DELETE CASCADE,
  proveedor_id uuid REFERENCES proveedores (id) ON DELETE CASCADE,
  alias_texto text NOT NULL,
  alias_normalizado text NOT NULL,
  origen text NOT NULL DEFAULT 'manual' CHECK (origen IN ('manual', 'factura', 'cuaderno')),
  confianza text NOT NULL DEFAULT 'media' CHECK (confianza IN ('alta', 'media', 'baja')),
  activo boolean NOT NULL DEFAULT true,
  creado_por uuid REFERENCES usuarios (id),
  creado_en timestamptz NOT NULL,
  actualizado_en timestamptz NOT NULL
);
CREATE UNIQUE INDEX producto_aliases_unico ON producto_aliases (alias_normalizado, proveedor_id)
  NULLS NOT DISTINCT;
CREATE INDEX producto_aliases_producto ON producto_aliases (producto_id);
CREATE INDEX producto_aliases_trgm ON producto_aliases USING gin (alias_normalizado gin_trgm_ops);

-- Stock: one row per (producto, ubicacion), the lock point of every stock decision.
CREATE TABLE stock_deposito (
  id uuid PRIMARY KEY,
  producto_id uuid NOT NULL REFERENCES productos (id),
  ubicacion_id uuid NOT NULL REFERENCES ubicaciones (id),
  cantidad bigint NOT NULL DEFAULT 0 CHECK (cantidad >= 0),
  stock_minimo bigint NOT NULL DEFAULT 0 CHECK (stock_minimo >= 0),
  stock_maximo bigint CHECK (stock_maximo IS NULL OR stock_maximo >= stock_minimo),
  secuencia bigint NOT NULL DEFAULT 0,
  ultimo_movimiento_en timestamptz,
  creado_en timestamptz NOT NULL,
  actualizado_en timestamptz NOT NULL,
  CONSTRAINT stock_deposito_unico UNIQUE (producto_id, ubicacion_id)
);
CREATE INDEX stock_deposito_ubicacion ON stock_deposito (ubicacion_id);

CREATE TABLE stock_lotes (
  id uuid PRIMARY KEY,
  stock_id uuid NOT NULL REFERENCES stock_deposito (id),
  producto_id uuid NOT NULL REFERENCES productos (id),
  lote text NOT NULL DEFAULT '',
  fecha_vencimiento date,
  cantidad bigint NOT NULL DEFAULT 0 CHECK (cantidad >= 0),
  ingresado_en timestamptz NOT NULL,
  creado_en timestamptz NOT NULL,
  actualizado_en timestamptz NOT NULL
);
CREATE UNIQUE INDEX stock_lotes_unico
  ON stock_lotes (stock_id, lote, coalesce(fecha_vencimiento, '9999-12-31'::date));
CREATE INDEX stock_lotes_vencimiento ON stock_lotes (fecha_vencimiento) WHERE cantidad > 0;
CREATE INDEX stock_lotes_producto ON stock_lotes (producto_id);

CREATE SEQUENCE ordenes_compra_numero_seq;

CREATE TABLE ordenes_compra (
  id uuid PRIMARY KEY,
  numero bigint NOT NULL,
  proveedor_id uuid NOT NULL REFERENCES proveedores (id),
  ubicacion_id uuid NOT NULL REFERENCES ubicaciones (id),
  estado text NOT NULL DEFAULT 'pendiente'
    CHECK (estado IN ('pendiente', 'parcial', 'recibida', 'cancelada')),
  fecha_estimada date,
  total_estimado_centavos bigint NOT NULL DEFAULT 0 CHECK (total_estimado_centavos >= 0),
  observaciones text,
  creado_por uuid NOT NULL REFERENCES usuarios (id),
  cancelada_en timestamptz,
  motivo_cancelacion text,
  version integer NOT NULL DEFAULT 0,
  creado_en timestamptz NOT NULL,
  actualizado_en timestamptz NOT NULL,
  CONSTRAINT ordenes_compra_numero_unico UNIQUE (numero)
);
CREATE INDEX ordenes_compra_proveedor_estado ON ordenes_compra (proveedor_id, estado);
CREATE INDEX ordenes_compra_estado_creado ON ordenes_compra (estado, creado_en);

CREATE TABLE ordenes_compra_lineas (
  id uuid PRIMARY KEY,
  orden_id uuid NOT NULL REFERENCES ordenes_compra (id),
  producto_id uuid NOT NULL REFERENCES productos (id),
  cantidad bigint NOT NULL CHECK (cantidad > 0),
  cantidad_recibida bigint NOT NULL DEFAULT 0
    CHECK (cantidad_recibida >= 0 AND cantidad_recibida <= cantidad),
  costo_unitario_centavos bigint CHECK (costo_unitario_centavos >= 0),
  creado_en timestamptz NOT NULL,
  actualizado_en timestamptz NOT NULL,
  CONSTRAINT ordenes_compra_lineas_unico UNIQUE (orden_id, producto_id)
);
CREATE INDEX ordenes_compra_lineas_producto ON ordenes_compra_lineas (producto_id);

CREATE TABLE recepciones (
  id uuid PRIMARY KEY,
  orden_id uuid NOT NULL REFERENCES ordenes_compra (id),
  ubicacion_id uuid NOT NULL REFERENCES ubicaciones (id),
  usuario_id uuid NOT NULL REFERENCES usuarios (id),
  remito text,
  observaciones text,
  creado_en timestamptz NOT NULL
);
CREATE INDEX recepciones_orden ON recepciones (orden_id);

CREATE TABLE recepcion_lineas (
  id uuid PRIMARY KEY,
  recepcion_id uuid NOT NULL REFERENCES recepciones (id),
  linea_id uuid NOT NULL REFERENCES ordenes_compra_lineas (id),
  lote_id uuid NOT NULL REFERENCES stock_lotes (id),
  cantidad bigint NOT NULL CHECK (cantidad > 0),
  costo_unitario_centavos bigint CHECK (costo_unitario_centavos >= 0),
  creado_en timestamptz NOT NULL
);
CREATE INDEX recepcion_lineas_linea ON recepcion_lineas (linea_id);
CREATE INDEX recepcion_lineas_recepcion ON recepcion_lineas (recepcion_id);

-- The kardex: append-only. Sale, return, order and invoice links are added as columns by the
-- migrations that create those tables.
CREATE TABLE movimientos_deposito (
  id uuid PRIMARY KEY,
  producto_id uuid NOT NULL REFERENCES productos (id),
  ubicacion_id uuid NOT NULL REFERENCES ubicaciones (id),
  tipo text NOT NULL CHECK (tipo IN ('entrada', 'recepcion', 'salida', 'ajuste', 'transferencia',
                                     'venta', 'pedido', 'devolucion', 'anulacion')),
  cantidad_delta bigint NOT NULL CHECK (cantidad_delta <> 0),
  cantidad_anterior bigint NOT NULL,
  cantidad_nueva bigint NOT NULL,
  secuencia bigint NOT NULL,
  motivo text,
  observaciones text,
  proveedor_id uuid REFERENCES proveedores (id),
  orden_compra_id uuid REFERENCES ordenes_compra (id),
  recepcion_id uuid REFERENCES recepciones (id),
  transferencia_id uuid,
  usuario_id uuid REFERENCES usuarios (id),
  creado_en timestamptz NOT NULL,
  CONSTRAINT movimientos_secuencia_unica UNIQUE (producto_id, ubicacion_id, secuencia),
  CONSTRAINT movimientos_transferencia_unica UNIQUE (transferencia_id, ubicacion_id),
  CHECK (cantidad_nueva = cantidad_anterior + cantidad_delta AND cantidad_nueva >= 0),
  CHECK (tipo NOT IN ('entrada', 'recepcion', 'devolucion', 'anulacion') OR cantidad_delta > 0),
  CHECK (tipo NOT IN ('salida', 'venta', 'pedido') OR cantidad_delta < 0),
  CHECK ((tipo = 'transferencia') = (transferencia_id IS NOT NULL))
);
CREATE INDEX movimientos_creado ON movimientos_deposito (creado_en);
CREATE INDEX movimientos_tipo_creado ON movimientos_deposito (tipo, creado_en);
CREATE INDEX movimientos_orden_compra ON movimientos_deposito (orden_compra_id)
  WHERE orden_compra_id IS NOT NULL;
CREATE INDEX movimientos_usuario ON movimientos_deposito (usuario_id, creado_en);

CREATE TABLE movimiento_lotes (
  movimiento_id uuid NOT NULL REFERENCES movimientos_deposito (id),
  lote_id uuid NOT NULL REFERENCES stock_lotes (id),
  cantidad_delta bigint NOT NULL CHECK (cantidad_delta <> 0),
  PRIMARY KEY (movimiento_id, lote_id)
);
CREATE INDEX movimiento_lotes_lote ON movimiento_lotes (lote_id);

-- Holds on stock at one location. pedido_id, pedido_item_id and venta_id get their foreign keys
-- from the migrations that create pedidos and ventas.
CREATE TABLE stock_reservado (
  id uuid PRIMARY KEY,
  producto_id uuid NOT NULL REFERENCES productos (id),
  ubicacion_id uuid NOT NULL REFERENCES ubicaciones (id),
  cantidad bigint NOT NULL CHECK (cantidad > 0),
  estado text NOT NULL DEFAULT 'activa'
    CHECK (estado IN ('activa', 'consumida', 'cancelada', 'vencida')),
  referencia text CHECK (referencia IS NULL OR char_length(referencia) <= 120),
  pedido_id uuid,
  pedido_item_id uuid,
  expira_en timestamptz,
  usuario_id uuid NOT NULL REFERENCES usuarios (id),
  venta_id uuid,
  consumida_en timestamptz,
  cancelada_en timestamptz,
  vencida_en timestamptz,
  cancelada_por uuid REFERENCES usuarios (id),
  motivo_cancelacion text,
  creado_en timestamptz NOT NULL,
  actualizado_en timestamptz NOT NULL,
  CHECK (expira_en IS NOT NULL OR pedido_id IS NOT NULL),
  CHECK ((consumida_en IS NOT NULL) = (estado = 'consumida')),
  CHECK ((cancelada_en IS NOT NULL) = (estado = 'cancelada')),
  CHECK ((vencida_en IS NOT NULL) = (estado = 'vencida'))
);
CREATE INDEX stock_reservado_activas ON stock_reservado (producto_id, ubicacion_id)
  WHERE estado = 'activa';
CREATE INDEX stock_reservado_expira ON stock_reservado (expira_en) WHERE estado = 'activa';
CREATE INDEX stock_reservado_pedido ON stock_reservado (pedido_id);

CREATE TABLE precios_historicos (
  id uuid PRIMARY KEY,
  producto_id uuid NOT NULL REFERENCES productos (id),
  precio_anterior_centavos bigint NOT NULL CHECK (precio_anterior_centavos >= 0),
  precio_nuevo_centavos bigint NOT NULL CHECK (precio_nuevo_centavos >= 0),
  costo_anterior_centavos bigint,
  costo_nuevo_centavos bigint,
  markup_bp integer,
  variacion_bp integer,
  motivo text NOT NULL,
  origen text NOT NULL CHECK (origen IN ('aplicar_precio', 'costo', 'recepcion', 'factura')),
  aprobado_bajo_minimo boolean NOT NULL DEFAULT false,
  usuario_id uuid REFERENCES usuarios (id),
  creado_en timestamptz NOT NULL,
  CHECK (precio_anterior_centavos <> precio_nuevo_centavos
         OR costo_anterior_centavos IS DISTINCT FROM costo_nuevo_centavos)
);
CREATE INDEX precios_historicos_producto ON precios_historicos (producto_id, creado_en);
CREATE INDEX precios_historicos_creado ON precios_historicos (creado_en);

CREATE TABLE precios_compra (
  id uuid PRIMARY KEY,
  producto_id uuid NOT NULL REFERENCES productos (id),
  proveedor_id uuid REFERENCES proveedores (id),
  costo_unitario_centavos bigint NOT NULL CHECK (costo_unitario_centavos >= 0),
  origen text NOT NULL CHECK (origen IN ('manual', 'recepcion', 'factura')),
  recepcion_linea_id uuid REFERENCES recepcion_lineas (id),
  usuario_id uuid REFERENCES usuarios (id),
  creado_en timestamptz NOT NULL
);
CREATE INDEX precios_compra_producto ON precios_compra (producto_id, creado_en);
CREATE INDEX precios_compra_proveedor ON precios_compra (proveedor_id, producto_id);
