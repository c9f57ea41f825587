#include "core/role.hpp"

namespace mm::core {

std::string_view RoleName(Role role) {
  switch (role) {
    case Role::kAdmin:
      return "admin";
    case Role::kDeposito:
      return "deposito";
    case Role::kVentas:
      return "ventas";
    case Role::kUsuario:
      return "usuario";
  }
  return "usuario";
}

std::optional<Role> ParseRole(std::string_view name) {
  for (Role r : kAllRoles) {
    if (RoleName(r) == name) return r;
  }
  return std::nullopt;
}

}  // namespace mm::core
