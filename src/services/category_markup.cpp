#include "services/category_markup.hpp"

#include <algorithm>

namespace mm::services {

namespace {
// categorias.nivel is 1..5; the guard only stops a corrupted (cyclic) tree from looping.
constexpr int kMaxWalk = 16;
}  // namespace

MarkupBand EffectiveMarkupBand(store::Tx& tx, const std::optional<std::string>& categoria_id) {
  MarkupBand band;
  std::optional<std::string> current = categoria_id;
  for (int step = 0; current && step < kMaxWalk; ++step) {
    auto row = tx.QueryOne(
        "SELECT parent_id, markup_minimo_bp, markup_maximo_bp FROM categorias WHERE id = $1",
        {*current});
    if (!row) break;
    if (!band.minimo_bp && !row->IsNull(1)) {
      band.minimo_bp = row->Int(1);
      band.minimo_categoria_id = *current;
    }
    if (!band.maximo_bp && !row->IsNull(2)) band.maximo_bp = row->Int(2);
    if (band.minimo_bp && band.maximo_bp) break;
    current = row->OptText(0);
  }
  if (band.minimo_bp && band.maximo_bp) {
    band.punto_medio_bp = std::max(*band.minimo_bp, (*band.minimo_bp + *band.maximo_bp) / 2);
  }
  return band;
}

}  // namespace mm::services
