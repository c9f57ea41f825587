#include "app/store_settings_defaults.hpp"

#include <charconv>

namespace mm::app {

services::StoreSettingsDefaults StoreSettingsDefaultsFrom(const Config& config) {
  services::StoreSettingsDefaults d;
  d.nombre = config.Str("store.nombre");
  d.markup_defecto_bp = config.Int("precios.markup_defecto_bp");
  d.redondeo_centavos = config.Int("precios.redondeo_centavos");
  d.tolerancia_caja_centavos = config.Int("caja.tolerancia_centavos");
  d.denominaciones_centavos.clear();
  for (const auto& item : config.List("caja.denominaciones_centavos")) {
    std::int64_t v = -1;
    auto [end, ec] = std::from_chars(item.data(), item.data() + item.size(), v);
    if (ec != std::errc() || end != item.data() + item.size()) v = -1;
    d.denominaciones_centavos.push_back(v);
  }
  return d;
}

}  // namespace mm::app
