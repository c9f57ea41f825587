// `minimarket preflight`: is this configuration safe for production? serve runs it when
// environment = "production" and refuses to start on any failure (architecture.md §7).
#pragma once

#include <string>
#include <vector>

#include "app/config.hpp"

namespace mm::app {

// Every problem found, in Spanish; empty when safe.
[[nodiscard]] std::vector<std::string> Preflight(const Config& cfg);

}  // namespace mm::app
