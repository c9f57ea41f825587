#include "api/precios_api.hpp"

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

constexpr std::int64_t kMaxCosto = 10'000'000'000;  // 10^10 centavos
constexpr std::int64_t kMaxMarkup = 100'000;

bool SeesCosts(const Request& req) {
  return req.principal.role == Role::kAdmin || req.principal.role == Role::kDeposito;
}

json::value OptInt(const std::optional<std::int64_t>& v) {
  if (!v) return nullptr;
  return json::value(*v);
}

json::object HistoryJson(const services::PriceHistoryRow& h, bool costs) {
  json::object o{{"id", h.id},
                 {"precio_anterior_centavos", h.precio_anterior_centavos},
                 {"precio_nuevo_centavos", h.precio_nuevo_centavos},
                 {"variacion_bp", OptInt(h.variacion_bp)}};
  if (costs) {
    o["costo_anterior_centavos"] = OptInt(h.costo_anterior_centavos);
    o["costo_centavos"] = OptInt(h.costo_nuevo_centavos);
    o["markup_bp"] = OptInt(h.markup_bp);
  }
  o["motivo"] = h.motivo;
  o["origen"] = h.origen;
  o["aprobado_bajo_minimo"] = h.aprobado_bajo_minimo;
  if (h.usuario_id) {
    o["usuario"] = json::object{
        {"id", *h.usuario_id},
        {"nombre", h.usuario_nombre ? json::value(*h.usuario_nombre) : json::value(nullptr)}};
  } else {
    o["usuario"] = nullptr;
  }
  o["creado_en"] = core::FormatApiTimestamp(h.creado_en);
  return o;
}

json::object Integer(std::int64_t min, std::int64_t max) {
  return json::object{{"type", "integer"}, {"minimum", min}, {"maximum", max}};
}

json::object NullableInt() { return json::object{{"type", json::array{"integer", "null"}}}; }

}  // namespace

void PreciosApi::Register(RouteTable& table) {
  Route apply;
  apply.method = "POST";
  apply.path = "/api/precios/aplicar";
  apply.access = Access::Roles({Role::kAdmin});
  apply.idempotency = Idempotency::kOptional;
  apply.body = BodyKind::kJson;
  apply.operation_id = "applyPrice";
  apply.summary = "Aplica un precio de venta desde costo y markup, redondeado según los ajustes";
  apply.tag = "precios";
  apply.request_schema = ObjectSchema({{"producto_id", {{"type", "string"}, {"format", "uuid"}}},
                                       {"costo_centavos", Integer(1, kMaxCosto)},
                                       {"markup_bp", Integer(0, kMaxMarkup)},
                                       {"aprobar_bajo_minimo", {{"type", "boolean"}}},
                                       {"motivo", {{"type", "string"}, {"maxLength", 200}}}},
                                      json::array{"producto_id", "costo_centavos"});
  apply.response_schema = ObjectSchema({{"producto_id", {{"type", "string"}}},
                                        {"costo_centavos", {{"type", "integer"}}},
                                        {"markup_bp", {{"type", "integer"}}},
                                        {"precio_anterior_centavos", {{"type", "integer"}}},
                                        {"precio_calculado_centavos", {{"type", "integer"}}},
                                        {"precio_venta_centavos", {{"type", "integer"}}},
                                        {"margen_bruto_bp", NullableInt()},
                                        {"sin_cambios", {{"type", "boolean"}}}});
  apply.errors = {ErrorCode::kMarginBelowMinimum, ErrorCode::kProductInactive,
                  ErrorCode::kReferenceNotFound};
  apply.handler = [this](Request& req) -> Reply {
    core::ObjectReader in(req.JsonObject());
    services::ApplyPriceInput a;
    auto producto = in.Uuid("producto_id", true);
    auto costo = in.Int("costo_centavos", true, 1, kMaxCosto);
    a.markup_bp = in.Int("markup_bp", false, 0, kMaxMarkup);
    a.aprobar_bajo_minimo = in.Bool("aprobar_bajo_minimo", false).value_or(false);
    a.motivo = in.Str("motivo", {.max = 200});
    in.RejectUnknown();
    if (!in.ok()) return in.ToError();
    a.producto_id = *producto;
    a.costo_centavos = *costo;
    return ToReply(pricing->Apply(KeyFor(req), req.Meta(), a), "");
  };
  table.Add(std::move(apply));

  Route cost;
  cost.method = "POST";
  cost.path = "/api/precios/costo";
  cost.access = Access::Roles({Role::kAdmin, Role::kDeposito});
  cost.idempotency = Idempotency::kOptional;
  cost.body = BodyKind::kJson;
  cost.operation_id = "recordPurchaseCost";
  cost.summary = "Registra un costo de compra; el precio de venta no cambia";
  cost.tag = "precios";
  cost.success_status = 201;
  cost.request_schema = ObjectSchema({{"producto_id", {{"type", "string"}, {"format", "uuid"}}},
                                      {"costo_centavos", Integer(0, kMaxCosto)},
                                      {"proveedor_id", {{"type", "string"}, {"format", "uuid"}}},
                                      {"motivo", {{"type", "string"}, {"maxLength", 200}}}},
                                     json::array{"producto_id", "costo_centavos"});
  cost.response_schema = ObjectSchema({{"producto_id", {{"type", "string"}}},
                                       {"costo_centavos", {{"type", "integer"}}},
                                       {"markup_bp", NullableInt()},
                                       {"margen_bruto_bp", NullableInt()},
                                       {"markup_minimo_bp", NullableInt()},
                                       {"bajo_minimo", {{"type", "boolean"}}}});
  cost.errors = {ErrorCode::kProductInactive, ErrorCode::kReferenceNotFound};
  cost.handler = [this](Request& req) -> Reply {
    core::ObjectReader in(req.JsonObject());
    services::RecordCostInput c;
    auto producto = in.Uuid("producto_id", true);
    auto costo = in.Int("costo_centavos", true, 0, kMaxCosto);
    c.proveedor_id = in.Uuid("proveedor_id", false);
    c.motivo = in.Str("motivo", {.max = 200});
    in.RejectUnknown();
    if (!in.ok()) return in.ToError();
    c.producto_id = *producto;
    c.costo_centavos = *costo;
    return ToReply(pricing->RecordCost(KeyFor(req), req.Meta(), c), "/api/precios/producto");
  };
  table.Add(std::move(cost));

  Route round;
  round.method = "POST";
  round.path = "/api/precios/redondear";
  round.access = Access::Roles({Role::kAdmin, Role::kDeposito, Role::kVentas});
  round.body = BodyKind::kJson;
  round.operation_id = "roundPrice";
  round.summary = "Redondea un precio hacia arriba con el paso de los ajustes de la tienda";
  round.tag = "precios";
  round.request_schema = ObjectSchema({{"precio_centavos", Integer(1, core::kMaxCentavos)}},
                                      json::array{"precio_centavos"});
  round.response_schema = ObjectSchema(
      {{"precio_centavos", {{"type", "integer"}}}, {"redondeado_centavos", {{"type", "integer"}}}});
  round.handler = [this](Request& req) -> Reply {
    core::ObjectReader in(req.JsonObject());
    auto precio = in.Int("precio_centavos", true, 1, core::kMaxCentavos);
    in.RejectUnknown();
    if (!in.ok()) return in.ToError();
    auto r = pricing->Round(*precio);
    if (!r.ok()) return r.error();
    return JsonReply::Ok(json::object{{"precio_centavos", r->precio_centavos},
                                      {"redondeado_centavos", r->redondeado_centavos}});
  };
  table.Add(std::move(round));

  Route history;
  history.method = "GET";
  history.path = "/api/precios/producto/:id";
  history.access = Access::Roles({Role::kAdmin, Role::kDeposito, Role::kVentas});
  history.operation_id = "getPriceHistory";
  history.summary = "Historial de precios y costos de un producto, del más nuevo al más viejo";
  history.tag = "precios";
  history.paginated = true;
  history.query = {{"fecha_desde", "string", "fecha AAAA-MM-DD o instante RFC 3339"},
                   {"fecha_hasta", "string", "fecha AAAA-MM-DD o instante RFC 3339"},
                   {"limit", "integer", "1–200 (50)"},
                   {"offset", "integer", "0–1000000"}};
  history.response_schema =
      json::object{{"type", "array"},
                   {"items", ObjectSchema({{"id", {{"type", "string"}}},
                                           {"precio_anterior_centavos", {{"type", "integer"}}},
                                           {"precio_nuevo_centavos", {{"type", "integer"}}},
                                           {"variacion_bp", NullableInt()},
                                           {"costo_anterior_centavos", NullableInt()},
                                           {"costo_centavos", NullableInt()},
                                           {"markup_bp", NullableInt()},
                                           {"motivo", {{"type", "string"}}},
                                           {"origen", {{"type", "string"}}},
                                           {"aprobado_bajo_minimo", {{"type", "boolean"}}},
                                           {"usuario", {{"type", json::array{"object", "null"}}}},
                                           {"creado_en", {{"type", "string"}}}})}};
  history.errors = {ErrorCode::kNotFound};
  history.handler = [this](Request& req) -> Reply {
    QueryReader q(req);
    services::PriceHistoryFilter f;
    auto range = q.DateRange();
    f.desde = range.desde;
    f.hasta = range.hasta;
    f.limit = q.Limit(50, 200);
    f.offset = q.Offset();
    q.RejectUnknown();
    if (!q.ok()) return q.ToError();
    std::int64_t total = 0;
    auto rows = pricing->History(req.params.at("id"), f, &total);
    if (!rows.ok()) return rows.error();
    const bool costs = SeesCosts(req);
    json::array items;
    for (const auto& h : *rows) items.push_back(HistoryJson(h, costs));
    return PageReply(items, total, f.limit, f.offset);
  };
  table.Add(std::move(history));

  Route suggest;
  suggest.method = "GET";
  suggest.path = "/api/precios/markup-sugerido/:id";
  suggest.access = Access::Roles({Role::kAdmin, Role::kDeposito});
  suggest.operation_id = "getSuggestedMarkup";
  suggest.summary = "Markup sobre costo sugerido: el del producto, el de su categoría o el general";
  suggest.tag = "precios";
  suggest.response_schema = ObjectSchema(
      {{"producto_id", {{"type", "string"}}},
       {"markup_sugerido_bp", {{"type", "integer"}}},
       {"fuente",
        {{"type", "string"}, {"enum", json::array{"producto", "categoria", "defecto"}}}}});
  suggest.errors = {ErrorCode::kNotFound};
  suggest.handler = [this](Request& req) -> Reply {
    auto s = pricing->Suggest(req.params.at("id"));
    if (!s.ok()) return s.error();
    return JsonReply::Ok(json::object{{"producto_id", s->producto_id},
                                      {"markup_sugerido_bp", s->markup_sugerido_bp},
                                      {"fuente", s->fuente}});
  };
  table.Add(std::move(suggest));
}

}  // namespace mm::api
