#include "app/config_keys.hpp"

namespace mm::app {

// Point of sale (domain.md §2.3, decision 25).
void AddPosKeys(std::vector<ConfigKey>& keys) {
  keys.push_back({"pos.offline_max_edad_h", KeyType::kInt, "72",
                  "Antigüedad máxima, en horas, del catálogo con el que la caja vendió sin "
                  "conexión (respecto de `creado_offline_en`); una venta offline con un catálogo "
                  "más viejo se rechaza con `venta_offline_fuera_de_plazo`"});
}

}  // namespace mm::app
