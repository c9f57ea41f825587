#include "api/categorias_api.hpp"

#include <regex>

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

json::object CategorySchema() {
  auto nullable = [](const char* t) { return json::object{{"type", json::array{t, "null"}}}; };
  return json::object{
      {"type", "object"},
      {"required", json::array{"id", "codigo", "nombre", "nivel", "activo", "version"}},
      {"properties",
       {{"id", {{"type", "string"}}},
        {"codigo", {{"type", "string"}}},
        {"nombre", {{"type", "string"}}},
        {"descripcion", nullable("string")},
        {"parent_id", nullable("string")},
        {"nivel", {{"type", "integer"}, {"minimum", 1}, {"maximum", 5}}},
        {"markup_minimo_bp", nullable("integer")},
        {"markup_maximo_bp", nullable("integer")},
        {"activo", {{"type", "boolean"}}},
        {"version", {{"type", "integer"}}},
        {"creado_en", {{"type", "string"}}},
        {"actualizado_en", {{"type", "string"}}}}}};
}

json::object BodySchema(bool patch) {
  json::object props{
      {"codigo", {{"type", "string"}, {"pattern", "^[A-Za-z0-9_-]{1,30}$"}}},
      {"nombre", {{"type", "string"}, {"minLength", 1}, {"maxLength", 80}}},
      {"descripcion", {{"type", json::array{"string", "null"}}, {"maxLength", 500}}},
      {"parent_id", {{"type", json::array{"string", "null"}}, {"format", "uuid"}}},
      {"markup_minimo_bp",
       {{"type", json::array{"integer", "null"}}, {"minimum", 0}, {"maximum", 100000}}},
      {"markup_maximo_bp",
       {{"type", json::array{"integer", "null"}}, {"minimum", 0}, {"maximum", 100000}}}};
  if (!patch) return ObjectSchema(std::move(props), json::array{"codigo", "nombre"});
  props["activo"] = json::object{{"type", "boolean"}};
  props["version"] = json::object{{"type", "integer"}};
  return ObjectSchema(std::move(props));
}

constexpr core::StrRule kCodigo{.required = true, .min = 1, .max = 30};
constexpr core::StrRule kNombre{.required = true, .min = 1, .max = 80};
constexpr core::StrRule kDescripcion{.max = 500, .multiline = true};
constexpr std::int64_t kMaxMarkup = 100'000;

void CheckCodigo(core::ObjectReader& in, const std::optional<std::string>& codigo) {
  static const std::regex kPattern("^[A-Za-z0-9_-]{1,30}$");
  if (codigo && !std::regex_match(*codigo, kPattern)) {
    in.Add("codigo", "formato", "Usá de 1 a 30 letras sin acentos, números, guion o guion bajo.");
  }
}

// Both bounds known in the body and crossed: reported with the other field errors.
void CheckBand(core::ObjectReader& in, const std::optional<std::int64_t>& min,
               const std::optional<std::int64_t>& max) {
  if (min && max && *min > *max) {
    in.Add("markup_minimo_bp", "rango", "El markup mínimo no puede superar al máximo.");
  }
}

}  // namespace

void CategoriasApi::Register(RouteTable& table) {
  const Access admin = Access::Roles({Role::kAdmin});

  Route list;
  list.method = "GET";
  list.path = "/api/categorias";
  list.access = Access::All();
  list.operation_id = "listCategories";
  list.summary = "Categorías (hasta 500), por nombre";
  list.tag = "categorias";
  list.query = {{"activo", "boolean", "por defecto true"}, {"parent_id", "string", "uuid"}};
  list.response_schema = json::object{{"type", "array"}, {"items", CategorySchema()}};
  list.handler = [this](Request& req) -> Reply {
    QueryReader q(req);
    services::CategoryFilter f;
    f.activo = q.Bool("activo").value_or(true);
    f.parent_id = q.Uuid("parent_id");
    q.RejectUnknown();
    if (!q.ok()) return q.ToError();
    auto rows = categories->List(f);
    if (!rows.ok()) return rows.error();
    json::array items;
    for (const auto& c : *rows) items.push_back(services::CategoryJson(c));
    return JsonReply::Ok(items);
  };
  table.Add(std::move(list));

  Route get;
  get.method = "GET";
  get.path = "/api/categorias/:id";
  get.access = Access::All();
  get.operation_id = "getCategory";
  get.summary = "Una categoría";
  get.tag = "categorias";
  get.response_schema = CategorySchema();
  get.errors = {ErrorCode::kNotFound};
  get.handler = [this](Request& req) -> Reply {
    auto c = categories->Get(req.params.at("id"));
    if (!c.ok()) return c.error();
    return JsonReply::Ok(services::CategoryJson(*c));
  };
  table.Add(std::move(get));

  Route create;
  create.method = "POST";
  create.path = "/api/categorias";
  create.access = admin;
  create.idempotency = Idempotency::kOptional;
  create.body = BodyKind::kJson;
  create.operation_id = "createCategory";
  create.summary = "Crea una categoría (hasta 5 niveles) con su banda de markup";
  create.tag = "categorias";
  create.success_status = 201;
  create.request_schema = BodySchema(false);
  create.response_schema = CategorySchema();
  create.errors = {ErrorCode::kDuplicate, ErrorCode::kReferenceNotFound};
  create.handler = [this](Request& req) -> Reply {
    core::ObjectReader in(req.JsonObject());
    services::NewCategory c;
    auto codigo = in.Str("codigo", kCodigo);
    auto nombre = in.Str("nombre", kNombre);
    c.descripcion = in.Str("descripcion", kDescripcion);
    c.parent_id = in.Uuid("parent_id", false);
    c.markup_minimo_bp = in.Int("markup_minimo_bp", false, 0, kMaxMarkup);
    c.markup_maximo_bp = in.Int("markup_maximo_bp", false, 0, kMaxMarkup);
    CheckCodigo(in, codigo);
    CheckBand(in, c.markup_minimo_bp, c.markup_maximo_bp);
    in.RejectUnknown();
    if (!in.ok()) return in.ToError();
    c.codigo = *codigo;
    c.nombre = *nombre;
    return ToReply(categories->Create(KeyFor(req), req.Meta(), c), "/api/categorias");
  };
  table.Add(std::move(create));

  Route patch;
  patch.method = "PATCH";
  patch.path = "/api/categorias/:id";
  patch.access = admin;
  patch.body = BodyKind::kJson;
  patch.operation_id = "updateCategory";
  patch.summary = "Edita, mueve o desactiva una categoría";
  patch.tag = "categorias";
  patch.request_schema = BodySchema(true);
  patch.response_schema = CategorySchema();
  patch.errors = {ErrorCode::kNotFound, ErrorCode::kVersionConflict, ErrorCode::kDuplicate,
                  ErrorCode::kConflict, ErrorCode::kReferenceNotFound};
  patch.handler = [this](Request& req) -> Reply {
    core::ObjectReader in(req.JsonObject());
    services::CategoryPatch p;
    p.codigo = PatchStr(in, "codigo", kCodigo);
    p.nombre = PatchStr(in, "nombre", kNombre);
    p.descripcion = NullableStr(in, "descripcion", kDescripcion);
    p.parent_id = NullableUuid(in, "parent_id");
    p.markup_minimo_bp = NullableInt(in, "markup_minimo_bp", 0, kMaxMarkup);
    p.markup_maximo_bp = NullableInt(in, "markup_maximo_bp", 0, kMaxMarkup);
    p.activo = PatchBool(in, "activo");
    p.version = in.Int("version", false, 0, 2'000'000'000);
    CheckCodigo(in, p.codigo);
    if (p.markup_minimo_bp && p.markup_maximo_bp) {
      CheckBand(in, *p.markup_minimo_bp, *p.markup_maximo_bp);
    }
    in.RejectUnknown();
    if (!in.ok()) return in.ToError();
    if (p.empty()) {
      return core::Error::Validation(
          {{"nombre", "requerido", "Mandá al menos un campo a cambiar."}});
    }
    auto r = categories->Update(req.Meta(), req.params.at("id"), p);
    if (!r.ok()) return r.error();
    return JsonReply::Ok(services::CategoryJson(*r));
  };
  table.Add(std::move(patch));
}

}  // namespace mm::api
