#include "api/ventas_consulta_api.hpp"

#include <string>

#include "api/csv.hpp"
#include "api/query_reader.hpp"

namespace mm::api {
namespace {

namespace json = boost::json;
using core::ErrorCode;
using core::Role;

RawReply SalesCsv(const std::vector<services::SaleListRow>& rows, core::Timestamp now) {
  CsvWriter w({"numero", "creado_en", "creado_offline_en", "metodos", "total", "devuelto", "neto",
               "estado", "cliente", "usuario", "items"});
  for (const auto& r : rows) {
    std::string metodos;
    for (const auto& m : r.metodos) metodos += (metodos.empty() ? "" : ",") + m;
    w.Int(r.numero)
        .Time(r.creado_en)
        .Time(r.creado_offline_en)
        .Text(metodos)
        .Money(r.total_centavos)
        .Money(r.devuelto_centavos)
        .Money(r.total_centavos - r.devuelto_centavos)
        .Text(r.estado)
        .OptText(r.cliente_nombre)
        .Text(r.usuario_nombre)
        .Int(r.items_count);
    w.Row();
  }
  return w.Reply("ventas", now);
}

json::object RowSchema() {
  return json::object{{"type", "object"},
                      {"properties",
                       {{"id", {{"type", "string"}}},
                        {"numero", {{"type", "integer"}}},
                        {"creado_en", {{"type", "string"}, {"format", "date-time"}}},
                        {"creado_offline_en", {{"type", json::array{"string", "null"}}}},
                        {"metodos", {{"type", "array"}, {"items", {{"type", "string"}}}}},
                        {"total_centavos", {{"type", "integer"}}},
                        {"devuelto_centavos", {{"type", "integer"}}},
                        {"estado", {{"type", "string"}}},
                        {"cliente", {{"type", json::array{"object", "null"}}}},
                        {"usuario", {{"type", "object"}}},
                        {"items_count", {{"type", "integer"}}}}}};
}

}  // namespace

void VentasConsultaApi::Register(RouteTable& table) {
  const Access av = Access::Roles({Role::kAdmin, Role::kVentas});

  Route l;
  l.method = "GET";
  l.path = "/api/ventas";
  l.access = av;
  l.long_deadline = true;  // formato=csv
  l.operation_id = "listSales";
  l.summary =
      "Ventas con filtros; meta.totales trae los totales del período filtrado (cantidad, total, "
      "devuelto, neto y por método de pago)";
  l.tag = "ventas";
  l.paginated = true;
  l.query = {
      {"fecha_desde", "string", "fecha AAAA-MM-DD (día de la tienda) o instante RFC 3339"},
      {"fecha_hasta", "string", "ídem, inclusive"},
      {"metodo", "string",
       "csv: efectivo|debito|credito|transferencia|qr|cuenta_corriente (algún pago así)"},
      {"cliente_id", "string", "uuid"},
      {"usuario_id", "string", "uuid"},
      {"estado", "string", "csv: completada|anulada"},
      {"con_devolucion", "boolean", ""},
      {"offline", "boolean", "ventas registradas sin conexión y sincronizadas"},
      {"sesion_caja_id", "string", "uuid"},
      {"numero", "integer", ""},
      {"sort", "string", "-creado_en (por defecto) | creado_en | total_centavos | -total_centavos"},
      {"formato", "string", "json | csv"},
      {"limit", "integer", "1–200 (50)"},
      {"offset", "integer", "0–1000000"}};
  l.response_schema = json::object{{"type", "array"}, {"items", RowSchema()}};
  l.handler = [this](Request& req) -> Reply {
    QueryReader q(req);
    bool csv = WantsCsv(q);
    services::SaleFilter f;
    auto range = q.DateRange();
    f.desde = range.desde;
    f.hasta = range.hasta;
    f.metodos = q.Csv("metodo",
                      {"efectivo", "debito", "credito", "transferencia", "qr", "cuenta_corriente"});
    f.cliente_id = q.Uuid("cliente_id");
    f.usuario_id = q.Uuid("usuario_id");
    f.estados = q.Csv("estado", {"completada", "anulada"});
    f.con_devolucion = q.Bool("con_devolucion");
    f.offline = q.Bool("offline");
    f.sesion_caja_id = q.Uuid("sesion_caja_id");
    f.numero = q.Int("numero", 1, 9'000'000'000'000'000'000);
    f.sort = q.Csv("sort", {"creado_en", "-creado_en", "total_centavos", "-total_centavos"});
    f.limit = q.Limit(50, 200);
    f.offset = q.Offset();
    q.RejectUnknown();
    if (!q.ok()) return q.ToError();
    if (csv) {
      f.all = true;
      auto page = list->List(f, req.Meta(), kCsvMaxRows);
      if (!page.ok()) return page.error();
      if (page->total > kCsvMaxRows) return CsvTooLarge(page->total);
      return SalesCsv(page->rows, list->Now());
    }
    auto page = list->List(f, req.Meta());
    if (!page.ok()) return page.error();
    json::array items;
    for (const auto& r : page->rows) items.push_back(services::SaleListRowJson(r));
    JsonReply out = JsonReply::Ok(items);
    out.meta = PageMeta(page->total, f.limit, f.offset);
    (*out.meta)["totales"] = services::SaleTotalsJson(page->totales);
    return out;
  };
  table.Add(std::move(l));

  Route t;
  t.method = "GET";
  t.path = "/api/ventas/:id/ticket";
  t.access = av;
  t.operation_id = "getSaleTicket";
  t.summary = "Ticket no fiscal en texto plano para impresoras de 58/80 mm";
  t.tag = "ventas";
  t.query = {{"ancho", "integer", "32 | 42 | 48 caracteres (por defecto 32)"}};
  t.response_schema = json::object{
      {"type", "object"},
      {"required", json::array{"texto", "ancho"}},
      {"properties", {{"texto", {{"type", "string"}}}, {"ancho", {{"type", "integer"}}}}}};
  t.errors = {ErrorCode::kNotFound};
  t.handler = [this](Request& req) -> Reply {
    QueryReader q(req);
    auto ancho = q.Enum("ancho", {"32", "42", "48"}).value_or("32");
    q.RejectUnknown();
    if (!q.ok()) return q.ToError();
    int width = std::stoi(ancho);
    auto text = ticket->Render(req.Meta(), req.params.at("id"), width);
    if (!text.ok()) return text.error();
    return JsonReply::Ok(json::object{{"texto", *text}, {"ancho", width}});
  };
  table.Add(std::move(t));
}

}  // namespace mm::api
