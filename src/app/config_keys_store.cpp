#include "app/config_keys.hpp"

namespace mm::app {

// Store settings (domain.md §1.9): the ajustes_tienda row is seeded from these keys on first
// start; from then on the row wins and an admin changes it in /api/config/tienda (decision 30).
void AddStoreKeys(std::vector<ConfigKey>& keys) {
  keys.insert(
      keys.end(),
      {
          {"store.nombre", KeyType::kString, "Mini Market",
           "Nombre de la tienda (tickets); solo siembra ajustes_tienda en el primer arranque"},
          {"precios.markup_defecto_bp", KeyType::kInt, "3000",
           "Markup sobre costo por defecto (pb, 0–100000); solo siembra ajustes_tienda"},
          {"precios.redondeo_centavos", KeyType::kInt, "1",
           "Paso de redondeo hacia arriba del precio de venta (centavos, 1–100000); solo siembra "
           "ajustes_tienda"},
          {"caja.tolerancia_centavos", KeyType::kInt, "1000",
           "Diferencia de arqueo tolerada (centavos, 0–100000000); solo siembra ajustes_tienda"},
          {"caja.denominaciones_centavos", KeyType::kList,
           "1000,2000,5000,10000,20000,50000,100000,200000,1000000,2000000",
           "Billetes y monedas para el arqueo (centavos, 1–20 distintos); solo siembra "
           "ajustes_tienda"},
      });
}

}  // namespace mm::app
