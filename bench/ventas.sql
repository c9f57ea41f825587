-- pgbench script for bench/transacciones, scenario ventas: the SQL transaction minimarket runs
-- for POST /api/ventas on PostgreSQL (services/idempotency.cpp, sales.cpp, sale_store.cpp,
-- cash_register.cpp, stock_ledger.cpp, replacement_cost.cpp, cache_versions.cpp) for a ticket of two
-- bench products (1–3 units each, ascending product id, no offer, no reservation) paid exactly in
-- cash, statement for statement with the same locks, as prepared statements (traced from the
-- server with log_statement = all). Variables: -D usuario=<uuid> -D run=<nonce>.
\set p random(1, 19)
\set q random(:p + 1, 20)
\set n random(1, 3)
\set m random(1, 3)
\set k random(1, 1000000000000)
BEGIN;
-- L1: claim the key
INSERT INTO idempotency_keys (id, scope, principal, key, fingerprint, request_id, creado_en,
                              expira_en)
VALUES (gen_random_uuid(), 'POST /api/ventas', :usuario::text,
        'pgb-' || :run::text || '-' || :client_id::text || '-' || :k::text, repeat('f', 64),
        'pgbench', now(), now() + interval '1 day')
ON CONFLICT (scope, principal, key) DO NOTHING;
-- L2: the open cash session FOR SHARE
SELECT id AS sesion FROM sesiones_caja WHERE estado = 'abierta' FOR SHARE \gset
-- L5: the products FOR SHARE in ascending id; the sales location
SELECT id, nombre, sku, unidad, activo, controla_vencimiento, precio_venta_centavos,
       costo_centavos, proveedor_principal_id FROM productos WHERE id = ('b0000000-0000-4000-8000-' || lpad(:p::text, 12, '0'))::uuid FOR SHARE;
SELECT id, nombre, sku, unidad, activo, controla_vencimiento, precio_venta_centavos,
       costo_centavos, proveedor_principal_id FROM productos WHERE id = ('b0000000-0000-4000-8000-' || lpad(:q::text, 12, '0'))::uuid FOR SHARE;
SELECT id FROM ubicaciones WHERE es_venta = true;
-- L6/L7 per product: the stock row (created if missing) and its lots; replacement cost, Σ holds,
-- the active offer
INSERT INTO stock_deposito (id, producto_id, ubicacion_id, cantidad, stock_minimo, secuencia,
                            creado_en, actualizado_en)
VALUES (gen_random_uuid(), ('b0000000-0000-4000-8000-' || lpad(:p::text, 12, '0'))::uuid, '00000000-0000-4000-8000-000000000001', 0, 0, 0, now(), now())
ON CONFLICT (producto_id, ubicacion_id) DO NOTHING;
SELECT id AS sid1, cantidad AS cant1, secuencia AS seq1 FROM stock_deposito
WHERE producto_id = ('b0000000-0000-4000-8000-' || lpad(:p::text, 12, '0'))::uuid AND ubicacion_id = '00000000-0000-4000-8000-000000000001' FOR UPDATE \gset
SELECT id AS lot1, cantidad AS lcant1 FROM stock_lotes WHERE stock_id = :sid1::uuid ORDER BY id
FOR UPDATE \gset
SELECT costo_centavos FROM productos WHERE id = ('b0000000-0000-4000-8000-' || lpad(:p::text, 12, '0'))::uuid AND costo_centavos IS NOT NULL;
SELECT COALESCE(SUM(cantidad), 0) AS total FROM stock_reservado
WHERE producto_id = ('b0000000-0000-4000-8000-' || lpad(:p::text, 12, '0'))::uuid AND ubicacion_id = '00000000-0000-4000-8000-000000000001'
  AND (estado = 'activa' AND (expira_en IS NULL OR expira_en > now()));
SELECT id, lote_id, precio_oferta_centavos FROM ofertas
WHERE producto_id = ('b0000000-0000-4000-8000-' || lpad(:p::text, 12, '0'))::uuid AND ubicacion_id = '00000000-0000-4000-8000-000000000001' AND activa
  AND vence_en > now();
INSERT INTO stock_deposito (id, producto_id, ubicacion_id, cantidad, stock_minimo, secuencia,
                            creado_en, actualizado_en)
VALUES (gen_random_uuid(), ('b0000000-0000-4000-8000-' || lpad(:q::text, 12, '0'))::uuid, '00000000-0000-4000-8000-000000000001', 0, 0, 0, now(), now())
ON CONFLICT (producto_id, ubicacion_id) DO NOTHING;
SELECT id AS sid2, cantidad AS cant2, secuencia AS seq2 FROM stock_deposito
WHERE producto_id = ('b0000000-0000-4000-8000-' || lpad(:q::text, 12, '0'))::uuid AND ubicacion_id = '00000000-0000-4000-8000-000000000001' FOR UPDATE \gset
SELECT id AS lot2, cantidad AS lcant2 FROM stock_lotes WHERE stock_id = :sid2::uuid ORDER BY id
FOR UPDATE \gset
SELECT costo_centavos FROM productos WHERE id = ('b0000000-0000-4000-8000-' || lpad(:q::text, 12, '0'))::uuid AND costo_centavos IS NOT NULL;
SELECT COALESCE(SUM(cantidad), 0) AS total FROM stock_reservado
WHERE producto_id = ('b0000000-0000-4000-8000-' || lpad(:q::text, 12, '0'))::uuid AND ubicacion_id = '00000000-0000-4000-8000-000000000001'
  AND (estado = 'activa' AND (expira_en IS NULL OR expira_en > now()));
SELECT id, lote_id, precio_oferta_centavos FROM ofertas
WHERE producto_id = ('b0000000-0000-4000-8000-' || lpad(:q::text, 12, '0'))::uuid AND ubicacion_id = '00000000-0000-4000-8000-000000000001' AND activa
  AND vence_en > now();
-- The sale: its number, header, items, kardex rows with their lots, payment, cash flow
SELECT nextval('ventas_numero_seq') AS numero \gset
INSERT INTO ventas (id, numero, sesion_caja_id, ubicacion_id, usuario_id, estado, total_centavos,
                    devuelto_centavos, riesgo_confirmado, creado_offline_en, catalogo_generado_en,
                    observaciones, creado_en, actualizado_en)
VALUES (gen_random_uuid(), :numero, :sesion::uuid, '00000000-0000-4000-8000-000000000001',
        :usuario::uuid, 'completada', (:n::bigint + :m::bigint) * 100000, 0, false, NULL, NULL, NULL, now(), now())
RETURNING id AS vid \gset
INSERT INTO venta_items (id, venta_id, producto_id, producto_nombre, producto_sku, unidad, cantidad,
                         precio_lista_centavos, precio_unitario_centavos, oferta_id, reserva_id,
                         subtotal_centavos, costo_unitario_centavos, cantidad_devuelta,
                         monto_devuelto_centavos, creado_en)
VALUES (gen_random_uuid(), :vid::uuid, ('b0000000-0000-4000-8000-' || lpad(:p::text, 12, '0'))::uuid, 'Bench', 'BENCH', 'u', :n::bigint, 100000, 100000, NULL, NULL,
        :n::bigint * 100000, NULL, 0, 0, now())
RETURNING id AS item1 \gset
UPDATE stock_deposito SET cantidad = :cant1::bigint - :n::bigint, secuencia = :seq1::bigint + 1,
       ultimo_movimiento_en = now(), actualizado_en = now()
WHERE id = :sid1::uuid AND secuencia = :seq1::bigint;
INSERT INTO movimientos_deposito (id, producto_id, ubicacion_id, tipo, cantidad_delta,
                                  cantidad_anterior, cantidad_nueva, secuencia, motivo,
                                  observaciones, proveedor_id, orden_compra_id, recepcion_id,
                                  transferencia_id, venta_id, venta_item_id, devolucion_id,
                                  usuario_id, creado_en)
VALUES (gen_random_uuid(), ('b0000000-0000-4000-8000-' || lpad(:p::text, 12, '0'))::uuid, '00000000-0000-4000-8000-000000000001', 'venta', -(:n::bigint),
        :cant1::bigint, :cant1::bigint - :n::bigint, :seq1::bigint + 1, NULL, NULL, NULL, NULL, NULL,
        NULL, :vid::uuid, :item1::uuid, NULL, :usuario::uuid, now())
RETURNING id AS mid1 \gset
UPDATE stock_lotes SET cantidad = :lcant1::bigint - :n::bigint, actualizado_en = now() WHERE id = :lot1::uuid;
INSERT INTO movimiento_lotes (movimiento_id, lote_id, cantidad_delta)
VALUES (:mid1::uuid, :lot1::uuid, -(:n::bigint));
INSERT INTO venta_items (id, venta_id, producto_id, producto_nombre, producto_sku, unidad, cantidad,
                         precio_lista_centavos, precio_unitario_centavos, oferta_id, reserva_id,
                         subtotal_centavos, costo_unitario_centavos, cantidad_devuelta,
                         monto_devuelto_centavos, creado_en)
VALUES (gen_random_uuid(), :vid::uuid, ('b0000000-0000-4000-8000-' || lpad(:q::text, 12, '0'))::uuid, 'Bench', 'BENCH', 'u', :m::bigint, 100000, 100000, NULL, NULL,
        :m::bigint * 100000, NULL, 0, 0, now())
RETURNING id AS item2 \gset
UPDATE stock_deposito SET cantidad = :cant2::bigint - :m::bigint, secuencia = :seq2::bigint + 1,
       ultimo_movimiento_en = now(), actualizado_en = now()
WHERE id = :sid2::uuid AND secuencia = :seq2::bigint;
INSERT INTO movimientos_deposito (id, producto_id, ubicacion_id, tipo, cantidad_delta,
                                  cantidad_anterior, cantidad_nueva, secuencia, motivo,
                                  observaciones, proveedor_id, orden_compra_id, recepcion_id,
                                  transferencia_id, venta_id, venta_item_id, devolucion_id,
                                  usuario_id, creado_en)
VALUES (gen_random_uuid(), ('b0000000-0000-4000-8000-' || lpad(:q::text, 12, '0'))::uuid, '00000000-0000-4000-8000-000000000001', 'venta', -(:m::bigint),
        :cant2::bigint, :cant2::bigint - :m::bigint, :seq2::bigint + 1, NULL, NULL, NULL, NULL, NULL,
        NULL, :vid::uuid, :item2::uuid, NULL, :usuario::uuid, now())
RETURNING id AS mid2 \gset
UPDATE stock_lotes SET cantidad = :lcant2::bigint - :m::bigint, actualizado_en = now() WHERE id = :lot2::uuid;
INSERT INTO movimiento_lotes (movimiento_id, lote_id, cantidad_delta)
VALUES (:mid2::uuid, :lot2::uuid, -(:m::bigint));
INSERT INTO venta_pagos (id, venta_id, metodo, monto_centavos, recibido_centavos, vuelto_centavos,
                         referencia, monto_reintegrado_centavos, creado_en)
VALUES (gen_random_uuid(), :vid::uuid, 'efectivo', (:n::bigint + :m::bigint) * 100000, NULL, 0, NULL, 0, now());
INSERT INTO movimientos_caja (id, sesion_id, tipo, monto_centavos, venta_id, devolucion_id,
                              usuario_id, motivo, creado_en)
VALUES (gen_random_uuid(), :sesion::uuid, 'venta', (:n::bigint + :m::bigint) * 100000, :vid::uuid, NULL,
        :usuario::uuid, NULL, now());
-- The answer: the sale read back (sale reader)
SELECT v.id, v.numero, v.sesion_caja_id, v.ubicacion_id, v.usuario_id, u.nombre AS usuario_nombre,
       v.estado, v.total_centavos, v.devuelto_centavos, v.riesgo_confirmado, v.creado_offline_en,
       v.catalogo_generado_en, v.observaciones, v.creado_en
FROM ventas v JOIN usuarios u ON u.id = v.usuario_id WHERE v.id = :vid::uuid;
SELECT id, producto_id, producto_nombre, producto_sku, unidad, cantidad, precio_lista_centavos,
       precio_unitario_centavos, oferta_id, reserva_id, subtotal_centavos, costo_unitario_centavos,
       cantidad_devuelta, monto_devuelto_centavos
FROM venta_items WHERE venta_id = :vid::uuid ORDER BY id;
SELECT id, metodo, monto_centavos, recibido_centavos, vuelto_centavos, referencia,
       monto_reintegrado_centavos
FROM venta_pagos WHERE venta_id = :vid::uuid ORDER BY id;
SELECT d.id, d.numero, d.tipo, d.reingresa_stock, d.sesion_caja_id, d.usuario_id,
       u.nombre AS usuario_nombre, d.motivo, d.total_centavos, d.creado_en
FROM devoluciones d JOIN usuarios u ON u.id = d.usuario_id
WHERE d.venta_id = :vid::uuid ORDER BY d.creado_en, d.numero;
-- Last: bump `stock` and `ventas` (and NOTIFY), store the answer in the key row
INSERT INTO cache_versions (namespace, version, actualizado_en) VALUES ('stock', 1, now())
ON CONFLICT (namespace) DO UPDATE
  SET version = cache_versions.version + 1, actualizado_en = excluded.actualizado_en
RETURNING version;
SELECT pg_notify('cache_invalidation', 'stock');
INSERT INTO cache_versions (namespace, version, actualizado_en) VALUES ('ventas', 1, now())
ON CONFLICT (namespace) DO UPDATE
  SET version = cache_versions.version + 1, actualizado_en = excluded.actualizado_en
RETURNING version;
SELECT pg_notify('cache_invalidation', 'ventas');
UPDATE idempotency_keys SET response_status = 201, response_body = repeat('x', 1500),
       resource_id = :vid::text
WHERE scope = 'POST /api/ventas' AND principal = :usuario::text
  AND key = 'pgb-' || :run::text || '-' || :client_id::text || '-' || :k::text;
COMMIT;
