#include "api/lotes_api.hpp"

#include "api/csv.hpp"
#include "api/query_reader.hpp"
#include "api/schema.hpp"
#include "api/stock_json.hpp"
#include "core/store_calendar.hpp"
#include "core/validation.hpp"

namespace mm::api {
namespace {

namespace json = boost::json;
using core::ErrorCode;
using core::Role;

RawReply LotsCsv(const std::vector<services::LotView>& rows, core::Timestamp now) {
  CsvWriter w({"producto", "sku", "ubicacion", "lote", "fecha_vencimiento", "cantidad",
               "dias_para_vencer"});
  for (const auto& l : rows) {
    w.Text(l.producto_nombre)
        .Text(l.producto_sku)
        .Text(l.ubicacion_nombre)
        .Text(l.lote)
        .OptText(l.fecha_vencimiento)
        .Int(l.cantidad)
        .Int(l.dias_para_vencer ? std::optional<std::int64_t>(*l.dias_para_vencer) : std::nullopt);
    w.Row();
  }
  return w.Reply("lotes", now);
}

}  // namespace

void LotesApi::Register(RouteTable& table) {
  Route list;
  list.method = "GET";
  list.path = "/api/lotes";
  list.access = Access::All();
  list.long_deadline = true;  // formato=csv
  list.operation_id = "listLots";
  list.summary = "Lotes con su vencimiento y los días que faltan (día de la tienda)";
  list.tag = "stock";
  list.paginated = true;
  list.query = {
      {"producto_id", "string", "uuid"},
      {"ubicacion_id", "string", "uuid"},
      {"vence_en_dias", "integer", "0–365: vencimiento ≤ hoy + n (los que no vencen quedan fuera)"},
      {"vencidos", "boolean", "true: vencimiento < hoy; false: sin vencimiento o ≥ hoy"},
      {"con_stock", "boolean", "cantidad > 0 (por defecto true)"},
      {"sort", "string", "csv de fecha_vencimiento|cantidad, con - para descendente"},
      {"formato", "string", "json | csv"},
      {"limit", "integer", "1–500 (100)"},
      {"offset", "integer", "0–1000000"}};
  list.response_schema = json::object{{"type", "array"}, {"items", LotSchema(true)}};
  list.handler = [this](Request& req) -> Reply {
    QueryReader q(req);
    bool csv = WantsCsv(q);
    services::LotFilter f;
    f.producto_id = q.Uuid("producto_id");
    f.ubicacion_id = q.Uuid("ubicacion_id");
    if (auto n = q.Int("vence_en_dias", 0, 365)) f.vence_en_dias = static_cast<int>(*n);
    f.vencidos = q.Bool("vencidos");
    f.con_stock = q.Bool("con_stock").value_or(true);
    f.sort = q.Csv("sort", {"fecha_vencimiento", "-fecha_vencimiento", "cantidad", "-cantidad"});
    f.limit = q.Limit(100, 500);
    f.offset = q.Offset();
    q.RejectUnknown();
    if (!q.ok()) return q.ToError();
    std::int64_t total = 0;
    if (csv) {
      f.all = true;
      auto rows = queries->Lots(f, &total, req.Meta().TxOptions(), kCsvMaxRows);
      if (!rows.ok()) return rows.error();
      if (total > kCsvMaxRows) return CsvTooLarge(total);
      return LotsCsv(*rows, queries->Now());
    }
    auto rows = queries->Lots(f, &total, req.Meta().TxOptions());
    if (!rows.ok()) return rows.error();
    json::array items;
    for (const auto& l : *rows) items.push_back(LotJson(l, true));
    return PageReply(items, total, f.limit, f.offset);
  };
  table.Add(std::move(list));

  Route patch;
  patch.method = "PATCH";
  patch.path = "/api/lotes/:id";
  patch.access = Access::Roles({Role::kAdmin, Role::kDeposito});
  patch.body = BodyKind::kJson;
  patch.operation_id = "correctLot";
  patch.summary = "Corrige el código o el vencimiento de un lote (nunca la cantidad)";
  patch.tag = "stock";
  patch.request_schema = ObjectSchema(
      {{"lote", {{"type", json::array{"string", "null"}}, {"maxLength", 40}}},
       {"fecha_vencimiento", {{"type", json::array{"string", "null"}}, {"format", "date"}}}});
  patch.response_schema = LotSchema(true);
  patch.errors = {ErrorCode::kNotFound, ErrorCode::kDuplicate};
  patch.handler = [this](Request& req) -> Reply {
    core::ObjectReader in(req.JsonObject());
    services::LotPatch p;
    bool has_lote = in.Has("lote") || in.IsNull("lote");
    auto lote = in.Str("lote", {.max = 40});
    if (has_lote) p.lote = lote.value_or("");
    p.set_fecha = in.Has("fecha_vencimiento") || in.IsNull("fecha_vencimiento");
    std::size_t errors_before = in.errors().size();
    if (auto f = in.Str("fecha_vencimiento", {.max = 10})) {
      if (core::ParseDate(*f)) {
        p.fecha_vencimiento = *f;
      } else {
        in.Add("fecha_vencimiento", "formato", "Tiene que ser una fecha AAAA-MM-DD.");
      }
    } else if (in.Has("fecha_vencimiento") && in.errors().size() == errors_before) {
      // A blank string: not a date, and not the explicit null that clears it.
      in.Add("fecha_vencimiento", "formato", "Tiene que ser una fecha AAAA-MM-DD o null.");
    }
    in.RejectUnknown();
    if (in.ok() && !has_lote && !p.set_fecha) {
      in.Add("lote", "requerido", "Mandá lote, fecha_vencimiento o los dos.");
    }
    if (!in.ok()) return in.ToError();
    auto l = queries->CorrectLot(req.Meta(), req.params.at("id"), p);
    if (!l.ok()) return l.error();
    return JsonReply::Ok(LotJson(*l, true));
  };
  table.Add(std::move(patch));
}

}  // namespace mm::api
