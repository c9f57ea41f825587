#include "api/ordenes_compra_api.hpp"

#include <set>

#include "api/idempotent_route.hpp"
#include "api/query_reader.hpp"
#include "api/schema.hpp"
#include "core/money.hpp"
#include "core/store_calendar.hpp"
#include "core/uuid.hpp"
#include "core/validation.hpp"

namespace mm::api {
namespace {

namespace json = boost::json;
using core::ErrorCode;
using core::Role;

constexpr std::int64_t kMaxCosto = 10'000'000'000;
constexpr const char* kBase = "/api/ordenes-compra";

Access Staff() { return Access::Roles({Role::kAdmin, Role::kDeposito}); }

json::object Ref() {
  return ObjectSchema({{"id", {{"type", "string"}}}, {"nombre", {{"type", "string"}}}},
                      {"id", "nombre"});
}

json::object NullableString() { return {{"type", json::array{"string", "null"}}}; }

json::object LineSchema() {
  return ObjectSchema({{"id", {{"type", "string"}}},
                       {"producto", {{"type", "object"}}},
                       {"cantidad", {{"type", "integer"}}},
                       {"cantidad_recibida", {{"type", "integer"}}},
                       {"pendiente", {{"type", "integer"}}},
                       {"costo_unitario_centavos", {{"type", json::array{"integer", "null"}}}}},
                      {"id", "producto", "cantidad", "cantidad_recibida", "pendiente"});
}

json::object SummaryProps() {
  return json::object{{"id", {{"type", "string"}}},
                      {"numero", {{"type", "integer"}}},
                      {"proveedor", Ref()},
                      {"ubicacion", Ref()},
                      {"estado",
                       {{"type", "string"},
                        {"enum", json::array{"pendiente", "parcial", "recibida", "cancelada"}}}},
                      {"lineas_count", {{"type", "integer"}}},
                      {"total_estimado_centavos", {{"type", "integer"}}},
                      {"fecha_estimada", NullableString()},
                      {"creado_en", {{"type", "string"}}}};
}

json::object OrderSchema() {
  json::object props = SummaryProps();
  props["observaciones"] = NullableString();
  props["creado_por"] = Ref();
  props["cancelada_en"] = NullableString();
  props["motivo_cancelacion"] = NullableString();
  props["version"] = {{"type", "integer"}};
  props["actualizado_en"] = {{"type", "string"}};
  props["lineas"] = {{"type", "array"}, {"items", LineSchema()}};
  props["recepciones"] = {{"type", "array"}};
  props["faltantes_vinculados"] = {{"type", "array"}};
  props["pedido_texto"] = {{"type", "string"}};
  return ObjectSchema(std::move(props), {"id", "numero", "estado", "lineas", "pedido_texto"});
}

json::object DateString() { return {{"type", "string"}, {"format", "date"}}; }

// An optional YYYY-MM-DD date (its range against the store day is the service's).
std::optional<std::string> ReadDate(core::ObjectReader& in, std::string_view key) {
  auto s = in.Str(key, {.max = 10});
  if (s && !core::ParseDate(*s)) {
    in.Add(in.Path(key), "formato", "Tiene que ser una fecha AAAA-MM-DD.");
    return std::nullopt;
  }
  return s;
}

// The JSON body of POST /api/ordenes-compra.
std::optional<services::NewPurchaseOrder> ReadNewOrder(const Request& req, core::Error* err) {
  core::ObjectReader in(req.JsonObject());
  services::NewPurchaseOrder o;
  auto proveedor = in.Uuid("proveedor_id", true);
  o.ubicacion_id = in.Uuid("ubicacion_id", false);
  o.fecha_estimada = ReadDate(in, "fecha_estimada");
  o.observaciones = in.Str("observaciones", {.max = 500, .multiline = true});
  std::set<std::string> seen;
  if (const auto* items = in.Array("items", true, 1, 200)) {
    for (std::size_t i = 0; i < items->size(); ++i) {
      std::string path = "items[" + std::to_string(i) + "]";
      const auto& v = (*items)[i];
      if (!v.is_object()) {
        in.Add(path, "tipo", "Tiene que ser un objeto.");
        continue;
      }
      auto item = in.Nested(&v.get_object(), path);
      auto producto = item.Uuid("producto_id", true);
      auto cantidad = item.Int("cantidad", true, 1, core::kMaxCantidad);
      auto costo = item.Int("costo_unitario_centavos", false, 0, kMaxCosto);
      item.RejectUnknown();
      if (producto && !seen.insert(*producto).second) {
        in.Add(path + ".producto_id", "formato",
               "Ese producto ya está en otra línea: sumá las cantidades en una sola.");
      }
      if (producto && cantidad) o.items.push_back({*producto, *cantidad, costo});
    }
  }
  if (const auto* ids = in.Array("faltante_ids", false, 0, 200)) {
    for (std::size_t i = 0; i < ids->size(); ++i) {
      const auto& v = (*ids)[i];
      std::optional<std::string> id;
      if (v.is_string()) id = core::NormalizeUuid(std::string_view(v.get_string()));
      if (!id) {
        in.Add("faltante_ids[" + std::to_string(i) + "]", "formato",
               "No es un identificador válido (UUID).");
      } else {
        o.faltante_ids.push_back(*id);
      }
    }
  }
  in.RejectUnknown();
  if (!in.ok()) {
    *err = in.ToError();
    return std::nullopt;
  }
  o.proveedor_id = *proveedor;
  return o;
}

std::optional<services::NewReceipt> ReadReceipt(const Request& req, core::Error* err) {
  core::ObjectReader in(req.JsonObject());
  services::NewReceipt r;
  auto orden = in.Uuid("orden_compra_id", true);
  r.ubicacion_id = in.Uuid("ubicacion_id", false);
  r.remito = in.Str("remito", {.max = 60});
  r.observaciones = in.Str("observaciones", {.max = 500, .multiline = true});
  if (const auto* items = in.Array("items", true, 1, 200)) {
    for (std::size_t i = 0; i < items->size(); ++i) {
      std::string path = "items[" + std::to_string(i) + "]";
      const auto& v = (*items)[i];
      if (!v.is_object()) {
        in.Add(path, "tipo", "Tiene que ser un objeto.");
        continue;
      }
      auto item = in.Nested(&v.get_object(), path);
      services::ReceiptItem it;
      auto linea = item.Uuid("linea_id", true);
      auto cantidad = item.Int("cantidad", true, 1, core::kMaxCantidad);
      it.costo_unitario_centavos = item.Int("costo_unitario_centavos", false, 0, kMaxCosto);
      it.lote = item.Str("lote", {.max = 40});
      it.fecha_vencimiento = ReadDate(item, "fecha_vencimiento");
      item.RejectUnknown();
      if (linea && cantidad) {
        it.linea_id = *linea;
        it.cantidad = *cantidad;
        r.items.push_back(std::move(it));
      }
    }
  }
  in.RejectUnknown();
  if (!in.ok()) {
    *err = in.ToError();
    return std::nullopt;
  }
  r.orden_compra_id = *orden;
  return r;
}

}  // namespace

void OrdenesCompraApi::Register(RouteTable& table) {
  Route list;
  list.method = "GET";
  list.path = kBase;
  list.access = Staff();
  list.operation_id = "listPurchaseOrders";
  list.summary = "Órdenes de compra";
  list.tag = "compras";
  list.paginated = true;
  list.query = {{"estado", "string", "csv de pendiente|parcial|recibida|cancelada"},
                {"proveedor_id", "string", "uuid"},
                {"producto_id", "string", "órdenes con una línea de ese producto"},
                {"fecha_desde", "string", "fecha de creación desde (AAAA-MM-DD o RFC 3339)"},
                {"fecha_hasta", "string", "fecha de creación hasta (AAAA-MM-DD o RFC 3339)"},
                {"sort", "string", "-creado_en (defecto) | fecha_estimada; lista con comas"},
                {"limit", "integer", "1–200 (50)"},
                {"offset", "integer", "0–1000000"}};
  list.response_schema =
      json::object{{"type", "array"}, {"items", ObjectSchema(SummaryProps(), {"id", "numero"})}};
  list.handler = [this](Request& req) -> Reply {
    QueryReader q(req);
    services::PurchaseOrderFilter f;
    f.estados = q.Csv("estado", {"pendiente", "parcial", "recibida", "cancelada"});
    f.proveedor_id = q.Uuid("proveedor_id");
    f.producto_id = q.Uuid("producto_id");
    auto range = q.DateRange();
    f.desde = range.desde;
    f.hasta = range.hasta;
    std::set<std::string> fields;
    for (const auto& s :
         q.Csv("sort", {"creado_en", "-creado_en", "fecha_estimada", "-fecha_estimada"})) {
      bool desc = s.front() == '-';
      std::string field = desc ? s.substr(1) : s;
      if (fields.insert(field).second) f.sort.emplace_back(field, desc);
    }
    f.limit = q.Limit(50, 200);
    f.offset = q.Offset();
    q.RejectUnknown();
    if (!q.ok()) return q.ToError();
    std::int64_t total = 0;
    auto rows = orders->List(f, &total);
    if (!rows.ok()) return rows.error();
    return PageReply(*rows, total, f.limit, f.offset);
  };
  table.Add(std::move(list));

  Route get;
  get.method = "GET";
  get.path = std::string(kBase) + "/:id";
  get.access = Staff();
  get.operation_id = "getPurchaseOrder";
  get.summary = "Una orden de compra con líneas, recepciones y el texto para enviar al proveedor";
  get.tag = "compras";
  get.response_schema = OrderSchema();
  get.errors = {ErrorCode::kNotFound};
  get.handler = [this](Request& req) -> Reply {
    auto o = orders->Get(req.params.at("id"));
    if (!o.ok()) return o.error();
    return JsonReply::Ok(*o);
  };
  table.Add(std::move(get));

  Route create;
  create.method = "POST";
  create.path = kBase;
  create.access = Staff();
  create.idempotency = Idempotency::kRequired;
  create.body = BodyKind::kJson;
  create.operation_id = "createPurchaseOrder";
  create.summary =
      "Crea una orden de compra (pendiente). faltante_ids se acepta solo vacía hasta que exista "
      "el cuaderno de faltantes.";
  create.tag = "compras";
  create.success_status = 201;
  create.request_schema = ObjectSchema(
      {{"proveedor_id", {{"type", "string"}, {"format", "uuid"}}},
       {"ubicacion_id", {{"type", "string"}, {"format", "uuid"}}},
       {"fecha_estimada", DateString()},
       {"observaciones", {{"type", "string"}, {"maxLength", 500}}},
       {"items",
        {{"type", "array"},
         {"minItems", 1},
         {"maxItems", 200},
         {"items",
          ObjectSchema({{"producto_id", {{"type", "string"}, {"format", "uuid"}}},
                        {"cantidad", {{"type", "integer"}, {"minimum", 1}, {"maximum", 1000000}}},
                        {"costo_unitario_centavos",
                         {{"type", "integer"}, {"minimum", 0}, {"maximum", kMaxCosto}}}},
                       {"producto_id", "cantidad"})}}},
       {"faltante_ids", {{"type", "array"}, {"maxItems", 200}, {"items", {{"type", "string"}}}}}},
      {"proveedor_id", "items"});
  create.response_schema = OrderSchema();
  create.errors = {ErrorCode::kProductInactive, ErrorCode::kConflict,
                   ErrorCode::kReferenceNotFound};
  create.handler = [this](Request& req) -> Reply {
    core::Error err;
    auto in = ReadNewOrder(req, &err);
    if (!in) return err;
    return ToReply(orders->Create(KeyFor(req), req.Meta(), *in), kBase);
  };
  table.Add(std::move(create));

  Route patch;
  patch.method = "PATCH";
  patch.path = std::string(kBase) + "/:id";
  patch.access = Staff();
  patch.body = BodyKind::kJson;
  patch.operation_id = "updatePurchaseOrder";
  patch.summary = "Cambia fecha estimada u observaciones (solo pendiente)";
  patch.tag = "compras";
  patch.request_schema = ObjectSchema(
      {{"fecha_estimada", {{"type", json::array{"string", "null"}}, {"format", "date"}}},
       {"observaciones", {{"type", json::array{"string", "null"}}, {"maxLength", 500}}},
       {"version", {{"type", "integer"}}}});
  patch.response_schema = OrderSchema();
  patch.errors = {ErrorCode::kNotFound, ErrorCode::kInvalidStateTransition,
                  ErrorCode::kVersionConflict};
  patch.handler = [this](Request& req) -> Reply {
    core::ObjectReader in(req.JsonObject());
    services::PurchaseOrderPatch p;
    if (in.IsNull("fecha_estimada")) {
      p.fecha_estimada = std::optional<std::string>();
    } else if (in.Has("fecha_estimada")) {
      p.fecha_estimada = ReadDate(in, "fecha_estimada");
    }
    if (in.IsNull("observaciones")) {
      p.observaciones = std::optional<std::string>();
    } else if (in.Has("observaciones")) {
      p.observaciones = in.Str("observaciones", {.max = 500, .multiline = true});
    }
    p.version = in.Int("version", false, 0, 2'000'000'000);
    in.RejectUnknown();
    if (!in.ok()) return in.ToError();
    if (!p.fecha_estimada && !p.observaciones) {
      return core::Error::Validation(
          {{"fecha_estimada", "requerido", "Mandá al menos un campo a cambiar."}});
    }
    auto o = orders->Update(req.Meta(), req.params.at("id"), p);
    if (!o.ok()) return o.error();
    return JsonReply::Ok(*o);
  };
  table.Add(std::move(patch));

  Route cancel;
  cancel.method = "POST";
  cancel.path = std::string(kBase) + "/:id/cancelar";
  cancel.access = Staff();
  cancel.idempotency = Idempotency::kOptional;
  cancel.body = BodyKind::kJson;
  cancel.operation_id = "cancelPurchaseOrder";
  cancel.summary = "Cancela una orden pendiente o parcial (lo que falta ya no se recibe)";
  cancel.tag = "compras";
  cancel.request_schema = ObjectSchema(
      {{"motivo", {{"type", "string"}, {"minLength", 3}, {"maxLength", 200}}}}, {"motivo"});
  cancel.response_schema = OrderSchema();
  cancel.errors = {ErrorCode::kNotFound, ErrorCode::kInvalidStateTransition};
  cancel.handler = [this](Request& req) -> Reply {
    core::ObjectReader in(req.JsonObject());
    auto motivo = in.Str("motivo", {.required = true, .min = 3, .max = 200});
    in.RejectUnknown();
    if (!in.ok()) return in.ToError();
    return ToReply(orders->Cancel(KeyFor(req), req.Meta(), req.params.at("id"), *motivo), "");
  };
  table.Add(std::move(cancel));

  Route receive;
  receive.method = "POST";
  receive.path = "/api/compras/recepcion";
  receive.access = Staff();
  receive.idempotency = Idempotency::kRequired;
  receive.body = BodyKind::kJson;
  receive.operation_id = "receivePurchaseOrder";
  receive.summary =
      "Recibe mercadería de una orden de compra en lotes de una ubicación (nunca más de lo "
      "pendiente)";
  receive.tag = "compras";
  receive.success_status = 201;
  receive.request_schema = ObjectSchema(
      {{"orden_compra_id", {{"type", "string"}, {"format", "uuid"}}},
       {"ubicacion_id", {{"type", "string"}, {"format", "uuid"}}},
       {"remito", {{"type", "string"}, {"maxLength", 60}}},
       {"observaciones", {{"type", "string"}, {"maxLength", 500}}},
       {"items",
        {{"type", "array"},
         {"minItems", 1},
         {"maxItems", 200},
         {"items",
          ObjectSchema({{"linea_id", {{"type", "string"}, {"format", "uuid"}}},
                        {"cantidad", {{"type", "integer"}, {"minimum", 1}, {"maximum", 1000000}}},
                        {"costo_unitario_centavos",
                         {{"type", "integer"}, {"minimum", 0}, {"maximum", kMaxCosto}}},
                        {"lote", {{"type", "string"}, {"maxLength", 40}}},
                        {"fecha_vencimiento", DateString()}},
                       {"linea_id", "cantidad"})}}}},
      {"orden_compra_id", "items"});
  receive.response_schema = ObjectSchema({{"recepcion_id", {{"type", "string"}}},
                                          {"orden", {{"type", "object"}}},
                                          {"movimientos", {{"type", "array"}}}},
                                         {"recepcion_id", "orden", "movimientos"});
  receive.errors = {ErrorCode::kReceptionExceedsPending, ErrorCode::kInvalidStateTransition,
                    ErrorCode::kProductInactive, ErrorCode::kConflict,
                    ErrorCode::kReferenceNotFound};
  receive.handler = [this](Request& req) -> Reply {
    core::Error err;
    auto in = ReadReceipt(req, &err);
    if (!in) return err;
    return ToReply(receipts->Receive(KeyFor(req), req.Meta(), *in), kBase);
  };
  table.Add(std::move(receive));
}

}  // namespace mm::api
