#include "services/demo_users.hpp"

#include "core/uuid.hpp"
#include "services/cache_versions.hpp"
#include "services/password_hasher.hpp"
#include "services/user_store.hpp"

namespace mm::services {
namespace {

struct DemoUser {
  const char* email;
  const char* nombre;
  core::Role rol;
};

constexpr DemoUser kDemoUsers[] = {
    {"admin@demo.local", "Marta Giménez (dueña)", core::Role::kAdmin},
    {"deposito@demo.local", "Julián Peña (depósito)", core::Role::kDeposito},
    {"ventas@demo.local", "Sofía Ibáñez (caja)", core::Role::kVentas},
    {"usuario@demo.local", "Tomás Núñez (repositor)", core::Role::kUsuario},
};

}  // namespace

const std::vector<std::string>& DemoUserEmails() {
  static const std::vector<std::string> emails = [] {
    std::vector<std::string> out;
    for (const auto& u : kDemoUsers) out.emplace_back(u.email);
    return out;
  }();
  return emails;
}

Seed DemoUsersSeed() {
  return Seed{
      "usuarios de demostración",
      [](store::Tx& tx) { return user_store::FindByEmail(tx, kDemoUsers[0].email).has_value(); },
      [](store::Tx& tx, Env& env) {
        PasswordHasher hasher;
        std::string hash = hasher.Hash(kDemoPassword);
        auto now = env.clock.Now();
        for (const auto& d : kDemoUsers) {
          if (user_store::FindByEmail(tx, d.email)) continue;
          UserRow u;
          u.id = core::NewUuidV4(env.random);
          u.email = d.email;
          u.nombre = d.nombre;
          u.rol = d.rol;
          u.password_hash = hash;
          u.tokens_invalidados_en = TruncateToSeconds(now);
          u.creado_en = now;
          user_store::Insert(tx, u, now);
        }
        BumpCacheVersion(tx, "usuarios", now);
      }};
}

std::vector<std::string> ActiveDemoUsers(store::Tx& tx) {
  std::vector<std::string> out;
  for (const auto& email : DemoUserEmails()) {
    auto u = user_store::FindByEmail(tx, email);
    if (u && u->activo) out.push_back(email);
  }
  return out;
}

RequestMeta DemoMeta(const std::string& user_id, core::Role role) {
  RequestMeta meta;
  meta.principal.user_id = user_id;
  meta.principal.role = role;
  meta.request_id = "demo-data";
  return meta;
}

}  // namespace mm::services
