#include "api/config_tienda_api.hpp"

#include <algorithm>
#include <set>

#include "api/schema.hpp"
#include "core/cuit.hpp"
#include "core/validation.hpp"

namespace mm::api {
namespace {

namespace json = boost::json;
using core::ErrorCode;
using core::Role;

bool SeesCosts(const Request& req) {
  return req.principal.role == Role::kAdmin || req.principal.role == Role::kDeposito;
}

json::value OptText(const std::optional<std::string>& s) {
  if (!s) return nullptr;
  return json::value(*s);
}

json::object SettingsJson(const services::StoreSettingsRow& s, const std::string& zona,
                          bool costs) {
  json::array denominaciones;
  for (auto d : s.denominaciones_centavos) denominaciones.push_back(d);
  json::object o{{"nombre", s.nombre},      {"direccion", OptText(s.direccion)},
                 {"cuit", OptText(s.cuit)}, {"telefono", OptText(s.telefono)},
                 {"zona_horaria", zona},    {"pie_ticket", OptText(s.pie_ticket)}};
  if (costs) o["markup_defecto_bp"] = s.markup_defecto_bp;
  o["redondeo_centavos"] = s.redondeo_centavos;
  o["denominaciones_centavos"] = std::move(denominaciones);
  o["tolerancia_caja_centavos"] = s.tolerancia_caja_centavos;
  o["version"] = s.version;
  return o;
}

json::object SettingsSchema() {
  json::object nullable_text{{"type", json::array{"string", "null"}}};
  return json::object{
      {"type", "object"},
      {"required", json::array{"nombre", "zona_horaria", "redondeo_centavos",
                               "denominaciones_centavos", "tolerancia_caja_centavos", "version"}},
      {"properties",
       {{"nombre", {{"type", "string"}}},
        {"direccion", nullable_text},
        {"cuit", nullable_text},
        {"telefono", nullable_text},
        {"zona_horaria", {{"type", "string"}}},
        {"pie_ticket", nullable_text},
        {"markup_defecto_bp", {{"type", "integer"}, {"description", "solo admin y deposito"}}},
        {"redondeo_centavos", {{"type", "integer"}}},
        {"denominaciones_centavos", {{"type", "array"}, {"items", {{"type", "integer"}}}}},
        {"tolerancia_caja_centavos", {{"type", "integer"}}},
        {"version", {{"type", "integer"}}}}}};
}

bool Present(core::ObjectReader& in, std::string_view key) { return in.Has(key) || in.IsNull(key); }

// A nullable text of a PATCH: absent → unchanged; null or blank → clear; else the value.
std::optional<std::optional<std::string>> NullableText(core::ObjectReader& in, std::string_view key,
                                                       const core::StrRule& rule) {
  if (!Present(in, key)) return std::nullopt;
  const auto before = in.errors().size();
  auto v = in.Str(key, rule);
  if (in.errors().size() != before) return std::nullopt;
  return std::optional<std::optional<std::string>>(std::move(v));
}

bool IsPhone(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= '0' && c <= '9') || c == ' ' || c == '+' || c == '(' || c == ')' || c == '-';
  });
}

}  // namespace

void ConfigTiendaApi::Register(RouteTable& table) {
  Route get;
  get.method = "GET";
  get.path = "/api/config/tienda";
  get.access = Access::All();
  get.operation_id = "getStoreSettings";
  get.summary = "Ajustes de la tienda (markup_defecto_bp solo para admin y depósito)";
  get.tag = "configuracion";
  get.response_schema = SettingsSchema();
  get.handler = [this](Request& req) -> Reply {
    auto s = settings->Get();
    if (!s.ok()) return s.error();
    return JsonReply::Ok(SettingsJson(*s, zona_horaria, SeesCosts(req)));
  };
  table.Add(std::move(get));

  Route patch;
  patch.method = "PATCH";
  patch.path = "/api/config/tienda";
  patch.access = Access::Roles({Role::kAdmin});
  patch.body = BodyKind::kJson;
  patch.operation_id = "updateStoreSettings";
  patch.summary = "Cambia los ajustes de la tienda (no la zona horaria)";
  patch.tag = "configuracion";
  patch.request_schema = ObjectSchema(
      {{"nombre", {{"type", "string"}, {"minLength", 1}, {"maxLength", 120}}},
       {"direccion", {{"type", json::array{"string", "null"}}, {"maxLength", 200}}},
       {"cuit", {{"type", json::array{"string", "null"}}}},
       {"telefono", {{"type", json::array{"string", "null"}}}},
       {"pie_ticket", {{"type", json::array{"string", "null"}}, {"maxLength", 500}}},
       {"markup_defecto_bp", {{"type", "integer"}, {"minimum", 0}, {"maximum", 100000}}},
       {"redondeo_centavos", {{"type", "integer"}, {"minimum", 1}, {"maximum", 100000}}},
       {"denominaciones_centavos",
        {{"type", "array"},
         {"minItems", 1},
         {"maxItems", 20},
         {"uniqueItems", true},
         {"items", {{"type", "integer"}, {"minimum", 1}, {"maximum", 100000000}}}}},
       {"tolerancia_caja_centavos", {{"type", "integer"}, {"minimum", 0}, {"maximum", 100000000}}},
       {"version", {{"type", "integer"}}}});
  patch.response_schema = SettingsSchema();
  patch.errors = {ErrorCode::kVersionConflict};
  patch.handler = [this](Request& req) -> Reply {
    core::ObjectReader in(req.JsonObject());
    services::StoreSettingsPatch p;
    if (Present(in, "zona_horaria")) {
      in.Add("zona_horaria", "desconocido",
             "La zona horaria no se cambia acá: es store.timezone del archivo de configuración.");
    }
    p.nombre = in.Str("nombre", {.required = Present(in, "nombre"), .min = 1, .max = 120});
    p.direccion = NullableText(in, "direccion", {.max = 200});
    if (auto cuit = NullableText(in, "cuit", {.max = 13})) {
      if (!*cuit) {
        p.cuit = std::move(cuit);
      } else if (auto normal = core::NormalizeCuit(**cuit)) {
        p.cuit = std::optional<std::string>(*normal);
      } else {
        in.Add("cuit", "formato", "No es un CUIT válido (11 dígitos con dígito verificador).");
      }
    }
    if (auto tel = NullableText(in, "telefono", {.min = 6, .max = 30})) {
      if (*tel && !IsPhone(**tel)) {
        in.Add("telefono", "formato", "Solo dígitos, espacios y + ( ) -.");
      } else {
        p.telefono = std::move(tel);
      }
    }
    p.pie_ticket = NullableText(in, "pie_ticket", {.max = 500, .multiline = true});
    p.markup_defecto_bp = in.Int("markup_defecto_bp", Present(in, "markup_defecto_bp"), 0, 100000);
    p.redondeo_centavos = in.Int("redondeo_centavos", Present(in, "redondeo_centavos"), 1, 100000);
    p.tolerancia_caja_centavos =
        in.Int("tolerancia_caja_centavos", Present(in, "tolerancia_caja_centavos"), 0, 100000000);
    if (const auto* arr =
            in.Array("denominaciones_centavos", Present(in, "denominaciones_centavos"), 1, 20)) {
      std::vector<std::int64_t> values;
      std::set<std::int64_t> seen;
      bool good = true;
      for (std::size_t i = 0; i < arr->size(); ++i) {
        const auto& v = (*arr)[i];
        std::string campo = "denominaciones_centavos[" + std::to_string(i) + "]";
        if (!v.is_int64()) {
          in.Add(campo, v.is_uint64() ? "rango" : "tipo",
                 v.is_uint64() ? "Debe estar entre 1 y 100000000." : "Tiene que ser un entero.");
          good = false;
        } else if (v.get_int64() < 1 || v.get_int64() > 100'000'000) {
          in.Add(campo, "rango", "Debe estar entre 1 y 100000000.");
          good = false;
        } else if (!seen.insert(v.get_int64()).second) {
          in.Add(campo, "formato", "Los valores no se pueden repetir.");
          good = false;
        } else {
          values.push_back(v.get_int64());
        }
      }
      std::sort(values.begin(), values.end());
      if (good) p.denominaciones_centavos = std::move(values);
    }
    p.version = in.Int("version", false, 0, 2'000'000'000);
    in.RejectUnknown();
    if (!in.ok()) return in.ToError();
    if (p.empty()) {
      return core::Error::Validation(
          {{"nombre", "requerido", "Mandá al menos un campo a cambiar."}});
    }
    auto s = settings->Update(req.Meta(), p);
    if (!s.ok()) return s.error();
    return JsonReply::Ok(SettingsJson(*s, zona_horaria, SeesCosts(req)));
  };
  table.Add(std::move(patch));
}

}  // namespace mm::api
