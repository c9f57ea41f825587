// Pricing of a POS sale (domain.md §2.3 steps 4–8, §1.6 ofertas, decision 25): lines merged per
// product, FEFO allocation over the lots, offer splits, one item per (product, unit price) with
// its subtotal, and the rules for pricing an offline sale as of its catalogue snapshot. Pure
// functions: the sale and the quote (services/sales.cpp) read the rows and call these.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/store_calendar.hpp"
#include "services/stock_ledger.hpp"

namespace mm::services::sale_pricing {

// One line as the client sent it.
struct LineIn {
  std::string producto_id;
  std::int64_t cantidad = 0;
  std::optional<std::string> reserva_id;
};

// The lines of one product, merged.
struct MergedLine {
  std::string producto_id;
  std::int64_t cantidad = 0;
  std::vector<std::string> reserva_ids;  // distinct, in input order
  std::size_t first_index = 0;           // index of the product's first input line
};

// Merges the lines of each product; the result is in ascending producto_id (the lock order).
std::vector<MergedLine> MergeLines(const std::vector<LineIn>& lines);

// Units taken from one lot (> 0).
struct LotTake {
  std::string lote_id;
  std::int64_t cantidad = 0;
};

// Takes up to `cantidad` from `fefo` (already in FEFO order), lot by lot. The result holds less
// than `cantidad` when the lots hold less (a quote short of stock).
std::vector<LotTake> AllocateFefo(const std::vector<stock::Lot>& fefo, std::int64_t cantidad);

// The offer that applies to a product at the sales location.
struct Offer {
  std::string id;
  std::optional<std::string> lote_id;  // only that lot's units get the price
  std::int64_t precio_oferta_centavos = 0;
  // For a lot offer of an offline sale: the units the lot held at the snapshot instant. A lot
  // offer covers the units the allocation takes from its lot (I19: offer units come from the
  // offer's lot), and at most these.
  std::optional<std::int64_t> max_units;
};

struct PricedItem {
  std::string producto_id;
  std::int64_t cantidad = 0;
  std::int64_t precio_lista_centavos = 0;
  std::int64_t precio_unitario_centavos = 0;
  std::optional<std::string> oferta_id;
  std::int64_t subtotal_centavos = 0;
  std::vector<LotTake> lots;  // where this item's units come from (may be short in a quote)
};

// How many of `cantidad` units the offer covers given the allocation `plan`. 0 when the offer
// price is not below the list price (min(oferta, lista) = lista: nothing is discounted, and
// the units stay in the list-priced item, one item per unit price).
std::int64_t CoveredUnits(std::int64_t precio_venta_centavos, std::int64_t cantidad,
                          const std::optional<Offer>& offer, const std::vector<LotTake>& plan);

// Prices `cantidad` units of one product: the covered units at min(oferta, lista) carrying
// oferta_id (an item of their own), the rest at the list price. The offer item takes its units
// from the offered lot first, then from the other lots in plan order; the list item takes the
// rest. subtotal = round_half_up(cantidad × unitario / divisor) (core::LineAmount).
std::vector<PricedItem> PriceProduct(std::string_view producto_id, std::string_view unidad,
                                     std::int64_t precio_venta_centavos, std::int64_t cantidad,
                                     const std::optional<Offer>& offer,
                                     const std::vector<LotTake>& plan);

// --- Offline sales (decision 25) ---

// The instant a snapshot is read at: catalogo_generado_en comes with millisecond precision, so
// everything within that millisecond counts as in force (the last microsecond of it).
core::Timestamp SnapshotCutoff(core::Timestamp catalogo_generado_en);

// True when an offline sale's snapshot is out of bounds: more than `max_edad_h` hours before
// creado_offline_en, or later than `now` (409 CONFLICT venta_offline_fuera_de_plazo).
bool SnapshotOutOfBounds(core::Timestamp catalogo_generado_en, core::Timestamp creado_offline_en,
                         core::Timestamp now, std::int64_t max_edad_h);

struct PriceChange {
  core::Timestamp creado_en;
  std::int64_t precio_anterior_centavos = 0;
  std::int64_t precio_nuevo_centavos = 0;
};

// The sale price in force at an instant: precio_nuevo of the latest precios_historicos row at or
// before it, else precio_anterior of the first row after it, else the current price.
std::int64_t PriceAt(const std::optional<PriceChange>& latest_at_or_before,
                     const std::optional<PriceChange>& first_after, std::int64_t current);

// An offer was in force at t when creado_en ≤ t < min(vence_en, desactivada_en) (§1.6).
bool OfferInForce(core::Timestamp creado_en, core::Timestamp vence_en,
                  const std::optional<core::Timestamp>& desactivada_en, core::Timestamp t);

}  // namespace mm::services::sale_pricing
