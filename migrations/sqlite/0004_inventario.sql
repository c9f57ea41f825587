-- Catalogue, stock, lots, kardex, reservations, purchasing, price history and store settings
-- (domain.md §1.1, §1.2, §1.3, §1.6, §1.9). Seed rows (the sales location, ajustes_tienda) are
-- written by C++ on first start (decision 30). Constraint names are stable: services map unique
-- violations to DUPLICATE {campo} by name.

CREATE TABLE ajustes_tienda (
  id TEXT PRIMARY KEY CHECK (id = '00000000-0000-4000-8000-000000000002'),
  nombre TEXT NOT NULL,
  direccion TEXT,
  cuit TEXT,
  telefono TEXT,
  pie_ticket TEXT,
  markup_defecto_bp INTEGER NOT NULL CHECK (markup_defecto_bp BETWEEN 0 AND 100000),
  redondeo_centavos INTEGER NOT NULL DEFAULT 1 CHECK (redondeo_centavos BETWEEN 1 AND 100000),
  denominaciones_centavos TEXT NOT NULL CHECK (json_valid(denominaciones_centavos)),
  tolerancia_caja_centavos INTEGER NOT NULL DEFAULT 1000 CHECK (tolerancia_caja_centavos >= 0),
  version INTEGER NOT NULL DEFAULT 0,
  actualizado_por TEXT REFERENCES usuarios (id),
  creado_en TEXT NOT NULL,
  actualizado_en TEXT NOT NULL
);

CREATE TABLE ubicaciones (
  id TEXT PRIMARY KEY,
  nombre TEXT NOT NULL,
  nombre_normalizado TEXT NOT NULL,
  es_venta INTEGER NOT NULL DEFAULT 0 CHECK (es_venta IN (0, 1)),
  activo INTEGER NOT NULL DEFAULT 1 CHECK (activo IN (0, 1)),
  creado_en TEXT NOT NULL,
  actualizado_en TEXT NOT NULL,
  CONSTRAINT ubicaciones_nombre_unico UNIQUE (nombre_normalizado)
);
CREATE UNIQUE INDEX ubicaciones_una_de_venta ON ubicaciones (es_venta) WHERE es_venta = 1;

CREATE TABLE categorias (
  id TEXT PRIMARY KEY,
  codigo TEXT NOT NULL,
  nombre TEXT NOT NULL,
  nombre_normalizado TEXT NOT NULL,
  descripcion TEXT,
  parent_id TEXT REFERENCES categorias (id),
  nivel INTEGER NOT NULL DEFAULT 1 CHECK (nivel BETWEEN 1 AND 5),
  markup_minimo_bp INTEGER CHECK (markup_minimo_bp BETWEEN 0 AND 100000),
  markup_maximo_bp INTEGER CHECK (markup_maximo_bp BETWEEN 0 AND 100000),
  activo INTEGER NOT NULL DEFAULT 1 CHECK (activo IN (0, 1)),
  version INTEGER NOT NULL DEFAULT 0,
  creado_en TEXT NOT NULL,
  actualizado_en TEXT NOT NULL,
  CONSTRAINT categorias_codigo_unico UNIQUE (codigo),
  CHECK (markup_minimo_bp IS NULL OR markup_maximo_bp IS NULL
         OR markup_minimo_bp <= markup_maximo_bp)
);
CREATE INDEX categorias_parent ON categorias (parent_id);

CREATE TABLE proveedores (
  id TEXT PRIMARY KEY,
  nombre TEXT NOT NULL,
  nombre_normalizado TEXT NOT NULL,
  razon_social TEXT,
  cuit TEXT CHECK (cuit IS NULL OR (length(cuit) = 11 AND cuit NOT GLOB '*[^0-9]*')),
  contacto TEXT,
  telefono TEXT,
  email TEXT,
  whatsapp_e164 TEXT,
  direccion TEXT,
  sitio_web TEXT,
  categorias_ofrecidas TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(categorias_ofrecidas)),
  notas TEXT,
  activo INTEGER NOT NULL DEFAULT 1 CHECK (activo IN (0, 1)),
  version INTEGER NOT NULL DEFAULT 0,
  creado_en TEXT NOT NULL,
  actualizado_en TEXT NOT NULL
);
CREATE UNIQUE INDEX proveedores_nombre_unico ON proveedores (nombre_normalizado) WHERE activo = 1;
CREATE UNIQUE INDEX proveedores_cuit_unico ON proveedores (cuit) WHERE cuit IS NOT NULL;
-- Substring search (decision 26): FTS5 trigram tables written by the repository with the row.
CREATE VIRTUAL TABLE proveedores_fts USING fts5(id UNINDEXED, texto, tokenize = 'trigram');

CREATE TABLE productos (
  id TEXT PRIMARY KEY,
  nombre TEXT NOT NULL,
  nombre_normalizado TEXT NOT NULL,
  busqueda_normalizado TEXT NOT NULL,
  descripcion TEXT,
  marca TEXT,
  contenido_neto TEXT,
  sku TEXT NOT NULL,
  codigo_barras TEXT CHECK (codigo_barras IS NULL OR (length(codigo_barras) BETWEEN 4 AND 32
                                                     AND codigo_barras NOT GLOB '*[^0-9]*')),
  categoria_id TEXT REFERENCES categorias (id),
  proveedor_principal_id TEXT REFERENCES proveedores (id),
  unidad TEXT NOT NULL DEFAULT 'u' CHECK (unidad IN ('u', 'g', 'ml')),
  precio_venta_centavos INTEGER NOT NULL DEFAULT 0 CHECK (precio_venta_centavos >= 0),
  costo_centavos INTEGER CHECK (costo_centavos >= 0),
  markup_bp INTEGER CHECK (markup_bp BETWEEN 0 AND 100000),
  controla_vencimiento INTEGER NOT NULL DEFAULT 0 CHECK (controla_vencimiento IN (0, 1)),
  activo INTEGER NOT NULL DEFAULT 1 CHECK (activo IN (0, 1)),
  version INTEGER NOT NULL DEFAULT 0,
  creado_por TEXT REFERENCES usuarios (id),
  actualizado_por TEXT REFERENCES usuarios (id),
  creado_en TEXT NOT NULL,
  actualizado_en TEXT NOT NULL,
  CONSTRAINT productos_sku_unico UNIQUE (sku)
);
CREATE UNIQUE INDEX productos_codigo_barras_unico ON productos (codigo_barras)
  WHERE codigo_barras IS NOT NULL;
CREATE INDEX productos_categoria ON productos (categoria_id);
CREATE INDEX productos_proveedor ON productos (proveedor_principal_id);
CREATE INDEX productos_activo_nombre ON productos (activo, nombre_normalizado);
CREATE VIRTUAL TABLE productos_fts USING fts5(id UNINDEXED, texto, tokenize = 'trigram');

CREATE TABLE producto_aliases (
  id TEXT PRIMARY KEY,
  producto_id TEXT NOT NULL REFERENCES productos (id) ON DELETE CASCADE,
  proveedor_id TEXT REFERENCES proveedores (id) ON DELETE CASCADE,
  alias_texto TEXT NOT NULL,
  alias_normalizado TEXT NOT NULL,
  origen TEXT NOT NULL DEFAULT 'manual' CHECK (origen IN ('manual', 'factura', 'cuaderno')),
  confianza TEXT NOT NULL DEFAULT 'media' CHECK (confianza IN ('alta', 'media', 'baja')),
  activo INTEGER NOT NULL DEFAULT 1 CHECK (activo IN (0, 1)),
  creado_por TEXT REFERENCES usuarios (id),
  creado_en TEXT NOT NULL,
  actualizado_en TEXT NOT NULL
);
CREATE UNIQUE INDEX producto_aliases_unico
  ON producto_aliases (alias_normalizado, ifnull(proveedor_id, ''));
CREATE INDEX producto_aliases_producto ON producto_aliases (producto_id);
CREATE VIRTUAL TABLE producto_aliases_fts USING fts5(id UNINDEXED, texto, tokenize = 'trigram');

-- Stock: one row per (producto, ubicacion), the lock point of every stock decision.
CREATE TABLE stock_deposito (
  id TEXT PRIMARY KEY,
  producto_id TEXT NOT NULL REFERENCES productos (id),
  ubicacion_id TEXT NOT NULL REFERENCES ubicaciones (id),
  cantidad INTEGER NOT NULL DEFAULT 0 CHECK (cantidad >= 0),
  stock_minimo INTEGER NOT NULL DEFAULT 0 CHECK (stock_minimo >= 0),
  stock_maximo INTEGER CHECK (stock_maximo IS NULL OR stock_maximo >= stock_minimo),
  secuencia INTEGER NOT NULL DEFAULT 0,
  ultimo_movimiento_en TEXT,
  creado_en TEXT NOT NULL,
  actualizado_en TEXT NOT NULL,
  CONSTRAINT stock_deposito_unico UNIQUE (producto_id, ubicacion_id)
);
CREATE INDEX stock_deposito_ubicacion ON stock_deposito (ubicacion_id);

CREATE TABLE stock_lotes (
  id TEXT PRIMARY KEY,
  stock_id TEXT NOT NULL REFERENCES stock_deposito (id),
  producto_id TEXT NOT NULL REFERENCES productos (id),
  lote TEXT NOT NULL DEFAULT '',
  fecha_vencimiento TEXT CHECK (fecha_vencimiento IS NULL OR length(fecha_vencimiento) = 10),
  cantidad INTEGER NOT NULL DEFAULT 0 CHECK (cantidad >= 0),
  ingresado_en TEXT NOT NULL,
  creado_en TEXT NOT NULL,
  actualizado_en TEXT NOT NULL
);
CREATE UNIQUE INDEX stock_lotes_unico
  ON stock_lotes (stock_id, lote, coalesce(fecha_vencimiento, '9999-12-31'));
CREATE INDEX stock_lotes_vencimiento ON stock_lotes (fecha_vencimiento) WHERE cantidad > 0;
CREATE INDEX stock_lotes_producto ON stock_lotes (producto_id);

CREATE TABLE ordenes_compra (
  id TEXT PRIMARY KEY,
  numero INTEGER NOT NULL,
  proveedor_id TEXT NOT NULL REFERENCES proveedores (id),
  ubicacion_id TEXT NOT NULL REFERENCES ubicaciones (id),
  estado TEXT NOT NULL DEFAULT 'pendiente'
    CHECK (estado IN ('pendiente', 'parcial', 'recibida', 'cancelada')),
  fecha_estimada TEXT,
  total_estimado_centavos INTEGER NOT NULL DEFAULT 0 CHECK (total_estimado_centavos >= 0),
  observaciones TEXT,
  creado_por TEXT NOT NULL REFERENCES usuarios (id),
  cancelada_en TEXT,
  motivo_cancelacion TEXT,
  version INTEGER NOT NULL DEFAULT 0,
  creado_en TEXT NOT NULL,
  actualizado_en TEXT NOT NULL,
  CONSTRAINT ordenes_compra_numero_unico UNIQUE (numero)
);
CREATE INDEX ordenes_compra_proveedor_estado ON ordenes_compra (proveedor_id, estado);
CREATE INDEX ordenes_compra_estado_creado ON ordenes_compra (estado, creado_en);

CREATE TABLE ordenes_compra_lineas (
  id TEXT PRIMARY KEY,
  orden_id TEXT NOT NULL REFERENCES ordenes_compra (id),
  producto_id TEXT NOT NULL REFERENCES productos (id),
  cantidad INTEGER NOT NULL CHECK (cantidad > 0),
  cantidad_recibida INTEGER NOT NULL DEFAULT 0
    CHECK (cantidad_recibida >= 0 AND cantidad_recibida <= cantidad),
  costo_unitario_centavos INTEGER CHECK (costo_unitario_centavos >= 0),
  creado_en TEXT NOT NULL,
  actualizado_en TEXT NOT NULL,
  CONSTRAINT ordenes_compra_lineas_unico UNIQUE (orden_id, producto_id)
);
CREATE INDEX ordenes_compra_lineas_producto ON ordenes_compra_lineas (producto_id);

CREATE TABLE recepciones (
  id TEXT PRIMARY KEY,
  orden_id TEXT NOT NULL REFERENCES ordenes_compra (id),
  ubicacion_id TEXT NOT NULL REFERENCES ubicaciones (id),
  usuario_id TEXT NOT NULL REFERENCES usuarios (id),
  remito TEXT,
  observaciones TEXT,
  creado_en TEXT NOT NULL
);
CREATE INDEX recepciones_orden ON recepciones (orden_id);

CREATE TABLE recepcion_lineas (
  id TEXT PRIMARY KEY,
  recepcion_id TEXT NOT NULL REFERENCES recepciones (id),
  linea_id TEXT NOT NULL REFERENCES ordenes_compra_lineas (id),
  lote_id TEXT NOT NULL REFERENCES stock_lotes (id),
  cantidad INTEGER NOT NULL CHECK (cantidad > 0),
  costo_unitario_centavos INTEGER CHECK (costo_unitario_centavos >= 0),
  creado_en TEXT NOT NULL
);
CREATE INDEX recepcion_lineas_linea ON recepcion_lineas (linea_id);
CREATE INDEX recepcion_lineas_recepcion ON recepcion_lineas (recepcion_id);

-- The kardex: append-only. Sale, return, order and invoice links are added as columns by the
-- migrations that create those tables.
CREATE TABLE movimientos_deposito (
  id TEXT PRIMARY KEY,
  producto_id TEXT NOT NULL REFERENCES productos (id),
  ubicacion_id TEXT NOT NULL REFERENCES ubicaciones (id),
  tipo TEXT NOT NULL CHECK (tipo IN ('entrada', 'recepcion', 'salida', 'ajuste', 'transferencia',
                                     'venta', 'pedido', 'devolucion', 'anulacion')),
  cantidad_delta INTEGER NOT NULL CHECK (cantidad_delta <> 0),
  cantidad_anterior INTEGER NOT NULL,
  cantidad_nueva INTEGER NOT NULL,
  secuencia INTEGER NOT NULL,
  motivo TEXT,
  observaciones TEXT,
  proveedor_id TEXT REFERENCES proveedores (id),
  orden_compra_id TEXT REFERENCES ordenes_compra (id),
  recepcion_id TEXT REFERENCES recepciones (id),
  transferencia_id TEXT,
  usuario_id TEXT REFERENCES usuarios (id),
  creado_en TEXT NOT NULL,
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
  movimiento_id TEXT NOT NULL REFERENCES movimientos_deposito (id),
  lote_id TEXT NOT NULL REFERENCES stock_lotes (id),
  cantidad_delta INTEGER NOT NULL CHECK (cantidad_delta <> 0),
  PRIMARY KEY (movimiento_id, lote_id)
);
CREATE INDEX movimiento_lotes_lote ON movimiento_lotes (lote_id);

-- Holds on stock at one location. pedido_id, pedido_item_id and venta_id get their foreign keys
-- from the migrations that create pedidos and ventas.
CREATE TABLE stock_reservado (
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
  venta_id TEXT,
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
CREATE INDEX stock_reservado_activas ON stock_reservado (producto_id, ubicacion_id)
  WHERE estado = 'activa';
CREATE INDEX stock_reservado_expira ON stock_reservado (expira_en) WHERE estado = 'activa';
CREATE INDEX stock_reservado_pedido ON stock_reservado (pedido_id);

CREATE TABLE precios_historicos (
  id TEXT PRIMARY KEY,
  producto_id TEXT NOT NULL REFERENCES productos (id),
  precio_anterior_centavos INTEGER NOT NULL CHECK (precio_anterior_centavos >= 0),
  precio_nuevo_centavos INTEGER NOT NULL CHECK (precio_nuevo_centavos >= 0),
  costo_anterior_centavos INTEGER,
  costo_nuevo_centavos INTEGER,
  markup_bp INTEGER,
  variacion_bp INTEGER,
  motivo TEXT NOT NULL,
  origen TEXT NOT NULL CHECK (origen IN ('aplicar_precio', 'costo', 'recepcion', 'factura')),
  aprobado_bajo_minimo INTEGER NOT NULL DEFAULT 0 CHECK (aprobado_bajo_minimo IN (0, 1)),
  usuario_id TEXT REFERENCES usuarios (id),
  creado_en TEXT NOT NULL,
  CHECK (precio_anterior_centavos <> precio_nuevo_centavos
         OR costo_anterior_centavos IS NOT costo_nuevo_centavos)
);
CREATE INDEX precios_historicos_producto ON precios_historicos (producto_id, creado_en);
CREATE INDEX precios_historicos_creado ON precios_historicos (creado_en);

CREATE TABLE precios_compra (
  id TEXT PRIMARY KEY,
  producto_id TEXT NOT NULL REFERENCES productos (id),
  proveedor_id TEXT REFERENCES proveedores (id),
  costo_unitario_centavos INTEGER NOT NULL CHECK (costo_unitario_centavos >= 0),
  origen TEXT NOT NULL CHECK (origen IN ('manual', 'recepcion', 'factura')),
  recepcion_linea_id TEXT REFERENCES recepcion_lineas (id),
  usuario_id TEXT REFERENCES usuarios (id),
  creado_en TEXT NOT NULL
);
CREATE INDEX precios_compra_producto ON precios_compra (producto_id, creado_en);
CREATE INDEX precios_compra_proveedor ON precios_compra (proveedor_id, producto_id);
