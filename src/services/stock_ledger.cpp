#include "services/stock_ledger.hpp"

#include <algorithm>
#include <stdexcept>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "core/uuid.hpp"

namespace mm::services::stock {
namespace {

std::string LockClause(store::Tx& tx, Lock mode) {
  if (tx.dialect() != store::Dialect::kPostgres) return "";
  switch (mode) {
    case Lock::kShare:
      return " FOR SHARE";
    case Lock::kUpdate:
      return " FOR UPDATE";
    case Lock::kNone:
      break;
  }
  return "";
}

StockRow ReadStockRow(const store::Row& r) {
  StockRow s;
  s.id = r.Text("id");
  s.producto_id = r.Text("producto_id");
  s.ubicacion_id = r.Text("ubicacion_id");
  s.cantidad = r.Int("cantidad");
  s.stock_minimo = r.Int("stock_minimo");
  s.stock_maximo = r.OptInt("stock_maximo");
  s.secuencia = r.Int("secuencia");
  return s;
}

constexpr std::string_view kStockColumns =
    "id, producto_id, ubicacion_id, cantidad, stock_minimo, stock_maximo, secuencia";

// FEFO key: unexpired before expired; then expiry ascending with no-expiry last; then receipt
// time; then id.
bool FefoBefore(const Lot& a, const Lot& b, core::Date today) {
  bool ea = IsExpired(a, today), eb = IsExpired(b, today);
  if (ea != eb) return !ea;
  if (a.fecha_vencimiento != b.fecha_vencimiento) {
    if (!a.fecha_vencimiento) return false;
    if (!b.fecha_vencimiento) return true;
    return *a.fecha_vencimiento < *b.fecha_vencimiento;
  }
  if (a.ingresado_en != b.ingresado_en) return a.ingresado_en < b.ingresado_en;
  return a.id < b.id;
}

}  // namespace

core::Error InsufficientStock(const std::vector<Shortage>& items) {
  boost::json::array details;
  std::string message = "Stock insuficiente";
  for (std::size_t i = 0; i < items.size(); ++i) {
    const auto& s = items[i];
    details.push_back(boost::json::object{{"producto_id", s.producto_id},
                                          {"disponible", s.disponible},
                                          {"solicitado", s.solicitado}});
    message += (i == 0 ? " para " : "; ") + s.nombre + ": hay " + std::to_string(s.disponible) +
               " disponibles";
  }
  return core::Error(core::ErrorCode::kInsufficientStock, message + ".",
                     boost::json::object{{"items", std::move(details)}});
}

std::optional<ProductInfo> LockProduct(store::Tx& tx, std::string_view id, Lock mode) {
  auto r = tx.QueryOne(
      "SELECT id, nombre, sku, unidad, activo, controla_vencimiento, precio_venta_centavos, "
      "costo_centavos, proveedor_principal_id FROM productos WHERE id = $1" +
          LockClause(tx, mode),
      {std::string(id)});
  if (!r) return std::nullopt;
  ProductInfo p;
  p.id = r->Text("id");
  p.nombre = r->Text("nombre");
  p.sku = r->Text("sku");
  p.unidad = r->Text("unidad");
  p.activo = r->Bool("activo");
  p.controla_vencimiento = r->Bool("controla_vencimiento");
  p.precio_venta_centavos = r->Int("precio_venta_centavos");
  p.costo_centavos = r->OptInt("costo_centavos");
  p.proveedor_principal_id = r->OptText("proveedor_principal_id");
  return p;
}

std::optional<LocationInfo> FindLocation(store::Tx& tx, std::string_view id) {
  auto r = tx.QueryOne("SELECT id, nombre, es_venta, activo FROM ubicaciones WHERE id = $1",
                       {std::string(id)});
  if (!r) return std::nullopt;
  return LocationInfo{r->Text("id"), r->Text("nombre"), r->Bool("es_venta"), r->Bool("activo")};
}

std::string SalesLocationId(store::Tx& tx) {
  auto r = tx.QueryOne("SELECT id FROM ubicaciones WHERE es_venta = $1", {true});
  return r ? r->Text("id") : std::string(kPrincipalId);
}

StockRow LockStockRow(store::Tx& tx, core::Random& random, std::string_view producto_id,
                      std::string_view ubicacion_id, core::Timestamp now) {
  tx.Exec(
      "INSERT INTO stock_deposito (id, producto_id, ubicacion_id, cantidad, stock_minimo, "
      "secuencia, creado_en, actualizado_en) VALUES ($1, $2, $3, 0, 0, 0, $4, $4) "
      "ON CONFLICT (producto_id, ubicacion_id) DO NOTHING",
      {core::NewUuidV4(random), std::string(producto_id), std::string(ubicacion_id), now});
  auto r = tx.QueryOne("SELECT " + std::string(kStockColumns) +
                           " FROM stock_deposito WHERE producto_id = $1 AND ubicacion_id = $2" +
                           LockClause(tx, Lock::kUpdate),
                       {std::string(producto_id), std::string(ubicacion_id)});
  if (!r) throw std::logic_error("stock row vanished after insert");
  return ReadStockRow(*r);
}

std::optional<StockRow> FindStockRow(store::Tx& tx, std::string_view producto_id,
                                     std::string_view ubicacion_id) {
  auto r = tx.QueryOne("SELECT " + std::string(kStockColumns) +
                           " FROM stock_deposito WHERE producto_id = $1 AND ubicacion_id = $2",
                       {std::string(producto_id), std::string(ubicacion_id)});
  if (!r) return std::nullopt;
  return ReadStockRow(*r);
}

bool IsExpired(const Lot& lot, core::Date today) {
  return lot.fecha_vencimiento && *lot.fecha_vencimiento < core::FormatDate(today);
}

std::vector<Lot> LockLots(store::Tx& tx, const StockRow& row, core::Date today) {
  std::vector<Lot> lots;
  for (const auto& r : tx.Query("SELECT id, stock_id, lote, fecha_vencimiento, cantidad, "
                                "ingresado_en FROM stock_lotes WHERE stock_id = $1 ORDER BY id" +
                                    LockClause(tx, Lock::kUpdate),
                                {row.id})) {
    Lot l;
    l.id = r.Text("id");
    l.stock_id = r.Text("stock_id");
    l.lote = r.Text("lote");
    l.fecha_vencimiento = r.OptText("fecha_vencimiento");
    l.cantidad = r.Int("cantidad");
    l.ingresado_en = r.Time("ingresado_en");
    lots.push_back(std::move(l));
  }
  SortFefo(lots, today);
  return lots;
}

void SortFefo(std::vector<Lot>& lots, core::Date today) {
  std::sort(lots.begin(), lots.end(),
            [&](const Lot& a, const Lot& b) { return FefoBefore(a, b, today); });
}

std::string EffectivelyActive(std::string_view alias, std::string_view now_param) {
  std::string a = alias.empty() ? "" : std::string(alias) + ".";
  return "(" + a + "estado = 'activa' AND (" + a + "expira_en IS NULL OR " + a + "expira_en > " +
         std::string(now_param) + "))";
}

std::int64_t Reserved(store::Tx& tx, std::string_view producto_id, std::string_view ubicacion_id,
                      core::Timestamp now) {
  auto r = tx.QueryOne(
      "SELECT COALESCE(SUM(cantidad), 0) AS total FROM stock_reservado WHERE producto_id = $1 "
      "AND ubicacion_id = $2 AND " +
          EffectivelyActive("", "$3"),
      {std::string(producto_id), std::string(ubicacion_id), now});
  return r ? r->Int("total") : 0;
}

std::string EnsureLot(store::Tx& tx, core::Random& random, const StockRow& row,
                      std::vector<Lot>& lots, std::string_view lote,
                      const std::optional<std::string>& fecha_vencimiento,
                      core::Timestamp ingresado_en, core::Timestamp now) {
  for (const auto& l : lots) {
    if (l.lote == lote && l.fecha_vencimiento == fecha_vencimiento) return l.id;
  }
  Lot l;
  l.id = core::NewUuidV4(random);
  l.stock_id = row.id;
  l.lote = std::string(lote);
  l.fecha_vencimiento = fecha_vencimiento;
  l.cantidad = 0;
  l.ingresado_en = ingresado_en;
  tx.Exec(
      "INSERT INTO stock_lotes (id, stock_id, producto_id, lote, fecha_vencimiento, cantidad, "
      "ingresado_en, creado_en, actualizado_en) VALUES ($1, $2, $3, $4, $5, 0, $6, $7, $7)",
      {l.id, row.id, row.producto_id, l.lote, fecha_vencimiento, ingresado_en, now});
  lots.push_back(l);
  return l.id;
}

std::optional<std::vector<LotDelta>> PlanOutflow(const std::vector<Lot>& fefo,
                                                 std::int64_t cantidad,
                                                 const std::optional<std::string>& lote_id) {
  std::vector<LotDelta> out;
  std::int64_t left = cantidad;
  for (const auto& l : fefo) {
    if (left == 0) break;
    if (lote_id && l.id != *lote_id) continue;
    std::int64_t take = std::min(left, l.cantidad);
    if (take <= 0) continue;
    out.push_back({l.id, -take});
    left -= take;
  }
  if (left > 0) return std::nullopt;
  return out;
}

MovementRecord ApplyMovement(store::Tx& tx, core::Random& random, StockRow& row,
                             std::vector<Lot>& lots, const MovementSpec& spec,
                             core::Timestamp now) {
  std::int64_t delta = 0;
  for (const auto& d : spec.lots) {
    if (d.delta == 0) throw std::logic_error("lot delta of zero");
    auto it =
        std::find_if(lots.begin(), lots.end(), [&](const Lot& l) { return l.id == d.lote_id; });
    if (it == lots.end()) throw std::logic_error("lot not in the locked stock row");
    if (it->cantidad + d.delta < 0) throw std::logic_error("lot would go below zero");
    delta += d.delta;
  }
  if (delta == 0) throw std::logic_error("movement without quantity");
  if (row.cantidad + delta < 0) throw std::logic_error("stock would go below zero");

  MovementRecord m;
  m.id = core::NewUuidV4(random);
  m.producto_id = row.producto_id;
  m.ubicacion_id = row.ubicacion_id;
  m.tipo = spec.tipo;
  m.delta = delta;
  m.anterior = row.cantidad;
  m.nueva = row.cantidad + delta;
  m.secuencia = row.secuencia + 1;
  m.creado_en = now;
  m.lots = spec.lots;

  tx.Exec(
      "UPDATE stock_deposito SET cantidad = $1, secuencia = $2, ultimo_movimiento_en = $3, "
      "actualizado_en = $3 WHERE id = $4 AND secuencia = $5",
      {m.nueva, m.secuencia, now, row.id, row.secuencia});
  tx.Exec(
      "INSERT INTO movimientos_deposito (id, producto_id, ubicacion_id, tipo, cantidad_delta, "
      "cantidad_anterior, cantidad_nueva, secuencia, motivo, observaciones, proveedor_id, "
      "orden_compra_id, recepcion_id, transferencia_id, venta_id, venta_item_id, devolucion_id, "
      "pedido_id, pedido_item_id, usuario_id, creado_en) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, "
      "$9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21)",
      {m.id, m.producto_id, m.ubicacion_id, m.tipo, m.delta, m.anterior, m.nueva, m.secuencia,
       spec.motivo, spec.observaciones, spec.proveedor_id, spec.orden_compra_id, spec.recepcion_id,
       spec.transferencia_id, spec.venta_id, spec.venta_item_id, spec.devolucion_id,
       spec.pedido_id, spec.pedido_item_id, spec.usuario_id, now});
  for (const auto& d : spec.lots) {
    auto it =
        std::find_if(lots.begin(), lots.end(), [&](const Lot& l) { return l.id == d.lote_id; });
    it->cantidad += d.delta;
    tx.Exec("UPDATE stock_lotes SET cantidad = $1, actualizado_en = $2 WHERE id = $3",
            {it->cantidad, now, it->id});
    tx.Exec(
        "INSERT INTO movimiento_lotes (movimiento_id, lote_id, cantidad_delta) VALUES ($1, $2, $3)",
        {m.id, d.lote_id, d.delta});
  }
  row.cantidad = m.nueva;
  row.secuencia = m.secuencia;
  return m;
}

}  // namespace mm::services::stock
