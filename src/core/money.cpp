#include "core/money.hpp"

#include <stdexcept>

namespace mm::core {
namespace {

using Wide = __int128;

std::int64_t Narrow(Wide v) {
  if (v > INT64_MAX || v < INT64_MIN) throw std::overflow_error("money arithmetic overflow");
  return static_cast<std::int64_t>(v);
}

// floor(a / b) for b > 0.
Wide FloorDiv(Wide a, Wide b) {
  Wide q = a / b;
  if ((a % b != 0) && (a < 0)) --q;
  return q;
}

}  // namespace

std::int64_t RoundHalfUp(std::int64_t a, std::int64_t b, std::int64_t c) {
  if (a < 0 || b < 0 || c <= 0) throw std::invalid_argument("RoundHalfUp needs a, b ≥ 0, c > 0");
  return Narrow((Wide{a} * b + c / 2) / c);
}

std::int64_t CeilTo(std::int64_t x, std::int64_t m) {
  if (x < 0 || m <= 0) throw std::invalid_argument("CeilTo needs x ≥ 0, m > 0");
  return Narrow((Wide{x} + m - 1) / m * m);
}

std::int64_t UnitDivisor(std::string_view unidad) {
  return unidad == "g" || unidad == "ml" ? 1000 : 1;
}

std::int64_t LineAmount(std::int64_t cantidad, std::int64_t precio_centavos,
                        std::string_view unidad) {
  return RoundHalfUp(cantidad, precio_centavos, UnitDivisor(unidad));
}

std::optional<std::int64_t> MarkupBp(std::int64_t precio, std::int64_t costo) {
  if (costo <= 0) return std::nullopt;
  return Narrow(FloorDiv((Wide{precio} - costo) * 10000, costo));
}

std::optional<std::int64_t> MargenBp(std::int64_t precio, std::int64_t costo) {
  if (precio <= 0) return std::nullopt;
  return Narrow(FloorDiv((Wide{precio} - costo) * 10000, precio));
}

std::int64_t PriceFromMarkup(std::int64_t costo, std::int64_t markup_bp,
                             std::int64_t redondeo_centavos) {
  if (costo < 0 || markup_bp < 0) throw std::invalid_argument("PriceFromMarkup needs costo, markup ≥ 0");
  // Ceiling, not rounding: the resulting markup is never below the one asked for.
  Wide exact = (Wide{costo} * (10000 + markup_bp) + 9999) / 10000;
  return CeilTo(Narrow(exact), redondeo_centavos);
}

std::optional<std::int64_t> VariacionBp(std::int64_t anterior, std::int64_t nuevo) {
  if (anterior == 0) return std::nullopt;
  return Narrow((Wide{nuevo} - anterior) * 10000 / anterior);
}

}  // namespace mm::core
