// The four staff roles (api.md §1.8) and the authenticated principal of a request.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace mm::core {

enum class Role { kAdmin, kDeposito, kVentas, kUsuario };

inline constexpr Role kAllRoles[] = {Role::kAdmin, Role::kDeposito, Role::kVentas, Role::kUsuario};

[[nodiscard]] std::string_view RoleName(Role role);
[[nodiscard]] std::optional<Role> ParseRole(std::string_view name);

// Who makes a request. Anonymous requests have no user id.
struct Principal {
  std::string user_id;  // empty when anonymous
  std::optional<Role> role;
  std::string session_id;             // the token's sid
  bool must_change_password = false;  // only /auth/me, /auth/password, refresh and logout work

  [[nodiscard]] bool authenticated() const { return !user_id.empty(); }
  static Principal Anonymous() { return {}; }
};

}  // namespace mm::core
