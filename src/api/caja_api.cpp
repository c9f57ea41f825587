#include "api/caja_api.hpp"

#include "api/idempotent_route.hpp"
#include "api/query_reader.hpp"
#include "api/schema.hpp"
#include "core/validation.hpp"

namespace mm::api {
namespace {

namespace json = boost::json;
using core::ErrorCode;
using core::Role;

Access Till() { return Access::Roles({Role::kAdmin, Role::kVentas}); }

json::object NullableInt() { return json::object{{"type", json::array{"integer", "null"}}}; }
json::object UserRef() {
  return json::object{{"type", "object"},
                      {"properties", {{"id", StringSchema()}, {"nombre", StringSchema()}}},
                      {"required", json::array{"id", "nombre"}}};
}

json::object SessionSchema() {
  json::object nullable_user = UserRef();
  nullable_user["type"] = json::array{"object", "null"};
  return json::object{
      {"type", "object"},
      {"required", json::array{"id", "numero", "estado", "abierta_por", "abierta_en",
                               "monto_inicial_centavos"}},
      {"properties",
       {{"id", StringSchema()},
        {"numero", IntegerSchema()},
        {"estado", {{"type", "string"}, {"enum", json::array{"abierta", "cerrada"}}}},
        {"abierta_por", UserRef()},
        {"abierta_en", StringSchema()},
        {"monto_inicial_centavos", IntegerSchema()},
        {"cerrada_por", nullable_user},
        {"cerrada_en", NullableSchema("string")},
        {"efectivo_esperado_centavos", NullableInt()},
        {"efectivo_contado_centavos", NullableInt()},
        {"diferencia_centavos", NullableInt()},
        {"observaciones", NullableSchema("string")}}}};
}

json::object PerMethodSchema() {
  return json::object{{"type", "array"},
                      {"items",
                       {{"type", "object"},
                        {"properties",
                         {{"metodo", StringSchema()},
                          {"cantidad", IntegerSchema()},
                          {"total_centavos", IntegerSchema()}}}}}};
}

json::object ArqueoProps() {
  return json::object{{"monto_inicial_centavos", IntegerSchema()},
                      {"ventas_por_metodo", PerMethodSchema()},
                      {"devoluciones_por_metodo", PerMethodSchema()},
                      {"ventas_efectivo_centavos", IntegerSchema()},
                      {"devoluciones_efectivo_centavos", IntegerSchema()},
                      {"anulaciones_efectivo_centavos", IntegerSchema()},
                      {"cobros_cc_efectivo_centavos", IntegerSchema()},
                      {"cobros_pedidos_efectivo_centavos", IntegerSchema()},
                      {"reembolsos_pedidos_efectivo_centavos", IntegerSchema()},
                      {"ingresos_centavos", IntegerSchema()},
                      {"retiros_centavos", IntegerSchema()},
                      {"efectivo_esperado_centavos", IntegerSchema()},
                      {"efectivo_contado_centavos", NullableInt()},
                      {"diferencia_centavos", NullableInt()}};
}

json::object ArqueoSchema(bool with_session) {
  json::object props = ArqueoProps();
  if (with_session) props["sesion"] = SessionSchema();
  return json::object{{"type", "object"}, {"properties", std::move(props)}};
}

json::object MovementSchema() {
  return json::object{
      {"type", "object"},
      {"properties",
       {{"id", StringSchema()},
        {"sesion_id", StringSchema()},
        {"tipo", StringSchema()},
        {"monto_centavos", {{"type", "integer"}, {"description", "con signo: retiro < 0"}}},
        {"venta_id", NullableSchema("string")},
        {"devolucion_id", NullableSchema("string")},
        {"motivo", NullableSchema("string")},
        {"usuario", UserRef()},
        {"efectivo_esperado_centavos", IntegerSchema()},
        {"creado_en", StringSchema()}}}};
}

}  // namespace

void CajaApi::Register(RouteTable& table) {
  Route current;
  current.method = "GET";
  current.path = "/api/caja/sesion-actual";
  current.access = Till();
  current.operation_id = "getCurrentCashSession";
  current.summary = "La caja abierta, o null";
  current.tag = "caja";
  current.response_schema = SessionSchema();
  current.handler = [this](Request& req) -> Reply {
    QueryReader q(req);
    q.RejectUnknown();
    if (!q.ok()) return q.ToError();
    auto s = sessions->Current();
    if (!s.ok()) return s.error();
    return JsonReply::Ok(*s);
  };
  table.Add(std::move(current));

  Route open;
  open.method = "POST";
  open.path = "/api/caja/apertura";
  open.access = Till();
  open.idempotency = Idempotency::kRequired;
  open.body = BodyKind::kJson;
  open.operation_id = "openCashSession";
  open.summary = "Abre la caja con el efectivo inicial";
  open.tag = "caja";
  open.success_status = 201;
  open.request_schema = ObjectSchema(
      {{"monto_inicial_centavos", {{"type", "integer"}, {"minimum", 0}, {"maximum", 10000000000}}},
       {"observaciones", {{"type", "string"}, {"maxLength", 200}}}},
      {"monto_inicial_centavos"});
  open.response_schema = SessionSchema();
  open.errors = {ErrorCode::kCashSessionAlreadyOpen};
  open.handler = [this](Request& req) -> Reply {
    core::ObjectReader in(req.JsonObject());
    services::OpenCashInput o;
    auto monto = in.Int("monto_inicial_centavos", true, 0, services::kMaxMontoCaja);
    o.observaciones = in.Str("observaciones", {.max = 200});
    in.RejectUnknown();
    if (!in.ok()) return in.ToError();
    o.monto_inicial_centavos = *monto;
    return ToReply(sessions->Open(KeyFor(req), req.Meta(), o), "/api/caja/sesiones");
  };
  table.Add(std::move(open));

  Route move;
  move.method = "POST";
  move.path = "/api/caja/movimientos";
  move.access = Till();
  move.idempotency = Idempotency::kRequired;
  move.body = BodyKind::kJson;
  move.operation_id = "recordCashMovement";
  move.summary = "Ingreso o retiro de efectivo de la caja abierta";
  move.tag = "caja";
  move.success_status = 201;
  move.request_schema = ObjectSchema(
      {{"tipo", {{"type", "string"}, {"enum", json::array{"ingreso", "retiro"}}}},
       {"monto_centavos", {{"type", "integer"}, {"minimum", 1}, {"maximum", 10000000000}}},
       {"motivo", {{"type", "string"}, {"minLength", 3}, {"maxLength", 200}}}},
      {"tipo", "monto_centavos", "motivo"});
  move.response_schema = MovementSchema();
  move.errors = {ErrorCode::kCashSessionClosed, ErrorCode::kConflict};
  move.handler = [this](Request& req) -> Reply {
    core::ObjectReader in(req.JsonObject());
    services::CashMoveInput m;
    auto tipo = in.Enum("tipo", true, {"ingreso", "retiro"});
    auto monto = in.Int("monto_centavos", true, 1, services::kMaxMontoCaja);
    auto motivo = in.Str("motivo", {.required = true, .min = 3, .max = 200});
    in.RejectUnknown();
    if (!in.ok()) return in.ToError();
    m.tipo = *tipo;
    m.monto_centavos = *monto;
    m.motivo = *motivo;
    return ToReply(sessions->Move(KeyFor(req), req.Meta(), m), "/api/caja/sesiones");
  };
  table.Add(std::move(move));

  Route arqueo;
  arqueo.method = "GET";
  arqueo.path = "/api/caja/arqueo";
  arqueo.access = Till();
  arqueo.operation_id = "getCashCount";
  arqueo.summary = "Arqueo: efectivo esperado por concepto y ventas por medio de pago";
  arqueo.tag = "caja";
  arqueo.query = {{"sesion_id", "string", "uuid; por defecto la caja abierta"}};
  arqueo.response_schema = ArqueoSchema(true);
  arqueo.errors = {ErrorCode::kNotFound};
  arqueo.handler = [this](Request& req) -> Reply {
    QueryReader q(req);
    auto id = q.Uuid("sesion_id");
    q.RejectUnknown();
    if (!q.ok()) return q.ToError();
    auto a = sessions->Arqueo(req.Meta(), id);
    if (!a.ok()) return a.error();
    return JsonReply::Ok(*a);
  };
  table.Add(std::move(arqueo));

  Route close;
  close.method = "POST";
  close.path = "/api/caja/cierre";
  close.access = Access::Roles({Role::kAdmin, Role::kVentas},
                               "ventas: solo una caja que abrió el mismo usuario");
  close.idempotency = Idempotency::kRequired;
  close.body = BodyKind::kJson;
  close.operation_id = "closeCashSession";
  close.summary = "Cierra la caja con el efectivo contado (arqueo)";
  close.tag = "caja";
  close.request_schema =
      ObjectSchema({{"efectivo_contado_centavos",
                     {{"type", "integer"}, {"minimum", 0}, {"maximum", 100000000000}}},
                    {"observaciones",
                     {{"type", "string"},
                      {"maxLength", 500},
                      {"description", "obligatorias (3–500) cuando hay diferencia"}}}},
                   {"efectivo_contado_centavos"});
  close.response_schema =
      json::object{{"type", "object"},
                   {"properties", {{"sesion", SessionSchema()}, {"arqueo", ArqueoSchema(false)}}}};
  close.errors = {ErrorCode::kForbidden, ErrorCode::kCashSessionClosed};
  close.handler = [this](Request& req) -> Reply {
    core::ObjectReader in(req.JsonObject());
    services::CloseCashInput c;
    auto contado = in.Int("efectivo_contado_centavos", true, 0, 100'000'000'000);
    c.observaciones = in.Str("observaciones", {.max = 500, .multiline = true});
    in.RejectUnknown();
    if (!in.ok()) return in.ToError();
    c.efectivo_contado_centavos = *contado;
    return ToReply(sessions->Close(KeyFor(req), req.Meta(), c), "");
  };
  table.Add(std::move(close));

  Route list;
  list.method = "GET";
  list.path = "/api/caja/sesiones";
  list.access = Access::Roles({Role::kAdmin, Role::kVentas}, "ventas: solo sus cajas");
  list.operation_id = "listCashSessions";
  list.summary = "Sesiones de caja, la más reciente primero";
  list.tag = "caja";
  list.paginated = true;
  list.query = {{"fecha_desde", "string", "apertura desde (AAAA-MM-DD o RFC 3339)"},
                {"fecha_hasta", "string", "apertura hasta (AAAA-MM-DD o RFC 3339)"},
                {"usuario_id", "string", "quién abrió la caja"},
                {"limit", "integer", "1–100 (30)"},
                {"offset", "integer", "0–1000000"}};
  list.response_schema = json::object{{"type", "array"}, {"items", SessionSchema()}};
  list.handler = [this](Request& req) -> Reply {
    QueryReader q(req);
    services::CashSessionFilter f;
    auto range = q.DateRange();
    f.desde = range.desde;
    f.hasta = range.hasta;
    f.usuario_id = q.Uuid("usuario_id");
    f.limit = q.Limit(30, 100);
    f.offset = q.Offset();
    q.RejectUnknown();
    if (!q.ok()) return q.ToError();
    std::int64_t total = 0;
    auto rows = sessions->List(req.Meta(), f, &total);
    if (!rows.ok()) return rows.error();
    return PageReply(*rows, total, f.limit, f.offset);
  };
  table.Add(std::move(list));

  Route get;
  get.method = "GET";
  get.path = "/api/caja/sesiones/:id";
  get.access = Access::Roles({Role::kAdmin, Role::kVentas}, "ventas: solo sus cajas");
  get.operation_id = "getCashSession";
  get.summary = "Una sesión de caja con sus movimientos y el arqueo";
  get.tag = "caja";
  json::object detail = SessionSchema();
  detail["properties"].as_object()["movimientos"] =
      json::object{{"type", "array"}, {"items", MovementSchema()}};
  detail["properties"].as_object()["arqueo"] = ArqueoSchema(false);
  get.response_schema = std::move(detail);
  get.errors = {ErrorCode::kNotFound, ErrorCode::kForbidden};
  get.handler = [this](Request& req) -> Reply {
    auto s = sessions->Get(req.Meta(), req.params.at("id"));
    if (!s.ok()) return s.error();
    return JsonReply::Ok(*s);
  };
  table.Add(std::move(get));
}

}  // namespace mm::api
