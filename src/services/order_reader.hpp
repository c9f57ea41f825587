// How an order reads (api.md §10.2): the detail with items[], pagos[], reservas[] (effective
// state) and the address fields, the list row, and the item of the preparation checklist.
#pragma once

#include <optional>
#include <string>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "core/clock.hpp"
#include "services/order_store.hpp"
#include "store/tx.hpp"

namespace mm::services {

// The order with items[], pagos[] and reservas[]; nullopt when the id names no order.
std::optional<boost::json::object> ReadOrderJson(store::Tx& tx, const std::string& id,
                                                 core::Timestamp now);
// {id, numero, estado, estado_pago, cliente_id, cliente_nombre, cliente_telefono, tipo_entrega,
// total_centavos, pagado_centavos, fecha_entrega_estimada, items_count, items_preparados,
// creado_en, version}.
boost::json::object OrderListJson(const OrderListRow& r);
// {id, preparado, preparado_por:{id, nombre}|null, preparado_en}.
boost::json::object OrderItemStateJson(store::Tx& tx, const OrderItemRow& i);
// {id, tipo, metodo, monto_centavos, referencia, sesion_caja_id, cc_movimiento_id,
// usuario:{id, nombre}, creado_en}.
boost::json::object OrderPaymentJson(store::Tx& tx, const OrderPaymentRow& p);

// The global search's `pedidos` section (api.md §11.4): at most `limit` orders matching `q` by
// cliente nombre or teléfono (a numeric q also matches numero exactly, first), newest first:
// [{id, numero, estado, estado_pago, cliente_nombre, cliente_telefono, total_centavos,
// creado_en}].
boost::json::array SearchOrders(store::Tx& tx, const std::string& q, int limit);

}  // namespace mm::services
