#include "api/ventas_api.hpp"

#include "api/idempotent_route.hpp"
#include "api/schema.hpp"
#include "core/money.hpp"
#include "core/validation.hpp"

namespace mm::api {
namespace {

namespace json = boost::json;
using core::ErrorCode;
using core::Role;

constexpr const char* kBase = "/api/ventas";
constexpr std::int64_t kMaxLineCantidad = 10'000;

Access Caja() { return Access::Roles({Role::kAdmin, Role::kVentas}); }

json::object Uuid() { return json::object{{"type", "string"}, {"format", "uuid"}}; }
json::object Int(std::int64_t min, std::int64_t max) {
  return json::object{{"type", "integer"}, {"minimum", min}, {"maximum", max}};
}
json::object Integer() { return json::object{{"type", "integer"}}; }
json::object Array(json::object items) {
  return json::object{{"type", "array"}, {"items", std::move(items)}};
}

json::object PagoSchema() {
  return ObjectSchema(
      {{"metodo", json::object{{"type", "string"},
                               {"enum", json::array{"efectivo", "debito", "credito",
                                                    "transferencia", "qr", "cuenta_corriente"}}}},
       {"monto_centavos", Int(1, core::kMaxCentavos)},
       {"referencia", json::object{{"type", "string"}, {"maxLength", 120}}}},
      {"metodo", "monto_centavos"});
}

json::object SaleBodySchema(bool quote) {
  json::object line{{"producto_id", Uuid()}, {"cantidad", Int(1, kMaxLineCantidad)}};
  if (!quote) line["reserva_id"] = Uuid();
  json::object props{
      {"items",
       json::object{{"type", "array"},
                    {"minItems", 1},
                    {"maxItems", 200},
                    {"items", ObjectSchema(std::move(line), {"producto_id", "cantidad"})}}},
      {"cliente_id", Uuid()},
      {"pagos", json::object{{"type", "array"},
                             {"minItems", quote ? 0 : 1},
                             {"maxItems", 5},
                             {"items", PagoSchema()}}},
      {"efectivo_recibido_centavos", Int(1, core::kMaxCentavos)}};
  if (!quote) {
    props["total_esperado_centavos"] = Int(0, core::kMaxCentavos);
    props["confirmar_riesgo"] = json::object{{"type", "boolean"}};
    props["creado_offline_en"] = json::object{{"type", "string"}, {"format", "date-time"}};
    props["catalogo_generado_en"] = json::object{{"type", "string"}, {"format", "date-time"}};
    props["observaciones"] = json::object{{"type", "string"}, {"maxLength", 200}};
  }
  return ObjectSchema(std::move(props),
                      quote ? json::array{"items"} : json::array{"items", "pagos"});
}

// {id, nombre, saldo_centavos} or null.
json::object ClienteSchema() {
  json::object o = ObjectSchema(
      {{"id", StringSchema()}, {"nombre", StringSchema()}, {"saldo_centavos", Integer()}},
      {"id", "nombre"});
  o["type"] = json::array{"object", "null"};
  return o;
}

json::object DevolucionSchema() {
  return ObjectSchema(
      {{"id", StringSchema()},
       {"numero", Integer()},
       {"tipo", StringSchema()},
       {"creado_en", StringSchema()},
       {"motivo", StringSchema()},
       {"total_centavos", Integer()},
       {"reingresa_stock", json::object{{"type", "boolean"}}},
       {"sesion_caja_id", NullableSchema("string")},
       {"usuario",
        ObjectSchema({{"id", StringSchema()}, {"nombre", StringSchema()}}, {"id", "nombre"})},
       {"items", Array(ObjectSchema({{"venta_item_id", StringSchema()},
                                     {"cantidad", Integer()},
                                     {"monto_centavos", Integer()}}))},
       {"reintegros",
        Array(ObjectSchema({{"metodo", StringSchema()}, {"monto_centavos", Integer()}}))}});
}

json::object VentaSchema() {
  json::object item =
      ObjectSchema({{"id", StringSchema()},
                    {"producto_id", StringSchema()},
                    {"nombre", StringSchema()},
                    {"sku", StringSchema()},
                    {"unidad", StringSchema()},
                    {"cantidad", Integer()},
                    {"precio_lista_centavos", Integer()},
                    {"precio_unitario_centavos", Integer()},
                    {"oferta_id", NullableSchema("string")},
                    {"reserva_id", NullableSchema("string")},
                    {"subtotal_centavos", Integer()},
                    {"devuelto", Integer()},
                    {"monto_devuelto_centavos", Integer()}},
                   {"id", "producto_id", "nombre", "sku", "cantidad", "precio_lista_centavos",
                    "precio_unitario_centavos", "subtotal_centavos", "devuelto"});
  json::object pago = ObjectSchema({{"metodo", StringSchema()},
                                    {"monto_centavos", Integer()},
                                    {"referencia", NullableSchema("string")},
                                    {"monto_reintegrado_centavos", Integer()}},
                                   {"metodo", "monto_centavos", "monto_reintegrado_centavos"});
  json::object anulacion = DevolucionSchema();
  anulacion["type"] = json::array{"object", "null"};
  return ObjectSchema(
      {{"id", StringSchema()},
       {"numero", Integer()},
       {"creado_en", StringSchema()},
       {"estado", json::object{{"type", "string"}, {"enum", json::array{"completada", "anulada"}}}},
       {"creado_offline_en", NullableSchema("string")},
       {"catalogo_generado_en", NullableSchema("string")},
       {"cliente", ClienteSchema()},
       {"usuario",
        ObjectSchema({{"id", StringSchema()}, {"nombre", StringSchema()}}, {"id", "nombre"})},
       {"sesion_caja_id", StringSchema()},
       {"ubicacion_id", StringSchema()},
       {"items", Array(std::move(item))},
       {"pagos", Array(std::move(pago))},
       {"total_centavos", Integer()},
       {"efectivo_recibido_centavos", NullableSchema("integer")},
       {"vuelto_centavos", Integer()},
       {"devuelto_centavos", Integer()},
       {"riesgo_confirmado", json::object{{"type", "boolean"}}},
       {"observaciones", NullableSchema("string")},
       {"devoluciones", Array(DevolucionSchema())},
       {"anulacion", std::move(anulacion)}},
      {"id", "numero", "creado_en", "estado", "usuario", "sesion_caja_id", "items", "pagos",
       "total_centavos", "devuelto_centavos", "riesgo_confirmado", "devoluciones"});
}

json::object QuoteSchema() {
  return ObjectSchema(
      {{"items", Array(ObjectSchema({{"producto_id", StringSchema()},
                                     {"nombre", StringSchema()},
                                     {"cantidad", Integer()},
                                     {"precio_lista_centavos", Integer()},
                                     {"precio_unitario_centavos", Integer()},
                                     {"oferta_id", StringSchema()},
                                     {"subtotal_centavos", Integer()}},
                                    {"producto_id", "nombre", "cantidad", "precio_lista_centavos",
                                     "precio_unitario_centavos", "subtotal_centavos"}))},
       {"total_centavos", Integer()},
       {"advertencias",
        Array(ObjectSchema(
            {{"tipo", json::object{{"type", "string"},
                                   {"enum", json::array{"stock_insuficiente", "riesgo_perdida",
                                                        "limite_credito"}}}},
             {"producto_id", StringSchema()},
             {"disponible", Integer()},
             {"solicitado", Integer()},
             {"cliente_id", StringSchema()},
             {"saldo_centavos", Integer()},
             {"limite_centavos", Integer()},
             {"total_centavos", Integer()},
             {"excedente_centavos", Integer()}},
            {"tipo"}))}},
      {"items", "total_centavos", "advertencias"});
}

std::optional<core::Timestamp> ReadInstant(core::ObjectReader& in, std::string_view key) {
  auto s = in.Str(key, {.max = 40});
  if (!s) return std::nullopt;
  auto t = core::ParseTimestamp(*s);
  if (!t) in.Add(in.Path(key), "formato", "Tiene que ser un instante RFC 3339.");
  return t;
}

// The sale body (api.md §9.1); `quote` reads the quote's subset.
std::optional<services::NewSale> ReadSale(const Request& req, bool quote, core::Error* err) {
  core::ObjectReader in(req.JsonObject());
  services::NewSale s;
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
      auto cantidad = item.Int("cantidad", true, 1, kMaxLineCantidad);
      std::optional<std::string> reserva;
      if (!quote) reserva = item.Uuid("reserva_id", false);
      item.RejectUnknown();
      if (producto && cantidad) s.items.push_back({*producto, *cantidad, reserva});
    }
  }
  s.cliente_id = in.Uuid("cliente_id", false);
  if (const auto* pagos = in.Array("pagos", !quote, quote ? 0 : 1, 5)) {
    for (std::size_t i = 0; i < pagos->size(); ++i) {
      std::string path = "pagos[" + std::to_string(i) + "]";
      const auto& v = (*pagos)[i];
      if (!v.is_object()) {
        in.Add(path, "tipo", "Tiene que ser un objeto.");
        continue;
      }
      auto pago = in.Nested(&v.get_object(), path);
      auto metodo =
          pago.Enum("metodo", true,
                    {"efectivo", "debito", "credito", "transferencia", "qr", "cuenta_corriente"});
      auto monto = pago.Int("monto_centavos", true, 1, core::kMaxCentavos);
      auto referencia = pago.Str("referencia", {.max = 120});
      pago.RejectUnknown();
      if (metodo && monto) s.pagos.push_back({*metodo, *monto, referencia});
    }
  }
  s.efectivo_recibido_centavos = in.Int("efectivo_recibido_centavos", false, 1, core::kMaxCentavos);
  if (!quote) {
    s.total_esperado_centavos = in.Int("total_esperado_centavos", false, 0, core::kMaxCentavos);
    s.confirmar_riesgo = in.Bool("confirmar_riesgo", false).value_or(false);
    s.creado_offline_en = ReadInstant(in, "creado_offline_en");
    s.catalogo_generado_en = ReadInstant(in, "catalogo_generado_en");
    s.observaciones = in.Str("observaciones", {.max = 200});
  }
  in.RejectUnknown();
  if (!in.ok()) {
    *err = in.ToError();
    return std::nullopt;
  }
  return s;
}

}  // namespace

void VentasApi::Register(RouteTable& table) {
  Route record;
  record.method = "POST";
  record.path = kBase;
  record.access = Caja();
  record.idempotency = Idempotency::kRequired;
  record.body = BodyKind::kJson;
  record.operation_id = "recordSale";
  record.summary =
      "Registra una venta del POS: precios y ofertas de la base (una venta sin conexión, a los "
      "del catálogo con el que se vendió), lotes FEFO, pagos divididos que suman el total. "
      "Un pago cuenta_corriente (fiado) necesita cliente_id, tiene que entrar en el límite de "
      "crédito del cliente (409 CREDIT_LIMIT_EXCEEDED) y se carga en su cuenta corriente";
  record.tag = "ventas";
  record.success_status = 201;
  record.request_schema = SaleBodySchema(false);
  record.response_schema = VentaSchema();
  record.errors = {ErrorCode::kInsufficientStock,
                   ErrorCode::kLossRiskConfirmRequired,
                   ErrorCode::kPriceChanged,
                   ErrorCode::kCreditLimitExceeded,
                   ErrorCode::kProductWithoutPrice,
                   ErrorCode::kProductInactive,
                   ErrorCode::kCustomerInactive,
                   ErrorCode::kCashSessionClosed,
                   ErrorCode::kConflict,
                   ErrorCode::kReferenceNotFound};
  record.handler = [this](Request& req) -> Reply {
    core::Error err;
    auto in = ReadSale(req, false, &err);
    if (!in) return err;
    return ToReply(sales->Record(KeyFor(req), req.Meta(), *in), kBase);
  };
  table.Add(std::move(record));

  Route quote;
  quote.method = "POST";
  quote.path = std::string(kBase) + "/cotizar";
  quote.access = Caja();
  quote.body = BodyKind::kJson;
  quote.operation_id = "quoteSale";
  quote.summary =
      "Cotiza una venta sin registrarla: renglones divididos por oferta, total y advertencias "
      "(stock insuficiente, riesgo de pérdida, límite de crédito del cliente para la parte en "
      "cuenta corriente o, sin pagos, para el total); cuenta como lectura para el rate limit";
  quote.tag = "ventas";
  quote.request_schema = SaleBodySchema(true);
  quote.response_schema = QuoteSchema();
  quote.errors = {ErrorCode::kProductInactive, ErrorCode::kProductWithoutPrice,
                  ErrorCode::kCustomerInactive, ErrorCode::kReferenceNotFound};
  quote.handler = [this](Request& req) -> Reply {
    core::Error err;
    auto in = ReadSale(req, true, &err);
    if (!in) return err;
    auto r = sales->Quote(req.Meta(), *in);
    if (!r.ok()) return r.error();
    return JsonReply::Ok(*r);
  };
  table.Add(std::move(quote));

  Route get;
  get.method = "GET";
  get.path = std::string(kBase) + "/:id";
  get.access = Caja();
  get.operation_id = "getSale";
  get.summary = "Una venta con sus renglones, pagos, devoluciones y anulación";
  get.tag = "ventas";
  get.response_schema = VentaSchema();
  get.errors = {ErrorCode::kNotFound};
  get.handler = [this](Request& req) -> Reply {
    auto r = sales->Get(req.Meta(), req.params.at("id"));
    if (!r.ok()) return r.error();
    return JsonReply::Ok(*r);
  };
  table.Add(std::move(get));
}

}  // namespace mm::api
