#include "app/config_keys.hpp"

namespace mm::app {

// Rate-limit quotas per policy (api.md §4).
void AddRateLimitKeys(std::vector<ConfigKey>& keys) { (void)keys; }

}  // namespace mm::app
