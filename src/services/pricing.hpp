// Pricing (domain.md §2.5, api.md §6.2): apply a price from cost and markup, record a purchase
// cost, round a price with the store's step, the price history of a product and the suggested
// markup. Prices and costs change only here (and through RecordPurchaseCost for entries and
// receipts), so every change has exactly one history row (I26).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "services/context.hpp"
#include "services/idempotency.hpp"
#include "services/store_settings.hpp"

namespace mm::services {

struct ApplyPriceInput {
  std::string producto_id;
  std::int64_t costo_centavos = 0;        // 1..10^10 (validated by the caller)
  std::optional<std::int64_t> markup_bp;  // 0..100000; absent: the default chain
  bool aprobar_bajo_minimo = false;
  std::optional<std::string> motivo;  // ≤ 200
};

struct RecordCostInput {
  std::string producto_id;
  std::int64_t costo_centavos = 0;  // 0..10^10
  std::optional<std::string> proveedor_id;
  std::optional<std::string> motivo;
};

struct PriceHistoryFilter {
  std::optional<core::Timestamp> desde;
  std::optional<core::Timestamp> hasta;
  int limit = 50;
  int offset = 0;
};

struct PriceHistoryRow {
  std::string id;
  std::int64_t precio_anterior_centavos = 0;
  std::int64_t precio_nuevo_centavos = 0;
  std::optional<std::int64_t> variacion_bp;
  std::optional<std::int64_t> costo_anterior_centavos;
  std::optional<std::int64_t> costo_nuevo_centavos;
  std::optional<std::int64_t> markup_bp;
  std::string motivo;
  std::string origen;
  bool aprobado_bajo_minimo = false;
  std::optional<std::string> usuario_id;
  std::optional<std::string> usuario_nombre;
  core::Timestamp creado_en;
};

struct SuggestedMarkup {
  std::string producto_id;
  std::int64_t markup_sugerido_bp = 0;
  std::string fuente;  // producto | categoria | defecto
};

struct Rounding {
  std::int64_t precio_centavos = 0;
  std::int64_t redondeado_centavos = 0;
};

class Pricing {
 public:
  Pricing(Env& env, Idempotency& idempotency, StoreSettings& settings);

  // 200 {producto_id, costo_centavos, markup_bp, precio_anterior_centavos,
  // precio_calculado_centavos, precio_venta_centavos, margen_bruto_bp, sin_cambios}.
  core::Result<IdempotentReply> Apply(const std::optional<IdempotencyKey>& key,
                                      const RequestMeta& meta, const ApplyPriceInput& in);
  // 201 {producto_id, costo_centavos, markup_bp, margen_bruto_bp, markup_minimo_bp, bajo_minimo}.
  core::Result<IdempotentReply> RecordCost(const std::optional<IdempotencyKey>& key,
                                           const RequestMeta& meta, const RecordCostInput& in);
  // The price rounded up to the store's step (ajustes_tienda.redondeo_centavos).
  core::Result<Rounding> Round(std::int64_t precio_centavos);
  // Newest first; 404 when the product does not exist.
  core::Result<std::vector<PriceHistoryRow>> History(const std::string& producto_id,
                                                     const PriceHistoryFilter& f,
                                                     std::int64_t* total);
  // 404 when the product does not exist.
  core::Result<SuggestedMarkup> Suggest(const std::string& producto_id);

 private:
  Env& env_;
  Idempotency& idempotency_;
  StoreSettings& settings_;
};

}  // namespace mm::services
