#include "app/config_keys.hpp"

namespace mm::app {

// Stock movements (domain.md §2.1).
void AddStockKeys(std::vector<ConfigKey>& keys) {
  keys.push_back({"stock.movimiento_grande_umbral", KeyType::kInt, "100",
                  "Un movimiento de esta cantidad o más (en valor absoluto) se audita como "
                  "`movimiento_grande` (advertencia)"});
}

}  // namespace mm::app
