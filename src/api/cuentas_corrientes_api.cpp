#include "api/cuentas_corrientes_api.hpp"

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

json::object MovementSchema() {
  return json::object{
      {"type", "object"},
      {"required", json::array{"id", "creado_en", "tipo", "monto_centavos",
                               "saldo_posterior_centavos", "usuario"}},
      {"properties",
       {{"id", StringSchema()},
        {"cliente_id", StringSchema()},
        {"secuencia", IntegerSchema()},
        {"creado_en", StringSchema()},
        {"tipo",
         {{"type", "string"}, {"enum", json::array{"cargo", "pago", "ajuste", "devolucion"}}}},
        {"monto_centavos",
         {{"type", "integer"}, {"description", "con signo: cargo > 0; pago y devolucion < 0"}}},
        {"saldo_posterior_centavos", IntegerSchema()},
        {"metodo", NullableSchema("string")},
        {"venta_id", NullableSchema("string")},
        {"pedido_id", NullableSchema("string")},
        {"devolucion_id", NullableSchema("string")},
        {"sesion_caja_id", NullableSchema("string")},
        {"descripcion", NullableSchema("string")},
        {"usuario",
         {{"type", "object"},
          {"properties", {{"id", StringSchema()}, {"nombre", StringSchema()}}}}}}}};
}

json::object PostedSchema() {
  return json::object{
      {"type", "object"},
      {"required", json::array{"movimiento", "saldo_centavos"}},
      {"properties", {{"movimiento", MovementSchema()}, {"saldo_centavos", IntegerSchema()}}}};
}

json::object BalanceSchema() {
  return json::object{{"type", "object"},
                      {"properties",
                       {{"cliente_id", StringSchema()},
                        {"nombre", StringSchema()},
                        {"telefono", NullableSchema("string")},
                        {"whatsapp_e164", NullableSchema("string")},
                        {"saldo_centavos", IntegerSchema()},
                        {"limite_credito_centavos", IntegerSchema()},
                        {"ultimo_movimiento_en", NullableSchema("string")}}}};
}

json::object BalanceJson(const services::CustomerRow& c) {
  return json::object{
      {"cliente_id", c.id},
      {"nombre", c.nombre},
      {"telefono", services::JsonOrNull(c.telefono)},
      {"whatsapp_e164", services::JsonOrNull(c.whatsapp_e164)},
      {"saldo_centavos", c.saldo_centavos},
      {"limite_credito_centavos", c.limite_credito_centavos},
      {"ultimo_movimiento_en", c.ultimo_movimiento_en
                                   ? json::value(core::FormatApiTimestamp(*c.ultimo_movimiento_en))
                                   : json::value(nullptr)}};
}

RawReply BalancesCsv(const std::vector<services::CustomerRow>& rows, core::Timestamp now) {
  CsvWriter w({"cliente", "telefono", "whatsapp", "saldo", "limite_credito", "ultimo_movimiento"});
  for (const auto& c : rows) {
    w.Text(c.nombre)
        .OptText(c.telefono)
        .OptText(c.whatsapp_e164)
        .Money(c.saldo_centavos)
        .Money(c.limite_credito_centavos)
        .Time(c.ultimo_movimiento_en);
    w.Row();
  }
  return w.Reply("saldos_cuentas_corrientes", now);
}

// A payment or adjustment belongs to the customer's statement: the 201's Location.
Reply WithStatementLocation(Reply r) {
  if (auto* j = std::get_if<JsonReply>(&r); j && j->status == 201 && !j->location.empty()) {
    j->location += "/movimientos";
  }
  return r;
}

}  // namespace

void CuentasCorrientesApi::Register(RouteTable& table) {
  Route resumen;
  resumen.method = "GET";
  resumen.path = "/api/cuentas-corrientes/resumen";
  resumen.access = Till();
  resumen.operation_id = "getCreditSummary";
  resumen.summary = "Dinero en la calle, clientes con deuda y saldo a favor";
  resumen.tag = "cuentas-corrientes";
  resumen.response_schema = json::object{{"type", "object"},
                                         {"properties",
                                          {{"dinero_en_la_calle_centavos", IntegerSchema()},
                                           {"clientes_con_deuda", IntegerSchema()},
                                           {"saldo_a_favor_centavos", IntegerSchema()},
                                           {"calculado_en", StringSchema()}}}};
  resumen.handler = [this](Request& req) -> Reply {
    QueryReader q(req);
    q.RejectUnknown();
    if (!q.ok()) return q.ToError();
    auto r = accounts->Summary(req.Meta());
    if (!r.ok()) return r.error();
    return JsonReply::Ok(*r);
  };
  table.Add(std::move(resumen));

  Route saldos;
  saldos.method = "GET";
  saldos.path = "/api/cuentas-corrientes/saldos";
  saldos.access = Till();
  saldos.long_deadline = true;  // formato=csv
  saldos.operation_id = "listCreditBalances";
  saldos.summary =
      "Saldos de cuenta corriente: clientes activos y los inactivos que todavía tienen saldo";
  saldos.tag = "cuentas-corrientes";
  saldos.paginated = true;
  saldos.query = {{"q", "string", "nombre, teléfono, email o documento (2–100)"},
                  {"solo_deuda", "boolean", "solo saldos > 0"},
                  {"sort", "string", "-saldo_centavos (por defecto) | nombre"},
                  {"formato", "string", "json | csv"},
                  {"limit", "integer", "1–200 (50)"},
                  {"offset", "integer", "0–1000000"}};
  saldos.response_schema = json::object{{"type", "array"}, {"items", BalanceSchema()}};
  saldos.handler = [this](Request& req) -> Reply {
    QueryReader q(req);
    bool csv = WantsCsv(q);
    services::CustomerFilter f;
    f.con_cuenta = true;
    f.activo = std::nullopt;
    if (auto text = q.Str("q", 2, 100)) {
      f.q = *text;
      f.tokens = core::SearchTokens(*text);
    }
    if (q.Bool("solo_deuda").value_or(false)) f.con_deuda = true;
    f.sort = q.Enum("sort", {"-saldo_centavos", "nombre"}).value_or("-saldo_centavos");
    f.limit = q.Limit(50, 200);
    f.offset = q.Offset();
    q.RejectUnknown();
    if (!q.ok()) return q.ToError();
    std::int64_t total = 0;
    if (csv) {
      f.limit = static_cast<int>(kCsvMaxRows) + 1;
      f.offset = 0;
    }
    auto rows = customers->List(f, &total, req.Meta());
    if (!rows.ok()) return rows.error();
    if (csv) {
      if (total > kCsvMaxRows) return CsvTooLarge(total);
      return BalancesCsv(*rows, accounts->Now());
    }
    json::array items;
    for (const auto& c : *rows) items.push_back(BalanceJson(c));
    return PageReply(items, total, f.limit, f.offset);
  };
  table.Add(std::move(saldos));

  Route movimientos;
  movimientos.method = "GET";
  movimientos.path = "/api/cuentas-corrientes/:cliente_id/movimientos";
  movimientos.access = Till();
  movimientos.operation_id = "listCreditMovements";
  movimientos.summary =
      "Estado de cuenta de un cliente: sus movimientos, del más nuevo al más viejo";
  movimientos.tag = "cuentas-corrientes";
  movimientos.paginated = true;
  movimientos.query = {
      {"fecha_desde", "string", "AAAA-MM-DD (día de la tienda) o instante RFC 3339"},
      {"fecha_hasta", "string", "AAAA-MM-DD (día de la tienda) o instante RFC 3339"},
      {"limit", "integer", "1–200 (50)"},
      {"offset", "integer", "0–1000000"}};
  movimientos.response_schema = json::object{{"type", "array"}, {"items", MovementSchema()}};
  movimientos.errors = {ErrorCode::kNotFound};
  movimientos.handler = [this](Request& req) -> Reply {
    QueryReader q(req);
    services::LedgerFilter f;
    auto range = q.DateRange();
    f.desde = range.desde;
    f.hasta = range.hasta;
    f.limit = q.Limit(50, 200);
    f.offset = q.Offset();
    q.RejectUnknown();
    if (!q.ok()) return q.ToError();
    std::int64_t total = 0;
    auto rows = accounts->Movements(req.Meta(), req.params.at("cliente_id"), f, &total);
    if (!rows.ok()) return rows.error();
    return PageReply(*rows, total, f.limit, f.offset);
  };
  table.Add(std::move(movimientos));

  Route pago;
  pago.method = "POST";
  pago.path = "/api/cuentas-corrientes/pagos";
  pago.access = Till();
  pago.idempotency = Idempotency::kRequired;
  pago.body = BodyKind::kJson;
  pago.operation_id = "registerAccountPayment";
  pago.summary =
      "Pago a cuenta de un cliente (en efectivo entra a la caja abierta); el saldo puede quedar "
      "a favor";
  pago.tag = "cuentas-corrientes";
  pago.success_status = 201;
  pago.request_schema = ObjectSchema(
      {{"cliente_id", {{"type", "string"}, {"format", "uuid"}}},
       {"monto_centavos", {{"type", "integer"}, {"minimum", 1}, {"maximum", 100000000000}}},
       {"metodo",
        {{"type", "string"},
         {"enum", json::array{"efectivo", "debito", "credito", "transferencia", "qr"}}}},
       {"descripcion", {{"type", json::array{"string", "null"}}, {"maxLength", 200}}}},
      {"cliente_id", "monto_centavos", "metodo"});
  pago.response_schema = PostedSchema();
  pago.errors = {ErrorCode::kCashSessionClosed, ErrorCode::kCustomerInactive,
                 ErrorCode::kReferenceNotFound};
  pago.handler = [this](Request& req) -> Reply {
    core::ObjectReader in(req.JsonObject());
    services::AccountPaymentInput p;
    auto cliente = in.Uuid("cliente_id", true);
    auto monto = in.Int("monto_centavos", true, 1, services::kMaxMontoCuenta);
    auto metodo = in.Enum("metodo", true, {"efectivo", "debito", "credito", "transferencia", "qr"});
    p.descripcion = in.Str("descripcion", {.max = 200});
    in.RejectUnknown();
    if (!in.ok()) return in.ToError();
    p.cliente_id = *cliente;
    p.monto_centavos = *monto;
    p.metodo = *metodo;
    return WithStatementLocation(
        ToReply(accounts->Pay(KeyFor(req), req.Meta(), p), "/api/cuentas-corrientes"));
  };
  table.Add(std::move(pago));

  Route ajuste;
  ajuste.method = "POST";
  ajuste.path = "/api/cuentas-corrientes/ajustes";
  ajuste.access = Access::Roles({Role::kAdmin});
  ajuste.idempotency = Idempotency::kRequired;
  ajuste.body = BodyKind::kJson;
  ajuste.operation_id = "registerAccountAdjustment";
  ajuste.summary = "Ajuste de cuenta corriente con motivo (positivo suma deuda, negativo la baja)";
  ajuste.tag = "cuentas-corrientes";
  ajuste.success_status = 201;
  ajuste.request_schema =
      ObjectSchema({{"cliente_id", {{"type", "string"}, {"format", "uuid"}}},
                    {"monto_centavos",
                     {{"type", "integer"},
                      {"minimum", -100000000000},
                      {"maximum", 100000000000},
                      {"description", "distinto de 0: positivo suma deuda, negativo la baja"}}},
                    {"motivo", {{"type", "string"}, {"minLength", 3}, {"maxLength", 200}}}},
                   {"cliente_id", "monto_centavos", "motivo"});
  ajuste.response_schema = PostedSchema();
  ajuste.errors = {ErrorCode::kReferenceNotFound};
  ajuste.handler = [this](Request& req) -> Reply {
    core::ObjectReader in(req.JsonObject());
    services::AccountAdjustmentInput a;
    auto cliente = in.Uuid("cliente_id", true);
    auto monto =
        in.Int("monto_centavos", true, -services::kMaxMontoCuenta, services::kMaxMontoCuenta);
    auto motivo = in.Str("motivo", {.required = true, .min = 3, .max = 200});
    if (monto && *monto == 0) {
      in.Add("monto_centavos", "rango", "Tiene que ser distinto de 0.");
    }
    in.RejectUnknown();
    if (!in.ok()) return in.ToError();
    a.cliente_id = *cliente;
    a.monto_centavos = *monto;
    a.motivo = *motivo;
    return WithStatementLocation(
        ToReply(accounts->Adjust(KeyFor(req), req.Meta(), a), "/api/cuentas-corrientes"));
  };
  table.Add(std::move(ajuste));
}

}  // namespace mm::api
