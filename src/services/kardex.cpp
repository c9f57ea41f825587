#include "services/kardex.hpp"

#include <boost/json/array.hpp>

#include <map>

namespace mm::services {
namespace {

namespace json = boost::json;

constexpr std::string_view kSelect = R"sql(
SELECT m.id, m.creado_en, m.tipo, m.producto_id, p.nombre AS producto_nombre, p.sku,
       m.ubicacion_id, u.nombre AS ubicacion_nombre, m.cantidad_delta, m.cantidad_anterior,
       m.cantidad_nueva, m.motivo, m.observaciones, m.orden_compra_id, oc.numero AS oc_numero,
       m.proveedor_id, pr.nombre AS proveedor_nombre, m.usuario_id, us.nombre AS usuario_nombre,
       m.transferencia_id
FROM movimientos_deposito m
JOIN productos p ON p.id = m.producto_id
JOIN ubicaciones u ON u.id = m.ubicacion_id
LEFT JOIN ordenes_compra oc ON oc.id = m.orden_compra_id
LEFT JOIN proveedores pr ON pr.id = m.proveedor_id
LEFT JOIN usuarios us ON us.id = m.usuario_id)sql";

constexpr std::string_view kLots = R"sql(
SELECT ml.movimiento_id, ml.lote_id, ml.cantidad_delta, l.lote, l.fecha_vencimiento
FROM movimiento_lotes ml JOIN stock_lotes l ON l.id = ml.lote_id
WHERE ml.movimiento_id IN ()sql";

// Movements per lot query: a bounded IN list (SQLite's parameter limit).
constexpr std::size_t kLotBatch = 500;

struct Where {
  std::string sql;
  std::vector<store::Value> params;

  std::string Next(store::Value v) {
    params.push_back(std::move(v));
    return "$" + std::to_string(params.size());
  }
  void And(const std::string& cond) { sql += (sql.empty() ? " WHERE " : " AND ") + cond; }
};

Where BuildWhere(const KardexFilter& f) {
  Where w;
  if (f.producto_id) w.And("m.producto_id = " + w.Next(*f.producto_id));
  if (f.ubicacion_id) w.And("m.ubicacion_id = " + w.Next(*f.ubicacion_id));
  if (!f.tipos.empty()) {
    std::string in;
    for (const auto& t : f.tipos) in += (in.empty() ? "" : ", ") + w.Next(t);
    w.And("m.tipo IN (" + in + ")");
  }
  if (f.usuario_id) w.And("m.usuario_id = " + w.Next(*f.usuario_id));
  if (f.lote_id) {
    w.And(
        "EXISTS (SELECT 1 FROM movimiento_lotes ml WHERE ml.movimiento_id = m.id AND ml.lote_id "
        "= " +
        w.Next(*f.lote_id) + ")");
  }
  if (f.referencia) {
    std::string p = w.Next(*f.referencia);
    w.And("(m.orden_compra_id = " + p + " OR m.recepcion_id = " + p +
          " OR m.transferencia_id = " + p + ")");
  }
  if (f.desde) w.And("m.creado_en >= " + w.Next(*f.desde));
  if (f.hasta) w.And("m.creado_en <= " + w.Next(*f.hasta));
  if (!f.ids.empty()) {
    std::string in;
    for (const auto& id : f.ids) in += (in.empty() ? "" : ", ") + w.Next(id);
    w.And("m.id IN (" + in + ")");
  }
  return w;
}

KardexRow ReadRow(const store::Row& r) {
  KardexRow k;
  k.id = r.Text("id");
  k.creado_en = r.Time("creado_en");
  k.tipo = r.Text("tipo");
  k.producto_id = r.Text("producto_id");
  k.producto_nombre = r.Text("producto_nombre");
  k.producto_sku = r.Text("sku");
  k.ubicacion_id = r.Text("ubicacion_id");
  k.ubicacion_nombre = r.Text("ubicacion_nombre");
  k.cantidad = r.Int("cantidad_delta");
  k.cantidad_anterior = r.Int("cantidad_anterior");
  k.cantidad_nueva = r.Int("cantidad_nueva");
  k.motivo = r.OptText("motivo");
  k.observaciones = r.OptText("observaciones");
  if (auto oc = r.OptText("orden_compra_id")) {
    k.origen_tipo = "orden_compra";
    k.origen_id = oc;
    k.origen_numero = r.OptInt("oc_numero");
  }
  k.proveedor_id = r.OptText("proveedor_id");
  k.proveedor_nombre = r.OptText("proveedor_nombre");
  k.usuario_id = r.OptText("usuario_id");
  k.usuario_nombre = r.OptText("usuario_nombre");
  k.transferencia_id = r.OptText("transferencia_id");
  return k;
}

void AttachLots(store::Tx& tx, std::vector<KardexRow>& rows) {
  std::map<std::string, KardexRow*> by_id;
  for (auto& r : rows) by_id[r.id] = &r;
  for (std::size_t start = 0; start < rows.size(); start += kLotBatch) {
    std::size_t end = std::min(rows.size(), start + kLotBatch);
    std::string sql(kLots);
    std::vector<store::Value> params;
    for (std::size_t i = start; i < end; ++i) {
      params.emplace_back(rows[i].id);
      sql += (i == start ? "$" : ", $") + std::to_string(params.size());
    }
    sql += ") ORDER BY ml.movimiento_id, l.fecha_vencimiento, ml.lote_id";
    for (const auto& l : tx.Query(sql, std::span<const store::Value>(params))) {
      by_id[l.Text(0)]->lotes.push_back(KardexLot{l.Text(1), l.Text(3), l.OptText(4), l.Int(2)});
    }
  }
}

json::value OptStr(const std::optional<std::string>& s) {
  return s ? json::value(*s) : json::value(nullptr);
}

json::object LotJson(const KardexLot& l) {
  return json::object{
      {"id", l.id}, {"lote", l.lote}, {"fecha_vencimiento", OptStr(l.fecha_vencimiento)}};
}

}  // namespace

std::vector<KardexRow> QueryKardex(store::Tx& tx, const KardexFilter& f, std::int64_t* total) {
  Where w = BuildWhere(f);
  if (total) {
    *total = tx.Query("SELECT COUNT(*) FROM movimientos_deposito m" + w.sql,
                      std::span<const store::Value>(w.params))
                 .at(0)
                 .Int(0);
  }
  const char* dir = f.ascending ? " ASC" : " DESC";
  std::string sql = std::string(kSelect) + w.sql + " ORDER BY m.creado_en" + dir + ", m.id" + dir;
  auto params = w.params;
  if (f.limit > 0) {
    params.emplace_back(static_cast<std::int64_t>(f.limit));
    sql += " LIMIT $" + std::to_string(params.size());
    params.emplace_back(static_cast<std::int64_t>(f.offset));
    sql += " OFFSET $" + std::to_string(params.size());
  }
  std::vector<KardexRow> rows;
  for (const auto& r : tx.Query(sql, std::span<const store::Value>(params))) {
    rows.push_back(ReadRow(r));
  }
  AttachLots(tx, rows);
  return rows;
}

json::object KardexRowJson(const KardexRow& r) {
  json::array lotes;
  for (const auto& l : r.lotes) {
    auto o = LotJson(l);
    o["cantidad"] = l.cantidad;
    lotes.push_back(std::move(o));
  }
  json::object out{
      {"id", r.id},
      {"creado_en", core::FormatApiTimestamp(r.creado_en)},
      {"tipo", r.tipo},
      {"producto",
       json::object{{"id", r.producto_id}, {"nombre", r.producto_nombre}, {"sku", r.producto_sku}}},
      {"ubicacion", json::object{{"id", r.ubicacion_id}, {"nombre", r.ubicacion_nombre}}},
      {"lote", r.lotes.size() == 1 ? json::value(LotJson(r.lotes.front())) : json::value(nullptr)},
      {"lotes", std::move(lotes)},
      {"cantidad", r.cantidad},
      {"cantidad_anterior", r.cantidad_anterior},
      {"cantidad_nueva", r.cantidad_nueva},
      {"motivo", OptStr(r.motivo)},
      {"observaciones", OptStr(r.observaciones)},
      {"origen", json::object{{"tipo", r.origen_tipo},
                              {"id", OptStr(r.origen_id)},
                              {"numero", r.origen_numero ? json::value(*r.origen_numero)
                                                         : json::value(nullptr)}}},
      {"usuario", r.usuario_id ? json::value(json::object{{"id", *r.usuario_id},
                                                          {"nombre", OptStr(r.usuario_nombre)}})
                               : json::value(nullptr)},
      {"transferencia_id", OptStr(r.transferencia_id)},
  };
  if (r.proveedor_id) {
    out["proveedor"] =
        json::object{{"id", *r.proveedor_id}, {"nombre", OptStr(r.proveedor_nombre)}};
  }
  return out;
}

core::Result<std::vector<KardexRow>> Kardex::List(const KardexFilter& f, std::int64_t* total,
                                                  const store::TxOptions& options) {
  return env_.db.Read([&](store::Tx& tx) { return QueryKardex(tx, f, total); }, options);
}

}  // namespace mm::services
