#include "api/pos_api.hpp"

#include <boost/json/serialize.hpp>

#include "api/query_reader.hpp"

namespace mm::api {
namespace {

namespace json = boost::json;
using core::Role;

std::string ETagOf(const std::string& version) { return "\"" + version + "\""; }

// If-None-Match lists entity tags separated by commas; "*" matches any; W/ is ignored.
bool Matches(std::string_view header, const std::string& etag) {
  std::size_t pos = 0;
  while (pos <= header.size()) {
    auto comma = header.find(',', pos);
    auto item =
        header.substr(pos, comma == std::string_view::npos ? std::string_view::npos : comma - pos);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (item.starts_with("W/")) item.remove_prefix(2);
    if (item == "*" || item == etag) return true;
    if (comma == std::string_view::npos) break;
    pos = comma + 1;
  }
  return false;
}

json::object CatalogSchema() {
  json::object offer{{"type", json::array{"object", "null"}},
                     {"properties",
                      {{"id", {{"type", "string"}}},
                       {"precio_oferta_centavos", {{"type", "integer"}}},
                       {"descuento_bp", {{"type", "integer"}}},
                       {"lote_id", {{"type", "string"}}},
                       {"unidades", {{"type", "integer"}}}}}};
  json::object product{{"type", "object"},
                       {"properties",
                        {{"id", {{"type", "string"}}},
                         {"nombre", {{"type", "string"}}},
                         {"sku", {{"type", "string"}}},
                         {"codigo_barras", {{"type", json::array{"string", "null"}}}},
                         {"unidad", {{"type", "string"}}},
                         {"precio_venta_centavos", {{"type", "integer"}}},
                         {"oferta", offer},
                         {"riesgo_perdida", {{"type", "boolean"}}},
                         {"disponible", {{"type", "integer"}}}}}};
  return json::object{
      {"type", "object"},
      {"required", json::array{"version", "generado_en", "ubicacion_id", "productos"}},
      {"properties",
       {{"version", {{"type", "string"}}},
        {"generado_en", {{"type", "string"}, {"format", "date-time"}}},
        {"ubicacion_id", {{"type", "string"}}},
        {"productos", {{"type", "array"}, {"items", product}}}}}};
}

}  // namespace

void PosApi::Register(RouteTable& table) {
  Route route;
  route.method = "GET";
  route.path = "/api/pos/catalogo";
  route.access = Access::Roles({Role::kAdmin, Role::kVentas});
  route.operation_id = "getPosCatalog";
  route.summary =
      "Catálogo del punto de venta: precios, ofertas, riesgo de pérdida y disponible en la "
      "ubicación de venta (ETag; 304 si no cambió)";
  route.tag = "pos";
  route.response_schema = CatalogSchema();
  route.handler = [this](Request& req) -> Reply {
    QueryReader q(req);
    q.RejectUnknown();
    if (!q.ok()) return q.ToError();
    auto meta = req.Meta();
    if (auto inm = req.Header("If-None-Match")) {
      auto version = catalog->Version(meta);
      if (!version.ok()) return version.error();
      std::string etag = ETagOf(*version);
      if (Matches(*inm, etag)) {
        RawReply r;
        r.status = 304;
        r.content_type = "application/json";
        r.headers = {{"ETag", etag}, {"Cache-Control", "no-cache"}};
        return r;
      }
    }
    auto data = catalog->Build(meta);
    if (!data.ok()) return data.error();
    std::string etag = ETagOf(std::string(data->at("version").as_string()));
    JsonReply out = JsonReply::Ok(*data);
    out.headers = {{"ETag", etag}, {"Cache-Control", "no-cache"}};
    return out;
  };
  table.Add(std::move(route));
}

}  // namespace mm::api
