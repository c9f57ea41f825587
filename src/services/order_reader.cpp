#include "services/order_reader.hpp"

#include <boost/json/array.hpp>

#include "services/catalog_common.hpp"
#include "services/reservation_store.hpp"
#include "services/reservations.hpp"

namespace mm::services {
namespace {

namespace json = boost::json;

json::value Time(const std::optional<core::Timestamp>& t) {
  return t ? json::value(core::FormatApiTimestamp(*t)) : json::value(nullptr);
}

json::value UserRef(store::Tx& tx, const std::optional<std::string>& id) {
  if (!id) return nullptr;
  auto r = tx.QueryOne("SELECT nombre FROM usuarios WHERE id = $1", {*id});
  return json::object{{"id", *id}, {"nombre", r ? r->Text(0) : std::string()}};
}

json::object ItemJson(store::Tx& tx, const OrderItemRow& i) {
  return json::object{{"id", i.id},
                      {"producto_id", JsonOrNull(i.producto_id)},
                      {"descripcion", i.descripcion},
                      {"producto_sku", JsonOrNull(i.producto_sku)},
                      {"unidad", JsonOrNull(i.unidad)},
                      {"cantidad", i.cantidad},
                      {"precio_unitario_centavos", i.precio_unitario_centavos},
                      {"subtotal_centavos", i.subtotal_centavos},
                      {"preparado", i.preparado},
                      {"preparado_en", Time(i.preparado_en)},
                      {"preparado_por", UserRef(tx, i.preparado_por)},
                      {"observaciones", JsonOrNull(i.observaciones)}};
}

}  // namespace

json::object OrderItemStateJson(store::Tx& tx, const OrderItemRow& i) {
  return json::object{{"id", i.id},
                      {"pedido_id", i.pedido_id},
                      {"preparado", i.preparado},
                      {"preparado_por", UserRef(tx, i.preparado_por)},
                      {"preparado_en", Time(i.preparado_en)}};
}

json::object OrderPaymentJson(store::Tx& tx, const OrderPaymentRow& p) {
  return json::object{{"id", p.id},
                      {"tipo", p.tipo},
                      {"metodo", p.metodo},
                      {"monto_centavos", p.monto_centavos},
                      {"referencia", JsonOrNull(p.referencia)},
                      {"sesion_caja_id", JsonOrNull(p.sesion_caja_id)},
                      {"cc_movimiento_id", JsonOrNull(p.cc_movimiento_id)},
                      {"usuario", UserRef(tx, p.usuario_id)},
                      {"creado_en", core::FormatApiTimestamp(p.creado_en)}};
}

std::optional<json::object> ReadOrderJson(store::Tx& tx, const std::string& id,
                                          core::Timestamp now) {
  auto found = order_store::Find(tx, id);
  if (!found) return std::nullopt;
  const OrderRow& o = *found;
  json::array items;
  for (const auto& i : order_store::Items(tx, o.id)) items.push_back(ItemJson(tx, i));
  json::array pagos;
  for (const auto& p : order_store::Payments(tx, o.id)) pagos.push_back(OrderPaymentJson(tx, p));
  json::array reservas;
  for (const auto& rid : order_store::ReservationIds(tx, o.id)) {
    if (auto r = reservation_store::Find(tx, rid)) {
      json::object j = ReservationJson(*r, now);
      if (r->pedido_item_id) j["pedido_item_id"] = *r->pedido_item_id;
      reservas.push_back(std::move(j));
    }
  }
  return json::object{{"id", o.id},
                      {"numero", o.numero},
                      {"cliente_id", JsonOrNull(o.cliente_id)},
                      {"cliente_nombre", o.cliente_nombre},
                      {"cliente_telefono", JsonOrNull(o.cliente_telefono)},
                      {"tipo_entrega", o.tipo_entrega},
                      {"direccion_entrega", JsonOrNull(o.direccion_entrega)},
                      {"edificio", JsonOrNull(o.edificio)},
                      {"piso", JsonOrNull(o.piso)},
                      {"departamento", JsonOrNull(o.departamento)},
                      {"horario_entrega_preferido", JsonOrNull(o.horario_entrega_preferido)},
                      {"ubicacion_id", o.ubicacion_id},
                      {"estado", o.estado},
                      {"estado_pago", o.estado_pago},
                      {"total_centavos", o.total_centavos},
                      {"pagado_centavos", o.pagado_centavos},
                      {"saldo_pendiente_centavos", o.total_centavos - o.pagado_centavos},
                      {"fecha_entrega_estimada", JsonOrNull(o.fecha_entrega_estimada)},
                      {"observaciones", JsonOrNull(o.observaciones)},
                      {"observaciones_internas", JsonOrNull(o.observaciones_internas)},
                      {"creado_por", UserRef(tx, o.creado_por)},
                      {"preparado_por", UserRef(tx, o.preparado_por)},
                      {"entregado_por", UserRef(tx, o.entregado_por)},
                      {"cancelado_por", UserRef(tx, o.cancelado_por)},
                      {"preparando_en", Time(o.preparando_en)},
                      {"listo_en", Time(o.listo_en)},
                      {"entregado_en", Time(o.entregado_en)},
                      {"cancelado_en", Time(o.cancelado_en)},
                      {"motivo_cancelacion", JsonOrNull(o.motivo_cancelacion)},
                      {"version", o.version},
                      {"creado_en", core::FormatApiTimestamp(o.creado_en)},
                      {"actualizado_en", core::FormatApiTimestamp(o.actualizado_en)},
                      {"items", std::move(items)},
                      {"pagos", std::move(pagos)},
                      {"reservas", std::move(reservas)}};
}

json::object OrderListJson(const OrderListRow& r) {
  const OrderRow& o = r.order;
  return json::object{{"id", o.id},
                      {"numero", o.numero},
                      {"estado", o.estado},
                      {"estado_pago", o.estado_pago},
                      {"cliente_id", JsonOrNull(o.cliente_id)},
                      {"cliente_nombre", o.cliente_nombre},
                      {"cliente_telefono", JsonOrNull(o.cliente_telefono)},
                      {"tipo_entrega", o.tipo_entrega},
                      {"total_centavos", o.total_centavos},
                      {"pagado_centavos", o.pagado_centavos},
                      {"fecha_entrega_estimada", JsonOrNull(o.fecha_entrega_estimada)},
                      {"items_count", r.items_count},
                      {"items_preparados", r.items_preparados},
                      {"creado_en", core::FormatApiTimestamp(o.creado_en)},
                      {"version", o.version}};
}

json::array SearchOrders(store::Tx& tx, const std::string& q, int limit) {
  OrderFilter f;
  f.q = q;
  f.limit = limit;
  json::array out;
  for (const auto& r : order_store::List(tx, f, nullptr)) {
    const OrderRow& o = r.order;
    out.push_back(json::object{{"id", o.id},
                               {"numero", o.numero},
                               {"estado", o.estado},
                               {"estado_pago", o.estado_pago},
                               {"cliente_nombre", o.cliente_nombre},
                               {"cliente_telefono", JsonOrNull(o.cliente_telefono)},
                               {"total_centavos", o.total_centavos},
                               {"creado_en", core::FormatApiTimestamp(o.creado_en)}});
  }
  return out;
}

}  // namespace mm::services
