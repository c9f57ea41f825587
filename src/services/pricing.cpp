#include "services/pricing.hpp"

#include "core/money.hpp"
#include "core/uuid.hpp"
#include "services/audit.hpp"
#include "services/cache_versions.hpp"
#include "services/category_markup.hpp"
#include "services/purchase_costs.hpp"

namespace mm::services {
namespace {

namespace json = boost::json;
using core::Error;
using core::ErrorCode;

struct ProductPricing {
  std::string id;
  bool activo = true;
  std::int64_t precio = 0;
  std::optional<std::int64_t> costo;
  std::optional<std::int64_t> markup_bp;
  std::optional<std::string> categoria_id;
};

std::optional<ProductPricing> ReadProduct(store::Tx& tx, const std::string& id, bool lock) {
  std::string sql =
      "SELECT id, activo, precio_venta_centavos, costo_centavos, markup_bp, categoria_id "
      "FROM productos WHERE id = $1";
  if (lock && tx.dialect() == store::Dialect::kPostgres) sql += " FOR UPDATE";
  auto row = tx.QueryOne(sql, {id});
  if (!row) return std::nullopt;
  ProductPricing p;
  p.id = row->Text("id");
  p.activo = row->Bool("activo");
  p.precio = row->Int("precio_venta_centavos");
  p.costo = row->OptInt("costo_centavos");
  p.markup_bp = row->OptInt("markup_bp");
  p.categoria_id = row->OptText("categoria_id");
  return p;
}

std::optional<std::string> UserOrNull(const RequestMeta& meta) {
  if (meta.principal.user_id.empty()) return std::nullopt;
  return meta.principal.user_id;
}

json::value OptInt(const std::optional<std::int64_t>& v) {
  if (!v) return nullptr;
  return json::value(*v);
}

// Markup of a sale price over a cost; null while the product is not sellable or has no cost.
std::optional<std::int64_t> CurrentMarkup(std::int64_t precio, std::optional<std::int64_t> costo) {
  if (precio <= 0 || !costo) return std::nullopt;
  return core::MarkupBp(precio, *costo);
}

SuggestedMarkup DefaultMarkup(store::Tx& tx, const ProductPricing& p,
                              const StoreSettingsRow& settings) {
  if (p.markup_bp) return {p.id, *p.markup_bp, "producto"};
  if (auto mid = EffectiveMarkupBand(tx, p.categoria_id).punto_medio_bp) {
    return {p.id, *mid, "categoria"};
  }
  return {p.id, settings.markup_defecto_bp, "defecto"};
}

Error MarginBelowMinimum(std::int64_t markup, std::int64_t minimo) {
  Error e(ErrorCode::kMarginBelowMinimum,
          "El markup queda por debajo del mínimo de la categoría. Aprobalo explícitamente si "
          "corresponde.");
  e.details["markup_bp"] = markup;
  e.details["markup_minimo_bp"] = minimo;
  return e;
}

constexpr std::string_view kUpdatePrice = R"sql(
UPDATE productos SET precio_venta_centavos = $2, costo_centavos = $3, actualizado_en = $4,
                     actualizado_por = $5, version = version + 1
WHERE id = $1)sql";

constexpr std::string_view kInsertHistory = R"sql(
INSERT INTO precios_historicos (id, producto_id, precio_anterior_centavos, precio_nuevo_centavos,
                                costo_anterior_centavos, costo_nuevo_centavos, markup_bp,
                                variacion_bp, motivo, origen, aprobado_bajo_minimo, usuario_id,
                                creado_en)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'aplicar_precio', $10, $11, $12))sql";

}  // namespace

Pricing::Pricing(Env& env, Idempotency& idempotency, StoreSettings& settings)
    : env_(env), idempotency_(idempotency), settings_(settings) {}

core::Result<IdempotentReply> Pricing::Apply(const std::optional<IdempotencyKey>& key,
                                             const RequestMeta& meta, const ApplyPriceInput& in) {
  return idempotency_.Run(key, meta, [&](store::Tx& tx) -> core::Result<Outcome> {
    auto p = ReadProduct(tx, in.producto_id, true);
    if (!p) return Error::ReferenceNotFound("producto_id");
    if (!p->activo) return Error(ErrorCode::kProductInactive);
    const StoreSettingsRow settings = settings_.Get(tx);
    const MarkupBand band = EffectiveMarkupBand(tx, p->categoria_id);
    const std::int64_t markup =
        in.markup_bp ? *in.markup_bp : DefaultMarkup(tx, *p, settings).markup_sugerido_bp;
    const bool below = band.minimo_bp && markup < *band.minimo_bp;
    if (below && !in.aprobar_bajo_minimo) return MarginBelowMinimum(markup, *band.minimo_bp);
    const std::int64_t precio =
        core::PriceFromMarkup(in.costo_centavos, markup, settings.redondeo_centavos);
    if (precio > core::kMaxCentavos) {
      return Error::Validation(
          {{"markup_bp", "rango", "El precio resultante supera el máximo de $ 1.000.000.000."}});
    }
    const bool cost_changed = p->costo != in.costo_centavos;
    const bool price_changed = p->precio != precio;
    json::object data{{"producto_id", p->id},
                      {"costo_centavos", in.costo_centavos},
                      {"markup_bp", markup},
                      {"precio_anterior_centavos", p->precio},
                      {"precio_calculado_centavos", precio},
                      {"precio_venta_centavos", precio},
                      {"margen_bruto_bp", OptInt(core::MargenBp(precio, in.costo_centavos))},
                      {"sin_cambios", !cost_changed && !price_changed}};
    if (!cost_changed && !price_changed) return Outcome{200, std::move(data), {}};

    const auto now = env_.clock.Now();
    const auto usuario = UserOrNull(meta);
    const std::string motivo = in.motivo.value_or("Precio aplicado");
    tx.Exec(kUpdatePrice, {p->id, precio, in.costo_centavos, now, usuario});
    if (cost_changed) {
      InsertPurchaseCostRow(tx, env_, meta,
                            PurchaseCost{p->id, std::nullopt, in.costo_centavos, "manual",
                                         std::nullopt, motivo, "aplicar_precio"});
    }
    tx.Exec(kInsertHistory, {core::NewUuidV4(env_.random), p->id, p->precio, precio, p->costo,
                             in.costo_centavos, core::MarkupBp(precio, in.costo_centavos),
                             core::VariacionBp(p->precio, precio), motivo, below, usuario, now});
    json::object detalles{{"precio_anterior_centavos", p->precio},
                          {"precio_nuevo_centavos", precio},
                          {"costo_anterior_centavos", OptInt(p->costo)},
                          {"costo_nuevo_centavos", in.costo_centavos},
                          {"markup_bp", markup}};
    if (below) {
      detalles["aprobado_bajo_minimo"] = true;
      detalles["markup_minimo_bp"] = *band.minimo_bp;
    }
    RecordAudit(tx, env_, meta,
                AuditEntry{core::AuditAction::kPrecioAplicado, "producto", p->id,
                           below ? core::AuditLevel::kWarning : core::AuditLevel::kInfo,
                           std::move(detalles)});
    BumpCacheVersion(tx, "catalogo", now);
    BumpCacheVersion(tx, "precios", now);
    return Outcome{200, std::move(data), {}};
  });
}

core::Result<IdempotentReply> Pricing::RecordCost(const std::optional<IdempotencyKey>& key,
                                                  const RequestMeta& meta,
                                                  const RecordCostInput& in) {
  return idempotency_.Run(key, meta, [&](store::Tx& tx) -> core::Result<Outcome> {
    auto p = ReadProduct(tx, in.producto_id, true);
    if (!p) return Error::ReferenceNotFound("producto_id");
    if (in.proveedor_id &&
        !tx.QueryOne("SELECT id FROM proveedores WHERE id = $1", {*in.proveedor_id})) {
      return Error::ReferenceNotFound("proveedor_id");
    }
    if (!p->activo) return Error(ErrorCode::kProductInactive);
    auto r = RecordPurchaseCost(tx, env_, meta,
                                PurchaseCost{p->id, in.proveedor_id, in.costo_centavos, "manual",
                                             std::nullopt, in.motivo.value_or(""), "costo"});
    const auto markup = CurrentMarkup(p->precio, in.costo_centavos);
    const auto band = EffectiveMarkupBand(tx, p->categoria_id);
    const bool bajo_minimo = markup && band.minimo_bp && *markup < *band.minimo_bp;
    json::object detalles{{"costo_anterior_centavos", OptInt(r.costo_anterior)},
                          {"costo_nuevo_centavos", in.costo_centavos}};
    if (in.proveedor_id) detalles["proveedor_id"] = *in.proveedor_id;
    RecordAudit(tx, env_, meta,
                AuditEntry{core::AuditAction::kCostoRegistrado, "producto", p->id,
                           core::AuditLevel::kInfo, std::move(detalles)});
    json::object data{{"producto_id", p->id},
                      {"costo_centavos", in.costo_centavos},
                      {"markup_bp", OptInt(markup)},
                      {"margen_bruto_bp", OptInt(core::MargenBp(p->precio, in.costo_centavos))},
                      {"markup_minimo_bp", OptInt(band.minimo_bp)},
                      {"bajo_minimo", bajo_minimo}};
    return Outcome{201, std::move(data), p->id};
  });
}

core::Result<Rounding> Pricing::Round(std::int64_t precio_centavos) {
  return env_.db.Read([&](store::Tx& tx) -> core::Result<Rounding> {
    const auto settings = settings_.Get(tx);
    return Rounding{precio_centavos, core::CeilTo(precio_centavos, settings.redondeo_centavos)};
  });
}

core::Result<std::vector<PriceHistoryRow>> Pricing::History(const std::string& producto_id,
                                                            const PriceHistoryFilter& f,
                                                            std::int64_t* total) {
  return env_.db.Read([&](store::Tx& tx) -> core::Result<std::vector<PriceHistoryRow>> {
    if (!ReadProduct(tx, producto_id, false)) return Error::NotFound("producto");
    std::string where = " WHERE h.producto_id = $1";
    std::vector<store::Value> params{producto_id};
    if (f.desde) {
      params.emplace_back(*f.desde);
      where += " AND h.creado_en >= $" + std::to_string(params.size());
    }
    if (f.hasta) {
      params.emplace_back(*f.hasta);
      where += " AND h.creado_en <= $" + std::to_string(params.size());
    }
    *total = tx.Query("SELECT COUNT(*) FROM precios_historicos h" + where, params).at(0).Int(0);
    params.emplace_back(f.limit);
    params.emplace_back(f.offset);
    const std::string sql =
        "SELECT h.id, h.precio_anterior_centavos, h.precio_nuevo_centavos, h.variacion_bp, "
        "h.costo_anterior_centavos, h.costo_nuevo_centavos, h.markup_bp, h.motivo, h.origen, "
        "h.aprobado_bajo_minimo, h.usuario_id, u.nombre AS usuario_nombre, h.creado_en "
        "FROM precios_historicos h LEFT JOIN usuarios u ON u.id = h.usuario_id" +
        where + " ORDER BY h.creado_en DESC, h.id DESC LIMIT $" +
        std::to_string(params.size() - 1) + " OFFSET $" + std::to_string(params.size());
    std::vector<PriceHistoryRow> out;
    for (const auto& row : tx.Query(sql, params)) {
      PriceHistoryRow h;
      h.id = row.Text("id");
      h.precio_anterior_centavos = row.Int("precio_anterior_centavos");
      h.precio_nuevo_centavos = row.Int("precio_nuevo_centavos");
      h.variacion_bp = row.OptInt("variacion_bp");
      h.costo_anterior_centavos = row.OptInt("costo_anterior_centavos");
      h.costo_nuevo_centavos = row.OptInt("costo_nuevo_centavos");
      h.markup_bp = row.OptInt("markup_bp");
      h.motivo = row.Text("motivo");
      h.origen = row.Text("origen");
      h.aprobado_bajo_minimo = row.Bool("aprobado_bajo_minimo");
      h.usuario_id = row.OptText("usuario_id");
      h.usuario_nombre = row.OptText("usuario_nombre");
      h.creado_en = row.Time("creado_en");
      out.push_back(std::move(h));
    }
    return out;
  });
}

core::Result<SuggestedMarkup> Pricing::Suggest(const std::string& producto_id) {
  return env_.db.Read([&](store::Tx& tx) -> core::Result<SuggestedMarkup> {
    auto p = ReadProduct(tx, producto_id, false);
    if (!p) return Error::NotFound("producto");
    return DefaultMarkup(tx, *p, settings_.Get(tx));
  });
}

}  // namespace mm::services
