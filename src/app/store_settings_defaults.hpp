// The configuration values the ajustes_tienda row is seeded from on first start (decision 30).
#pragma once

#include "app/config.hpp"
#include "services/store_settings.hpp"

namespace mm::app {

// store.nombre, precios.markup_defecto_bp, precios.redondeo_centavos, caja.tolerancia_centavos,
// caja.denominaciones_centavos. A list item that is not an integer becomes -1, which the seed
// reports as out of range.
[[nodiscard]] services::StoreSettingsDefaults StoreSettingsDefaultsFrom(const Config& config);

}  // namespace mm::app
