#include "api/clientes_api.hpp"

#include "api/catalog_fields.hpp"
#include "api/csv.hpp"
#include "api/idempotent_route.hpp"
#include "api/query_reader.hpp"
#include "api/schema.hpp"
#include "core/normalize.hpp"
#include "core/validation.hpp"

namespace mm::api {
namespace {

namespace json = boost::json;
using core::ErrorCode;
using core::Role;

Access Till() { return Access::Roles({Role::kAdmin, Role::kVentas}); }

const char* const kTextFields[] = {"telefono",          "email",    "whatsapp_e164", "documento",
                                   "direccion_default", "edificio", "piso",          "departamento",
                                   "observaciones",     "link_pago"};

json::object CustomerSchema(bool detail) {
  json::object props{{"id", StringSchema()},
                     {"nombre", StringSchema()},
                     {"limite_credito_centavos", IntegerSchema()},
                     {"saldo_centavos", IntegerSchema()},
                     {"uso_credito_bp", NullableSchema("integer")},
                     {"ultimo_movimiento_en", NullableSchema("string")},
                     {"activo", {{"type", "boolean"}}}};
  for (const char* f : {"telefono", "email", "whatsapp_e164", "link_pago", "direccion_default"}) {
    props[f] = NullableSchema("string");
  }
  if (detail) {
    for (const char* f : kTextFields) props[f] = NullableSchema("string");
    props["version"] = IntegerSchema();
    props["creado_en"] = StringSchema();
    props["actualizado_en"] = StringSchema();
  }
  return json::object{{"type", "object"},
                      {"required", json::array{"id", "nombre", "limite_credito_centavos",
                                               "saldo_centavos", "activo"}},
                      {"properties", std::move(props)}};
}

json::object BodySchema(bool patch) {
  auto text = [](int max) {
    return json::object{{"type", json::array{"string", "null"}}, {"maxLength", max}};
  };
  json::object props{
      {"nombre", {{"type", "string"}, {"minLength", 1}, {"maxLength", 120}}},
      {"telefono", {{"type", json::array{"string", "null"}}, {"pattern", "^[0-9 +()-]{6,30}$"}}},
      {"email", text(254)},
      {"whatsapp_e164",
       {{"type", json::array{"string", "null"}},
        {"description",
         "E.164: + y 8 a 15 dígitos; se aceptan espacios, guiones, puntos y paréntesis, que se "
         "quitan"}}},
      {"link_pago", {{"type", json::array{"string", "null"}}, {"pattern", "^https://"}}},
      {"direccion_default", text(200)},
      {"edificio", text(20)},
      {"piso", text(20)},
      {"departamento", text(20)},
      {"observaciones", text(1000)},
      {"documento",
       {{"type", json::array{"string", "null"}},
        {"description",
         "DNI de 7 u 8 dígitos o CUIT de 11 con dígito verificador; puntos y guiones se "
         "quitan; único"}}},
      {"limite_credito_centavos",
       {{"type", "integer"},
        {"minimum", 0},
        {"maximum", 100000000000},
        {"description", "solo admin (otro rol: 403 FORBIDDEN); 0 = sin crédito"}}}};
  if (!patch) return ObjectSchema(std::move(props), json::array{"nombre"});
  props["activo"] = json::object{{"type", "boolean"}};
  props["version"] = json::object{{"type", "integer"}};
  return ObjectSchema(std::move(props));
}

constexpr core::StrRule kNombre{.required = true, .min = 1, .max = 120};
constexpr core::StrRule kTelefono{.max = 30};
constexpr core::StrRule kEmailMax{.max = 200};
constexpr core::StrRule kWhatsapp{.max = 30};
constexpr core::StrRule kDocumento{.max = 20};
constexpr core::StrRule kDireccion{.max = 200};
constexpr core::StrRule kDepto{.max = 20};
constexpr core::StrRule kObservaciones{.max = 1000, .multiline = true};
constexpr core::StrRule kUrl{.max = 500};

const char* const kBadTelefono = "Usá de 6 a 30 caracteres: números, espacios, +, ( ) y guiones.";
const char* const kBadWhatsapp =
    "Tiene que ser un número internacional: + y de 8 a 15 dígitos (por ejemplo +5491145678901).";
const char* const kBadDocumento =
    "Tiene que ser un DNI de 7 u 8 dígitos o un CUIT de 11 dígitos con dígito verificador válido.";
const char* const kBadUrl = "Tiene que empezar con https:// y tener hasta 500 caracteres.";

// Email: the common format (3–254 characters, one @; api.md §1.4).
std::optional<std::string> ReadEmail(core::ObjectReader& in) { return in.Email("email", false); }

// The formatted fields, normalised; a bad one is reported with the others.
void Normalize(core::ObjectReader& in, std::string_view key, std::optional<std::string>& v,
               std::optional<std::string> (*normalize)(std::string_view), const char* mensaje) {
  if (!v) return;
  if (auto n = normalize(*v)) {
    v = *n;
  } else {
    in.Add(std::string(key), "formato", mensaje);
  }
}

// Reads the optional text fields of a create.
services::CustomerFields ReadFields(core::ObjectReader& in) {
  services::CustomerFields f;
  f.telefono = in.Str("telefono", kTelefono);
  f.email = ReadEmail(in);
  f.whatsapp_e164 = in.Str("whatsapp_e164", kWhatsapp);
  f.documento = in.Str("documento", kDocumento);
  f.direccion_default = in.Str("direccion_default", kDireccion);
  f.edificio = in.Str("edificio", kDepto);
  f.piso = in.Str("piso", kDepto);
  f.departamento = in.Str("departamento", kDepto);
  f.observaciones = in.Str("observaciones", kObservaciones);
  f.link_pago = in.Str("link_pago", kUrl);
  CheckFormat(in, "telefono", f.telefono, IsTelefono, kBadTelefono);
  Normalize(in, "whatsapp_e164", f.whatsapp_e164, services::NormalizeWhatsapp, kBadWhatsapp);
  Normalize(in, "documento", f.documento, services::NormalizeDocumento, kBadDocumento);
  CheckFormat(in, "link_pago", f.link_pago, services::IsPaymentLink, kBadUrl);
  return f;
}

RawReply CustomersCsv(const std::vector<services::CustomerRow>& rows, core::Timestamp now) {
  CsvWriter w({"nombre", "telefono", "email", "whatsapp", "documento", "direccion",
               "limite_credito", "saldo", "ultimo_movimiento", "activo"});
  for (const auto& c : rows) {
    w.Text(c.nombre)
        .OptText(c.telefono)
        .OptText(c.email)
        .OptText(c.whatsapp_e164)
        .OptText(c.documento)
        .OptText(c.direccion_default)
        .Money(c.limite_credito_centavos)
        .Money(c.saldo_centavos)
        .Time(c.ultimo_movimiento_en)
        .Bool(c.activo);
    w.Row();
  }
  return w.Reply("clientes", now);
}

}  // namespace

void ClientesApi::Register(RouteTable& table) {
  Route list;
  list.method = "GET";
  list.path = "/api/clientes";
  list.access = Till();
  list.long_deadline = true;  // formato=csv
  list.operation_id = "listCustomers";
  list.summary =
      "Clientes con su saldo y uso del crédito (búsqueda por nombre, teléfono, email "
      "o documento)";
  list.tag = "clientes";
  list.paginated = true;
  list.query = {{"q", "string", "nombre, teléfono, email o documento (2–100)"},
                {"con_deuda", "boolean", "true: saldo > 0; false: saldo ≤ 0"},
                {"activo", "boolean", "por defecto true"},
                {"sort", "string", "nombre | -saldo_centavos (sin sort y con q: por relevancia)"},
                {"formato", "string", "json | csv"},
                {"limit", "integer", "1–200 (50)"},
                {"offset", "integer", "0–1000000"}};
  list.response_schema = json::object{{"type", "array"}, {"items", CustomerSchema(false)}};
  list.handler = [this](Request& req) -> Reply {
    QueryReader q(req);
    bool csv = WantsCsv(q);
    services::CustomerFilter f;
    if (auto text = q.Str("q", 2, 100)) {
      f.q = *text;
      f.tokens = core::SearchTokens(*text);
    }
    f.con_deuda = q.Bool("con_deuda");
    f.activo = q.Bool("activo").value_or(true);
    f.sort = q.Enum("sort", {"nombre", "-saldo_centavos"}).value_or("");
    f.limit = q.Limit(50, 200);
    f.offset = q.Offset();
    q.RejectUnknown();
    if (!q.ok()) return q.ToError();
    if (csv) {
      f.limit = static_cast<int>(kCsvMaxRows) + 1;
      f.offset = 0;
    }
    std::int64_t total = 0;
    auto rows = customers->List(f, &total, req.Meta());
    if (!rows.ok()) return rows.error();
    if (csv) {
      if (total > kCsvMaxRows) return CsvTooLarge(total);
      return CustomersCsv(*rows, customers->Now());
    }
    json::array items;
    for (const auto& c : *rows) items.push_back(services::CustomerListJson(c));
    return PageReply(items, total, f.limit, f.offset);
  };
  table.Add(std::move(list));

  Route get;
  get.method = "GET";
  get.path = "/api/clientes/:id";
  get.access = Till();
  get.operation_id = "getCustomer";
  get.summary = "Un cliente con todos sus datos y su versión";
  get.tag = "clientes";
  get.response_schema = CustomerSchema(true);
  get.errors = {ErrorCode::kNotFound};
  get.handler = [this](Request& req) -> Reply {
    auto c = customers->Get(req.params.at("id"));
    if (!c.ok()) return c.error();
    return JsonReply::Ok(services::CustomerJson(*c));
  };
  table.Add(std::move(get));

  Route create;
  create.method = "POST";
  create.path = "/api/clientes";
  create.access = Till();
  create.idempotency = Idempotency::kOptional;
  create.body = BodyKind::kJson;
  create.operation_id = "createCustomer";
  create.summary = "Crea un cliente (el límite de crédito solo lo fija un admin; 0 = sin fiado)";
  create.tag = "clientes";
  create.success_status = 201;
  create.request_schema = BodySchema(false);
  create.response_schema = CustomerSchema(true);
  create.errors = {ErrorCode::kForbidden, ErrorCode::kDuplicate};
  create.handler = [this](Request& req) -> Reply {
    core::ObjectReader in(req.JsonObject());
    services::NewCustomer c;
    auto nombre = in.Str("nombre", kNombre);
    c.fields = ReadFields(in);
    c.limite_credito_centavos =
        in.Int("limite_credito_centavos", false, 0, services::kMaxLimiteCredito);
    in.RejectUnknown();
    if (!in.ok()) return in.ToError();
    c.nombre = *nombre;
    return ToReply(customers->Create(KeyFor(req), req.Meta(), c), "/api/clientes");
  };
  table.Add(std::move(create));

  Route patch;
  patch.method = "PATCH";
  patch.path = "/api/clientes/:id";
  patch.access = Till();
  patch.body = BodyKind::kJson;
  patch.operation_id = "updateCustomer";
  patch.summary =
      "Edita o desactiva (activo:false) un cliente; el límite de crédito solo lo cambia un admin";
  patch.tag = "clientes";
  patch.request_schema = BodySchema(true);
  patch.response_schema = CustomerSchema(true);
  patch.errors = {ErrorCode::kForbidden, ErrorCode::kNotFound, ErrorCode::kVersionConflict,
                  ErrorCode::kDuplicate};
  patch.handler = [this](Request& req) -> Reply {
    core::ObjectReader in(req.JsonObject());
    services::CustomerPatch p;
    p.nombre = PatchStr(in, "nombre", kNombre);
    p.telefono = NullableStr(in, "telefono", kTelefono);
    if (in.IsNull("email")) {
      p.email = std::optional<std::string>();
    } else if (in.Has("email")) {
      p.email = ReadEmail(in);
    }
    p.whatsapp_e164 = NullableStr(in, "whatsapp_e164", kWhatsapp);
    p.documento = NullableStr(in, "documento", kDocumento);
    p.direccion_default = NullableStr(in, "direccion_default", kDireccion);
    p.edificio = NullableStr(in, "edificio", kDepto);
    p.piso = NullableStr(in, "piso", kDepto);
    p.departamento = NullableStr(in, "departamento", kDepto);
    p.observaciones = NullableStr(in, "observaciones", kObservaciones);
    p.link_pago = NullableStr(in, "link_pago", kUrl);
    if (in.IsNull("limite_credito_centavos")) {
      in.Add("limite_credito_centavos", "tipo",
             "No puede ser null: 0 es sin crédito (no hay \"sin límite\").");
    } else {
      p.limite_credito_centavos =
          in.Int("limite_credito_centavos", false, 0, services::kMaxLimiteCredito);
    }
    p.activo = PatchBool(in, "activo");
    p.version = in.Int("version", false, 0, 2'000'000'000);
    if (p.telefono) CheckFormat(in, "telefono", *p.telefono, IsTelefono, kBadTelefono);
    if (p.whatsapp_e164) {
      Normalize(in, "whatsapp_e164", *p.whatsapp_e164, services::NormalizeWhatsapp, kBadWhatsapp);
    }
    if (p.documento) {
      Normalize(in, "documento", *p.documento, services::NormalizeDocumento, kBadDocumento);
    }
    if (p.link_pago) CheckFormat(in, "link_pago", *p.link_pago, services::IsPaymentLink, kBadUrl);
    in.RejectUnknown();
    if (!in.ok()) return in.ToError();
    if (p.empty()) {
      return core::Error::Validation(
          {{"nombre", "requerido", "Mandá al menos un campo a cambiar."}});
    }
    auto r = customers->Update(req.Meta(), req.params.at("id"), p);
    if (!r.ok()) return r.error();
    return JsonReply::Ok(services::CustomerJson(*r));
  };
  table.Add(std::move(patch));
}

}  // namespace mm::api
