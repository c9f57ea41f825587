#include "api/devoluciones_api.hpp"

#include "api/idempotent_route.hpp"
#include "api/schema.hpp"
#include "core/validation.hpp"

namespace mm::api {
namespace {

namespace json = boost::json;
using core::ErrorCode;
using core::Role;

json::object Motivo() {
  return json::object{{"type", "string"}, {"minLength", 3}, {"maxLength", 200}};
}

json::object ReturnSchema() {
  return json::object{
      {"type", "object"},
      {"properties",
       {{"id", StringSchema()},
        {"numero", IntegerSchema()},
        {"venta_id", StringSchema()},
        {"tipo", StringSchema()},
        {"creado_en", StringSchema()},
        {"motivo", StringSchema()},
        {"total_centavos", IntegerSchema()},
        {"reingresa_stock", {{"type", "boolean"}}},
        {"sesion_caja_id", {{"type", json::array{"string", "null"}}}},
        {"items",
         {{"type", "array"},
          {"items",
           {{"type", "object"},
            {"properties",
             {{"venta_item_id", StringSchema()},
              {"producto_id", StringSchema()},
              {"cantidad", IntegerSchema()},
              {"monto_centavos", IntegerSchema()}}}}}}},
        {"reintegros",
         {{"type", "array"},
          {"items",
           {{"type", "object"},
            {"properties",
             {{"metodo", StringSchema()}, {"monto_centavos", IntegerSchema()}}}}}}}}}};
}

}  // namespace

void DevolucionesApi::Register(RouteTable& table) {
  Route anular;
  anular.method = "POST";
  anular.path = "/api/ventas/:id/anular";
  anular.access = Access::Roles({Role::kAdmin, Role::kVentas},
                                "ventas: solo una venta propia con su caja todavía abierta");
  anular.idempotency = Idempotency::kRequired;
  anular.body = BodyKind::kJson;
  anular.operation_id = "voidSale";
  anular.summary =
      "Anula una venta: todo el stock vuelve a sus lotes y cada pago se reintegra por su medio";
  anular.tag = "ventas";
  anular.request_schema = ObjectSchema({{"motivo", Motivo()}}, {"motivo"});
  anular.response_schema = json::object{{"type", "object"}};
  anular.errors = {ErrorCode::kNotFound, ErrorCode::kForbidden, ErrorCode::kInvalidStateTransition,
                   ErrorCode::kCashSessionClosed};
  anular.handler = [this](Request& req) -> Reply {
    core::ObjectReader in(req.JsonObject());
    auto motivo = in.Str("motivo", {.required = true, .min = 3, .max = 200});
    in.RejectUnknown();
    if (!in.ok()) return in.ToError();
    services::VoidInput v{*motivo};
    return ToReply(refunds->Void(KeyFor(req), req.Meta(), req.params.at("id"), v), "");
  };
  table.Add(std::move(anular));

  Route devolver;
  devolver.method = "POST";
  devolver.path = "/api/ventas/:id/devoluciones";
  devolver.access = Access::Roles({Role::kAdmin, Role::kVentas});
  devolver.idempotency = Idempotency::kRequired;
  devolver.body = BodyKind::kJson;
  devolver.operation_id = "returnSaleItems";
  devolver.summary =
      "Devuelve renglones de una venta; el reintegro va a cuenta corriente, efectivo y después "
      "los otros medios, cada uno hasta lo que pagó";
  devolver.tag = "ventas";
  devolver.success_status = 201;
  devolver.request_schema =
      ObjectSchema({{"items",
                     {{"type", "array"},
                      {"minItems", 1},
                      {"maxItems", 200},
                      {"items", ObjectSchema({{"venta_item_id", StringSchema()},
                                              {"cantidad", {{"type", "integer"}, {"minimum", 1}}}},
                                             {"venta_item_id", "cantidad"})}}},
                    {"reingresa_stock", {{"type", "boolean"}, {"default", true}}},
                    {"motivo", Motivo()}},
                   {"items", "motivo"});
  devolver.response_schema = ReturnSchema();
  devolver.errors = {ErrorCode::kNotFound, ErrorCode::kReturnExceedsSold,
                     ErrorCode::kInvalidStateTransition, ErrorCode::kCashSessionClosed,
                     ErrorCode::kReferenceNotFound};
  devolver.handler = [this](Request& req) -> Reply {
    core::ObjectReader in(req.JsonObject());
    services::ReturnInput r;
    if (const auto* items = in.Array("items", true, 1, 200)) {
      for (std::size_t i = 0; i < items->size(); ++i) {
        const std::string path = "items[" + std::to_string(i) + "]";
        const auto& v = (*items)[i];
        if (!v.is_object()) {
          in.Add(path, "tipo", "Tiene que ser un objeto.");
          continue;
        }
        auto item = in.Nested(&v.get_object(), path);
        auto id = item.Uuid("venta_item_id", true);
        auto cantidad = item.Int("cantidad", true, 1, 1'000'000);
        item.RejectUnknown();
        if (id && cantidad) r.items.push_back({*id, *cantidad});
      }
    }
    r.reingresa_stock = in.Bool("reingresa_stock", false).value_or(true);
    auto motivo = in.Str("motivo", {.required = true, .min = 3, .max = 200});
    in.RejectUnknown();
    if (!in.ok()) return in.ToError();
    r.motivo = *motivo;
    return ToReply(refunds->Return(KeyFor(req), req.Meta(), req.params.at("id"), r), "/api/ventas");
  };
  table.Add(std::move(devolver));
}

}  // namespace mm::api
