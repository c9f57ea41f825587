#include "services/purchase_order_store.hpp"

#include <map>

#include "services/human_number.hpp"

namespace mm::services::purchase_order_store {
namespace {

constexpr std::string_view kSelectOrder = R"sql(
SELECT o.id, o.numero, o.proveedor_id, p.nombre AS proveedor_nombre, o.ubicacion_id,
       u.nombre AS ubicacion_nombre, o.estado, o.fecha_estimada, o.total_estimado_centavos,
       o.observaciones, o.creado_por, us.nombre AS creado_por_nombre, o.cancelada_en,
       o.motivo_cancelacion, o.version, o.creado_en, o.actualizado_en,
       (SELECT COUNT(*) FROM ordenes_compra_lineas l WHERE l.orden_id = o.id) AS lineas_count
FROM ordenes_compra o
JOIN proveedores p ON p.id = o.proveedor_id
JOIN ubicaciones u ON u.id = o.ubicacion_id
JOIN usuarios us ON us.id = o.creado_por)sql";

constexpr std::string_view kSelectLines = R"sql(
SELECT l.id, l.orden_id, l.producto_id, pr.nombre, pr.sku, pr.unidad, l.cantidad,
       l.cantidad_recibida, l.costo_unitario_centavos, l.creado_en
FROM ordenes_compra_lineas l JOIN productos pr ON pr.id = l.producto_id
WHERE l.orden_id = $1 ORDER BY l.producto_id)sql";

PurchaseOrderRow MapOrder(const store::Row& r) {
  PurchaseOrderRow o;
  o.id = r.Text("id");
  o.numero = r.Int("numero");
  o.proveedor_id = r.Text("proveedor_id");
  o.proveedor_nombre = r.Text("proveedor_nombre");
  o.ubicacion_id = r.Text("ubicacion_id");
  o.ubicacion_nombre = r.Text("ubicacion_nombre");
  o.estado = r.Text("estado");
  o.fecha_estimada = r.OptText("fecha_estimada");
  o.total_estimado_centavos = r.Int("total_estimado_centavos");
  o.observaciones = r.OptText("observaciones");
  o.creado_por = r.Text("creado_por");
  o.creado_por_nombre = r.Text("creado_por_nombre");
  o.cancelada_en = r.OptTime("cancelada_en");
  o.motivo_cancelacion = r.OptText("motivo_cancelacion");
  o.version = r.Int("version");
  o.creado_en = r.Time("creado_en");
  o.actualizado_en = r.Time("actualizado_en");
  o.lineas_count = r.Int("lineas_count");
  return o;
}

std::string Placeholder(std::vector<store::Value>& params, store::Value v) {
  params.push_back(std::move(v));
  return "$" + std::to_string(params.size());
}

}  // namespace

std::int64_t NextNumero(store::Tx& tx) {
  return NextHumanNumber(tx, "ordenes_compra", "ordenes_compra_numero_seq");
}

std::optional<PurchaseOrderRow> Find(store::Tx& tx, const std::string& id, bool for_update) {
  std::string sql = std::string(kSelectOrder) + " WHERE o.id = $1";
  if (for_update && tx.dialect() == store::Dialect::kPostgres) sql += " FOR UPDATE OF o";
  auto r = tx.QueryOne(sql, {id});
  if (!r) return std::nullopt;
  return MapOrder(*r);
}

std::vector<PurchaseOrderLineRow> Lines(store::Tx& tx, const std::string& orden_id,
                                        bool for_update) {
  std::string sql(kSelectLines);
  if (for_update && tx.dialect() == store::Dialect::kPostgres) sql += " FOR UPDATE OF l";
  std::vector<PurchaseOrderLineRow> out;
  for (const auto& r : tx.Query(sql, {orden_id})) {
    PurchaseOrderLineRow l;
    l.id = r.Text(0);
    l.orden_id = r.Text(1);
    l.producto_id = r.Text(2);
    l.producto_nombre = r.Text(3);
    l.producto_sku = r.Text(4);
    l.producto_unidad = r.Text(5);
    l.cantidad = r.Int(6);
    l.cantidad_recibida = r.Int(7);
    l.costo_unitario_centavos = r.OptInt(8);
    l.creado_en = r.Time(9);
    out.push_back(std::move(l));
  }
  return out;
}

std::vector<ReceptionRow> Receptions(store::Tx& tx, const std::string& orden_id) {
  std::vector<ReceptionRow> out;
  std::map<std::string, std::size_t> index;
  for (const auto& r : tx.Query(R"sql(
SELECT r.id, r.orden_id, r.ubicacion_id, u.nombre AS ubicacion_nombre, r.usuario_id,
       us.nombre AS usuario_nombre, r.remito, r.observaciones, r.creado_en
FROM recepciones r
JOIN ubicaciones u ON u.id = r.ubicacion_id
JOIN usuarios us ON us.id = r.usuario_id
WHERE r.orden_id = $1 ORDER BY r.creado_en, r.id)sql",
                                {orden_id})) {
    ReceptionRow rec;
    rec.id = r.Text("id");
    rec.orden_id = r.Text("orden_id");
    rec.ubicacion_id = r.Text("ubicacion_id");
    rec.ubicacion_nombre = r.Text("ubicacion_nombre");
    rec.usuario_id = r.Text("usuario_id");
    rec.usuario_nombre = r.Text("usuario_nombre");
    rec.remito = r.OptText("remito");
    rec.observaciones = r.OptText("observaciones");
    rec.creado_en = r.Time("creado_en");
    index[rec.id] = out.size();
    out.push_back(std::move(rec));
  }
  if (out.empty()) return out;
  for (const auto& r : tx.Query(R"sql(
SELECT rl.id, rl.recepcion_id, rl.linea_id, l.producto_id, rl.lote_id, sl.lote,
       sl.fecha_vencimiento, rl.cantidad, rl.costo_unitario_centavos, rl.creado_en
FROM recepcion_lineas rl
JOIN recepciones r ON r.id = rl.recepcion_id
JOIN ordenes_compra_lineas l ON l.id = rl.linea_id
JOIN stock_lotes sl ON sl.id = rl.lote_id
WHERE r.orden_id = $1 ORDER BY l.producto_id, rl.id)sql",
                                {orden_id})) {
    ReceptionLineRow l;
    l.id = r.Text(0);
    l.recepcion_id = r.Text(1);
    l.linea_id = r.Text(2);
    l.producto_id = r.Text(3);
    l.lote_id = r.Text(4);
    l.lote = r.Text(5);
    l.fecha_vencimiento = r.OptText(6);
    l.cantidad = r.Int(7);
    l.costo_unitario_centavos = r.OptInt(8);
    l.creado_en = r.Time(9);
    auto it = index.find(l.recepcion_id);
    if (it != index.end()) out[it->second].lineas.push_back(std::move(l));
  }
  return out;
}

std::vector<PurchaseOrderRow> List(store::Tx& tx, const PurchaseOrderFilter& f,
                                   std::int64_t* total) {
  std::string where = " WHERE 1 = 1";
  std::vector<store::Value> params;
  if (!f.estados.empty()) {
    where += " AND o.estado IN (";
    for (std::size_t i = 0; i < f.estados.size(); ++i) {
      where += (i ? ", " : "") + Placeholder(params, f.estados[i]);
    }
    where += ")";
  }
  if (f.proveedor_id) where += " AND o.proveedor_id = " + Placeholder(params, *f.proveedor_id);
  if (f.producto_id) {
    where +=
        " AND EXISTS (SELECT 1 FROM ordenes_compra_lineas x WHERE x.orden_id = o.id AND "
        "x.producto_id = " +
        Placeholder(params, *f.producto_id) + ")";
  }
  if (f.desde) where += " AND o.creado_en >= " + Placeholder(params, *f.desde);
  if (f.hasta) where += " AND o.creado_en <= " + Placeholder(params, *f.hasta);
  if (total) {
    *total = tx.Query("SELECT COUNT(*) FROM ordenes_compra o" + where, params).front().Int(0);
  }
  std::string order;
  auto sort = f.sort;
  if (sort.empty()) sort.emplace_back("creado_en", true);
  for (const auto& [field, desc] : sort) {
    if (!order.empty()) order += ", ";
    if (field == "fecha_estimada") {
      // Orders without an estimate come last either way, alike on both databases.
      order += std::string("(o.fecha_estimada IS NULL), o.fecha_estimada") + (desc ? " DESC" : "");
    } else {
      order += std::string("o.creado_en") + (desc ? " DESC" : "");
    }
  }
  std::string sql = std::string(kSelectOrder) + where + " ORDER BY " + order + ", o.id";
  sql += " LIMIT " + Placeholder(params, static_cast<std::int64_t>(f.limit));
  sql += " OFFSET " + Placeholder(params, static_cast<std::int64_t>(f.offset));
  std::vector<PurchaseOrderRow> out;
  for (const auto& r : tx.Query(sql, params)) out.push_back(MapOrder(r));
  return out;
}

void Insert(store::Tx& tx, const PurchaseOrderRow& o) {
  tx.Exec(R"sql(
INSERT INTO ordenes_compra (id, numero, proveedor_id, ubicacion_id, estado, fecha_estimada,
                            total_estimado_centavos, observaciones, creado_por, version,
                            creado_en, actualizado_en)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 0, $10, $10))sql",
          {o.id, o.numero, o.proveedor_id, o.ubicacion_id, o.estado, o.fecha_estimada,
           o.total_estimado_centavos, o.observaciones, o.creado_por, o.creado_en});
}

void InsertLine(store::Tx& tx, const PurchaseOrderLineRow& l) {
  tx.Exec(R"sql(
INSERT INTO ordenes_compra_lineas (id, orden_id, producto_id, cantidad, cantidad_recibida,
                                   costo_unitario_centavos, creado_en, actualizado_en)
VALUES ($1, $2, $3, $4, 0, $5, $6, $6))sql",
          {l.id, l.orden_id, l.producto_id, l.cantidad, l.costo_unitario_centavos, l.creado_en});
}

bool UpdateHeader(store::Tx& tx, const PurchaseOrderRow& o, core::Timestamp now) {
  return tx.Exec(R"sql(
UPDATE ordenes_compra SET fecha_estimada = $2, observaciones = $3, version = version + 1,
                          actualizado_en = $4
WHERE id = $1 AND version = $5)sql",
                 {o.id, o.fecha_estimada, o.observaciones, now, o.version}) == 1;
}

void SetState(store::Tx& tx, const PurchaseOrderRow& o, core::Timestamp now) {
  tx.Exec(R"sql(
UPDATE ordenes_compra SET estado = $2, cancelada_en = $3, motivo_cancelacion = $4,
                          version = version + 1, actualizado_en = $5
WHERE id = $1)sql",
          {o.id, o.estado, o.cancelada_en, o.motivo_cancelacion, now});
}

void AddReceived(store::Tx& tx, const std::string& linea_id, std::int64_t cantidad,
                 core::Timestamp now) {
  tx.Exec(
      "UPDATE ordenes_compra_lineas SET cantidad_recibida = cantidad_recibida + $2, "
      "actualizado_en = $3 WHERE id = $1",
      {linea_id, cantidad, now});
}

void InsertReception(store::Tx& tx, const ReceptionRow& r) {
  tx.Exec(R"sql(
INSERT INTO recepciones (id, orden_id, ubicacion_id, usuario_id, remito, observaciones, creado_en)
VALUES ($1, $2, $3, $4, $5, $6, $7))sql",
          {r.id, r.orden_id, r.ubicacion_id, r.usuario_id, r.remito, r.observaciones, r.creado_en});
}

void InsertReceptionLine(store::Tx& tx, const ReceptionLineRow& l) {
  tx.Exec(R"sql(
INSERT INTO recepcion_lineas (id, recepcion_id, linea_id, lote_id, cantidad,
                              costo_unitario_centavos, creado_en)
VALUES ($1, $2, $3, $4, $5, $6, $7))sql",
          {l.id, l.recepcion_id, l.linea_id, l.lote_id, l.cantidad, l.costo_unitario_centavos,
           l.creado_en});
}

}  // namespace mm::services::purchase_order_store
