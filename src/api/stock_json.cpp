#include "api/stock_json.hpp"
#include "api/schema.hpp"

#include <boost/json/array.hpp>

#include "core/clock.hpp"

namespace mm::api {
namespace {

namespace json = boost::json;

json::value Opt(const std::optional<std::string>& v) {
  return v ? json::value(*v) : json::value(nullptr);
}

json::value Opt(const std::optional<std::int64_t>& v) {
  return v ? json::value(*v) : json::value(nullptr);
}

json::object Ref(const std::string& id, const std::string& nombre) {
  return json::object{{"id", id}, {"nombre", nombre}};
}

json::object Typed(std::string_view type) { return json::object{{"type", type}}; }

}  // namespace

json::object LotJson(const services::LotView& l, bool context) {
  json::object o{{"id", l.id},
                 {"lote", l.lote.empty() ? json::value(nullptr) : json::value(l.lote)},
                 {"fecha_vencimiento", Opt(l.fecha_vencimiento)},
                 {"cantidad", l.cantidad},
                 {"dias_para_vencer",
                  l.dias_para_vencer ? json::value(*l.dias_para_vencer) : json::value(nullptr)},
                 {"ingresado_en", core::FormatApiTimestamp(l.ingresado_en)}};
  if (context) {
    o["stock_id"] = l.stock_id;
    o["producto"] =
        json::object{{"id", l.producto_id}, {"nombre", l.producto_nombre}, {"sku", l.producto_sku}};
    o["ubicacion"] = Ref(l.ubicacion_id, l.ubicacion_nombre);
    if (l.oferta_activa) o["oferta_activa"] = *l.oferta_activa;
  }
  return o;
}

json::object StockJson(const services::StockView& s, bool with_lots) {
  json::value categoria = nullptr;
  if (s.categoria_id) categoria = Ref(*s.categoria_id, s.categoria_nombre.value_or(""));
  json::object o{{"id", s.id},
                 {"producto", json::object{{"id", s.producto_id},
                                           {"nombre", s.producto_nombre},
                                           {"sku", s.producto_sku},
                                           {"codigo_barras", Opt(s.codigo_barras)},
                                           {"categoria", categoria}}},
                 {"ubicacion", Ref(s.ubicacion_id, s.ubicacion_nombre)},
                 {"cantidad", s.cantidad},
                 {"reservado", s.reservado},
                 {"disponible", s.disponible},
                 {"stock_minimo", s.stock_minimo},
                 {"stock_maximo", Opt(s.stock_maximo)},
                 {"nivel", core::StockLevelName(s.nivel)},
                 {"proximo_vencimiento", Opt(s.proximo_vencimiento)}};
  if (with_lots) {
    json::array lotes;
    for (const auto& l : s.lotes) lotes.push_back(LotJson(l, false));
    o["lotes"] = std::move(lotes);
  }
  return o;
}

json::object LowStockJson(const services::StockView& s) {
  json::object o = StockJson(s, false);
  o["deficit"] = s.stock_minimo - s.disponible;
  o["porcentaje"] = s.stock_minimo > 0 ? s.disponible * 100 / s.stock_minimo : 0;
  o["proveedor_principal"] =
      s.proveedor_id ? json::value(Ref(*s.proveedor_id, s.proveedor_nombre.value_or("")))
                     : json::value(nullptr);
  return o;
}

json::object LotSchema(bool context) {
  json::object props{{"id", Typed("string")},
                     {"lote", NullableSchema("string")},
                     {"fecha_vencimiento", NullableSchema("string")},
                     {"cantidad", Typed("integer")},
                     {"dias_para_vencer", NullableSchema("integer")},
                     {"ingresado_en", Typed("string")}};
  if (context) {
    props["stock_id"] = Typed("string");
    props["producto"] = Typed("object");
    props["ubicacion"] = Typed("object");
  }
  return json::object{{"type", "object"}, {"properties", std::move(props)}};
}

json::object StockSchema() {
  return json::object{
      {"type", "object"},
      {"required", json::array{"id", "producto", "ubicacion", "cantidad", "reservado", "disponible",
                               "stock_minimo", "nivel"}},
      {"properties",
       {{"id", Typed("string")},
        {"producto", Typed("object")},
        {"ubicacion", Typed("object")},
        {"cantidad", Typed("integer")},
        {"reservado", Typed("integer")},
        {"disponible", Typed("integer")},
        {"stock_minimo", Typed("integer")},
        {"stock_maximo", NullableSchema("integer")},
        {"nivel",
         {{"type", "string"}, {"enum", json::array{"agotado", "muy_bajo", "bajo", "normal"}}}},
        {"proximo_vencimiento", NullableSchema("string")},
        {"lotes", {{"type", "array"}, {"items", LotSchema(false)}}}}}};
}

}  // namespace mm::api
