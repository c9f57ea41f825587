// The order state machine (domain.md §2.4 "Change order state"; I25): pendiente → preparando |
// cancelado; preparando → listo | cancelado; listo → entregado | cancelado; entregado and
// cancelado are terminal. Also the errors every order operation refuses a state with.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

#include "core/error.hpp"

namespace mm::services::order_state {

// The cache namespace order writes bump (domain.md §4 groups orders with their customers).
inline constexpr std::string_view kCacheNamespace = "clientes";

// The states `estado` may move to (empty for the terminal ones).
[[nodiscard]] std::vector<std::string> Next(std::string_view estado);
[[nodiscard]] bool Allows(std::string_view from, std::string_view to);

// 409 INVALID_STATE_TRANSITION {estado_actual, permitidos (Next(estado_actual))} plus `extra`.
[[nodiscard]] core::Error Refused(const std::string& estado_actual, std::string message,
                                  boost::json::object extra = {});

}  // namespace mm::services::order_state
