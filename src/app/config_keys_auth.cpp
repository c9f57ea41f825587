#include "app/config_keys.hpp"

namespace mm::app {

// Authentication: tokens, sessions, lockout, signing keys (api.md §3, hardening.md).
void AddAuthKeys(std::vector<ConfigKey>& keys) { (void)keys; }

}  // namespace mm::app
