#include "api/request.hpp"

namespace mm::api {

bool IEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

std::optional<std::string_view> Request::Header(std::string_view name) const {
  for (const auto& [k, v] : headers) {
    if (IEquals(k, name)) return std::string_view(v);
  }
  return std::nullopt;
}

std::optional<std::string_view> Request::QueryParam(std::string_view name) const {
  for (const auto& [k, v] : query) {
    if (k == name) return std::string_view(v);
  }
  return std::nullopt;
}

services::RequestMeta Request::Meta() const {
  services::RequestMeta m;
  m.principal = principal;
  m.request_id = request_id;
  m.ip = client_ip;
  m.user_agent = std::string(Header("User-Agent").value_or(""));
  m.deadline = deadline;
  return m;
}

const boost::json::object* Request::JsonObject() const {
  if (!json || !json->is_object()) return nullptr;
  return &json->get_object();
}

}  // namespace mm::api
