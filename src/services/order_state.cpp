#include "services/order_state.hpp"

#include <algorithm>

#include <boost/json/array.hpp>

namespace mm::services::order_state {

std::vector<std::string> Next(std::string_view estado) {
  if (estado == "pendiente") return {"preparando", "cancelado"};
  if (estado == "preparando") return {"listo", "cancelado"};
  if (estado == "listo") return {"entregado", "cancelado"};
  return {};
}

bool Allows(std::string_view from, std::string_view to) {
  const auto next = Next(from);
  return std::find(next.begin(), next.end(), to) != next.end();
}

core::Error Refused(const std::string& estado_actual, std::string message,
                    boost::json::object extra) {
  boost::json::array permitidos;
  for (const auto& s : Next(estado_actual)) permitidos.emplace_back(s);
  boost::json::object details{{"estado_actual", estado_actual},
                              {"permitidos", std::move(permitidos)}};
  for (auto& [k, v] : extra) details[k] = std::move(v);
  return core::Error(core::ErrorCode::kInvalidStateTransition, std::move(message),
                     std::move(details));
}

}  // namespace mm::services::order_state
