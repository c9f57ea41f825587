-- pgbench script for bench/transacciones, scenario reservas: the SQL transaction minimarket runs
-- for POST /api/reservas on PostgreSQL (services/idempotency.cpp, reservations.cpp,
-- reservation_store.cpp, stock_ledger.cpp, cache_versions.cpp), statement for statement, with the
-- same locks, as prepared statements. Variables: -D usuario=<uuid> -D run=<nonce>.
\set p random(1, 20)
\set n random(1, 5)
\set k random(1, 1000000000000)
BEGIN;
-- L1: claim the key
INSERT INTO idempotency_keys (id, scope, principal, key, fingerprint, request_id, creado_en,
                              expira_en)
VALUES (gen_random_uuid(), 'POST /api/reservas', :usuario::text,
        'pgb-' || :run::text || '-' || :client_id::text || '-' || :k::text, repeat('f', 64),
        'pgbench', now(), now() + interval '1 day')
ON CONFLICT (scope, principal, key) DO NOTHING;
-- L5: the product FOR SHARE; the sales location (no ubicacion_id given) and the location
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
SELECT id, producto_id, ubicacion_id, cantidad, stock_minimo, stock_maximo, secuencia
FROM stock_deposito
WHERE producto_id = ('b0000000-0000-4000-8000-' || lpad(:p::text, 12, '0'))::uuid
  AND ubicacion_id = '00000000-0000-4000-8000-000000000001' FOR UPDATE;
-- Σ effectively active holds, after the lock
SELECT COALESCE(SUM(cantidad), 0) AS total FROM stock_reservado
WHERE producto_id = ('b0000000-0000-4000-8000-' || lpad(:p::text, 12, '0'))::uuid
  AND ubicacion_id = '00000000-0000-4000-8000-000000000001' AND estado = 'activa'
  AND (expira_en IS NULL OR expira_en > now());
-- The hold, read back with its user for the answer
INSERT INTO stock_reservado (id, producto_id, ubicacion_id, cantidad, estado, referencia,
                             pedido_id, pedido_item_id, expira_en, usuario_id, creado_en,
                             actualizado_en)
VALUES (gen_random_uuid(), ('b0000000-0000-4000-8000-' || lpad(:p::text, 12, '0'))::uuid,
        '00000000-0000-4000-8000-000000000001', :n, 'activa', NULL, NULL, NULL,
        now() + interval '1440 minutes', :usuario::uuid, now(), now())
RETURNING id AS rid \gset
SELECT r.id, r.producto_id, r.ubicacion_id, r.cantidad, r.estado, r.referencia, r.pedido_id,
       r.pedido_item_id, r.expira_en, r.usuario_id, u.nombre AS usuario_nombre, r.venta_id,
       r.consumida_en, r.cancelada_en, r.vencida_en, r.cancelada_por,
       c.nombre AS cancelada_por_nombre, r.motivo_cancelacion, r.creado_en, r.actualizado_en
FROM stock_reservado r
JOIN usuarios u ON u.id = r.usuario_id
LEFT JOIN usuarios c ON c.id = r.cancelada_por
WHERE r.id = :rid::uuid;
-- Bump the `stock` cache namespace (and its NOTIFY), store the answer in the key row
INSERT INTO cache_versions (namespace, version, actualizado_en) VALUES ('stock', 1, now())
ON CONFLICT (namespace) DO UPDATE
  SET version = cache_versions.version + 1, actualizado_en = excluded.actualizado_en
RETURNING version;
SELECT pg_notify('cache_invalidation', 'stock');
UPDATE idempotency_keys SET response_status = 201, response_body = repeat('x', 400),
       resource_id = :rid::text
WHERE scope = 'POST /api/reservas' AND principal = :usuario::text
  AND key = 'pgb-' || :run::text || '-' || :client_id::text || '-' || :k::text;
COMMIT;
