// Integer money and rate arithmetic (domain.md §0). Money is int64 centavos end to end and never
// passes through floating point (I39); intermediates are 128-bit.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace mm::core {

// Core limits of domain.md §0.
inline constexpr std::int64_t kMaxCantidad = 1'000'000;
inline constexpr std::int64_t kMaxCentavos = 100'000'000'000;  // 10^11

// round_half_up(a·b / c) = (a·b + c/2) / c on non-negative integers; c > 0.
[[nodiscard]] std::int64_t RoundHalfUp(std::int64_t a, std::int64_t b, std::int64_t c);
// Rounds x up to a multiple of m (m ≥ 1); x ≥ 0.
[[nodiscard]] std::int64_t CeilTo(std::int64_t x, std::int64_t m);

// Quantities are in the product's unit: `u` (divisor 1), `g` or `ml` (price per kg or litre,
// divisor 1000). Unknown units count as `u`.
[[nodiscard]] std::int64_t UnitDivisor(std::string_view unidad);
// A line amount: round_half_up(cantidad × precio / divisor).
[[nodiscard]] std::int64_t LineAmount(std::int64_t cantidad, std::int64_t precio_centavos,
                                      std::string_view unidad);

// Markup over cost, floor((precio − costo) × 10000 / costo); nullopt when costo ≤ 0. Negative when
// the price is below cost.
[[nodiscard]] std::optional<std::int64_t> MarkupBp(std::int64_t precio, std::int64_t costo);
// Gross margin over price, floor((precio − costo) × 10000 / precio); nullopt when precio ≤ 0.
[[nodiscard]] std::optional<std::int64_t> MargenBp(std::int64_t precio, std::int64_t costo);
// Sale price from cost and markup: ceil_to(⌈costo × (10000 + markup) / 10000⌉, redondeo), the
// *Apply price* rule of domain.md §2.5. Rounding up keeps MarkupBp(result, costo) ≥ markup.
[[nodiscard]] std::int64_t PriceFromMarkup(std::int64_t costo, std::int64_t markup_bp,
                                           std::int64_t redondeo_centavos);
// (nuevo − anterior) × 10000 / anterior, truncated toward zero; nullopt when anterior = 0.
[[nodiscard]] std::optional<std::int64_t> VariacionBp(std::int64_t anterior, std::int64_t nuevo);

}  // namespace mm::core
