#include "api/productos_api.hpp"

#include "api/catalog_fields.hpp"
#include "api/csv.hpp"
#include "api/idempotent_route.hpp"
#include "api/query_reader.hpp"
#include "api/schema.hpp"
#include "core/money.hpp"
#include "core/validation.hpp"

namespace mm::api {
namespace {

namespace json = boost::json;
using core::ErrorCode;
using core::Role;

json::object Ref() {
  return json::object{
      {"type", json::array{"object", "null"}},
      {"properties", {{"id", {{"type", "string"}}}, {"nombre", {{"type", "string"}}}}}};
}

json::object ProductSchema(bool with_stock) {
  json::object props{{"id", {{"type", "string"}}},
                     {"nombre", {{"type", "string"}}},
                     {"sku", {{"type", "string"}}},
                     {"codigo_barras", NullableSchema("string")},
                     {"marca", NullableSchema("string")},
                     {"contenido_neto", NullableSchema("string")},
                     {"descripcion", NullableSchema("string")},
                     {"unidad", {{"type", "string"}, {"enum", json::array{"u", "g", "ml"}}}},
                     {"controla_vencimiento", {{"type", "boolean"}}},
                     {"categoria", Ref()},
                     {"proveedor_principal", Ref()},
                     {"precio_venta_centavos", {{"type", "integer"}}},
                     {"costo_centavos", NullableSchema("integer")},
                     {"markup_bp", NullableSchema("integer")},
                     {"margen_bruto_bp", NullableSchema("integer")},
                     {"activo", {{"type", "boolean"}}},
                     {"creado_en", {{"type", "string"}}},
                     {"actualizado_en", {{"type", "string"}}},
                     {"version", {{"type", "integer"}}}};
  if (with_stock) {
    props["stock"] = json::object{
        {"type", "object"},
        {"properties", {{"total", {{"type", "integer"}}}, {"disponible", {{"type", "integer"}}}}}};
    props["oferta_activa"] = json::object{
        {"type", "object"},
        {"description", "la oferta vigente en la ubicación de venta (GET /api/ofertas)"}};
  }
  json::array required{"id",     "nombre", "sku", "unidad", "precio_venta_centavos",
                       "activo", "version"};
  return json::object{
      {"type", "object"},
      {"description", "costo_centavos, markup_bp y margen_bruto_bp solo para admin y deposito"},
      {"properties", std::move(props)},
      {"required", std::move(required)}};
}

json::object BodySchema(bool patch) {
  json::object props{
      {"nombre", {{"type", "string"}, {"minLength", 1}, {"maxLength", 120}}},
      {"sku", {{"type", "string"}, {"pattern", "^[A-Za-z0-9._-]{1,40}$"}}},
      {"codigo_barras", {{"type", json::array{"string", "null"}}, {"pattern", "^[0-9]{4,32}$"}}},
      {"marca", {{"type", json::array{"string", "null"}}, {"maxLength", 60}}},
      {"contenido_neto", {{"type", json::array{"string", "null"}}, {"maxLength", 30}}},
      {"descripcion", {{"type", json::array{"string", "null"}}, {"maxLength", 1000}}},
      {"categoria_id", {{"type", json::array{"string", "null"}}, {"format", "uuid"}}},
      {"proveedor_principal_id", {{"type", json::array{"string", "null"}}, {"format", "uuid"}}},
      {"unidad", {{"type", "string"}, {"enum", json::array{"u", "g", "ml"}}}},
      {"controla_vencimiento", {{"type", "boolean"}}},
      {"markup_bp",
       {{"type", json::array{"integer", "null"}}, {"minimum", 0}, {"maximum", 100000}}}};
  if (patch) {
    props["activo"] = json::object{{"type", "boolean"}};
    props["version"] = json::object{{"type", "integer"}};
    return ObjectSchema(std::move(props));
  }
  return ObjectSchema(std::move(props), json::array{"nombre"});
}

bool SeesCosts(const Request& req) {
  return req.principal.role == Role::kAdmin || req.principal.role == Role::kDeposito;
}

constexpr core::StrRule kNombre{.required = true, .min = 1, .max = 120};
constexpr core::StrRule kSku{.max = 40};
constexpr core::StrRule kCodigo{.max = 32};
constexpr core::StrRule kMarca{.max = 60};
constexpr core::StrRule kContenido{.max = 30};
constexpr core::StrRule kDescripcion{.max = 1000, .multiline = true};

void CheckCodes(core::ObjectReader& in, const std::optional<std::string>& sku,
                const std::optional<std::string>& codigo_barras) {
  for (const auto& e : services::CheckProductCodes(sku, codigo_barras)) {
    in.Add(e.campo, e.regla, e.mensaje);
  }
}

RawReply ProductsCsv(const std::vector<services::ProductRow>& rows, bool with_costs,
                     core::Timestamp now) {
  std::vector<std::string> header{"sku",       "codigo_barras",       "nombre",
                                  "marca",     "contenido_neto",      "unidad",
                                  "categoria", "proveedor_principal", "precio_venta"};
  if (with_costs) {
    header.insert(header.end(), {"costo", "markup_bp", "margen_bruto_bp"});
  }
  header.insert(header.end(), {"activo", "actualizado_en"});
  CsvWriter w(std::move(header));
  for (const auto& p : rows) {
    w.Text(p.sku)
        .OptText(p.codigo_barras)
        .Text(p.nombre)
        .OptText(p.marca)
        .OptText(p.contenido_neto)
        .Text(p.unidad)
        .OptText(p.categoria_nombre)
        .OptText(p.proveedor_nombre)
        .Money(p.precio_venta_centavos);
    if (with_costs) {
      w.Money(p.costo_centavos)
          .Int(p.markup_bp)
          .Int(p.costo_centavos ? core::MargenBp(p.precio_venta_centavos, *p.costo_centavos)
                                : std::nullopt);
    }
    w.Bool(p.activo).Time(p.actualizado_en);
    w.Row();
  }
  return w.Reply("productos", now);
}

}  // namespace

void ProductosApi::Register(RouteTable& table) {
  const Access writers = Access::Roles({Role::kAdmin, Role::kDeposito});

  Route list;
  list.method = "GET";
  list.path = "/api/productos";
  list.access = Access::All();
  list.long_deadline = true;  // formato=csv
  list.operation_id = "listProducts";
  list.summary = "Productos: búsqueda por nombre, marca, SKU, código de barras o alias";
  list.tag = "productos";
  list.paginated = true;
  list.query = {{"q", "string", "nombre, marca, sku, código de barras o alias (2–100)"},
                {"codigo_barras", "string", "exacto"},
                {"sku", "string", "exacto"},
                {"categoria_id", "string", "uuid"},
                {"proveedor_id", "string", "uuid del proveedor principal"},
                {"activo", "boolean", "por defecto true"},
                {"sort", "string",
                 "csv de nombre|-actualizado_en|precio_venta_centavos (sin sort y con q: "
                 "relevancia)"},
                {"formato", "string", "json | csv"},
                {"limit", "integer", "1–200 (50)"},
                {"offset", "integer", "0–1000000"}};
  list.response_schema = json::object{{"type", "array"}, {"items", ProductSchema(false)}};
  list.handler = [this](Request& req) -> Reply {
    QueryReader q(req);
    bool csv = WantsCsv(q);
    services::ProductFilter f;
    f.q = q.Str("q", 2, 100);
    f.codigo_barras = q.Str("codigo_barras", 1, 32);
    f.sku = q.Str("sku", 1, 40);
    f.categoria_id = q.Uuid("categoria_id");
    f.proveedor_id = q.Uuid("proveedor_id");
    f.activo = q.Bool("activo").value_or(true);
    f.sort = q.Csv("sort", {"nombre", "-actualizado_en", "precio_venta_centavos"});
    f.limit = q.Limit(50, 200);
    f.offset = q.Offset();
    q.RejectUnknown();
    if (!q.ok()) return q.ToError();
    bool with_costs = SeesCosts(req);
    std::int64_t total = 0;
    if (csv) {
      f.limit = static_cast<int>(kCsvMaxRows);
      f.offset = 0;
      auto rows = products->List(f, &total, req.Meta().TxOptions());
      if (!rows.ok()) return rows.error();
      if (total > kCsvMaxRows) return CsvTooLarge(total);
      return ProductsCsv(*rows, with_costs, products->Now());
    }
    auto rows = products->List(f, &total, req.Meta().TxOptions());
    if (!rows.ok()) return rows.error();
    json::array items;
    for (const auto& p : *rows) items.push_back(services::ProductJson(p, with_costs));
    return PageReply(items, total, f.limit, f.offset);
  };
  table.Add(std::move(list));

  Route dropdown;
  dropdown.method = "GET";
  dropdown.path = "/api/productos/dropdown";
  dropdown.access = Access::All();
  dropdown.operation_id = "listProductsDropdown";
  dropdown.summary = "Productos para elegir en combos, por nombre";
  dropdown.tag = "productos";
  dropdown.paginated = true;
  dropdown.query = {{"activo", "boolean", "por defecto true"},
                    {"limit", "integer", "1–5000 (5000)"},
                    {"offset", "integer", "0–1000000"}};
  dropdown.response_schema =
      json::object{{"type", "array"},
                   {"items",
                    {{"type", "object"},
                     {"properties",
                      {{"id", {{"type", "string"}}},
                       {"nombre", {{"type", "string"}}},
                       {"sku", {{"type", "string"}}},
                       {"codigo_barras", NullableSchema("string")},
                       {"precio_venta_centavos", {{"type", "integer"}}},
                       {"precio_oferta_centavos", {{"type", "integer"}}}}}}}};
  dropdown.handler = [this](Request& req) -> Reply {
    QueryReader q(req);
    services::ProductFilter f;
    f.activo = q.Bool("activo").value_or(true);
    f.limit = q.Limit(5000, 5000);
    f.offset = q.Offset();
    q.RejectUnknown();
    if (!q.ok()) return q.ToError();
    std::int64_t total = 0;
    auto rows = products->List(f, &total, req.Meta().TxOptions());
    if (!rows.ok()) return rows.error();
    auto offers = products->SalesOfferPrices(req.Meta().TxOptions());
    if (!offers.ok()) return offers.error();
    json::array items;
    for (const auto& p : *rows) {
      json::object item{{"id", p.id},
                        {"nombre", p.nombre},
                        {"sku", p.sku},
                        {"codigo_barras", services::JsonOrNull(p.codigo_barras)},
                        {"precio_venta_centavos", p.precio_venta_centavos}};
      auto o = offers->find(p.id);
      if (o != offers->end()) item["precio_oferta_centavos"] = o->second;
      items.push_back(std::move(item));
    }
    return PageReply(items, total, f.limit, f.offset);
  };
  table.Add(std::move(dropdown));

  Route get;
  get.method = "GET";
  get.path = "/api/productos/:id";
  get.access = Access::All();
  get.operation_id = "getProduct";
  get.summary = "Un producto con su stock total y disponible";
  get.tag = "productos";
  get.response_schema = ProductSchema(true);
  get.errors = {ErrorCode::kNotFound};
  get.handler = [this](Request& req) -> Reply {
    auto d = products->Get(req.params.at("id"), req.Meta().TxOptions());
    if (!d.ok()) return d.error();
    auto o = services::ProductJson(d->row, SeesCosts(req));
    o["stock"] = json::object{{"total", d->stock.total}, {"disponible", d->stock.disponible}};
    if (d->oferta_activa) o["oferta_activa"] = *d->oferta_activa;
    return JsonReply::Ok(o);
  };
  table.Add(std::move(get));

  Route create;
  create.method = "POST";
  create.path = "/api/productos";
  create.access = writers;
  create.idempotency = Idempotency::kOptional;
  create.body = BodyKind::kJson;
  create.operation_id = "createProduct";
  create.summary = "Crea un producto (sin precio: los precios se aplican en /precios)";
  create.tag = "productos";
  create.success_status = 201;
  create.request_schema = BodySchema(false);
  create.response_schema = ProductSchema(false);
  create.errors = {ErrorCode::kDuplicate, ErrorCode::kReferenceNotFound};
  create.handler = [this](Request& req) -> Reply {
    core::ObjectReader in(req.JsonObject());
    services::NewProduct p;
    auto nombre = in.Str("nombre", kNombre);
    p.sku = in.Str("sku", kSku);
    p.codigo_barras = in.Str("codigo_barras", kCodigo);
    p.marca = in.Str("marca", kMarca);
    p.contenido_neto = in.Str("contenido_neto", kContenido);
    p.descripcion = in.Str("descripcion", kDescripcion);
    p.categoria_id = in.Uuid("categoria_id", false);
    p.proveedor_principal_id = in.Uuid("proveedor_principal_id", false);
    p.unidad = in.Enum("unidad", false, {"u", "g", "ml"}).value_or("u");
    p.controla_vencimiento = in.Bool("controla_vencimiento", false).value_or(false);
    p.markup_bp = in.Int("markup_bp", false, 0, 100'000);
    CheckCodes(in, p.sku, p.codigo_barras);
    in.RejectUnknown();
    if (!in.ok()) return in.ToError();
    p.nombre = *nombre;
    return ToReply(products->Create(KeyFor(req), req.Meta(), p), "/api/productos");
  };
  table.Add(std::move(create));

  Route patch;
  patch.method = "PATCH";
  patch.path = "/api/productos/:id";
  patch.access = writers;
  patch.body = BodyKind::kJson;
  patch.operation_id = "updateProduct";
  patch.summary = "Edita un producto (nunca precios ni costos)";
  patch.tag = "productos";
  patch.request_schema = BodySchema(true);
  patch.response_schema = ProductSchema(false);
  patch.errors = {ErrorCode::kNotFound, ErrorCode::kDuplicate, ErrorCode::kVersionConflict,
                  ErrorCode::kConflict, ErrorCode::kReferenceNotFound};
  patch.handler = [this](Request& req) -> Reply {
    core::ObjectReader in(req.JsonObject());
    services::ProductPatch p;
    p.nombre = PatchStr(in, "nombre", kNombre);
    p.sku = PatchStr(in, "sku", {.min = 1, .max = 40});
    p.codigo_barras = NullableStr(in, "codigo_barras", kCodigo);
    p.marca = NullableStr(in, "marca", kMarca);
    p.contenido_neto = NullableStr(in, "contenido_neto", kContenido);
    p.descripcion = NullableStr(in, "descripcion", kDescripcion);
    p.categoria_id = NullableUuid(in, "categoria_id");
    p.proveedor_principal_id = NullableUuid(in, "proveedor_principal_id");
    if (in.IsNull("unidad")) in.Add("unidad", "requerido", "No puede quedar vacío.");
    p.unidad = in.Enum("unidad", false, {"u", "g", "ml"});
    p.controla_vencimiento = PatchBool(in, "controla_vencimiento");
    p.markup_bp = NullableInt(in, "markup_bp", 0, 100'000);
    p.activo = PatchBool(in, "activo");
    p.version = in.Int("version", false, 0, 2'000'000'000);
    CheckCodes(in, p.sku, p.codigo_barras ? *p.codigo_barras : std::nullopt);
    in.RejectUnknown();
    if (!in.ok()) return in.ToError();
    if (p.empty()) {
      return core::Error::Validation(
          {{"nombre", "requerido", "Mandá al menos un campo a cambiar."}});
    }
    auto r = products->Update(req.Meta(), req.params.at("id"), p);
    if (!r.ok()) return r.error();
    return JsonReply::Ok(services::ProductJson(*r, true));
  };
  table.Add(std::move(patch));

  Route remove;
  remove.method = "DELETE";
  remove.path = "/api/productos/:id";
  remove.access = Access::Roles({Role::kAdmin});
  remove.operation_id = "deactivateProduct";
  remove.summary = "Desactiva un producto (baja lógica)";
  remove.tag = "productos";
  remove.response_schema = ProductSchema(false);
  remove.errors = {ErrorCode::kNotFound, ErrorCode::kConflict};
  remove.handler = [this](Request& req) -> Reply {
    auto r = products->Deactivate(req.Meta(), req.params.at("id"));
    if (!r.ok()) return r.error();
    return JsonReply::Ok(services::ProductJson(*r, true));
  };
  table.Add(std::move(remove));
}

}  // namespace mm::api
