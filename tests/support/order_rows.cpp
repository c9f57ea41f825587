#include "support/order_rows.hpp"

#include "core/uuid.hpp"

namespace mm::testing {

OrderRows InsertOrderRows(store::Database& db, core::Random& random, const std::string& producto_id,
                          const std::string& ubicacion_id, const std::string& usuario_id,
                          core::Timestamp now) {
  OrderRows rows{core::NewUuidV4(random), core::NewUuidV4(random)};
  db.Write([&](store::Tx& tx) {
    const auto numero = tx.QueryOne("SELECT COALESCE(MAX(numero), 0) + 1 FROM pedidos")->Int(0);
    tx.Exec(R"sql(
INSERT INTO pedidos (id, numero, cliente_nombre, busqueda_normalizado, ubicacion_id,
                     total_centavos, creado_por, creado_en, actualizado_en)
VALUES ($1, $2, 'Cliente de prueba', 'cliente de prueba', $3, 100, $4, $5, $5))sql",
            {rows.pedido_id, numero, ubicacion_id, usuario_id, now});
    tx.Exec(R"sql(
INSERT INTO pedido_items (id, pedido_id, producto_id, descripcion, unidad, cantidad,
                          precio_unitario_centavos, subtotal_centavos, creado_en, actualizado_en)
VALUES ($1, $2, $3, 'Producto de prueba', 'u', 1, 100, 100, $4, $4))sql",
            {rows.item_id, rows.pedido_id, producto_id, now});
  });
  return rows;
}

}  // namespace mm::testing
