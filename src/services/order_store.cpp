#include "services/order_store.hpp"

#include <cctype>

#include "core/normalize.hpp"
#include "services/catalog_common.hpp"
#include "services/text_search.hpp"

namespace mm::services {
namespace {

constexpr std::string_view kFts = "pedidos_fts";

constexpr std::string_view kColumns = R"sql(
  p.id, p.numero, p.cliente_id, p.cliente_nombre, p.cliente_telefono, p.tipo_entrega,
  p.direccion_entrega, p.edificio, p.piso, p.departamento, p.horario_entrega_preferido,
  p.ubicacion_id, p.estado, p.estado_pago, p.total_centavos, p.pagado_centavos,
  p.fecha_entrega_estimada, p.observaciones, p.observaciones_internas, p.creado_por,
  p.preparado_por, p.entregado_por, p.cancelado_por, p.preparando_en, p.listo_en,
  p.entregado_en, p.cancelado_en, p.motivo_cancelacion, p.version, p.creado_en,
  p.actualizado_en)sql";

OrderRow Map(const store::Row& r) {
  OrderRow o;
  o.id = r.Text("id");
  o.numero = r.Int("numero");
  o.cliente_id = r.OptText("cliente_id");
  o.cliente_nombre = r.Text("cliente_nombre");
  o.cliente_telefono = r.OptText("cliente_telefono");
  o.tipo_entrega = r.Text("tipo_entrega");
  o.direccion_entrega = r.OptText("direccion_entrega");
  o.edificio = r.OptText("edificio");
  o.piso = r.OptText("piso");
  o.departamento = r.OptText("departamento");
  o.horario_entrega_preferido = r.OptText("horario_entrega_preferido");
  o.ubicacion_id = r.Text("ubicacion_id");
  o.estado = r.Text("estado");
  o.estado_pago = r.Text("estado_pago");
  o.total_centavos = r.Int("total_centavos");
  o.pagado_centavos = r.Int("pagado_centavos");
  o.fecha_entrega_estimada = r.OptText("fecha_entrega_estimada");
  o.observaciones = r.OptText("observaciones");
  o.observaciones_internas = r.OptText("observaciones_internas");
  o.creado_por = r.Text("creado_por");
  o.preparado_por = r.OptText("preparado_por");
  o.entregado_por = r.OptText("entregado_por");
  o.cancelado_por = r.OptText("cancelado_por");
  o.preparando_en = r.OptTime("preparando_en");
  o.listo_en = r.OptTime("listo_en");
  o.entregado_en = r.OptTime("entregado_en");
  o.cancelado_en = r.OptTime("cancelado_en");
  o.motivo_cancelacion = r.OptText("motivo_cancelacion");
  o.version = r.Int("version");
  o.creado_en = r.Time("creado_en");
  o.actualizado_en = r.Time("actualizado_en");
  return o;
}

constexpr std::string_view kItemColumns = R"sql(
  id, pedido_id, producto_id, descripcion, producto_sku, unidad, cantidad,
  precio_unitario_centavos, subtotal_centavos, preparado, preparado_en, preparado_por,
  observaciones, creado_en, actualizado_en)sql";

OrderItemRow MapItem(const store::Row& r) {
  OrderItemRow i;
  i.id = r.Text("id");
  i.pedido_id = r.Text("pedido_id");
  i.producto_id = r.OptText("producto_id");
  i.descripcion = r.Text("descripcion");
  i.producto_sku = r.OptText("producto_sku");
  i.unidad = r.OptText("unidad");
  i.cantidad = r.Int("cantidad");
  i.precio_unitario_centavos = r.Int("precio_unitario_centavos");
  i.subtotal_centavos = r.Int("subtotal_centavos");
  i.preparado = r.Bool("preparado");
  i.preparado_en = r.OptTime("preparado_en");
  i.preparado_por = r.OptText("preparado_por");
  i.observaciones = r.OptText("observaciones");
  i.creado_en = r.Time("creado_en");
  i.actualizado_en = r.Time("actualizado_en");
  return i;
}

std::string SearchText(const OrderRow& o) {
  return core::NormalizeSearch(o.cliente_nombre + " " + o.cliente_telefono.value_or(""));
}

// The number a numeric q names, when it is one.
std::optional<std::int64_t> NumericQuery(const std::string& q) {
  std::string_view t = q;
  while (!t.empty() && std::isspace(static_cast<unsigned char>(t.front()))) t.remove_prefix(1);
  while (!t.empty() && std::isspace(static_cast<unsigned char>(t.back()))) t.remove_suffix(1);
  if (t.empty() || t.size() > 15) return std::nullopt;
  for (char c : t) {
    if (c < '0' || c > '9') return std::nullopt;
  }
  return std::stoll(std::string(t));
}

std::string InList(std::vector<store::Value>& params, const std::vector<std::string>& values) {
  std::string out;
  for (const auto& v : values) out += (out.empty() ? "" : ", ") + Param(params, v);
  return out;
}

}  // namespace

std::string DerivedPaymentState(std::int64_t total, std::int64_t pagado) {
  if (pagado == total) return "pagado";
  return pagado > 0 ? "parcial" : "pendiente";
}

namespace order_store {

std::optional<OrderRow> Find(store::Tx& tx, const std::string& id, bool for_update) {
  std::string sql = "SELECT" + std::string(kColumns) + " FROM pedidos p WHERE p.id = $1";
  if (for_update) sql += ForUpdate(tx);
  auto r = tx.QueryOne(sql, {id});
  if (!r) return std::nullopt;
  return Map(*r);
}

void Insert(store::Tx& tx, const OrderRow& o) {
  const std::string texto = SearchText(o);
  tx.Exec(R"sql(
INSERT INTO pedidos (id, numero, cliente_id, cliente_nombre, cliente_telefono, busqueda_normalizado,
                     tipo_entrega, direccion_entrega, edificio, piso, departamento,
                     horario_entrega_preferido, ubicacion_id, estado, estado_pago, total_centavos,
                     pagado_centavos, fecha_entrega_estimada, observaciones,
                     observaciones_internas, creado_por, version, creado_en, actualizado_en)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20,
        $21, 0, $22, $23))sql",
          {o.id,
           o.numero,
           o.cliente_id,
           o.cliente_nombre,
           o.cliente_telefono,
           texto,
           o.tipo_entrega,
           o.direccion_entrega,
           o.edificio,
           o.piso,
           o.departamento,
           o.horario_entrega_preferido,
           o.ubicacion_id,
           o.estado,
           o.estado_pago,
           o.total_centavos,
           o.pagado_centavos,
           o.fecha_entrega_estimada,
           o.observaciones,
           o.observaciones_internas,
           o.creado_por,
           o.creado_en,
           o.actualizado_en});
  WriteFtsRow(tx, kFts, o.id, texto, true);
}

bool Update(store::Tx& tx, const OrderRow& o, core::Timestamp now) {
  return tx.Exec(R"sql(
UPDATE pedidos SET tipo_entrega = $2, direccion_entrega = $3, edificio = $4, piso = $5,
  departamento = $6, horario_entrega_preferido = $7, estado = $8, estado_pago = $9,
  pagado_centavos = $10, fecha_entrega_estimada = $11, observaciones = $12,
  observaciones_internas = $13, preparado_por = $14, entregado_por = $15, cancelado_por = $16,
  preparando_en = $17, listo_en = $18, entregado_en = $19, cancelado_en = $20,
  motivo_cancelacion = $21, version = version + 1, actualizado_en = $22
WHERE id = $1 AND version = $23)sql",
                 {o.id,
                  o.tipo_entrega,
                  o.direccion_entrega,
                  o.edificio,
                  o.piso,
                  o.departamento,
                  o.horario_entrega_preferido,
                  o.estado,
                  o.estado_pago,
                  o.pagado_centavos,
                  o.fecha_entrega_estimada,
                  o.observaciones,
                  o.observaciones_internas,
                  o.preparado_por,
                  o.entregado_por,
                  o.cancelado_por,
                  o.preparando_en,
                  o.listo_en,
                  o.entregado_en,
                  o.cancelado_en,
                  o.motivo_cancelacion,
                  now,
                  o.version}) == 1;
}

std::vector<OrderItemRow> Items(store::Tx& tx, const std::string& pedido_id) {
  const std::string order = tx.dialect() == store::Dialect::kPostgres
                                ? "(producto_id IS NULL), descripcion COLLATE \"C\", id"
                                : "(producto_id IS NULL), descripcion, id";
  std::vector<OrderItemRow> out;
  for (const auto& r : tx.Query("SELECT" + std::string(kItemColumns) +
                                    " FROM pedido_items WHERE pedido_id = $1 ORDER BY " + order,
                                {pedido_id})) {
    out.push_back(MapItem(r));
  }
  return out;
}

std::optional<OrderItemRow> FindItem(store::Tx& tx, const std::string& id) {
  auto r =
      tx.QueryOne("SELECT" + std::string(kItemColumns) + " FROM pedido_items WHERE id = $1", {id});
  if (!r) return std::nullopt;
  return MapItem(*r);
}

void InsertItem(store::Tx& tx, const OrderItemRow& i) {
  tx.Exec(R"sql(
INSERT INTO pedido_items (id, pedido_id, producto_id, descripcion, producto_sku, unidad, cantidad,
                          precio_unitario_centavos, subtotal_centavos, preparado, observaciones,
                          creado_en, actualizado_en)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13))sql",
          {i.id, i.pedido_id, i.producto_id, i.descripcion, i.producto_sku, i.unidad, i.cantidad,
           i.precio_unitario_centavos, i.subtotal_centavos, false, i.observaciones, i.creado_en,
           i.actualizado_en});
}

void SetItemPrepared(store::Tx& tx, const std::string& id, bool preparado,
                     const std::string& usuario_id, core::Timestamp now) {
  if (preparado) {
    tx.Exec(
        "UPDATE pedido_items SET preparado = $2, preparado_en = $3, preparado_por = $4, "
        "actualizado_en = $3 WHERE id = $1",
        {id, true, now, usuario_id});
  } else {
    tx.Exec(
        "UPDATE pedido_items SET preparado = $2, preparado_en = NULL, preparado_por = NULL, "
        "actualizado_en = $3 WHERE id = $1",
        {id, false, now});
  }
}

std::vector<OrderPaymentRow> Payments(store::Tx& tx, const std::string& pedido_id) {
  std::vector<OrderPaymentRow> out;
  for (const auto& r : tx.Query(
           "SELECT id, pedido_id, tipo, metodo, monto_centavos, sesion_caja_id, cc_movimiento_id, "
           "usuario_id, referencia, creado_en FROM pedido_pagos WHERE pedido_id = $1 "
           "ORDER BY creado_en, id",
           {pedido_id})) {
    OrderPaymentRow p;
    p.id = r.Text("id");
    p.pedido_id = r.Text("pedido_id");
    p.tipo = r.Text("tipo");
    p.metodo = r.Text("metodo");
    p.monto_centavos = r.Int("monto_centavos");
    p.sesion_caja_id = r.OptText("sesion_caja_id");
    p.cc_movimiento_id = r.OptText("cc_movimiento_id");
    p.usuario_id = r.Text("usuario_id");
    p.referencia = r.OptText("referencia");
    p.creado_en = r.Time("creado_en");
    out.push_back(std::move(p));
  }
  return out;
}

void InsertPayment(store::Tx& tx, const OrderPaymentRow& p) {
  tx.Exec(R"sql(
INSERT INTO pedido_pagos (id, pedido_id, tipo, metodo, monto_centavos, sesion_caja_id,
                          cc_movimiento_id, usuario_id, referencia, creado_en)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10))sql",
          {p.id, p.pedido_id, p.tipo, p.metodo, p.monto_centavos, p.sesion_caja_id,
           p.cc_movimiento_id, p.usuario_id, p.referencia, p.creado_en});
}

std::vector<std::string> ReservationIds(store::Tx& tx, const std::string& pedido_id) {
  std::vector<std::string> out;
  for (const auto& r :
       tx.Query("SELECT id FROM stock_reservado WHERE pedido_id = $1 ORDER BY creado_en, id",
                {pedido_id})) {
    out.push_back(r.Text(0));
  }
  return out;
}

std::vector<std::string> ActiveReservationIds(store::Tx& tx, const std::string& pedido_id) {
  std::vector<std::string> out;
  for (const auto& r :
       tx.Query("SELECT id FROM stock_reservado WHERE pedido_id = $1 AND estado = 'activa' "
                "ORDER BY id",
                {pedido_id})) {
    out.push_back(r.Text(0));
  }
  return out;
}

std::optional<CustomerSnapshot> FindCustomerSnapshot(store::Tx& tx, const std::string& id) {
  auto r = tx.QueryOne(
      "SELECT nombre, telefono, direccion_default, edificio, piso, departamento FROM clientes "
      "WHERE id = $1",
      {id});
  if (!r) return std::nullopt;
  return CustomerSnapshot{
      r->Text("nombre"),      r->OptText("telefono"), r->OptText("direccion_default"),
      r->OptText("edificio"), r->OptText("piso"),     r->OptText("departamento")};
}

std::vector<OrderListRow> List(store::Tx& tx, const OrderFilter& f, std::int64_t* total) {
  std::vector<store::Value> params;
  std::string where = " WHERE 1 = 1";
  if (!f.estados.empty()) where += " AND p.estado IN (" + InList(params, f.estados) + ")";
  if (!f.estados_pago.empty()) {
    where += " AND p.estado_pago IN (" + InList(params, f.estados_pago) + ")";
  }
  if (f.cliente_id) where += " AND p.cliente_id = " + Param(params, *f.cliente_id);
  if (f.tipo_entrega) where += " AND p.tipo_entrega = " + Param(params, *f.tipo_entrega);
  if (f.desde) where += " AND p.creado_en >= " + Param(params, *f.desde);
  if (f.hasta) where += " AND p.creado_en <= " + Param(params, *f.hasta);
  std::optional<std::int64_t> numero;
  if (f.q) {
    numero = NumericQuery(*f.q);
    auto tokens = core::SearchTokens(*f.q);
    std::string text =
        tokens.empty()
            ? std::string("1 = 0")
            : ContainsAll(tx.dialect(), {"p.busqueda_normalizado", "p.id", kFts}, tokens, params);
    if (numero) text = "(" + text + " OR p.numero = " + Param(params, *numero) + ")";
    where += " AND " + text;
  }
  if (total) {
    *total = tx.Query("SELECT COUNT(*) FROM pedidos p" + where, params).front().Int(0);
  }
  std::string order;
  if (numero) order = "CASE WHEN p.numero = " + Param(params, *numero) + " THEN 0 ELSE 1 END, ";
  if (f.sort == "fecha_entrega_estimada") {
    order += "(p.fecha_entrega_estimada IS NULL), p.fecha_entrega_estimada, p.creado_en DESC, p.id";
  } else {
    order += "p.creado_en DESC, p.id DESC";
  }
  std::string sql = "SELECT" + std::string(kColumns) +
                    ", (SELECT COUNT(*) FROM pedido_items i WHERE i.pedido_id = p.id) AS n_items, "
                    "(SELECT COUNT(*) FROM pedido_items i WHERE i.pedido_id = p.id AND "
                    "i.preparado = TRUE) AS n_preparados FROM pedidos p" +
                    where + " ORDER BY " + order;
  sql += " LIMIT " + Param(params, static_cast<std::int64_t>(f.limit));
  sql += " OFFSET " + Param(params, static_cast<std::int64_t>(f.offset));
  std::vector<OrderListRow> out;
  for (const auto& r : tx.Query(sql, params)) {
    out.push_back(OrderListRow{Map(r), r.Int("n_items"), r.Int("n_preparados")});
  }
  return out;
}

}  // namespace order_store
}  // namespace mm::services
