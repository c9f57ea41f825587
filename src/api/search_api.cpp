#include "api/search_api.hpp"

#include "api/query_reader.hpp"
#include "core/normalize.hpp"

namespace mm::api {
namespace {

namespace json = boost::json;

}  // namespace

void SearchApi::Register(RouteTable& table) {
  Route route;
  route.method = "GET";
  route.path = "/api/search";
  route.access = Access::All();
  route.operation_id = "globalSearch";
  route.summary =
      "Búsqueda global por secciones (productos; proveedores para admin y depósito; clientes "
      "para admin y ventas; pedidos para admin, depósito y ventas), cada una por relevancia";
  route.tag = "busqueda";
  route.query = {
      {"q", "string", "2–100 caracteres", true},
      {"limit", "integer", "por sección, 1–20 (por defecto 10)"},
      {"tipos", "string", "csv de secciones: productos, proveedores, clientes, pedidos"}};
  json::object props;
  for (const auto& s : services::SearchSections()) {
    props[s.name] = json::object{{"type", "array"}, {"items", {{"type", "object"}}}};
  }
  route.response_schema = json::object{{"type", "object"}, {"properties", props}};
  route.handler = [this](Request& req) -> Reply {
    QueryReader q(req);
    services::GlobalSearchInput in;
    auto text = q.Str("q", 2, 100);
    in.limit = static_cast<int>(q.Int("limit", 1, 20).value_or(10));
    std::vector<core::FieldError> bad;
    if (auto tipos = q.Str("tipos", 1, 200)) {
      // The allowed values are the sections that exist.
      std::string_view rest = *tipos;
      while (true) {
        auto comma = rest.find(',');
        std::string item(rest.substr(0, comma));
        bool known = false;
        for (const auto& s : services::SearchSections()) known = known || s.name == item;
        if (!known) bad.push_back({"tipos", "enum", "Sección desconocida: " + item + "."});
        in.tipos.push_back(item);
        if (comma == std::string_view::npos) break;
        rest.remove_prefix(comma + 1);
      }
    }
    q.RejectUnknown();
    if (!q.ok()) return q.ToError();
    if (!bad.empty()) return core::Error::Validation(std::move(bad));
    if (!text || core::SearchTokens(*text).empty()) {
      return core::Error::Validation({{"q", "requerido", "Escribí al menos 2 caracteres."}});
    }
    in.q = *text;
    auto r = search->Search(req.Meta(), in);
    if (!r.ok()) return r.error();
    return JsonReply::Ok(*r);
  };
  table.Add(std::move(route));
}

}  // namespace mm::api
