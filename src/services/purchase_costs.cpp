#include "services/purchase_costs.hpp"

#include <stdexcept>

#include "core/money.hpp"
#include "core/uuid.hpp"
#include "services/cache_versions.hpp"

namespace mm::services {
namespace {

constexpr std::string_view kReadProduct =
    "SELECT precio_venta_centavos, costo_centavos FROM productos WHERE id = $1";

constexpr std::string_view kInsertCompra = R"sql(
INSERT INTO precios_compra (id, producto_id, proveedor_id, costo_unitario_centavos, origen,
                            recepcion_linea_id, usuario_id, creado_en)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8))sql";

constexpr std::string_view kUpdateCost = R"sql(
UPDATE productos SET costo_centavos = $2, actualizado_en = $3, actualizado_por = $4,
                     version = version + 1
WHERE id = $1)sql";

constexpr std::string_view kInsertHistory = R"sql(
INSERT INTO precios_historicos (id, producto_id, precio_anterior_centavos, precio_nuevo_centavos,
                                costo_anterior_centavos, costo_nuevo_centavos, markup_bp,
                                variacion_bp, motivo, origen, aprobado_bajo_minimo, usuario_id,
                                creado_en)
VALUES ($1, $2, $3, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12))sql";

std::optional<std::string> UserOrNull(const RequestMeta& meta) {
  if (meta.principal.user_id.empty()) return std::nullopt;
  return meta.principal.user_id;
}

std::string DefaultMotivo(const std::string& origen) {
  if (origen == "recepcion") return "Costo de recepción de mercadería";
  if (origen == "aplicar_precio") return "Precio aplicado";
  return "Costo de compra registrado";
}

}  // namespace

PurchaseCostResult RecordPurchaseCost(store::Tx& tx, Env& env, const RequestMeta& meta,
                                      const PurchaseCost& c) {
  if (c.costo_unitario_centavos < 0) throw std::invalid_argument("costo negativo");
  if (c.origen != "manual" && c.origen != "recepcion" && c.origen != "factura") {
    throw std::invalid_argument("origen de precios_compra desconocido: " + c.origen);
  }
  if (c.historial_origen != "costo" && c.historial_origen != "recepcion" &&
      c.historial_origen != "aplicar_precio" && c.historial_origen != "factura") {
    throw std::invalid_argument("origen de precios_historicos desconocido: " + c.historial_origen);
  }
  auto product = tx.QueryOne(kReadProduct, {c.producto_id});
  if (!product) throw std::logic_error("RecordPurchaseCost: producto inexistente");
  const std::int64_t precio = product->Int("precio_venta_centavos");
  PurchaseCostResult result;
  result.costo_anterior = product->OptInt("costo_centavos");
  result.cambio = result.costo_anterior != c.costo_unitario_centavos;

  const core::Timestamp now = env.clock.Now();
  const auto usuario = UserOrNull(meta);
  InsertPurchaseCostRow(tx, env, meta, c);
  if (result.cambio) {
    tx.Exec(kUpdateCost, {c.producto_id, c.costo_unitario_centavos, now, usuario});
    std::optional<std::int64_t> markup;
    if (precio > 0) markup = core::MarkupBp(precio, c.costo_unitario_centavos);
    const std::string motivo = c.motivo.empty() ? DefaultMotivo(c.historial_origen) : c.motivo;
    tx.Exec(kInsertHistory,
            {core::NewUuidV4(env.random), c.producto_id, precio, result.costo_anterior,
             c.costo_unitario_centavos, markup, core::VariacionBp(precio, precio), motivo,
             c.historial_origen, false, usuario, now});
  }
  BumpCacheVersion(tx, "catalogo", now);
  BumpCacheVersion(tx, "precios", now);
  return result;
}

void InsertPurchaseCostRow(store::Tx& tx, Env& env, const RequestMeta& meta,
                           const PurchaseCost& c) {
  if (c.costo_unitario_centavos < 0) throw std::invalid_argument("costo negativo");
  tx.Exec(kInsertCompra,
          {core::NewUuidV4(env.random), c.producto_id, c.proveedor_id, c.costo_unitario_centavos,
           c.origen, c.recepcion_linea_id, UserOrNull(meta), env.clock.Now()});
}

}  // namespace mm::services
