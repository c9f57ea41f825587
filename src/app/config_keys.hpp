// The configuration keys, declared by area so each module owns its part of the one registry.
#pragma once

#include <vector>

#include "app/config.hpp"

namespace mm::app {

void AddServerKeys(std::vector<ConfigKey>& keys);     // config_keys_server.cpp
void AddAuthKeys(std::vector<ConfigKey>& keys);       // config_keys_auth.cpp
void AddRateLimitKeys(std::vector<ConfigKey>& keys);  // config_keys_rate_limit.cpp
void AddStockKeys(std::vector<ConfigKey>& keys);      // config_keys_stock.cpp
void AddPosKeys(std::vector<ConfigKey>& keys);        // config_keys_pos.cpp
void AddStoreKeys(std::vector<ConfigKey>& keys);      // config_keys_store.cpp

}  // namespace mm::app
