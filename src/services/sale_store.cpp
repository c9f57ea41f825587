#include "services/sale_store.hpp"

#include <algorithm>

namespace mm::services::sale_store {
namespace {

int MetodoRank(const std::string& m) {
  static const char* kOrder[] = {"efectivo",      "debito", "credito",
                                 "transferencia", "qr",     "cuenta_corriente"};
  for (int i = 0; i < 6; ++i) {
    if (m == kOrder[i]) return i;
  }
  return 6;
}

}  // namespace

std::vector<stock::Lot> ReadLots(store::Tx& tx, const stock::StockRow& row, core::Date today) {
  std::vector<stock::Lot> lots;
  for (const auto& r : tx.Query("SELECT id, stock_id, lote, fecha_vencimiento, cantidad, "
                                "ingresado_en FROM stock_lotes WHERE stock_id = $1 ORDER BY id",
                                {row.id})) {
    stock::Lot l;
    l.id = r.Text("id");
    l.stock_id = r.Text("stock_id");
    l.lote = r.Text("lote");
    l.fecha_vencimiento = r.OptText("fecha_vencimiento");
    l.cantidad = r.Int("cantidad");
    l.ingresado_en = r.Time("ingresado_en");
    lots.push_back(std::move(l));
  }
  stock::SortFefo(lots, today);
  return lots;
}

std::optional<OfferRow> ActiveOffer(store::Tx& tx, std::string_view producto_id,
                                    std::string_view ubicacion_id, core::Timestamp now) {
  auto r = tx.QueryOne(
      "SELECT id, lote_id, precio_oferta_centavos FROM ofertas WHERE producto_id = $1 AND "
      "ubicacion_id = $2 AND activa = $3 AND vence_en > $4",
      {std::string(producto_id), std::string(ubicacion_id), true, now});
  if (!r) return std::nullopt;
  return OfferRow{r->Text("id"), r->OptText("lote_id"), r->Int("precio_oferta_centavos")};
}

std::optional<OfferRow> OfferAt(store::Tx& tx, std::string_view producto_id,
                                std::string_view ubicacion_id, core::Timestamp t) {
  auto r = tx.QueryOne(
      "SELECT id, lote_id, precio_oferta_centavos FROM ofertas WHERE producto_id = $1 AND "
      "ubicacion_id = $2 AND creado_en <= $3 AND vence_en > $3 AND (desactivada_en IS NULL OR "
      "desactivada_en > $3) ORDER BY creado_en DESC, id DESC LIMIT 1",
      {std::string(producto_id), std::string(ubicacion_id), t});
  if (!r) return std::nullopt;
  return OfferRow{r->Text("id"), r->OptText("lote_id"), r->Int("precio_oferta_centavos")};
}

std::int64_t LotUnitsAt(store::Tx& tx, std::string_view lote_id, std::int64_t current,
                        core::Timestamp t) {
  auto r = tx.QueryOne(
      "SELECT COALESCE(SUM(ml.cantidad_delta), 0) FROM movimiento_lotes ml JOIN "
      "movimientos_deposito m ON m.id = ml.movimiento_id WHERE ml.lote_id = $1 AND m.creado_en > "
      "$2",
      {std::string(lote_id), t});
  return current - (r ? r->Int(0) : 0);
}

std::int64_t PriceAt(store::Tx& tx, std::string_view producto_id, std::int64_t current,
                     core::Timestamp t) {
  auto read = [](const std::optional<store::Row>& r) -> std::optional<sale_pricing::PriceChange> {
    if (!r) return std::nullopt;
    return sale_pricing::PriceChange{r->Time("creado_en"), r->Int("precio_anterior_centavos"),
                                     r->Int("precio_nuevo_centavos")};
  };
  auto before = read(tx.QueryOne(
      "SELECT creado_en, precio_anterior_centavos, precio_nuevo_centavos FROM precios_historicos "
      "WHERE producto_id = $1 AND creado_en <= $2 ORDER BY creado_en DESC, id DESC LIMIT 1",
      {std::string(producto_id), t}));
  std::optional<sale_pricing::PriceChange> after;
  if (!before) {
    after = read(tx.QueryOne(
        "SELECT creado_en, precio_anterior_centavos, precio_nuevo_centavos FROM "
        "precios_historicos WHERE producto_id = $1 AND creado_en > $2 ORDER BY creado_en, id "
        "LIMIT 1",
        {std::string(producto_id), t}));
  }
  return sale_pricing::PriceAt(before, after, current);
}

void InsertVenta(store::Tx& tx, const NewVenta& v, core::Timestamp now) {
  tx.Exec(
      "INSERT INTO ventas (id, numero, sesion_caja_id, ubicacion_id, usuario_id, estado, "
      "total_centavos, devuelto_centavos, riesgo_confirmado, creado_offline_en, "
      "catalogo_generado_en, observaciones, creado_en, actualizado_en, cliente_id) VALUES ($1, "
      "$2, $3, $4, $5, 'completada', $6, 0, $7, $8, $9, $10, $11, $11, $12)",
      {v.id, v.numero, v.sesion_caja_id, v.ubicacion_id, v.usuario_id, v.total_centavos,
       v.riesgo_confirmado, v.creado_offline_en, v.catalogo_generado_en, v.observaciones, now,
       v.cliente_id});
}

void InsertItem(store::Tx& tx, const NewVentaItem& it, core::Timestamp now) {
  tx.Exec(
      "INSERT INTO venta_items (id, venta_id, producto_id, producto_nombre, producto_sku, unidad, "
      "cantidad, precio_lista_centavos, precio_unitario_centavos, oferta_id, reserva_id, "
      "subtotal_centavos, costo_unitario_centavos, cantidad_devuelta, monto_devuelto_centavos, "
      "creado_en) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 0, 0, $14)",
      {it.id, it.venta_id, it.producto_id, it.producto_nombre, it.producto_sku, it.unidad,
       it.cantidad, it.precio_lista_centavos, it.precio_unitario_centavos, it.oferta_id,
       it.reserva_id, it.subtotal_centavos, it.costo_unitario_centavos, now});
}

void InsertPago(store::Tx& tx, const NewVentaPago& p, core::Timestamp now) {
  tx.Exec(
      "INSERT INTO venta_pagos (id, venta_id, metodo, monto_centavos, recibido_centavos, "
      "vuelto_centavos, referencia, monto_reintegrado_centavos, creado_en) VALUES ($1, $2, $3, "
      "$4, $5, $6, $7, 0, $8)",
      {p.id, p.venta_id, p.metodo, p.monto_centavos, p.recibido_centavos, p.vuelto_centavos,
       p.referencia, now});
}

std::optional<Venta> FindVenta(store::Tx& tx, std::string_view id, bool lock) {
  const bool pg_lock = lock && tx.dialect() == store::Dialect::kPostgres;
  auto r = tx.QueryOne(
      "SELECT v.id, v.numero, v.sesion_caja_id, v.ubicacion_id, v.usuario_id, u.nombre AS "
      "usuario_nombre, v.estado, v.total_centavos, v.devuelto_centavos, v.riesgo_confirmado, "
      "v.creado_offline_en, v.catalogo_generado_en, v.observaciones, v.creado_en, v.cliente_id, "
      "c.nombre AS cliente_nombre, c.saldo_centavos AS cliente_saldo FROM ventas v JOIN "
      "usuarios u ON u.id = v.usuario_id LEFT JOIN clientes c ON c.id = v.cliente_id WHERE v.id "
      "= $1" +
          std::string(pg_lock ? " FOR UPDATE OF v" : ""),
      {std::string(id)});
  if (!r) return std::nullopt;
  Venta out;
  auto& v = out.venta;
  v.id = r->Text("id");
  v.numero = r->Int("numero");
  v.sesion_caja_id = r->Text("sesion_caja_id");
  v.ubicacion_id = r->Text("ubicacion_id");
  v.usuario_id = r->Text("usuario_id");
  v.usuario_nombre = r->Text("usuario_nombre");
  v.estado = r->Text("estado");
  v.total_centavos = r->Int("total_centavos");
  v.devuelto_centavos = r->Int("devuelto_centavos");
  v.riesgo_confirmado = r->Bool("riesgo_confirmado");
  v.creado_offline_en = r->OptTime("creado_offline_en");
  v.catalogo_generado_en = r->OptTime("catalogo_generado_en");
  v.observaciones = r->OptText("observaciones");
  v.creado_en = r->Time("creado_en");
  v.cliente_id = r->OptText("cliente_id");
  v.cliente_nombre = r->OptText("cliente_nombre");
  v.cliente_saldo_centavos = r->OptInt("cliente_saldo");

  for (const auto& i :
       tx.Query("SELECT id, producto_id, producto_nombre, producto_sku, unidad, cantidad, "
                "precio_lista_centavos, precio_unitario_centavos, oferta_id, reserva_id, "
                "subtotal_centavos, costo_unitario_centavos, cantidad_devuelta, "
                "monto_devuelto_centavos FROM venta_items WHERE venta_id = $1 ORDER BY id" +
                    std::string(pg_lock ? " FOR UPDATE" : ""),
                {v.id})) {
    VentaItemRow it;
    it.id = i.Text("id");
    it.producto_id = i.Text("producto_id");
    it.producto_nombre = i.Text("producto_nombre");
    it.producto_sku = i.Text("producto_sku");
    it.unidad = i.Text("unidad");
    it.cantidad = i.Int("cantidad");
    it.precio_lista_centavos = i.Int("precio_lista_centavos");
    it.precio_unitario_centavos = i.Int("precio_unitario_centavos");
    it.oferta_id = i.OptText("oferta_id");
    it.reserva_id = i.OptText("reserva_id");
    it.subtotal_centavos = i.Int("subtotal_centavos");
    it.costo_unitario_centavos = i.OptInt("costo_unitario_centavos");
    it.cantidad_devuelta = i.Int("cantidad_devuelta");
    it.monto_devuelto_centavos = i.Int("monto_devuelto_centavos");
    out.items.push_back(std::move(it));
  }
  for (const auto& p :
       tx.Query("SELECT id, metodo, monto_centavos, recibido_centavos, vuelto_centavos, "
                "referencia, monto_reintegrado_centavos FROM venta_pagos WHERE venta_id = $1 "
                "ORDER BY id" +
                    std::string(pg_lock ? " FOR UPDATE" : ""),
                {v.id})) {
    VentaPagoRow pr;
    pr.id = p.Text("id");
    pr.metodo = p.Text("metodo");
    pr.monto_centavos = p.Int("monto_centavos");
    pr.recibido_centavos = p.OptInt("recibido_centavos");
    pr.vuelto_centavos = p.Int("vuelto_centavos");
    pr.referencia = p.OptText("referencia");
    pr.monto_reintegrado_centavos = p.Int("monto_reintegrado_centavos");
    out.pagos.push_back(std::move(pr));
  }
  std::stable_sort(out.pagos.begin(), out.pagos.end(), [](const auto& a, const auto& b) {
    return MetodoRank(a.metodo) < MetodoRank(b.metodo);
  });
  return out;
}

std::map<std::string, std::vector<stock::LotDelta>> ItemLots(store::Tx& tx,
                                                             std::string_view venta_id) {
  std::map<std::string, std::vector<stock::LotDelta>> out;
  for (const auto& r : tx.Query(
           "SELECT m.venta_item_id, ml.lote_id, ml.cantidad_delta FROM movimientos_deposito m "
           "JOIN movimiento_lotes ml ON ml.movimiento_id = m.id WHERE m.venta_id = $1 AND m.tipo "
           "= 'venta' AND m.venta_item_id IS NOT NULL ORDER BY m.secuencia, ml.lote_id",
           {std::string(venta_id)})) {
    auto& v = out[r.Text(0)];
    std::string lote = r.Text(1);
    std::int64_t q = -r.Int(2);
    auto it = std::find_if(v.begin(), v.end(),
                           [&](const stock::LotDelta& d) { return d.lote_id == lote; });
    if (it == v.end()) {
      v.push_back({lote, q});
    } else {
      it->delta += q;
    }
  }
  return out;
}

std::vector<DevolucionRow> Devoluciones(store::Tx& tx, std::string_view venta_id) {
  std::vector<DevolucionRow> out;
  for (const auto& r : tx.Query(
           "SELECT d.id, d.numero, d.tipo, d.reingresa_stock, d.sesion_caja_id, d.usuario_id, "
           "u.nombre AS usuario_nombre, d.motivo, d.total_centavos, d.creado_en FROM devoluciones "
           "d JOIN usuarios u ON u.id = d.usuario_id WHERE d.venta_id = $1 ORDER BY d.creado_en, "
           "d.numero",
           {std::string(venta_id)})) {
    DevolucionRow d;
    d.id = r.Text("id");
    d.numero = r.Int("numero");
    d.tipo = r.Text("tipo");
    d.reingresa_stock = r.Bool("reingresa_stock");
    d.sesion_caja_id = r.OptText("sesion_caja_id");
    d.usuario_id = r.Text("usuario_id");
    d.usuario_nombre = r.Text("usuario_nombre");
    d.motivo = r.Text("motivo");
    d.total_centavos = r.Int("total_centavos");
    d.creado_en = r.Time("creado_en");
    for (const auto& i : tx.Query("SELECT venta_item_id, cantidad, monto_centavos FROM "
                                  "devolucion_items WHERE devolucion_id = $1 ORDER BY "
                                  "venta_item_id",
                                  {d.id})) {
      d.items.push_back({i.Text(0), i.Int(1), i.Int(2)});
    }
    for (const auto& i : tx.Query("SELECT metodo, monto_centavos FROM devolucion_reintegros "
                                  "WHERE devolucion_id = $1",
                                  {d.id})) {
      d.reintegros.push_back({i.Text(0), i.Int(1)});
    }
    std::stable_sort(d.reintegros.begin(), d.reintegros.end(), [](const auto& a, const auto& b) {
      return MetodoRank(a.metodo) < MetodoRank(b.metodo);
    });
    out.push_back(std::move(d));
  }
  return out;
}

}  // namespace mm::services::sale_store
