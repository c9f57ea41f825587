#include "api/ofertas_api.hpp"

#include "api/idempotent_route.hpp"
#include "api/query_reader.hpp"
#include "api/schema.hpp"
#include "core/validation.hpp"

namespace mm::api {
namespace {

namespace json = boost::json;
using core::ErrorCode;
using core::Role;

json::object Ref() {
  return json::object{
      {"type", "object"},
      {"properties", {{"id", {{"type", "string"}}}, {"nombre", {{"type", "string"}}}}}};
}

json::object OfferSchema() {
  return json::object{
      {"type", "object"},
      {"required",
       json::array{"id", "producto", "ubicacion", "lote", "descuento_bp", "precio_lista_centavos",
                   "precio_oferta_centavos", "activa", "vence_en", "creado_en"}},
      {"properties",
       {{"id", {{"type", "string"}}},
        {"producto", Ref()},
        {"ubicacion", Ref()},
        {"lote", {{"type", json::array{"object", "null"}}}},
        {"descuento_bp", {{"type", "integer"}}},
        {"precio_lista_centavos", {{"type", "integer"}}},
        {"precio_oferta_centavos", {{"type", "integer"}}},
        {"motivo", {{"type", "string"}, {"enum", json::array{"vencimiento", "manual"}}}},
        {"activa", {{"type", "boolean"}}},
        {"vence_en", {{"type", "string"}, {"format", "date-time"}}},
        {"creado_en", {{"type", "string"}, {"format", "date-time"}}},
        {"desactivada_en", {{"type", json::array{"string", "null"}}}},
        {"motivo_desactivacion", {{"type", json::array{"string", "null"}}}}}}};
}

json::object SuggestionSchema() {
  return json::object{{"type", "object"},
                      {"properties",
                       {{"lote", {{"type", "object"}}},
                        {"producto", Ref()},
                        {"ubicacion", Ref()},
                        {"cantidad", {{"type", "integer"}}},
                        {"dias_para_vencer", {{"type", "integer"}}},
                        {"descuento_sugerido_bp", {{"type", "integer"}}},
                        {"precio_oferta_sugerido_centavos", {{"type", "integer"}}}}}};
}

}  // namespace

void OfertasApi::Register(RouteTable& table) {
  const Access ad = Access::Roles({Role::kAdmin, Role::kDeposito});

  Route list;
  list.method = "GET";
  list.path = "/api/ofertas";
  list.access = Access::All();
  list.operation_id = "listOffers";
  list.summary = "Ofertas (por defecto las activas), las más nuevas primero";
  list.tag = "ofertas";
  list.paginated = true;
  list.query = {{"activa", "boolean", "por defecto true"},
                {"producto_id", "string", "uuid"},
                {"ubicacion_id", "string", "uuid"},
                {"limit", "integer", "1–200, por defecto 50"},
                {"offset", "integer", ""}};
  list.response_schema = json::object{{"type", "array"}, {"items", OfferSchema()}};
  list.handler = [this](Request& req) -> Reply {
    QueryReader q(req);
    services::OfferFilter f;
    f.activa = q.Bool("activa").value_or(true);
    f.producto_id = q.Uuid("producto_id");
    f.ubicacion_id = q.Uuid("ubicacion_id");
    f.limit = q.Limit(50, 200);
    f.offset = q.Offset();
    q.RejectUnknown();
    if (!q.ok()) return q.ToError();
    std::int64_t total = 0;
    auto rows = offers->List(f, &total);
    if (!rows.ok()) return rows.error();
    return PageReply(*rows, total, f.limit, f.offset);
  };
  table.Add(std::move(list));

  Route suggested;
  suggested.method = "GET";
  suggested.path = "/api/ofertas/sugeridas";
  suggested.access = ad;
  suggested.operation_id = "listSuggestedOffers";
  suggested.summary =
      "Lotes con stock que vencen dentro de `dias` sin oferta activa: descuento 30 % sugerido";
  suggested.tag = "ofertas";
  suggested.paginated = true;
  suggested.query = {{"dias", "integer", "1–30, por defecto 7"},
                     {"limit", "integer", "1–200, por defecto 50"},
                     {"offset", "integer", ""}};
  suggested.response_schema = json::object{{"type", "array"}, {"items", SuggestionSchema()}};
  suggested.handler = [this](Request& req) -> Reply {
    QueryReader q(req);
    int dias = static_cast<int>(q.Int("dias", 1, 30).value_or(7));
    int limit = q.Limit(50, 200);
    int offset = q.Offset();
    q.RejectUnknown();
    if (!q.ok()) return q.ToError();
    std::int64_t total = 0;
    auto rows = offers->Suggested(dias, limit, offset, &total);
    if (!rows.ok()) return rows.error();
    return PageReply(*rows, total, limit, offset);
  };
  table.Add(std::move(suggested));

  Route create;
  create.method = "POST";
  create.path = "/api/ofertas/aplicar";
  create.access = ad;
  create.idempotency = Idempotency::kOptional;
  create.body = BodyKind::kJson;
  create.operation_id = "createOffer";
  create.summary =
      "Crea una oferta para un lote o un producto en una ubicación (una activa por producto y "
      "ubicación)";
  create.tag = "ofertas";
  create.success_status = 201;
  create.request_schema =
      ObjectSchema({{"lote_id", {{"type", "string"}, {"format", "uuid"}}},
                    {"producto_id", {{"type", "string"}, {"format", "uuid"}}},
                    {"ubicacion_id", {{"type", "string"}, {"format", "uuid"}}},
                    {"descuento_bp", {{"type", "integer"}, {"minimum", 100}, {"maximum", 9000}}},
                    {"vence_en", {{"type", "string"}, {"format", "date-time"}}}});
  create.response_schema = OfferSchema();
  create.errors = {ErrorCode::kOfferAlreadyActive, ErrorCode::kProductWithoutPrice,
                   ErrorCode::kProductInactive, ErrorCode::kConflict,
                   ErrorCode::kReferenceNotFound};
  create.handler = [this](Request& req) -> Reply {
    core::ObjectReader in(req.JsonObject());
    services::NewOffer o;
    o.lote_id = in.Uuid("lote_id", false);
    o.producto_id = in.Uuid("producto_id", false);
    o.ubicacion_id = in.Uuid("ubicacion_id", false);
    o.descuento_bp =
        in.Int("descuento_bp", false, services::kOfferMinDiscountBp, services::kOfferMaxDiscountBp)
            .value_or(services::kOfferDefaultDiscountBp);
    if (auto v = in.Str("vence_en", {.required = false, .min = 1, .max = 40})) {
      auto t = core::ParseTimestamp(*v);
      if (!t) {
        in.Add(in.Path("vence_en"), "formato", "Tiene que ser un instante RFC 3339.");
      } else {
        o.vence_en = *t;
      }
    }
    in.RejectUnknown();
    if (in.ok() && !o.lote_id && !o.producto_id) {
      in.Add("lote_id", "requerido", "Indicá el lote_id, o el producto_id de la oferta.");
    }
    if (!in.ok()) return in.ToError();
    return ToReply(offers->Create(KeyFor(req), req.Meta(), o), "/api/ofertas");
  };
  table.Add(std::move(create));

  Route deactivate;
  deactivate.method = "POST";
  deactivate.path = "/api/ofertas/:id/desactivar";
  deactivate.access = ad;
  deactivate.idempotency = Idempotency::kOptional;
  deactivate.body = BodyKind::kJson;
  deactivate.empty_body_ok = true;
  deactivate.operation_id = "deactivateOffer";
  deactivate.summary = "Desactiva una oferta activa";
  deactivate.tag = "ofertas";
  deactivate.request_schema = ObjectSchema({});
  deactivate.response_schema = OfferSchema();
  deactivate.errors = {ErrorCode::kNotFound, ErrorCode::kInvalidStateTransition};
  deactivate.handler = [this](Request& req) -> Reply {
    core::ObjectReader in(req.JsonObject());
    in.RejectUnknown();
    if (!in.ok()) return in.ToError();
    return ToReply(offers->Deactivate(KeyFor(req), req.Meta(), req.params.at("id")),
                   "/api/ofertas");
  };
  table.Add(std::move(deactivate));
}

}  // namespace mm::api
