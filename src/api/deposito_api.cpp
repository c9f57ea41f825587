#include "api/deposito_api.hpp"

#include "api/csv.hpp"
#include "api/idempotent_route.hpp"
#include "api/query_reader.hpp"
#include "api/schema.hpp"
#include "core/store_calendar.hpp"
#include "core/validation.hpp"

namespace mm::api {
namespace {

namespace json = boost::json;
using core::ErrorCode;
using core::Role;

constexpr std::int64_t kMaxCantidad = 1'000'000;
constexpr std::int64_t kMaxCosto = 10'000'000'000;

Access Deposito() { return Access::Roles({Role::kAdmin, Role::kDeposito}); }

json::object Str(std::string_view desc = {}) {
  json::object o{{"type", "string"}};
  if (!desc.empty()) o["description"] = desc;
  return o;
}
json::object NullableStr() { return json::object{{"type", json::array{"string", "null"}}}; }
json::object Int(std::int64_t min, std::int64_t max) {
  return json::object{{"type", "integer"}, {"minimum", min}, {"maximum", max}};
}

json::object KardexRowSchema() {
  json::object ref = ObjectSchema({{"id", Str()}, {"nombre", Str()}}, {"id", "nombre"});
  json::object lot = ObjectSchema({{"id", Str()},
                                   {"lote", Str()},
                                   {"fecha_vencimiento", NullableStr()},
                                   {"cantidad", Int(-kMaxCantidad, kMaxCantidad)}},
                                  {"id", "lote", "fecha_vencimiento"});
  return ObjectSchema(
      {{"id", Str()},
       {"creado_en", Str()},
       {"tipo", Str()},
       {"producto",
        ObjectSchema({{"id", Str()}, {"nombre", Str()}, {"sku", Str()}}, {"id", "nombre", "sku"})},
       {"ubicacion", ref},
       {"lote", json::object{{"type", json::array{"object", "null"}}}},
       {"lotes", json::object{{"type", "array"}, {"items", lot}}},
       {"cantidad", json::object{{"type", "integer"}, {"description", "delta con signo"}}},
       {"cantidad_anterior", json::object{{"type", "integer"}}},
       {"cantidad_nueva", json::object{{"type", "integer"}}},
       {"motivo", NullableStr()},
       {"observaciones", NullableStr()},
       {"origen",
        ObjectSchema({{"tipo", Str("venta|devolucion|anulacion|orden_compra|pedido|manual")},
                      {"id", NullableStr()},
                      {"numero", json::object{{"type", json::array{"integer", "null"}}}}},
                     {"tipo", "id", "numero"})},
       {"proveedor", ref},
       {"usuario", json::object{{"type", json::array{"object", "null"}}}},
       {"transferencia_id", NullableStr()}},
      {"id", "creado_en", "tipo", "producto", "ubicacion", "cantidad", "cantidad_anterior",
       "cantidad_nueva", "origen", "usuario"});
}

json::object StockAfterSchema() {
  return ObjectSchema({{"ubicacion_id", Str()},
                       {"cantidad", json::object{{"type", "integer"}}},
                       {"reservado", json::object{{"type", "integer"}}},
                       {"disponible", json::object{{"type", "integer"}}}},
                      {"ubicacion_id", "cantidad", "reservado", "disponible"});
}

json::object MovementBodySchema() {
  return ObjectSchema(
      {{"tipo",
        json::object{{"type", "string"},
                     {"enum", json::array{"entrada", "salida", "ajuste", "transferencia"}}}},
       {"producto_id", Str("uuid")},
       {"cantidad", json::object{{"type", "integer"},
                                 {"minimum", 0},
                                 {"maximum", kMaxCantidad},
                                 {"description",
                                  "ajuste: la cantidad contada (0 permitido); "
                                  "los demás: 1–1 000 000"}}},
       {"ubicacion_id", Str("uuid; por defecto la ubicación de venta; origen de transferencia")},
       {"ubicacion_destino_id", Str("uuid; solo transferencia, distinto del origen")},
       {"motivo", json::object{{"type", "string"}, {"minLength", 3}, {"maxLength", 200}}},
       {"observaciones", json::object{{"type", "string"}, {"maxLength", 500}}},
       {"proveedor_id", Str("uuid; solo entrada")},
       {"lote", json::object{{"type", "string"}, {"maxLength", 40}}},
       {"fecha_vencimiento", Str("AAAA-MM-DD; solo entrada; obligatoria si el producto controla "
                                 "vencimiento")},
       {"costo_unitario_centavos", Int(1, kMaxCosto)},
       {"lote_id", Str("uuid; salida, ajuste o transferencia (si no, FEFO)")}},
      {"tipo", "producto_id", "cantidad"});
}

json::object IngresoBodySchema() {
  return ObjectSchema({{"producto_id", Str("uuid")},
                       {"cantidad", Int(1, kMaxCantidad)},
                       {"ubicacion_id", Str("uuid; por defecto la ubicación de venta")},
                       {"proveedor_id", Str("uuid")},
                       {"costo_unitario_centavos", Int(1, kMaxCosto)},
                       {"lote", json::object{{"type", "string"}, {"maxLength", 40}}},
                       {"fecha_vencimiento", Str("AAAA-MM-DD, ≥ hoy − 1 año")}},
                      {"producto_id", "cantidad"});
}

// The fields of an entrada (both routes).
void ReadEntrada(core::ObjectReader& in, services::MovementInput& m) {
  m.lote = in.Str("lote", {.max = 40});
  m.fecha_vencimiento = in.Str("fecha_vencimiento", {.max = 10});
  if (m.fecha_vencimiento && !core::ParseDate(*m.fecha_vencimiento)) {
    in.Add(in.Path("fecha_vencimiento"), "formato", "Tiene que ser una fecha AAAA-MM-DD.");
  }
  m.proveedor_id = in.Uuid("proveedor_id", false);
  m.costo_unitario_centavos = in.Int("costo_unitario_centavos", false, 1, kMaxCosto);
}

// 201 answers point at the product's kardex: a movement has no page of its own.
Reply WithKardexLocation(Reply r) {
  if (auto* j = std::get_if<JsonReply>(&r); j && j->status == 201 && !j->location.empty()) {
    j->location = "/api/kardex?producto_id=" + j->location.substr(j->location.rfind('/') + 1);
  }
  return r;
}

RawReply KardexCsv(const std::vector<services::KardexRow>& rows, core::Timestamp now) {
  CsvWriter w({"fecha", "tipo", "producto", "sku", "ubicacion", "lote", "fecha_vencimiento",
               "cantidad", "cantidad_anterior", "cantidad_nueva", "motivo", "observaciones",
               "origen", "usuario"});
  for (const auto& r : rows) {
    std::string lotes, fechas;
    for (const auto& l : r.lotes) {
      lotes += (lotes.empty() ? "" : ", ") + l.lote;
      if (l.fecha_vencimiento) fechas += (fechas.empty() ? "" : ", ") + *l.fecha_vencimiento;
    }
    std::string origen = r.origen_tipo;
    if (r.origen_tipo == "orden_compra" && r.origen_numero) {
      origen = "OC N° " + std::to_string(*r.origen_numero);
    }
    w.Time(r.creado_en)
        .Text(r.tipo)
        .Text(r.producto_nombre)
        .Text(r.producto_sku)
        .Text(r.ubicacion_nombre)
        .Text(lotes)
        .Text(fechas)
        .Int(r.cantidad)
        .Int(r.cantidad_anterior)
        .Int(r.cantidad_nueva)
        .OptText(r.motivo)
        .OptText(r.observaciones)
        .Text(origen)
        .OptText(r.usuario_nombre);
    w.Row();
  }
  return w.Reply("kardex", now);
}

}  // namespace

void DepositoApi::Register(RouteTable& table) {
  Route move;
  move.method = "POST";
  move.path = "/api/deposito/movimiento";
  move.access = Deposito();
  move.idempotency = Idempotency::kRequired;
  move.body = BodyKind::kJson;
  move.operation_id = "registerStockMovement";
  move.summary =
      "Registra una entrada, salida, ajuste (conteo) o transferencia; un ajuste igual al stock "
      "actual responde 200 {sin_cambios}";
  move.tag = "deposito";
  move.success_status = 201;
  move.request_schema = MovementBodySchema();
  move.response_schema = ObjectSchema(
      {{"movimientos", json::object{{"type", "array"}, {"items", KardexRowSchema()}}},
       {"stock", json::object{{"type", "array"}, {"items", StockAfterSchema()}}},
       {"reservas_liberadas",
        json::object{{"type", "array"},
                     {"items", ObjectSchema({{"id", Str()},
                                             {"cantidad", json::object{{"type", "integer"}}},
                                             {"referencia", NullableStr()},
                                             {"pedido_id", Str()}},
                                            {"id", "cantidad", "referencia"})}}},
       {"sin_cambios", json::object{{"type", "boolean"}}}});
  move.errors = {ErrorCode::kInsufficientStock, ErrorCode::kProductInactive, ErrorCode::kConflict,
                 ErrorCode::kReferenceNotFound};
  move.handler = [this](Request& req) -> Reply {
    core::ObjectReader in(req.JsonObject());
    services::MovementInput m;
    auto tipo = in.Enum("tipo", true, {"entrada", "salida", "ajuste", "transferencia"});
    const std::string t = tipo.value_or("");
    m.tipo = t;
    m.producto_id = in.Uuid("producto_id", true).value_or("");
    m.ubicacion_id = in.Uuid("ubicacion_id", false);
    m.cantidad = in.Int("cantidad", true, t == "ajuste" ? 0 : 1, kMaxCantidad).value_or(0);
    m.motivo = in.Str("motivo", {.required = t == "salida" || t == "ajuste", .min = 3, .max = 200});
    m.observaciones = in.Str("observaciones", {.max = 500, .multiline = true});
    if (t == "transferencia") m.ubicacion_destino_id = in.Uuid("ubicacion_destino_id", true);
    if (t == "entrada") ReadEntrada(in, m);
    if (t == "salida" || t == "ajuste" || t == "transferencia") {
      m.lote_id = in.Uuid("lote_id", false);
    }
    if (tipo) in.RejectUnknown();  // with an unknown tipo, the tipo error says it all
    if (!in.ok()) return in.ToError();
    return WithKardexLocation(ToReply(movements->Register(KeyFor(req), req.Meta(), m), ""));
  };
  table.Add(std::move(move));

  Route entry;
  entry.method = "POST";
  entry.path = "/api/deposito/ingreso";
  entry.access = Deposito();
  entry.idempotency = Idempotency::kRequired;
  entry.body = BodyKind::kJson;
  entry.operation_id = "registerStockEntry";
  entry.summary = "Ingreso rápido de mercadería; con costo registra también el costo de compra";
  entry.tag = "deposito";
  entry.success_status = 201;
  entry.request_schema = IngresoBodySchema();
  entry.response_schema =
      ObjectSchema({{"movimiento", KardexRowSchema()},
                    {"lote", ObjectSchema({{"id", Str()},
                                           {"lote", Str()},
                                           {"fecha_vencimiento", NullableStr()},
                                           {"cantidad", json::object{{"type", "integer"}}}})},
                    {"costo_registrado", json::object{{"type", "boolean"}}}},
                   {"movimiento", "costo_registrado"});
  entry.errors = {ErrorCode::kProductInactive, ErrorCode::kConflict, ErrorCode::kReferenceNotFound};
  entry.handler = [this](Request& req) -> Reply {
    core::ObjectReader in(req.JsonObject());
    services::MovementInput m;
    m.tipo = "entrada";
    m.producto_id = in.Uuid("producto_id", true).value_or("");
    m.cantidad = in.Int("cantidad", true, 1, kMaxCantidad).value_or(0);
    m.ubicacion_id = in.Uuid("ubicacion_id", false);
    ReadEntrada(in, m);
    in.RejectUnknown();
    if (!in.ok()) return in.ToError();
    return WithKardexLocation(ToReply(movements->Ingreso(KeyFor(req), req.Meta(), m), ""));
  };
  table.Add(std::move(entry));

  auto list_handler = [this](Request& req) -> Reply {
    QueryReader q(req);
    bool csv = WantsCsv(q);
    services::KardexFilter f;
    f.producto_id = q.Uuid("producto_id");
    f.ubicacion_id = q.Uuid("ubicacion_id");
    f.tipos = q.Csv("tipo", {"entrada", "recepcion", "salida", "ajuste", "transferencia", "venta",
                             "pedido", "devolucion", "anulacion"});
    f.usuario_id = q.Uuid("usuario_id");
    f.lote_id = q.Uuid("lote_id");
    f.referencia = q.Uuid("referencia");
    auto range = q.DateRange();
    f.desde = range.desde;
    f.hasta = range.hasta;
    f.ascending = q.Enum("sort", {"-creado_en", "creado_en"}).value_or("-creado_en") == "creado_en";
    f.limit = q.Limit(50, 500);
    f.offset = q.Offset();
    q.RejectUnknown();
    if (!q.ok()) return q.ToError();
    std::int64_t total = 0;
    if (csv) {
      f.limit = static_cast<int>(kCsvMaxRows) + 1;
      f.offset = 0;
      auto rows = kardex->List(f, &total, req.Meta().TxOptions());
      if (!rows.ok()) return rows.error();
      if (total > kCsvMaxRows) return CsvTooLarge(total);
      return KardexCsv(*rows, kardex->Now());
    }
    auto rows = kardex->List(f, &total, req.Meta().TxOptions());
    if (!rows.ok()) return rows.error();
    json::array items;
    for (const auto& r : *rows) items.push_back(services::KardexRowJson(r));
    return PageReply(items, total, f.limit, f.offset);
  };
  std::vector<QueryParamDoc> query = {
      {"producto_id", "string", "uuid"},
      {"ubicacion_id", "string", "uuid"},
      {"tipo", "string",
       "csv de entrada|recepcion|salida|ajuste|transferencia|venta|pedido|devolucion|anulacion"},
      {"usuario_id", "string", "uuid"},
      {"lote_id", "string", "uuid: movimientos que tocaron ese lote"},
      {"referencia", "string", "uuid de una orden de compra, recepción o transferencia"},
      {"fecha_desde", "string", "AAAA-MM-DD (día de la tienda) o instante RFC 3339"},
      {"fecha_hasta", "string", "AAAA-MM-DD (día de la tienda) o instante RFC 3339"},
      {"sort", "string", "-creado_en (por defecto) | creado_en"},
      {"formato", "string", "json | csv"},
      {"limit", "integer", "1–500 (50)"},
      {"offset", "integer", "0–1000000"}};
  for (const auto& [path, op, summary] :
       {std::tuple<const char*, const char*, const char*>{
            "/api/kardex", "listKardex", "Kardex: cada movimiento de stock con antes y después"},
        {"/api/deposito/movimientos", "listDepositoMovimientos",
         "Alias de GET /api/kardex (clientes de la API anterior)"}}) {
    Route list;
    list.method = "GET";
    list.path = path;
    list.access = Deposito();
    list.long_deadline = true;  // formato=csv
    list.operation_id = op;
    list.summary = summary;
    list.tag = "deposito";
    list.paginated = true;
    list.query = query;
    list.response_schema = json::object{{"type", "array"}, {"items", KardexRowSchema()}};
    list.handler = list_handler;
    table.Add(std::move(list));
  }
}

}  // namespace mm::api
