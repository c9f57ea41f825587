#include "services/sale_reader.hpp"

#include <boost/json/array.hpp>

namespace mm::services {
namespace {

namespace json = boost::json;

json::value OptTime(const std::optional<core::Timestamp>& t) {
  return t ? json::value(core::FormatApiTimestamp(*t)) : json::value(nullptr);
}

}  // namespace

json::object DevolucionJson(const sale_store::DevolucionRow& d) {
  json::array items;
  for (const auto& i : d.items) {
    items.push_back(json::object{{"venta_item_id", i.venta_item_id},
                                 {"cantidad", i.cantidad},
                                 {"monto_centavos", i.monto_centavos}});
  }
  json::array reintegros;
  for (const auto& r : d.reintegros) {
    reintegros.push_back(json::object{{"metodo", r.metodo}, {"monto_centavos", r.monto_centavos}});
  }
  return json::object{
      {"id", d.id},
      {"numero", d.numero},
      {"tipo", d.tipo},
      {"creado_en", core::FormatApiTimestamp(d.creado_en)},
      {"motivo", d.motivo},
      {"total_centavos", d.total_centavos},
      {"reingresa_stock", d.reingresa_stock},
      {"sesion_caja_id", d.sesion_caja_id ? json::value(*d.sesion_caja_id) : json::value(nullptr)},
      {"usuario", json::object{{"id", d.usuario_id}, {"nombre", d.usuario_nombre}}},
      {"items", std::move(items)},
      {"reintegros", std::move(reintegros)}};
}

json::object VentaJson(const sale_store::Venta& sale,
                       const std::vector<sale_store::DevolucionRow>& devoluciones) {
  const auto& v = sale.venta;
  json::array items;
  for (const auto& i : sale.items) {
    json::object o{{"id", i.id},
                   {"producto_id", i.producto_id},
                   {"nombre", i.producto_nombre},
                   {"sku", i.producto_sku},
                   {"unidad", i.unidad},
                   {"cantidad", i.cantidad},
                   {"precio_lista_centavos", i.precio_lista_centavos},
                   {"precio_unitario_centavos", i.precio_unitario_centavos},
                   {"oferta_id", i.oferta_id ? json::value(*i.oferta_id) : json::value(nullptr)},
                   {"reserva_id", i.reserva_id ? json::value(*i.reserva_id) : json::value(nullptr)},
                   {"subtotal_centavos", i.subtotal_centavos},
                   {"devuelto", i.cantidad_devuelta},
                   {"monto_devuelto_centavos", i.monto_devuelto_centavos}};
    items.push_back(std::move(o));
  }
  json::array pagos;
  std::optional<std::int64_t> recibido;
  std::optional<std::int64_t> vuelto;
  for (const auto& p : sale.pagos) {
    pagos.push_back(json::object{
        {"metodo", p.metodo},
        {"monto_centavos", p.monto_centavos},
        {"referencia", p.referencia ? json::value(*p.referencia) : json::value(nullptr)},
        {"monto_reintegrado_centavos", p.monto_reintegrado_centavos}});
    if (p.metodo == "efectivo") {
      recibido = p.recibido_centavos;
      vuelto = p.vuelto_centavos;
    }
  }
  json::array devs;
  json::value anulacion = nullptr;
  for (const auto& d : devoluciones) {
    if (d.tipo == "anulacion") {
      anulacion = DevolucionJson(d);
    } else {
      devs.push_back(DevolucionJson(d));
    }
  }
  json::object o{
      {"id", v.id},
      {"numero", v.numero},
      {"creado_en", core::FormatApiTimestamp(v.creado_en)},
      {"estado", v.estado},
      {"creado_offline_en", OptTime(v.creado_offline_en)},
      {"catalogo_generado_en", OptTime(v.catalogo_generado_en)},
      {"cliente", v.cliente_id ? json::value(json::object{
                                     {"id", *v.cliente_id},
                                     {"nombre", v.cliente_nombre.value_or("")},
                                     {"saldo_centavos", v.cliente_saldo_centavos.value_or(0)}})
                               : json::value(nullptr)},
      {"usuario", json::object{{"id", v.usuario_id}, {"nombre", v.usuario_nombre}}},
      {"sesion_caja_id", v.sesion_caja_id},
      {"ubicacion_id", v.ubicacion_id},
      {"items", std::move(items)},
      {"pagos", std::move(pagos)},
      {"total_centavos", v.total_centavos},
      {"devuelto_centavos", v.devuelto_centavos},
      {"riesgo_confirmado", v.riesgo_confirmado},
      {"observaciones", v.observaciones ? json::value(*v.observaciones) : json::value(nullptr)},
      {"devoluciones", std::move(devs)},
      {"anulacion", std::move(anulacion)}};
  if (recibido) o["efectivo_recibido_centavos"] = *recibido;
  if (vuelto) o["vuelto_centavos"] = *vuelto;
  return o;
}

std::optional<json::object> ReadVentaJson(store::Tx& tx, std::string_view venta_id) {
  auto v = sale_store::FindVenta(tx, venta_id);
  if (!v) return std::nullopt;
  return VentaJson(*v, sale_store::Devoluciones(tx, venta_id));
}

}  // namespace mm::services
