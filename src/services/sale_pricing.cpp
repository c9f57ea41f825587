#include "services/sale_pricing.hpp"

#include <algorithm>
#include <map>

#include "core/money.hpp"

namespace mm::services::sale_pricing {

std::vector<MergedLine> MergeLines(const std::vector<LineIn>& lines) {
  std::map<std::string, MergedLine> by_product;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const auto& l = lines[i];
    auto [it, inserted] = by_product.try_emplace(l.producto_id);
    MergedLine& m = it->second;
    if (inserted) {
      m.producto_id = l.producto_id;
      m.first_index = i;
    }
    m.cantidad += l.cantidad;
    if (l.reserva_id && std::find(m.reserva_ids.begin(), m.reserva_ids.end(), *l.reserva_id) ==
                            m.reserva_ids.end()) {
      m.reserva_ids.push_back(*l.reserva_id);
    }
  }
  std::vector<MergedLine> out;
  out.reserve(by_product.size());
  for (auto& [id, m] : by_product) out.push_back(std::move(m));
  return out;
}

std::vector<LotTake> AllocateFefo(const std::vector<stock::Lot>& fefo, std::int64_t cantidad) {
  std::vector<LotTake> out;
  std::int64_t left = cantidad;
  for (const auto& l : fefo) {
    if (left <= 0) break;
    std::int64_t take = std::min(left, l.cantidad);
    if (take <= 0) continue;
    out.push_back({l.id, take});
    left -= take;
  }
  return out;
}

std::int64_t CoveredUnits(std::int64_t precio_venta_centavos, std::int64_t cantidad,
                          const std::optional<Offer>& offer, const std::vector<LotTake>& plan) {
  if (!offer || offer->precio_oferta_centavos >= precio_venta_centavos) return 0;
  if (!offer->lote_id) return cantidad;
  std::int64_t cap = 0;
  for (const auto& t : plan) {
    if (t.lote_id == *offer->lote_id) cap += t.cantidad;
  }
  if (offer->max_units) cap = std::min(cap, *offer->max_units);
  return std::clamp<std::int64_t>(cap, 0, cantidad);
}

namespace {

// Moves up to `n` units from `pool` into `out`, from the takes that satisfy `pick`, in order.
template <typename Pick>
std::int64_t Drain(std::vector<LotTake>& pool, std::int64_t n, std::vector<LotTake>& out,
                   Pick pick) {
  for (auto& t : pool) {
    if (n <= 0) break;
    if (t.cantidad <= 0 || !pick(t)) continue;
    std::int64_t take = std::min(n, t.cantidad);
    auto it = std::find_if(out.begin(), out.end(),
                           [&](const LotTake& o) { return o.lote_id == t.lote_id; });
    if (it == out.end()) {
      out.push_back({t.lote_id, take});
    } else {
      it->cantidad += take;
    }
    t.cantidad -= take;
    n -= take;
  }
  return n;
}

}  // namespace

std::vector<PricedItem> PriceProduct(std::string_view producto_id, std::string_view unidad,
                                     std::int64_t precio_venta_centavos, std::int64_t cantidad,
                                     const std::optional<Offer>& offer,
                                     const std::vector<LotTake>& plan) {
  std::vector<PricedItem> out;
  const std::int64_t covered = CoveredUnits(precio_venta_centavos, cantidad, offer, plan);
  std::vector<LotTake> pool = plan;
  if (covered > 0) {
    PricedItem it;
    it.producto_id = std::string(producto_id);
    it.cantidad = covered;
    it.precio_lista_centavos = precio_venta_centavos;
    it.precio_unitario_centavos = std::min(offer->precio_oferta_centavos, precio_venta_centavos);
    it.oferta_id = offer->id;
    it.subtotal_centavos = core::LineAmount(covered, it.precio_unitario_centavos, unidad);
    std::int64_t left = covered;
    if (offer->lote_id) {
      left = Drain(pool, left, it.lots,
                   [&](const LotTake& t) { return t.lote_id == *offer->lote_id; });
    }
    Drain(pool, left, it.lots, [](const LotTake&) { return true; });
    out.push_back(std::move(it));
  }
  if (cantidad > covered) {
    PricedItem it;
    it.producto_id = std::string(producto_id);
    it.cantidad = cantidad - covered;
    it.precio_lista_centavos = precio_venta_centavos;
    it.precio_unitario_centavos = precio_venta_centavos;
    it.subtotal_centavos = core::LineAmount(it.cantidad, precio_venta_centavos, unidad);
    Drain(pool, it.cantidad, it.lots, [](const LotTake&) { return true; });
    out.push_back(std::move(it));
  }
  return out;
}

core::Timestamp SnapshotCutoff(core::Timestamp catalogo_generado_en) {
  auto ms = std::chrono::floor<std::chrono::milliseconds>(catalogo_generado_en);
  return std::chrono::time_point_cast<std::chrono::microseconds>(ms) +
         std::chrono::microseconds(999);
}

bool SnapshotOutOfBounds(core::Timestamp catalogo_generado_en, core::Timestamp creado_offline_en,
                         core::Timestamp now, std::int64_t max_edad_h) {
  if (catalogo_generado_en > now) return true;
  return creado_offline_en - catalogo_generado_en > std::chrono::hours(max_edad_h);
}

std::int64_t PriceAt(const std::optional<PriceChange>& latest_at_or_before,
                     const std::optional<PriceChange>& first_after, std::int64_t current) {
  if (latest_at_or_before) return latest_at_or_before->precio_nuevo_centavos;
  if (first_after) return first_after->precio_anterior_centavos;
  return current;
}

bool OfferInForce(core::Timestamp creado_en, core::Timestamp vence_en,
                  const std::optional<core::Timestamp>& desactivada_en, core::Timestamp t) {
  core::Timestamp end = vence_en;
  if (desactivada_en && *desactivada_en < end) end = *desactivada_en;
  return creado_en <= t && t < end;
}

}  // namespace mm::services::sale_pricing
