#include "services/product_store.hpp"

#include <cstdio>

#include "core/money.hpp"
#include "core/normalize.hpp"
#include "services/catalog_common.hpp"
#include "services/stock_ledger.hpp"
#include "services/text_search.hpp"

namespace mm::services {
namespace {

constexpr std::string_view kFts = "productos_fts";

std::string FormatSku(std::int64_t n) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "P-%06lld", static_cast<long long>(n));
  return buf;
}

}  // namespace

namespace product_store {

const std::string_view kSelectFrom = R"sql(
SELECT p.id, p.nombre, p.sku, p.codigo_barras, p.marca, p.contenido_neto, p.descripcion,
       p.categoria_id, p.proveedor_principal_id, p.unidad, p.precio_venta_centavos,
       p.costo_centavos, p.markup_bp, p.controla_vencimiento, p.activo, p.version, p.creado_por,
       p.actualizado_por, p.creado_en, p.actualizado_en, c.nombre AS categoria_nombre,
       s.nombre AS proveedor_nombre
FROM productos p
LEFT JOIN categorias c ON c.id = p.categoria_id
LEFT JOIN proveedores s ON s.id = p.proveedor_principal_id )sql";

ProductRow Map(const store::Row& r) {
  ProductRow p;
  p.id = r.Text(0);
  p.nombre = r.Text(1);
  p.sku = r.Text(2);
  p.codigo_barras = r.OptText(3);
  p.marca = r.OptText(4);
  p.contenido_neto = r.OptText(5);
  p.descripcion = r.OptText(6);
  p.categoria_id = r.OptText(7);
  p.proveedor_principal_id = r.OptText(8);
  p.unidad = r.Text(9);
  p.precio_venta_centavos = r.Int(10);
  p.costo_centavos = r.OptInt(11);
  p.markup_bp = r.OptInt(12);
  p.controla_vencimiento = r.Bool(13);
  p.activo = r.Bool(14);
  p.version = r.Int(15);
  p.creado_por = r.OptText(16);
  p.actualizado_por = r.OptText(17);
  p.creado_en = r.Time(18);
  p.actualizado_en = r.Time(19);
  p.categoria_nombre = r.OptText(20);
  p.proveedor_nombre = r.OptText(21);
  return p;
}

std::optional<ProductRow> FindById(store::Tx& tx, const std::string& id, bool for_update) {
  std::string sql = std::string(kSelectFrom) + "WHERE p.id = $1";
  if (for_update && tx.dialect() == store::Dialect::kPostgres) sql += " FOR UPDATE OF p";
  auto row = tx.QueryOne(sql, {id});
  if (!row) return std::nullopt;
  return Map(*row);
}

std::optional<std::string> FindIdBySku(store::Tx& tx, const std::string& sku) {
  auto row = tx.QueryOne("SELECT id FROM productos WHERE sku = $1", {sku});
  if (!row) return std::nullopt;
  return row->Text(0);
}

std::optional<std::string> FindIdByBarcode(store::Tx& tx, const std::string& codigo_barras) {
  auto row = tx.QueryOne("SELECT id FROM productos WHERE codigo_barras = $1", {codigo_barras});
  if (!row) return std::nullopt;
  return row->Text(0);
}

std::string NextSku(store::Tx& tx) {
  if (tx.dialect() == store::Dialect::kPostgres) {
    while (true) {
      std::string sku = FormatSku(tx.QueryOne("SELECT nextval('productos_sku_seq')")->Int(0));
      if (!FindIdBySku(tx, sku)) return sku;
    }
  }
  auto last = tx.QueryOne(
      "SELECT sku FROM productos WHERE sku GLOB 'P-[0-9][0-9][0-9][0-9][0-9][0-9]' "
      "ORDER BY sku DESC LIMIT 1");
  std::int64_t n = last ? std::stoll(last->Text(0).substr(2)) + 1 : 1;
  while (true) {
    std::string sku = FormatSku(n++);
    if (!FindIdBySku(tx, sku)) return sku;
  }
}

std::string SearchText(const ProductRow& p) {
  std::string text = p.nombre;
  for (const auto* part : {&p.marca, &p.codigo_barras}) {
    if (*part) text += " " + **part;
  }
  text += " " + p.sku;
  return core::NormalizeSearch(text);
}

void Insert(store::Tx& tx, const ProductRow& p) {
  std::string busqueda = SearchText(p);
  tx.Exec(R"sql(
INSERT INTO productos (id, nombre, nombre_normalizado, busqueda_normalizado, descripcion, marca,
                       contenido_neto, sku, codigo_barras, categoria_id, proveedor_principal_id,
                       unidad, precio_venta_centavos, costo_centavos, markup_bp,
                       controla_vencimiento, activo, version, creado_por, actualizado_por,
                       creado_en, actualizado_en)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, 0, $18, $19,
        $20, $21))sql",
          {p.id,
           p.nombre,
           core::NormalizeSearch(p.nombre),
           busqueda,
           p.descripcion,
           p.marca,
           p.contenido_neto,
           p.sku,
           p.codigo_barras,
           p.categoria_id,
           p.proveedor_principal_id,
           p.unidad,
           p.precio_venta_centavos,
           p.costo_centavos,
           p.markup_bp,
           p.controla_vencimiento,
           p.activo,
           p.creado_por,
           p.actualizado_por,
           p.creado_en,
           p.actualizado_en});
  WriteFtsRow(tx, kFts, p.id, busqueda, true);
}

bool Update(store::Tx& tx, const ProductRow& p, core::Timestamp now) {
  std::string busqueda = SearchText(p);
  bool written = tx.Exec(R"sql(
UPDATE productos SET nombre = $2, nombre_normalizado = $3, busqueda_normalizado = $4,
  descripcion = $5, marca = $6, contenido_neto = $7, sku = $8, codigo_barras = $9,
  categoria_id = $10, proveedor_principal_id = $11, unidad = $12, precio_venta_centavos = $13,
  costo_centavos = $14, markup_bp = $15, controla_vencimiento = $16, activo = $17,
  actualizado_por = $18, version = version + 1, actualizado_en = $19
WHERE id = $1 AND version = $20)sql",
                         {p.id,
                          p.nombre,
                          core::NormalizeSearch(p.nombre),
                          busqueda,
                          p.descripcion,
                          p.marca,
                          p.contenido_neto,
                          p.sku,
                          p.codigo_barras,
                          p.categoria_id,
                          p.proveedor_principal_id,
                          p.unidad,
                          p.precio_venta_centavos,
                          p.costo_centavos,
                          p.markup_bp,
                          p.controla_vencimiento,
                          p.activo,
                          p.actualizado_por,
                          now,
                          p.version}) == 1;
  if (written) WriteFtsRow(tx, kFts, p.id, busqueda, false);
  return written;
}

ProductStock StockOf(store::Tx& tx, const std::string& id, core::Timestamp now) {
  ProductStock out;
  for (const auto& r : tx.Query(R"sql(
SELECT sd.cantidad,
       COALESCE((SELECT SUM(r.cantidad) FROM stock_reservado r
                 WHERE r.producto_id = sd.producto_id AND r.ubicacion_id = sd.ubicacion_id
                   AND )sql" + stock::EffectivelyActive("r", "$2") +
                                    R"sql(), 0)
FROM stock_deposito sd WHERE sd.producto_id = $1)sql",
                                {id, now})) {
    std::int64_t cantidad = r.Int(0);
    out.total += cantidad;
    out.disponible += std::max<std::int64_t>(0, cantidad - r.Int(1));
  }
  return out;
}

std::int64_t ActiveReserved(store::Tx& tx, const std::string& id, core::Timestamp now) {
  return tx
      .QueryOne(
          "SELECT COALESCE(SUM(cantidad), 0) FROM stock_reservado WHERE producto_id = $1 AND " +
              stock::EffectivelyActive("", "$2"),
          {id, now})
      ->Int(0);
}

std::int64_t OpenOrders(store::Tx& tx, const std::string& id) {
  return tx
      .QueryOne(
          "SELECT COUNT(DISTINCT p.id) FROM pedido_items i JOIN pedidos p ON p.id = i.pedido_id "
          "WHERE i.producto_id = $1 AND p.estado NOT IN ('entregado', 'cancelado')",
          {id})
      ->Int(0);
}

}  // namespace product_store

boost::json::object ProductJson(const ProductRow& p, bool with_costs) {
  boost::json::object o{{"id", p.id},
                        {"nombre", p.nombre},
                        {"sku", p.sku},
                        {"codigo_barras", JsonOrNull(p.codigo_barras)},
                        {"marca", JsonOrNull(p.marca)},
                        {"contenido_neto", JsonOrNull(p.contenido_neto)},
                        {"descripcion", JsonOrNull(p.descripcion)},
                        {"unidad", p.unidad},
                        {"controla_vencimiento", p.controla_vencimiento}};
  o["categoria"] = p.categoria_id
                       ? boost::json::value(boost::json::object{
                             {"id", *p.categoria_id}, {"nombre", p.categoria_nombre.value_or("")}})
                       : boost::json::value(nullptr);
  o["proveedor_principal"] =
      p.proveedor_principal_id
          ? boost::json::value(boost::json::object{{"id", *p.proveedor_principal_id},
                                                   {"nombre", p.proveedor_nombre.value_or("")}})
          : boost::json::value(nullptr);
  o["precio_venta_centavos"] = p.precio_venta_centavos;
  if (with_costs) {
    o["costo_centavos"] = JsonOrNull(p.costo_centavos);
    o["markup_bp"] = JsonOrNull(p.markup_bp);
    o["margen_bruto_bp"] =
        p.costo_centavos ? JsonOrNull(core::MargenBp(p.precio_venta_centavos, *p.costo_centavos))
                         : boost::json::value(nullptr);
  }
  o["activo"] = p.activo;
  o["creado_en"] = core::FormatApiTimestamp(p.creado_en);
  o["actualizado_en"] = core::FormatApiTimestamp(p.actualizado_en);
  o["version"] = p.version;
  return o;
}

}  // namespace mm::services
