-- pgbench script for bench/movimientos: the SQL transaction minimarket runs for one salida or
-- entrada of POST /api/deposito/movimiento on PostgreSQL (services/idempotency.cpp,
-- stock_movements.cpp, stock_ledger.cpp, kardex.cpp, cache_versions.cpp), statement for
-- statement, with the same locks, as prepared statements (-M prepared, like the server's named
-- statements). Variables: -D usuario=<uuid> -D run=<nonce>.
\set p random(1, 20)
\set n random(1, 5)
\set sign random(0, 1) * 2 - 1
\set delta :n * :sign
\set k random(1, 1000000000000)
BEGIN;
-- L1: claim the key (idempotency.cpp)
INSERT INTO idempotency_keys (id, scope, principal, key, fingerprint, request_id, creado_en,
                              expira_en)
VALUES (gen_random_uuid(), 'POST /api/deposito/movimiento', :usuario::text,
        'pgb-' || :run::text || '-' || :client_id::text || '-' || :k::text, repeat('f', 64), 'pgbench', now(),
        now() + interval '1 day')
ON CONFLICT (scope, principal, key) DO NOTHING;
-- L5: the product FOR SHARE; the sales location and the location (no ubicacion_id given)
SELECT id, nombre, sku, unidad, activo, controla_vencimiento, precio_venta_centavos,
       costo_centavos, proveedor_principal_id
FROM productos WHERE id = ('b0000000-0000-4000-8000-' || lpad(:p::text, 12, '0'))::uuid FOR SHARE;
SELECT id FROM ubicaciones WHERE es_venta = true;
SELECT id, nombre, es_venta, activo FROM ubicaciones
WHERE id = '00000000-0000-4000-8000-000000000001';
-- L6: the stock row, created if missing, then locked
INSERT INTO stock_deposito (id, producto_id, ubicacion_id, cantidad, stock_minimo, secuencia,
                            creado_en, actualizado_en)
VALUES (gen_random_uuid(), ('b0000000-0000-4000-8000-' || lpad(:p::text, 12, '0'))::uuid,
        '00000000-0000-4000-8000-000000000001', 0, 0, 0, now(), now())
ON CONFLICT (producto_id, ubicacion_id) DO NOTHING;
SELECT id AS sid, cantidad AS cant, secuencia AS seq
FROM stock_deposito
WHERE producto_id = ('b0000000-0000-4000-8000-' || lpad(:p::text, 12, '0'))::uuid
  AND ubicacion_id = '00000000-0000-4000-8000-000000000001' FOR UPDATE \gset
-- L7: its lots (the bench products have one, the default lot)
SELECT id AS lot, cantidad AS lcant FROM stock_lotes WHERE stock_id = :sid::uuid ORDER BY id
FOR UPDATE \gset
-- Σ active reservations (before a salida, after an entrada: one query either way)
SELECT COALESCE(SUM(cantidad), 0) AS total FROM stock_reservado
WHERE producto_id = ('b0000000-0000-4000-8000-' || lpad(:p::text, 12, '0'))::uuid
  AND ubicacion_id = '00000000-0000-4000-8000-000000000001' AND estado = 'activa'
  AND (expira_en IS NULL OR expira_en > now());
-- ApplyMovement: the row, the kardex row, the lot and its movimiento_lotes row
UPDATE stock_deposito SET cantidad = :cant::bigint + :delta::bigint, secuencia = :seq::bigint + 1,
       ultimo_movimiento_en = now(), actualizado_en = now()
WHERE id = :sid::uuid AND secuencia = :seq::bigint;
INSERT INTO movimientos_deposito (id, producto_id, ubicacion_id, tipo, cantidad_delta,
                                  cantidad_anterior, cantidad_nueva, secuencia, motivo,
                                  observaciones, proveedor_id, orden_compra_id, recepcion_id,
                                  transferencia_id, usuario_id, creado_en)
VALUES (gen_random_uuid(), ('b0000000-0000-4000-8000-' || lpad(:p::text, 12, '0'))::uuid,
        '00000000-0000-4000-8000-000000000001',
        CASE WHEN :sign::int > 0 THEN 'entrada' ELSE 'salida' END, :delta::bigint, :cant::bigint, :cant::bigint + :delta::bigint,
        :seq::bigint + 1, CASE WHEN :sign::int > 0 THEN NULL ELSE 'Merma' END, NULL, NULL, NULL, NULL, NULL,
        :usuario::uuid, now())
RETURNING id AS mid \gset
UPDATE stock_lotes SET cantidad = :lcant::bigint + :delta::bigint, actualizado_en = now() WHERE id = :lot::uuid;
INSERT INTO movimiento_lotes (movimiento_id, lote_id, cantidad_delta)
VALUES (:mid::uuid, :lot::uuid, :delta::bigint);
-- The answer: the kardex row read back (kardex.cpp)
SELECT m.id, m.creado_en, m.tipo, m.producto_id, p.nombre AS producto_nombre, p.sku,
       m.ubicacion_id, u.nombre AS ubicacion_nombre, m.cantidad_delta, m.cantidad_anterior,
       m.cantidad_nueva, m.motivo, m.observaciones, m.orden_compra_id, oc.numero AS oc_numero,
       m.proveedor_id, pr.nombre AS proveedor_nombre, m.usuario_id, us.nombre AS usuario_nombre,
       m.transferencia_id
FROM movimientos_deposito m
JOIN productos p ON p.id = m.producto_id
JOIN ubicaciones u ON u.id = m.ubicacion_id
LEFT JOIN ordenes_compra oc ON oc.id = m.orden_compra_id
LEFT JOIN proveedores pr ON pr.id = m.proveedor_id
LEFT JOIN usuarios us ON us.id = m.usuario_id
WHERE m.id IN (:mid::uuid) ORDER BY m.creado_en DESC, m.id DESC;
SELECT ml.movimiento_id, ml.lote_id, ml.cantidad_delta, l.lote, l.fecha_vencimiento
FROM movimiento_lotes ml JOIN stock_lotes l ON l.id = ml.lote_id
WHERE ml.movimiento_id IN (:mid::uuid) ORDER BY ml.movimiento_id, l.fecha_vencimiento, ml.lote_id;
-- Last: bump the `stock` cache namespace (and its NOTIFY), store the answer in the key row
INSERT INTO cache_versions (namespace, version, actualizado_en) VALUES ('stock', 1, now())
ON CONFLICT (namespace) DO UPDATE
  SET version = cache_versions.version + 1, actualizado_en = excluded.actualizado_en
RETURNING version;
SELECT pg_notify('cache_invalidation', 'stock');
UPDATE idempotency_keys SET response_status = 201, response_body = repeat('x', 900),
       resource_id = ('b0000000-0000-4000-8000-' || lpad(:p::text, 12, '0'))
WHERE scope = 'POST /api/deposito/movimiento' AND principal = :usuario::text
  AND key = 'pgb-' || :run::text || '-' || :client_id::text || '-' || :k::text;
COMMIT;
