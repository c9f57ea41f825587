#include "api/stock_api.hpp"

#include "api/csv.hpp"
#include "api/query_reader.hpp"
#include "api/schema.hpp"
#include "api/stock_json.hpp"
#include "core/validation.hpp"

namespace mm::api {
namespace {

namespace json = boost::json;
using core::ErrorCode;
using core::Role;

constexpr std::int64_t kMaxQuantity = 1'000'000;

json::object Paged(json::object item) {
  return json::object{{"type", "array"}, {"items", std::move(item)}};
}

RawReply StockCsv(const std::vector<services::StockView>& rows, core::Timestamp now) {
  CsvWriter w({"producto", "sku", "codigo_barras", "categoria", "ubicacion", "cantidad",
               "reservado", "disponible", "stock_minimo", "stock_maximo", "nivel",
               "proximo_vencimiento"});
  for (const auto& s : rows) {
    w.Text(s.producto_nombre)
        .Text(s.producto_sku)
        .OptText(s.codigo_barras)
        .OptText(s.categoria_nombre)
        .Text(s.ubicacion_nombre)
        .Int(s.cantidad)
        .Int(s.reservado)
        .Int(s.disponible)
        .Int(s.stock_minimo)
        .Int(s.stock_maximo)
        .Text(core::StockLevelName(s.nivel))
        .OptText(s.proximo_vencimiento);
    w.Row();
  }
  return w.Reply("stock", now);
}

}  // namespace

void StockApi::Register(RouteTable& table) {
  Route list;
  list.method = "GET";
  list.path = "/api/stock";
  list.access = Access::All();
  list.long_deadline = true;  // formato=csv
  list.operation_id = "listStock";
  list.summary = "Stock por producto y ubicación, con disponible y nivel";
  list.tag = "stock";
  list.paginated = true;
  list.query = {
      {"producto_id", "string", "uuid"},
      {"ubicacion_id", "string", "uuid"},
      {"categoria_id", "string", "uuid"},
      {"q", "string", "nombre, marca, sku o código de barras (2–100)"},
      {"nivel", "string", "csv de agotado|muy_bajo|bajo|normal"},
      {"incluir_lotes", "boolean", "agrega lotes[] con stock"},
      {"sort", "string", "csv de cantidad|nombre|nivel|fecha_vencimiento, con - para descendente"},
      {"formato", "string", "json | csv"},
      {"limit", "integer", "1–500 (100)"},
      {"offset", "integer", "0–1000000"}};
  list.response_schema = Paged(StockSchema());
  list.handler = [this](Request& req) -> Reply {
    QueryReader q(req);
    bool csv = WantsCsv(q);
    services::StockFilter f;
    f.producto_id = q.Uuid("producto_id");
    f.ubicacion_id = q.Uuid("ubicacion_id");
    f.categoria_id = q.Uuid("categoria_id");
    f.q = q.Str("q", 2, 100);
    for (const auto& n : q.Csv("nivel", {"agotado", "muy_bajo", "bajo", "normal"})) {
      f.niveles.push_back(*core::ParseStockLevel(n));
    }
    f.incluir_lotes = q.Bool("incluir_lotes").value_or(false);
    f.sort = q.Csv("sort", {"cantidad", "-cantidad", "nombre", "-nombre", "nivel", "-nivel",
                            "fecha_vencimiento", "-fecha_vencimiento"});
    f.limit = q.Limit(100, 500);
    f.offset = q.Offset();
    q.RejectUnknown();
    if (!q.ok()) return q.ToError();
    std::int64_t total = 0;
    if (csv) {
      f.all = true;
      f.incluir_lotes = false;
      auto rows = queries->List(f, &total, req.Meta().TxOptions(), kCsvMaxRows);
      if (!rows.ok()) return rows.error();
      if (total > kCsvMaxRows) return CsvTooLarge(total);
      return StockCsv(*rows, queries->Now());
    }
    auto rows = queries->List(f, &total, req.Meta().TxOptions());
    if (!rows.ok()) return rows.error();
    json::array items;
    for (const auto& s : *rows) items.push_back(StockJson(s, f.incluir_lotes));
    return PageReply(items, total, f.limit, f.offset);
  };
  table.Add(std::move(list));

  Route summary;
  summary.method = "GET";
  summary.path = "/api/stock/resumen";
  summary.access = Access::All();
  summary.operation_id = "getStockSummary";
  summary.summary = "Cantidad de filas de stock por nivel (los botones de filtro)";
  summary.tag = "stock";
  summary.query = {{"ubicacion_id", "string", "uuid"}};
  summary.response_schema = ObjectSchema({{"total", {{"type", "integer"}}},
                                          {"agotado", {{"type", "integer"}}},
                                          {"muy_bajo", {{"type", "integer"}}},
                                          {"bajo", {{"type", "integer"}}},
                                          {"normal", {{"type", "integer"}}}},
                                         {"total", "agotado", "muy_bajo", "bajo", "normal"});
  summary.handler = [this](Request& req) -> Reply {
    QueryReader q(req);
    auto ubicacion = q.Uuid("ubicacion_id");
    q.RejectUnknown();
    if (!q.ok()) return q.ToError();
    auto s = queries->Summary(ubicacion, req.Meta().TxOptions());
    if (!s.ok()) return s.error();
    return JsonReply::Ok(json::object{{"total", s->total},
                                      {"agotado", s->agotado},
                                      {"muy_bajo", s->muy_bajo},
                                      {"bajo", s->bajo},
                                      {"normal", s->normal}});
  };
  table.Add(std::move(summary));

  Route minimo;
  minimo.method = "GET";
  minimo.path = "/api/stock/minimo";
  minimo.access = Access::All();
  minimo.operation_id = "listStockBelowMinimum";
  minimo.summary =
      "Filas con mínimo (> 0) en agotado, muy bajo o bajo, de la más urgente a la menos";
  minimo.tag = "stock";
  minimo.paginated = true;
  minimo.query = {{"ubicacion_id", "string", "uuid"},
                  {"proveedor_id", "string", "uuid del proveedor principal"},
                  {"limit", "integer", "1–500 (100)"},
                  {"offset", "integer", "0–1000000"}};
  {
    json::object item = StockSchema();
    auto& props = item["properties"].as_object();
    props["deficit"] = {{"type", "integer"}};
    props["porcentaje"] = {{"type", "integer"}};
    props["proveedor_principal"] = {{"type", json::array{"object", "null"}}};
    minimo.response_schema = Paged(std::move(item));
  }
  minimo.handler = [this](Request& req) -> Reply {
    QueryReader q(req);
    services::LowStockFilter f;
    f.ubicacion_id = q.Uuid("ubicacion_id");
    f.proveedor_id = q.Uuid("proveedor_id");
    f.limit = q.Limit(100, 500);
    f.offset = q.Offset();
    q.RejectUnknown();
    if (!q.ok()) return q.ToError();
    std::int64_t total = 0;
    auto rows = queries->BelowMinimum(f, &total, req.Meta().TxOptions());
    if (!rows.ok()) return rows.error();
    json::array items;
    for (const auto& s : *rows) items.push_back(LowStockJson(s));
    return PageReply(items, total, f.limit, f.offset);
  };
  table.Add(std::move(minimo));

  Route product;
  product.method = "GET";
  product.path = "/api/stock/producto/:id";
  product.access = Access::All();
  product.operation_id = "getProductStockView";
  product.summary = "Stock de un producto en cada ubicación, con sus lotes";
  product.tag = "stock";
  product.errors = {ErrorCode::kNotFound};
  product.response_schema =
      ObjectSchema({{"producto_id", {{"type", "string"}}},
                    {"total", {{"type", "integer"}}},
                    {"reservado", {{"type", "integer"}}},
                    {"disponible", {{"type", "integer"}}},
                    {"ubicaciones", {{"type", "array"}, {"items", StockSchema()}}}},
                   {"producto_id", "total", "reservado", "disponible", "ubicaciones"});
  product.handler = [this](Request& req) -> Reply {
    QueryReader q(req);
    q.RejectUnknown();
    if (!q.ok()) return q.ToError();
    auto p = queries->ForProduct(req.params.at("id"), req.Meta().TxOptions());
    if (!p.ok()) return p.error();
    json::array ubicaciones;
    for (const auto& s : p->ubicaciones) ubicaciones.push_back(StockJson(s, true));
    return JsonReply::Ok(json::object{{"producto_id", p->producto_id},
                                      {"total", p->total},
                                      {"reservado", p->reservado},
                                      {"disponible", p->disponible},
                                      {"ubicaciones", std::move(ubicaciones)}});
  };
  table.Add(std::move(product));

  Route patch;
  patch.method = "PATCH";
  patch.path = "/api/stock/:id";
  patch.access = Access::Roles({Role::kAdmin, Role::kDeposito});
  patch.body = BodyKind::kJson;
  patch.operation_id = "updateStockLevels";
  patch.summary = "Cambia el mínimo y el máximo de una fila de stock";
  patch.tag = "stock";
  patch.request_schema = ObjectSchema(
      {{"stock_minimo", {{"type", "integer"}, {"minimum", 0}, {"maximum", kMaxQuantity}}},
       {"stock_maximo",
        {{"type", json::array{"integer", "null"}}, {"minimum", 0}, {"maximum", kMaxQuantity}}}});
  patch.response_schema = StockSchema();
  patch.errors = {ErrorCode::kNotFound};
  patch.handler = [this](Request& req) -> Reply {
    core::ObjectReader in(req.JsonObject());
    services::StockLevelsPatch p;
    p.stock_minimo = in.Int("stock_minimo", false, 0, kMaxQuantity);
    bool has_min = in.Has("stock_minimo");
    if (in.IsNull("stock_minimo")) {
      in.Add("stock_minimo", "tipo", "Tiene que ser un número entero (0 = sin control).");
    }
    p.set_maximo = in.Has("stock_maximo") || in.IsNull("stock_maximo");
    p.stock_maximo = in.Int("stock_maximo", false, 0, kMaxQuantity);
    in.RejectUnknown();
    if (in.ok() && !has_min && !p.set_maximo) {
      in.Add("stock_minimo", "requerido", "Mandá stock_minimo, stock_maximo o los dos.");
    }
    if (in.ok() && p.stock_minimo && p.stock_maximo && *p.stock_maximo < *p.stock_minimo) {
      in.Add("stock_maximo", "rango", "No puede ser menor que el mínimo.");
    }
    if (!in.ok()) return in.ToError();
    auto s = queries->SetLevels(req.Meta(), req.params.at("id"), p);
    if (!s.ok()) return s.error();
    return JsonReply::Ok(StockJson(*s, true));
  };
  table.Add(std::move(patch));
}

}  // namespace mm::api
