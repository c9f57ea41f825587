#include "api/proveedores_api.hpp"

#include "api/catalog_fields.hpp"
#include "api/idempotent_route.hpp"
#include "api/query_reader.hpp"
#include "api/schema.hpp"
#include "core/cuit.hpp"
#include "core/normalize.hpp"
#include "core/validation.hpp"

namespace mm::api {
namespace {

namespace json = boost::json;
using core::ErrorCode;
using core::Role;

json::object SupplierSchema(bool detail) {
  json::object props{{"id", {{"type", "string"}}},
                     {"nombre", {{"type", "string"}}},
                     {"contacto", NullableSchema("string")},
                     {"email", NullableSchema("string")},
                     {"telefono", NullableSchema("string")},
                     {"cuit", NullableSchema("string")},
                     {"categorias_ofrecidas", {{"type", "array"}, {"items", {{"type", "string"}}}}},
                     {"productos_count", {{"type", "integer"}}},
                     {"faltantes_pendientes", {{"type", "integer"}}},
                     {"activo", {{"type", "boolean"}}},
                     {"version", {{"type", "integer"}}}};
  if (detail) {
    for (const char* f : {"razon_social", "whatsapp_e164", "direccion", "sitio_web", "notas"}) {
      props[f] = NullableSchema("string");
    }
    props["productos"] = json::object{{"type", "array"},
                                      {"items",
                                       {{"type", "object"},
                                        {"properties",
                                         {{"id", {{"type", "string"}}},
                                          {"nombre", {{"type", "string"}}},
                                          {"sku", {{"type", "string"}}},
                                          {"codigo_barras", NullableSchema("string")},
                                          {"precio_venta_centavos", {{"type", "integer"}}},
                                          {"costo_centavos", NullableSchema("integer")}}}}}};
  }
  return json::object{{"type", "object"},
                      {"required", json::array{"id", "nombre", "activo", "version"}},
                      {"properties", std::move(props)}};
}

json::object BodySchema(bool patch) {
  auto text = [](int max) {
    return json::object{{"type", json::array{"string", "null"}}, {"maxLength", max}};
  };
  json::object props{
      {"nombre", {{"type", "string"}, {"minLength", 1}, {"maxLength", 120}}},
      {"contacto", text(120)},
      {"email", text(254)},
      {"telefono", {{"type", json::array{"string", "null"}}, {"pattern", "^[0-9 +()-]{6,30}$"}}},
      {"cuit",
       {{"type", json::array{"string", "null"}},
        {"description", "11 dígitos, con o sin guiones, dígito verificador válido"}}},
      {"direccion", text(200)},
      {"sitio_web", {{"type", json::array{"string", "null"}}, {"pattern", "^https://"}}},
      {"categorias_ofrecidas",
       {{"type", "array"},
        {"maxItems", 30},
        {"items", {{"type", "string"}, {"minLength", 1}, {"maxLength", 40}}}}}};
  if (!patch) return ObjectSchema(std::move(props), json::array{"nombre"});
  props["activo"] = json::object{{"type", "boolean"}};
  props["version"] = json::object{{"type", "integer"}};
  return ObjectSchema(std::move(props));
}

// The fields of a list row (api.md §6.1).
json::object ListItem(const services::SupplierRow& s) {
  auto full = services::SupplierJson(s);
  json::object o;
  for (const char* f :
       {"id", "nombre", "contacto", "email", "telefono", "cuit", "categorias_ofrecidas",
        "productos_count", "faltantes_pendientes", "activo", "version"}) {
    o[f] = full.at(f);
  }
  return o;
}

constexpr core::StrRule kNombre{.required = true, .min = 1, .max = 120};
constexpr core::StrRule kContacto{.max = 120};
constexpr core::StrRule kTelefono{.max = 30};
constexpr core::StrRule kCuit{.max = 20};
constexpr core::StrRule kDireccion{.max = 200};
constexpr core::StrRule kUrl{.max = 500};
constexpr std::size_t kMaxCategorias = 30;
constexpr std::size_t kMaxCategoria = 40;

const char* const kBadTelefono = "Usá de 6 a 30 caracteres: números, espacios, +, ( ) y guiones.";
const char* const kBadUrl = "Tiene que empezar con https:// y tener hasta 500 caracteres.";

// Validates the CUIT with the other fields and returns its stored form (11 digits).
std::optional<std::string> ReadCuit(core::ObjectReader& in, const std::optional<std::string>& v) {
  if (!v) return std::nullopt;
  auto cuit = core::NormalizeCuit(*v);
  if (!cuit) {
    in.Add("cuit", "formato",
           "El CUIT tiene que tener 11 dígitos (con o sin guiones) y un dígito verificador "
           "válido.");
  }
  return cuit;
}

}  // namespace

void ProveedoresApi::Register(RouteTable& table) {
  const Access staff = Access::Roles({Role::kAdmin, Role::kDeposito});

  Route list;
  list.method = "GET";
  list.path = "/api/proveedores";
  list.access = staff;
  list.operation_id = "listSuppliers";
  list.summary = "Proveedores con su cantidad de productos";
  list.tag = "proveedores";
  list.paginated = true;
  list.query = {{"q", "string", "nombre (2–100)"},
                {"activo", "boolean", "por defecto true"},
                {"sort", "string", "nombre"},
                {"limit", "integer", "1–200 (50)"},
                {"offset", "integer", "0–1000000"}};
  list.response_schema = json::object{{"type", "array"}, {"items", SupplierSchema(false)}};
  list.handler = [this](Request& req) -> Reply {
    QueryReader q(req);
    services::SupplierFilter f;
    if (auto text = q.Str("q", 2, 100)) f.tokens = core::SearchTokens(*text);
    f.activo = q.Bool("activo").value_or(true);
    (void)q.Enum("sort", {"nombre"});
    f.limit = q.Limit(50, 200);
    f.offset = q.Offset();
    q.RejectUnknown();
    if (!q.ok()) return q.ToError();
    std::int64_t total = 0;
    auto rows = suppliers->List(f, &total);
    if (!rows.ok()) return rows.error();
    json::array items;
    for (const auto& s : *rows) items.push_back(ListItem(s));
    return PageReply(items, total, f.limit, f.offset);
  };
  table.Add(std::move(list));

  Route dropdown;
  dropdown.method = "GET";
  dropdown.path = "/api/proveedores/dropdown";
  dropdown.access = staff;
  dropdown.operation_id = "listSuppliersDropdown";
  dropdown.summary = "Proveedores activos para elegir (hasta 1000)";
  dropdown.tag = "proveedores";
  dropdown.response_schema = json::object{
      {"type", "array"},
      {"items",
       {{"type", "object"},
        {"properties", {{"id", {{"type", "string"}}}, {"nombre", {{"type", "string"}}}}}}}};
  dropdown.handler = [this](Request&) -> Reply {
    auto rows = suppliers->Dropdown();
    if (!rows.ok()) return rows.error();
    json::array items;
    for (const auto& [id, nombre] : *rows) {
      items.push_back(json::object{{"id", id}, {"nombre", nombre}});
    }
    return JsonReply::Ok(items);
  };
  table.Add(std::move(dropdown));

  Route get;
  get.method = "GET";
  get.path = "/api/proveedores/:id";
  get.access = staff;
  get.operation_id = "getSupplier";
  get.summary = "Un proveedor con los productos de los que es el principal (hasta 200)";
  get.tag = "proveedores";
  get.response_schema = SupplierSchema(true);
  get.errors = {ErrorCode::kNotFound};
  get.handler = [this](Request& req) -> Reply {
    auto d = suppliers->Get(req.params.at("id"));
    if (!d.ok()) return d.error();
    auto o = services::SupplierJson(d->row);
    json::array productos;
    for (const auto& p : d->productos) {
      productos.push_back(json::object{{"id", p.id},
                                       {"nombre", p.nombre},
                                       {"sku", p.sku},
                                       {"codigo_barras", services::JsonOrNull(p.codigo_barras)},
                                       {"precio_venta_centavos", p.precio_venta_centavos},
                                       {"costo_centavos", services::JsonOrNull(p.costo_centavos)}});
    }
    o["productos"] = std::move(productos);
    return JsonReply::Ok(o);
  };
  table.Add(std::move(get));

  Route create;
  create.method = "POST";
  create.path = "/api/proveedores";
  create.access = staff;
  create.idempotency = Idempotency::kOptional;
  create.body = BodyKind::kJson;
  create.operation_id = "createSupplier";
  create.summary = "Crea un proveedor (nombre único entre los activos, CUIT validado)";
  create.tag = "proveedores";
  create.success_status = 201;
  create.request_schema = BodySchema(false);
  create.response_schema = SupplierSchema(true);
  create.errors = {ErrorCode::kDuplicate};
  create.handler = [this](Request& req) -> Reply {
    core::ObjectReader in(req.JsonObject());
    services::NewSupplier s;
    auto nombre = in.Str("nombre", kNombre);
    s.contacto = in.Str("contacto", kContacto);
    s.email = in.Email("email", false);
    s.telefono = in.Str("telefono", kTelefono);
    s.cuit = ReadCuit(in, in.Str("cuit", kCuit));
    s.direccion = in.Str("direccion", kDireccion);
    s.sitio_web = in.Str("sitio_web", kUrl);
    s.categorias_ofrecidas = StrList(in, "categorias_ofrecidas", kMaxCategorias, kMaxCategoria)
                                 .value_or(std::vector<std::string>{});
    CheckFormat(in, "telefono", s.telefono, IsTelefono, kBadTelefono);
    CheckFormat(in, "sitio_web", s.sitio_web, IsHttpsUrl, kBadUrl);
    in.RejectUnknown();
    if (!in.ok()) return in.ToError();
    s.nombre = *nombre;
    return ToReply(suppliers->Create(KeyFor(req), req.Meta(), s), "/api/proveedores");
  };
  table.Add(std::move(create));

  Route patch;
  patch.method = "PATCH";
  patch.path = "/api/proveedores/:id";
  patch.access = staff;
  patch.body = BodyKind::kJson;
  patch.operation_id = "updateSupplier";
  patch.summary = "Edita o desactiva un proveedor";
  patch.tag = "proveedores";
  patch.request_schema = BodySchema(true);
  patch.response_schema = SupplierSchema(true);
  patch.errors = {ErrorCode::kNotFound, ErrorCode::kVersionConflict, ErrorCode::kDuplicate};
  patch.handler = [this](Request& req) -> Reply {
    core::ObjectReader in(req.JsonObject());
    services::SupplierPatch p;
    p.nombre = PatchStr(in, "nombre", kNombre);
    p.contacto = NullableStr(in, "contacto", kContacto);
    if (in.IsNull("email")) {
      p.email = std::optional<std::string>();
    } else if (in.Has("email")) {
      p.email = in.Email("email", false);
    }
    p.telefono = NullableStr(in, "telefono", kTelefono);
    p.cuit = NullableStr(in, "cuit", kCuit);
    if (p.cuit && *p.cuit) p.cuit = ReadCuit(in, *p.cuit);
    p.direccion = NullableStr(in, "direccion", kDireccion);
    p.sitio_web = NullableStr(in, "sitio_web", kUrl);
    if (in.IsNull("categorias_ofrecidas")) {
      p.categorias_ofrecidas = std::vector<std::string>{};
    } else {
      p.categorias_ofrecidas = StrList(in, "categorias_ofrecidas", kMaxCategorias, kMaxCategoria);
    }
    p.activo = PatchBool(in, "activo");
    p.version = in.Int("version", false, 0, 2'000'000'000);
    if (p.telefono) CheckFormat(in, "telefono", *p.telefono, IsTelefono, kBadTelefono);
    if (p.sitio_web) CheckFormat(in, "sitio_web", *p.sitio_web, IsHttpsUrl, kBadUrl);
    in.RejectUnknown();
    if (!in.ok()) return in.ToError();
    if (p.empty()) {
      return core::Error::Validation(
          {{"nombre", "requerido", "Mandá al menos un campo a cambiar."}});
    }
    auto r = suppliers->Update(req.Meta(), req.params.at("id"), p);
    if (!r.ok()) return r.error();
    return JsonReply::Ok(services::SupplierJson(*r));
  };
  table.Add(std::move(patch));
}

}  // namespace mm::api
