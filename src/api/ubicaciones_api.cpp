#include "api/ubicaciones_api.hpp"

#include "api/catalog_fields.hpp"
#include "api/idempotent_route.hpp"
#include "api/query_reader.hpp"
#include "api/schema.hpp"
#include "core/validation.hpp"

namespace mm::api {
namespace {

namespace json = boost::json;
using core::ErrorCode;
using core::Role;

json::object LocationSchema() {
  return json::object{{"type", "object"},
                      {"required", json::array{"id", "nombre", "es_venta", "activo"}},
                      {"properties",
                       {{"id", {{"type", "string"}}},
                        {"nombre", {{"type", "string"}}},
                        {"es_venta", {{"type", "boolean"}}},
                        {"activo", {{"type", "boolean"}}}}}};
}

constexpr core::StrRule kNombre{.required = true, .min = 1, .max = 60};

}  // namespace

void UbicacionesApi::Register(RouteTable& table) {
  const Access admin = Access::Roles({Role::kAdmin});

  Route list;
  list.method = "GET";
  list.path = "/api/ubicaciones";
  list.access = Access::All();
  list.operation_id = "listLocations";
  list.summary = "Ubicaciones de stock; es_venta marca la que usa el punto de venta";
  list.tag = "ubicaciones";
  list.query = {{"activo", "boolean", "sin filtro: todas"}};
  list.response_schema = json::object{{"type", "array"}, {"items", LocationSchema()}};
  list.handler = [this](Request& req) -> Reply {
    QueryReader q(req);
    auto activo = q.Bool("activo");
    q.RejectUnknown();
    if (!q.ok()) return q.ToError();
    auto rows = locations->List(activo);
    if (!rows.ok()) return rows.error();
    json::array items;
    for (const auto& l : *rows) items.push_back(services::LocationJson(l));
    return JsonReply::Ok(items);
  };
  table.Add(std::move(list));

  Route create;
  create.method = "POST";
  create.path = "/api/ubicaciones";
  create.access = admin;
  create.idempotency = Idempotency::kOptional;
  create.body = BodyKind::kJson;
  create.operation_id = "createLocation";
  create.summary = "Crea una ubicación; con es_venta pasa a ser la del punto de venta";
  create.tag = "ubicaciones";
  create.success_status = 201;
  create.request_schema =
      ObjectSchema({{"nombre", {{"type", "string"}, {"minLength", 1}, {"maxLength", 60}}},
                    {"es_venta", {{"type", "boolean"}}}},
                   json::array{"nombre"});
  create.response_schema = LocationSchema();
  create.errors = {ErrorCode::kDuplicate};
  create.handler = [this](Request& req) -> Reply {
    core::ObjectReader in(req.JsonObject());
    auto nombre = in.Str("nombre", kNombre);
    auto es_venta = in.Bool("es_venta", false);
    in.RejectUnknown();
    if (!in.ok()) return in.ToError();
    return ToReply(locations->Create(KeyFor(req), req.Meta(), {*nombre, es_venta.value_or(false)}),
                   "/api/ubicaciones");
  };
  table.Add(std::move(create));

  Route patch;
  patch.method = "PATCH";
  patch.path = "/api/ubicaciones/:id";
  patch.access = admin;
  patch.body = BodyKind::kJson;
  patch.operation_id = "updateLocation";
  patch.summary = "Renombra, marca como de venta o desactiva (sin stock) una ubicación";
  patch.tag = "ubicaciones";
  patch.request_schema =
      ObjectSchema({{"nombre", {{"type", "string"}, {"minLength", 1}, {"maxLength", 60}}},
                    {"es_venta", {{"type", "boolean"}}},
                    {"activo", {{"type", "boolean"}}}});
  patch.response_schema = LocationSchema();
  patch.errors = {ErrorCode::kNotFound, ErrorCode::kConflict, ErrorCode::kDuplicate};
  patch.handler = [this](Request& req) -> Reply {
    core::ObjectReader in(req.JsonObject());
    services::LocationPatch p;
    p.nombre = PatchStr(in, "nombre", kNombre);
    p.es_venta = PatchBool(in, "es_venta");
    p.activo = PatchBool(in, "activo");
    in.RejectUnknown();
    if (!in.ok()) return in.ToError();
    if (!p.nombre && !p.es_venta && !p.activo) {
      return core::Error::Validation(
          {{"nombre", "requerido", "Mandá al menos un campo a cambiar."}});
    }
    auto r = locations->Update(req.Meta(), req.params.at("id"), p);
    if (!r.ok()) return r.error();
    return JsonReply::Ok(services::LocationJson(*r));
  };
  table.Add(std::move(patch));
}

}  // namespace mm::api
