#include "api/pedidos_api.hpp"

#include "api/catalog_fields.hpp"
#include "api/idempotent_route.hpp"
#include "api/query_reader.hpp"
#include "api/schema.hpp"
#include "core/money.hpp"
#include "core/store_calendar.hpp"
#include "core/validation.hpp"

namespace mm::api {
namespace {

namespace json = boost::json;
using core::ErrorCode;
using core::Role;

constexpr const char* kBase = "/api/pedidos";
constexpr core::StrRule kDireccion{.max = 200};
constexpr core::StrRule kCorto{.max = 20};
constexpr core::StrRule kHorario{.max = 40};
constexpr core::StrRule kObs{.max = 500, .multiline = true};
constexpr core::StrRule kFecha{.max = 10};
const char* const kBadTelefono = "Usá de 6 a 30 caracteres: números, espacios, +, ( ) y guiones.";

Access Staff() { return Access::Roles({Role::kAdmin, Role::kDeposito, Role::kVentas}); }

json::object Arr(json::object items) {
  return json::object{{"type", "array"}, {"items", std::move(items)}};
}
json::object Enum(json::array values) {
  return json::object{{"type", "string"}, {"enum", std::move(values)}};
}
json::object UserRef() {
  return json::object{
      {"type", json::array{"object", "null"}},
      {"properties", json::object{{"id", StringSchema()}, {"nombre", StringSchema()}}}};
}
json::object Estados() {
  return Enum(json::array{"pendiente", "preparando", "listo", "entregado", "cancelado"});
}

json::object ItemSchema() {
  return ObjectSchema({{"id", StringSchema()},
                       {"producto_id", NullableSchema("string")},
                       {"descripcion", StringSchema()},
                       {"producto_sku", NullableSchema("string")},
                       {"unidad", NullableSchema("string")},
                       {"cantidad", IntegerSchema()},
                       {"precio_unitario_centavos", IntegerSchema()},
                       {"subtotal_centavos", IntegerSchema()},
                       {"preparado", BooleanSchema()},
                       {"preparado_en", NullableSchema("string")},
                       {"preparado_por", UserRef()},
                       {"observaciones", NullableSchema("string")}},
                      {"id", "descripcion", "cantidad", "precio_unitario_centavos",
                       "subtotal_centavos", "preparado"});
}

json::object PagoSchema() {
  return ObjectSchema({{"id", StringSchema()},
                       {"tipo", Enum(json::array{"pago", "reembolso"})},
                       {"metodo", StringSchema()},
                       {"monto_centavos", IntegerSchema()},
                       {"referencia", NullableSchema("string")},
                       {"sesion_caja_id", NullableSchema("string")},
                       {"cc_movimiento_id", NullableSchema("string")},
                       {"usuario", UserRef()},
                       {"creado_en", StringSchema()}},
                      {"id", "tipo", "metodo", "monto_centavos", "creado_en"});
}

json::object PedidoSchema() {
  return ObjectSchema(
      {{"id", StringSchema()},
       {"numero", IntegerSchema()},
       {"cliente_id", NullableSchema("string")},
       {"cliente_nombre", StringSchema()},
       {"cliente_telefono", NullableSchema("string")},
       {"tipo_entrega", Enum(json::array{"retiro", "domicilio"})},
       {"direccion_entrega", NullableSchema("string")},
       {"edificio", NullableSchema("string")},
       {"piso", NullableSchema("string")},
       {"departamento", NullableSchema("string")},
       {"horario_entrega_preferido", NullableSchema("string")},
       {"ubicacion_id", StringSchema()},
       {"estado", Estados()},
       {"estado_pago", Enum(json::array{"pendiente", "parcial", "pagado"})},
       {"total_centavos", IntegerSchema()},
       {"pagado_centavos", IntegerSchema()},
       {"saldo_pendiente_centavos", IntegerSchema()},
       {"fecha_entrega_estimada", NullableSchema("string")},
       {"observaciones", NullableSchema("string")},
       {"observaciones_internas", NullableSchema("string")},
       {"creado_por", UserRef()},
       {"preparado_por", UserRef()},
       {"entregado_por", UserRef()},
       {"cancelado_por", UserRef()},
       {"preparando_en", NullableSchema("string")},
       {"listo_en", NullableSchema("string")},
       {"entregado_en", NullableSchema("string")},
       {"cancelado_en", NullableSchema("string")},
       {"motivo_cancelacion", NullableSchema("string")},
       {"version", IntegerSchema()},
       {"creado_en", StringSchema()},
       {"actualizado_en", StringSchema()},
       {"items", Arr(ItemSchema())},
       {"pagos", Arr(PagoSchema())},
       {"reservas", Arr(json::object{{"type", "object"}})}},
      {"id", "numero", "cliente_nombre", "tipo_entrega", "estado", "estado_pago", "total_centavos",
       "pagado_centavos", "version", "creado_en", "items", "pagos", "reservas"});
}

json::object ListRowSchema() {
  return ObjectSchema(
      {{"id", StringSchema()},
       {"numero", IntegerSchema()},
       {"estado", Estados()},
       {"estado_pago", StringSchema()},
       {"cliente_id", NullableSchema("string")},
       {"cliente_nombre", StringSchema()},
       {"cliente_telefono", NullableSchema("string")},
       {"tipo_entrega", StringSchema()},
       {"total_centavos", IntegerSchema()},
       {"pagado_centavos", IntegerSchema()},
       {"fecha_entrega_estimada", NullableSchema("string")},
       {"items_count", IntegerSchema()},
       {"items_preparados", IntegerSchema()},
       {"creado_en", StringSchema()},
       {"version", IntegerSchema()}},
      {"id", "numero", "estado", "estado_pago", "cliente_nombre", "tipo_entrega", "total_centavos",
       "pagado_centavos", "items_count", "items_preparados", "creado_en", "version"});
}

json::object CreateBodySchema() {
  json::object item{
      {"producto_id", json::object{{"type", "string"}, {"format", "uuid"}}},
      {"descripcion", json::object{{"type", "string"},
                                   {"maxLength", 120},
                                   {"description", "requerida en renglones sin producto_id"}}},
      {"cantidad",
       json::object{
           {"type", "integer"}, {"minimum", 1}, {"maximum", services::kPedidoMaxCantidad}}},
      {"precio_unitario_centavos",
       json::object{{"type", "integer"},
                    {"minimum", 0},
                    {"maximum", services::kPedidoMaxPrecio},
                    {"description",
                     "solo en renglones sin producto_id (requerido ahí); en los del catálogo el "
                     "precio sale de la base y mandarlo es 400"}}},
      {"observaciones", json::object{{"type", "string"}, {"maxLength", 200}}}};
  return ObjectSchema(
      {{"cliente_id", json::object{{"type", "string"}, {"format", "uuid"}}},
       {"cliente_nombre",
        json::object{
            {"type", "string"}, {"maxLength", 120}, {"description", "requerido sin cliente_id"}}},
       {"cliente_telefono", StringSchema()},
       {"tipo_entrega", Enum(json::array{"retiro", "domicilio"})},
       {"direccion_entrega",
        json::object{{"type", "string"},
                     {"minLength", 3},
                     {"maxLength", 200},
                     {"description",
                      "requerida para domicilio (con cliente_id, por defecto la del cliente)"}}},
       {"edificio", StringSchema()},
       {"piso", StringSchema()},
       {"departamento", StringSchema()},
       {"horario_entrega_preferido", StringSchema()},
       {"fecha_entrega_estimada", json::object{{"type", "string"}, {"format", "date"}}},
       {"observaciones", StringSchema()},
       {"observaciones_internas", StringSchema()},
       {"reservar_stock", json::object{{"type", "boolean"}, {"default", true}}},
       {"items", json::object{{"type", "array"},
                              {"minItems", 1},
                              {"maxItems", services::kPedidoMaxItems},
                              {"items", ObjectSchema(std::move(item), {"cantidad"})}}}},
      {"items"});
}

json::object PatchBodySchema() {
  return ObjectSchema({{"tipo_entrega", Enum(json::array{"retiro", "domicilio"})},
                       {"direccion_entrega", NullableSchema("string")},
                       {"edificio", NullableSchema("string")},
                       {"piso", NullableSchema("string")},
                       {"departamento", NullableSchema("string")},
                       {"horario_entrega_preferido", NullableSchema("string")},
                       {"fecha_entrega_estimada", NullableSchema("string")},
                       {"observaciones", NullableSchema("string")},
                       {"observaciones_internas", NullableSchema("string")},
                       {"version", IntegerSchema()}});
}

void CheckFecha(core::ObjectReader& in, const std::optional<std::string>& f) {
  if (f && !core::ParseDate(*f)) {
    in.Add(in.Path("fecha_entrega_estimada"), "formato", "Tiene que ser una fecha AAAA-MM-DD.");
  }
}

std::optional<services::NewOrder> ReadOrder(const Request& req, core::Error* err) {
  core::ObjectReader in(req.JsonObject());
  services::NewOrder o;
  o.cliente_id = in.Uuid("cliente_id", false);
  o.cliente_nombre = in.Str("cliente_nombre", {.max = 120});
  o.cliente_telefono = in.Str("cliente_telefono", {.max = 30});
  CheckFormat(in, "cliente_telefono", o.cliente_telefono, IsTelefono, kBadTelefono);
  o.tipo_entrega = in.Enum("tipo_entrega", false, {"retiro", "domicilio"}).value_or("retiro");
  o.direccion_entrega = in.Str("direccion_entrega", kDireccion);
  o.edificio = in.Str("edificio", kCorto);
  o.piso = in.Str("piso", kCorto);
  o.departamento = in.Str("departamento", kCorto);
  o.horario_entrega_preferido = in.Str("horario_entrega_preferido", kHorario);
  o.fecha_entrega_estimada = in.Str("fecha_entrega_estimada", kFecha);
  CheckFecha(in, o.fecha_entrega_estimada);
  o.observaciones = in.Str("observaciones", kObs);
  o.observaciones_internas = in.Str("observaciones_internas", kObs);
  o.reservar_stock = in.Bool("reservar_stock", false).value_or(true);
  if (const auto* items = in.Array("items", true, 1, services::kPedidoMaxItems)) {
    for (std::size_t i = 0; i < items->size(); ++i) {
      std::string path = "items[" + std::to_string(i) + "]";
      const auto& v = (*items)[i];
      if (!v.is_object()) {
        in.Add(path, "tipo", "Tiene que ser un objeto.");
        continue;
      }
      auto item = in.Nested(&v.get_object(), path);
      services::NewOrderItem l;
      l.producto_id = item.Uuid("producto_id", false);
      l.descripcion = item.Str("descripcion", {.max = 120});
      l.cantidad = item.Int("cantidad", true, 1, services::kPedidoMaxCantidad).value_or(0);
      l.precio_unitario_centavos =
          item.Int("precio_unitario_centavos", false, 0, services::kPedidoMaxPrecio);
      l.observaciones = item.Str("observaciones", {.max = 200, .multiline = true});
      item.RejectUnknown();
      o.items.push_back(std::move(l));
    }
  }
  in.RejectUnknown();
  if (!in.ok()) {
    *err = in.ToError();
    return std::nullopt;
  }
  return o;
}

}  // namespace

void PedidosApi::Register(RouteTable& table) {
  Route create;
  create.method = "POST";
  create.path = kBase;
  create.access = Staff();
  create.idempotency = Idempotency::kRequired;
  create.body = BodyKind::kJson;
  create.operation_id = "createOrder";
  create.summary =
      "Crea un pedido de un cliente (retiro o domicilio): los renglones del catálogo se "
      "agrupan por producto y toman el precio de venta actual de la base (sin ofertas); con "
      "reservar_stock (por defecto) cada uno reserva su stock en la ubicación de venta";
  create.tag = "pedidos";
  create.success_status = 201;
  create.request_schema = CreateBodySchema();
  create.response_schema = PedidoSchema();
  create.errors = {ErrorCode::kInsufficientStock, ErrorCode::kProductInactive,
                   ErrorCode::kProductWithoutPrice, ErrorCode::kCustomerInactive,
                   ErrorCode::kReferenceNotFound};
  create.handler = [this](Request& req) -> Reply {
    core::Error err;
    auto in = ReadOrder(req, &err);
    if (!in) return err;
    return ToReply(orders->Create(KeyFor(req), req.Meta(), *in), kBase);
  };
  table.Add(std::move(create));

  Route list;
  list.method = "GET";
  list.path = kBase;
  list.access = Staff();
  list.operation_id = "listOrders";
  list.summary = "Pedidos, los más nuevos primero";
  list.tag = "pedidos";
  list.paginated = true;
  list.query = {
      {"estado", "string", "csv de pendiente|preparando|listo|entregado|cancelado"},
      {"estado_pago", "string", "csv de pendiente|parcial|pagado"},
      {"cliente_id", "string", "uuid"},
      {"tipo_entrega", "string", "retiro | domicilio"},
      {"q", "string",
       "nombre o teléfono del cliente (2–100); un q numérico también busca el número exacto"},
      {"fecha_desde", "string", "fecha de negocio o instante RFC 3339 (creado_en)"},
      {"fecha_hasta", "string", "fecha de negocio o instante RFC 3339 (creado_en)"},
      {"sort", "string", "-creado_en (por defecto) | fecha_entrega_estimada"},
      {"limit", "integer", "1–100 (50)"},
      {"offset", "integer", "0–1000000"}};
  list.response_schema = Arr(ListRowSchema());
  list.handler = [this](Request& req) -> Reply {
    QueryReader q(req);
    services::OrderFilter f;
    f.estados = q.Csv("estado", {"pendiente", "preparando", "listo", "entregado", "cancelado"});
    f.estados_pago = q.Csv("estado_pago", {"pendiente", "parcial", "pagado"});
    f.cliente_id = q.Uuid("cliente_id");
    f.tipo_entrega = q.Enum("tipo_entrega", {"retiro", "domicilio"});
    f.q = q.Str("q", 2, 100);
    auto range = q.DateRange();
    f.desde = range.desde;
    f.hasta = range.hasta;
    f.sort = q.Enum("sort", {"-creado_en", "fecha_entrega_estimada"}).value_or("-creado_en");
    f.limit = q.Limit(50, 100);
    f.offset = q.Offset();
    q.RejectUnknown();
    if (!q.ok()) return q.ToError();
    std::int64_t total = 0;
    auto rows = orders->List(f, &total, req.Meta().TxOptions());
    if (!rows.ok()) return rows.error();
    return PageReply(*rows, total, f.limit, f.offset);
  };
  table.Add(std::move(list));

  Route get;
  get.method = "GET";
  get.path = std::string(kBase) + "/:id";
  get.access = Staff();
  get.operation_id = "getOrder";
  get.summary = "Un pedido con sus renglones, pagos y reservas (estado efectivo)";
  get.tag = "pedidos";
  get.response_schema = PedidoSchema();
  get.errors = {ErrorCode::kNotFound};
  get.handler = [this](Request& req) -> Reply {
    auto r = orders->Get(req.params.at("id"), req.Meta().TxOptions());
    if (!r.ok()) return r.error();
    return JsonReply::Ok(*r);
  };
  table.Add(std::move(get));

  Route patch;
  patch.method = "PATCH";
  patch.path = std::string(kBase) + "/:id";
  patch.access = Staff();
  patch.body = BodyKind::kJson;
  patch.operation_id = "updateOrder";
  patch.summary =
      "Modifica la entrega, las observaciones o la fecha estimada de un pedido pendiente o en "
      "preparación";
  patch.tag = "pedidos";
  patch.request_schema = PatchBodySchema();
  patch.response_schema = PedidoSchema();
  patch.errors = {ErrorCode::kNotFound, ErrorCode::kInvalidStateTransition,
                  ErrorCode::kVersionConflict};
  patch.handler = [this](Request& req) -> Reply {
    core::ObjectReader in(req.JsonObject());
    services::OrderPatch p;
    p.tipo_entrega = PatchStr(in, "tipo_entrega", {.max = 20});
    if (p.tipo_entrega && *p.tipo_entrega != "retiro" && *p.tipo_entrega != "domicilio") {
      in.Add(in.Path("tipo_entrega"), "enum", "Tiene que ser retiro o domicilio.");
    }
    p.direccion_entrega = NullableStr(in, "direccion_entrega", kDireccion);
    p.edificio = NullableStr(in, "edificio", kCorto);
    p.piso = NullableStr(in, "piso", kCorto);
    p.departamento = NullableStr(in, "departamento", kCorto);
    p.horario_entrega_preferido = NullableStr(in, "horario_entrega_preferido", kHorario);
    p.fecha_entrega_estimada = NullableStr(in, "fecha_entrega_estimada", kFecha);
    if (p.fecha_entrega_estimada) CheckFecha(in, *p.fecha_entrega_estimada);
    p.observaciones = NullableStr(in, "observaciones", kObs);
    p.observaciones_internas = NullableStr(in, "observaciones_internas", kObs);
    p.version = in.Int("version", false, 0, INT32_MAX);
    in.RejectUnknown();
    if (!in.ok()) return in.ToError();
    auto r = orders->Update(req.Meta(), req.params.at("id"), p);
    if (!r.ok()) return r.error();
    return JsonReply::Ok(*r);
  };
  table.Add(std::move(patch));

  Route state;
  state.method = "PUT";
  state.path = std::string(kBase) + "/:id/estado";
  state.access = Staff();
  state.idempotency = Idempotency::kOptional;
  state.body = BodyKind::kJson;
  state.operation_id = "changeOrderState";
  state.summary =
      "Cambia el estado de un pedido: pendiente → preparando → listo → entregado, o cancelado "
      "desde cualquiera no terminal. listo pide todos los renglones preparados; entregado saca "
      "el stock (consume sus reservas); cancelado las libera y pide que no tenga pagos";
  state.tag = "pedidos";
  state.request_schema =
      ObjectSchema({{"estado", Estados()},
                    {"version", IntegerSchema()},
                    {"motivo", json::object{{"type", "string"},
                                            {"minLength", 3},
                                            {"maxLength", 200},
                                            {"description", "requerido para cancelado"}}}},
                   {"estado"});
  state.response_schema = PedidoSchema();
  state.errors = {ErrorCode::kNotFound, ErrorCode::kInvalidStateTransition,
                  ErrorCode::kVersionConflict, ErrorCode::kInsufficientStock};
  state.handler = [this](Request& req) -> Reply {
    core::ObjectReader in(req.JsonObject());
    services::OrderStateChange c;
    c.estado =
        in.Enum("estado", true, {"pendiente", "preparando", "listo", "entregado", "cancelado"})
            .value_or("");
    c.version = in.Int("version", false, 0, INT32_MAX);
    c.motivo = in.Str("motivo", {.max = 200});
    in.RejectUnknown();
    if (!in.ok()) return in.ToError();
    return ToReply(orders->ChangeState(KeyFor(req), req.Meta(), req.params.at("id"), c), "");
  };
  table.Add(std::move(state));

  Route item;
  item.method = "PUT";
  item.path = std::string(kBase) + "/items/:id";
  item.access = Staff();
  item.body = BodyKind::kJson;
  item.operation_id = "setOrderItemPrepared";
  item.summary = "Marca (o desmarca) un renglón del pedido como preparado";
  item.tag = "pedidos";
  item.request_schema = ObjectSchema({{"preparado", BooleanSchema()}}, {"preparado"});
  item.response_schema = ObjectSchema({{"id", StringSchema()},
                                       {"pedido_id", StringSchema()},
                                       {"preparado", BooleanSchema()},
                                       {"preparado_por", UserRef()},
                                       {"preparado_en", NullableSchema("string")}},
                                      {"id", "preparado"});
  item.errors = {ErrorCode::kNotFound, ErrorCode::kInvalidStateTransition};
  item.handler = [this](Request& req) -> Reply {
    core::ObjectReader in(req.JsonObject());
    auto preparado = in.Bool("preparado", true);
    in.RejectUnknown();
    if (!in.ok()) return in.ToError();
    auto r = orders->SetItemPrepared(req.Meta(), req.params.at("id"), *preparado);
    if (!r.ok()) return r.error();
    return JsonReply::Ok(*r);
  };
  table.Add(std::move(item));

  Route pay;
  pay.method = "POST";
  pay.path = std::string(kBase) + "/:id/pagos";
  pay.access = Staff();
  pay.idempotency = Idempotency::kRequired;
  pay.body = BodyKind::kJson;
  pay.operation_id = "registerOrderPayment";
  pay.summary =
      "Registra un pago (se suma a lo pagado) o un reembolso (se resta) de un pedido; "
      "efectivo pasa por la caja abierta, cuenta_corriente por la cuenta del cliente";
  pay.tag = "pedidos";
  pay.success_status = 201;
  pay.request_schema = ObjectSchema(
      {{"tipo",
        json::object{
            {"type", "string"}, {"enum", json::array{"pago", "reembolso"}}, {"default", "pago"}}},
       {"metodo", Enum(json::array{"efectivo", "debito", "credito", "transferencia", "qr",
                                   "cuenta_corriente"})},
       {"monto_centavos",
        json::object{{"type", "integer"}, {"minimum", 1}, {"maximum", core::kMaxCentavos}}},
       {"referencia", json::object{{"type", "string"}, {"maxLength", 120}}}},
      {"metodo", "monto_centavos"});
  pay.response_schema =
      ObjectSchema({{"pago", PagoSchema()},
                    {"pedido", ObjectSchema({{"id", StringSchema()},
                                             {"pagado_centavos", IntegerSchema()},
                                             {"estado_pago", StringSchema()},
                                             {"version", IntegerSchema()}},
                                            {"id", "pagado_centavos", "estado_pago"})}},
                   {"pago", "pedido"});
  pay.errors = {ErrorCode::kNotFound,
                ErrorCode::kPaymentExceedsTotal,
                ErrorCode::kInvalidStateTransition,
                ErrorCode::kConflict,
                ErrorCode::kCashSessionClosed,
                ErrorCode::kCreditLimitExceeded,
                ErrorCode::kCustomerInactive};
  pay.handler = [this](Request& req) -> Reply {
    core::ObjectReader in(req.JsonObject());
    services::OrderPaymentInput p;
    p.tipo = in.Enum("tipo", false, {"pago", "reembolso"}).value_or("pago");
    p.metodo = in.Enum("metodo", true,
                       {"efectivo", "debito", "credito", "transferencia", "qr", "cuenta_corriente"})
                   .value_or("");
    p.monto_centavos = in.Int("monto_centavos", true, 1, core::kMaxCentavos).value_or(0);
    p.referencia = in.Str("referencia", {.max = 120});
    in.RejectUnknown();
    if (!in.ok()) return in.ToError();
    return ToReply(payments->Register(KeyFor(req), req.Meta(), req.params.at("id"), p), kBase);
  };
  table.Add(std::move(pay));
}

}  // namespace mm::api
