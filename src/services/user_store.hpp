// SQL over the usuarios table (domain.md §1.8). Callers own the transaction.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "core/clock.hpp"
#include "core/role.hpp"
#include "store/tx.hpp"

namespace mm::services {

struct UserRow {
  std::string id;
  std::string email;
  std::string nombre;
  core::Role rol = core::Role::kUsuario;
  std::string origen = "local";
  std::optional<std::string> password_hash;
  std::optional<std::string> externo_iss;  // origen "externo": the issuer and subject it maps
  std::optional<std::string> externo_sub;
  bool activo = true;
  bool debe_cambiar_password = false;
  core::Timestamp tokens_invalidados_en;
  std::optional<core::Timestamp> ultimo_login_en;
  std::optional<core::Timestamp> desbloqueo_en;  // from login_bloqueos, when locked
  std::int64_t version = 0;
  core::Timestamp creado_en;
};

struct UserFilter {
  std::vector<std::string> tokens;  // normalised search tokens (nombre, email)
  std::vector<core::Role> roles;
  std::optional<bool> activo;
  std::string sort = "nombre";  // nombre | email | -creado_en
  int limit = 50;
  int offset = 0;
};

namespace user_store {

// `for_update` locks the row (PostgreSQL FOR UPDATE; SQLite's writer already serialises).
std::optional<UserRow> FindById(store::Tx& tx, const std::string& id, bool for_update = false);
std::optional<UserRow> FindByEmail(store::Tx& tx, const std::string& email);
// The external user an issuer's subject maps to (api.md §3.2).
std::optional<UserRow> FindByExternal(store::Tx& tx, const std::string& iss, const std::string& sub,
                                      bool for_update = false);
std::vector<UserRow> List(store::Tx& tx, const UserFilter& f, std::int64_t* total);
std::int64_t CountActiveAdmins(store::Tx& tx);
void Insert(store::Tx& tx, const UserRow& u, core::Timestamp now);
// Writes every mutable column and bumps version; returns false when `expected_version` is stale.
bool Update(store::Tx& tx, const UserRow& u, core::Timestamp now);
void SetLastLogin(store::Tx& tx, const std::string& id, core::Timestamp now);
// Revokes every live refresh token of the user (optionally sparing one session).
std::int64_t RevokeSessions(store::Tx& tx, const std::string& user_id, core::Timestamp now,
                            const std::string& except_session = {});

}  // namespace user_store

// The admin view of a user (api.md §3.5).
[[nodiscard]] boost::json::object UserJson(const UserRow& u);
// Instants in the database are written truncated to whole seconds for tokens_invalidados_en,
// because a token's iat has second precision (a token issued in the same second survives).
[[nodiscard]] core::Timestamp TruncateToSeconds(core::Timestamp t);

}  // namespace mm::services
