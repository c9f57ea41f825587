// The operator's user and key commands: `minimarket user add|list|passwd|disable` and
// `minimarket keys rotate` (architecture.md §7). They write the same audit rows as the API.
#include <iostream>

#include "app/application.hpp"
#include "app/application_state.hpp"
#include "services/user_store.hpp"

namespace mm::app {

namespace {

services::RequestMeta CliMeta() {
  services::RequestMeta meta;
  meta.request_id = "cli";
  meta.user_agent = "minimarket CLI";
  return meta;
}

}  // namespace

int Application::UserAdd(const UserCommand& cmd) {
  OpenDatabase();
  if (!ApplyMigrations()) return 1;
  BuildAuth();
  auto rol = core::ParseRole(cmd.rol);
  if (!rol) {
    std::cerr << "minimarket user add: rol inválido (admin, deposito, ventas o usuario)\n";
    return 2;
  }
  if (!cmd.password) {
    std::cerr << "minimarket user add: pasá la contraseña con --password o --password-stdin\n";
    return 2;
  }
  services::NewUser u;
  u.email = cmd.email;
  for (char& c : u.email) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  u.nombre = cmd.nombre.empty() ? u.email : cmd.nombre;
  u.rol = *rol;
  u.password = cmd.password;
  u.must_change_password = cmd.temporal;
  auto r = auth_->users->Create(std::nullopt, CliMeta(), u);
  if (!r.ok()) {
    std::cerr << "minimarket user add: " << r.error().Message() << "\n";
    return 1;
  }
  std::cout << "Usuario creado: " << u.email << " (" << cmd.rol << ")\n";
  return 0;
}

int Application::UserList() {
  OpenDatabase();
  if (!ApplyMigrations()) return 1;
  BuildAuth();
  services::UserFilter f;
  f.limit = 1000;
  auto rows = auth_->users->List(f, nullptr);
  for (const auto& u : *rows) {
    std::cout << u.email << "\t" << core::RoleName(u.rol) << "\t"
              << (u.activo ? "activo" : "inactivo") << "\t" << u.nombre << "\n";
  }
  return 0;
}

namespace {

std::optional<services::UserRow> ByEmail(services::Env& env, std::string email) {
  for (char& c : email) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return env.db.Read([&](store::Tx& tx) { return services::user_store::FindByEmail(tx, email); });
}

}  // namespace

int Application::UserPasswd(const UserCommand& cmd) {
  OpenDatabase();
  if (!ApplyMigrations()) return 1;
  BuildAuth();
  auto u = ByEmail(*state_->env, cmd.email);
  if (!u) {
    std::cerr << "minimarket user passwd: no existe el usuario " << cmd.email << "\n";
    return 1;
  }
  if (!cmd.password) {
    std::cerr << "minimarket user passwd: pasá la contraseña con --password o --password-stdin\n";
    return 2;
  }
  auto r = auth_->users->ResetPassword(std::nullopt, CliMeta(), u->id, cmd.password);
  if (!r.ok()) {
    std::cerr << "minimarket user passwd: " << r.error().Message() << "\n";
    return 1;
  }
  std::cout << "Contraseña cambiada para " << u->email
            << "; tendrá que elegir una nueva al ingresar.\n";
  return 0;
}

int Application::UserDisable(const std::string& email) {
  OpenDatabase();
  if (!ApplyMigrations()) return 1;
  BuildAuth();
  auto u = ByEmail(*state_->env, email);
  if (!u) {
    std::cerr << "minimarket user disable: no existe el usuario " << email << "\n";
    return 1;
  }
  services::UserPatch p;
  p.activo = false;
  auto r = auth_->users->Update(CliMeta(), u->id, p);
  if (!r.ok()) {
    std::cerr << "minimarket user disable: " << r.error().Message() << "\n";
    return 1;
  }
  std::cout << "Usuario desactivado: " << u->email << " (sesiones cerradas)\n";
  return 0;
}

int Application::KeysRotate() {
  OpenDatabase();
  if (!ApplyMigrations()) return 1;
  BuildAuth();
  std::string kid = auth_->keys->Rotate(CliMeta());
  std::cout << "Nueva clave de firma activa: " << kid
            << " (la anterior sigue verificando tokens 16 minutos)\n";
  return 0;
}

}  // namespace mm::app
