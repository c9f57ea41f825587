// A category's markup band as pricing sees it (domain.md §1.1): the effective minimum is the
// first non-null markup_minimo_bp walking up from the category; the maximum likewise with
// markup_maximo_bp; the midpoint of the effective band is the default markup of a product that
// has none of its own (before the store's markup_defecto_bp).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "store/tx.hpp"

namespace mm::services {

struct MarkupBand {
  std::optional<std::int64_t> minimo_bp;           // none → no minimum
  std::optional<std::string> minimo_categoria_id;  // the category the minimum comes from
  std::optional<std::int64_t> maximo_bp;
  // floor((min + max) / 2) when both bounds are known; when inherited bounds cross (min > max)
  // the minimum binds and the midpoint is the minimum. nullopt unless both are known.
  std::optional<std::int64_t> punto_medio_bp;
};

// Walks up from `categoria_id` (inactive categories included: the band is the tree's, not the
// row's state). No category, or an unknown id, gives an empty band. Reads only; the caller owns
// the transaction (and its locks).
[[nodiscard]] MarkupBand EffectiveMarkupBand(store::Tx& tx,
                                             const std::optional<std::string>& categoria_id);

}  // namespace mm::services
