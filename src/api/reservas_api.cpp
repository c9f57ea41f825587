#include "api/reservas_api.hpp"

#include "api/idempotent_route.hpp"
#include "api/query_reader.hpp"
#include "api/schema.hpp"
#include "core/validation.hpp"

namespace mm::api {
namespace {

namespace json = boost::json;
using core::ErrorCode;
using core::Role;

constexpr const char* kBase = "/api/reservas";

Access Sellers() { return Access::Roles({Role::kAdmin, Role::kDeposito, Role::kVentas}); }

json::object Ref() {
  return ObjectSchema({{"id", StringSchema()}, {"nombre", StringSchema()}}, {"id", "nombre"});
}

json::object ReservaSchema() {
  return ObjectSchema(
      {{"id", StringSchema()},
       {"producto_id", StringSchema()},
       {"ubicacion_id", StringSchema()},
       {"cantidad", json::object{{"type", "integer"}}},
       {"estado",
        json::object{{"type", "string"},
                     {"enum", json::array{"activa", "consumida", "cancelada", "vencida"}}}},
       {"referencia", NullableSchema("string")},
       {"expira_en", json::object{{"type", json::array{"string", "null"}},
                                  {"description", "null solo en reservas de un pedido"}}},
       {"creado_en", StringSchema()},
       {"usuario", Ref()},
       {"pedido_id", StringSchema()},
       {"venta_id", StringSchema()},
       {"consumida_en", StringSchema()},
       {"cancelada_en", StringSchema()},
       {"cancelada_por", Ref()},
       {"motivo_cancelacion", StringSchema()},
       {"vencida_en", StringSchema()}},
      {"id", "producto_id", "ubicacion_id", "cantidad", "estado", "referencia", "expira_en",
       "creado_en", "usuario"});
}

}  // namespace

void ReservasApi::Register(RouteTable& table) {
  Route create;
  create.method = "POST";
  create.path = kBase;
  create.access = Sellers();
  create.idempotency = Idempotency::kRequired;
  create.body = BodyKind::kJson;
  create.operation_id = "createReservation";
  create.summary =
      "Reserva stock de un producto en una ubicación (disponible = stock − reservas activas de esa "
      "ubicación); vence a los expira_en_min minutos";
  create.tag = "stock";
  create.success_status = 201;
  create.request_schema = ObjectSchema(
      {{"producto_id", json::object{{"type", "string"}, {"format", "uuid"}}},
       {"cantidad",
        json::object{
            {"type", "integer"}, {"minimum", 1}, {"maximum", services::kReservaMaxCantidad}}},
       {"ubicacion_id", json::object{{"type", "string"},
                                     {"format", "uuid"},
                                     {"description", "por defecto la ubicación de venta"}}},
       {"referencia", json::object{{"type", "string"}, {"maxLength", 120}}},
       {"expira_en_min", json::object{{"type", "integer"},
                                      {"minimum", services::kReservaMinutosMin},
                                      {"maximum", services::kReservaMinutosMax},
                                      {"default", services::kReservaMinutosDefecto}}}},
      {"producto_id", "cantidad"});
  create.response_schema =
      ObjectSchema({{"reserva", ReservaSchema()},
                    {"disponible_restante", json::object{{"type", "integer"}, {"minimum", 0}}}},
                   {"reserva", "disponible_restante"});
  create.errors = {ErrorCode::kInsufficientStock, ErrorCode::kProductInactive, ErrorCode::kConflict,
                   ErrorCode::kReferenceNotFound};
  create.handler = [this](Request& req) -> Reply {
    core::ObjectReader in(req.JsonObject());
    services::NewReservation r;
    r.producto_id = in.Uuid("producto_id", true).value_or("");
    r.cantidad = in.Int("cantidad", true, 1, services::kReservaMaxCantidad).value_or(0);
    r.ubicacion_id = in.Uuid("ubicacion_id", false);
    r.referencia = in.Str("referencia", {.max = 120});
    r.expira_en_min =
        in.Int("expira_en_min", false, services::kReservaMinutosMin, services::kReservaMinutosMax)
            .value_or(services::kReservaMinutosDefecto);
    in.RejectUnknown();
    if (!in.ok()) return in.ToError();
    return ToReply(reservations->Create(KeyFor(req), req.Meta(), r), kBase);
  };
  table.Add(std::move(create));

  Route list;
  list.method = "GET";
  list.path = kBase;
  list.access = Sellers();
  list.operation_id = "listReservations";
  list.summary = "Reservas (estado guardado; una activa vencida deja de contar al instante)";
  list.tag = "stock";
  list.paginated = true;
  list.query = {{"estado", "string", "csv de activa|cancelada|consumida|vencida"},
                {"producto_id", "string", "uuid"},
                {"referencia", "string", "igual a la referencia (exacta)"},
                {"sort", "string", "-creado_en (por defecto) | expira_en"},
                {"limit", "integer", "1–200 (50)"},
                {"offset", "integer", "0–1000000"}};
  list.response_schema = json::object{{"type", "array"}, {"items", ReservaSchema()}};
  list.handler = [this](Request& req) -> Reply {
    QueryReader q(req);
    services::ReservationFilter f;
    f.estados = q.Csv("estado", {"activa", "cancelada", "consumida", "vencida"});
    f.producto_id = q.Uuid("producto_id");
    f.referencia = q.Str("referencia", 1, 120);
    f.sort = q.Enum("sort", {"-creado_en", "expira_en"}).value_or("-creado_en");
    f.limit = q.Limit(50, 200);
    f.offset = q.Offset();
    q.RejectUnknown();
    if (!q.ok()) return q.ToError();
    std::int64_t total = 0;
    auto rows = reservations->List(f, &total, req.Meta().TxOptions());
    if (!rows.ok()) return rows.error();
    return PageReply(*rows, total, f.limit, f.offset);
  };
  table.Add(std::move(list));

  Route get;
  get.method = "GET";
  get.path = std::string(kBase) + "/:id";
  get.access = Sellers();
  get.operation_id = "getReservation";
  get.summary = "Una reserva";
  get.tag = "stock";
  get.response_schema = ReservaSchema();
  get.errors = {ErrorCode::kNotFound};
  get.handler = [this](Request& req) -> Reply {
    auto r = reservations->Get(req.params.at("id"), req.Meta().TxOptions());
    if (!r.ok()) return r.error();
    return JsonReply::Ok(*r);
  };
  table.Add(std::move(get));

  Route cancel;
  cancel.method = "POST";
  cancel.path = std::string(kBase) + "/:id/cancelar";
  cancel.access = Sellers();
  cancel.idempotency = Idempotency::kOptional;
  cancel.body = BodyKind::kJson;
  cancel.empty_body_ok = true;
  cancel.operation_id = "cancelReservation";
  cancel.summary =
      "Cancela una reserva activa (no vencida) que no es de un pedido; libera el stock reservado";
  cancel.tag = "stock";
  cancel.request_schema =
      ObjectSchema({{"motivo", json::object{{"type", "string"}, {"maxLength", 200}}}});
  cancel.response_schema = ReservaSchema();
  cancel.errors = {ErrorCode::kNotFound, ErrorCode::kInvalidStateTransition};
  cancel.handler = [this](Request& req) -> Reply {
    core::ObjectReader in(req.JsonObject());
    auto motivo = in.Str("motivo", {.max = 200});
    in.RejectUnknown();
    if (!in.ok()) return in.ToError();
    return ToReply(reservations->Cancel(KeyFor(req), req.Meta(), req.params.at("id"), motivo), "");
  };
  table.Add(std::move(cancel));
}

}  // namespace mm::api
