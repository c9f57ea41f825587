// Staff accounts (api.md §3.5): create, list, edit role and status, reset password, end
// sessions, unlock. Every write is audited in its transaction and moves the `usuarios` cache
// namespace, so every instance applies it within seconds.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <boost/json/array.hpp>

#include "core/result.hpp"
#include "services/context.hpp"
#include "services/idempotency.hpp"
#include "services/login_lockout.hpp"
#include "services/password_hasher.hpp"
#include "services/user_state_cache.hpp"
#include "services/user_store.hpp"

namespace mm::services {

struct NewUser {
  std::string email;  // normalised (lower case)
  std::string nombre;
  core::Role rol = core::Role::kUsuario;
  std::optional<std::string> password;  // absent: a 16-character one is generated
  bool must_change_password = true;
};

struct UserPatch {
  std::optional<std::string> nombre;
  std::optional<core::Role> rol;
  std::optional<bool> activo;
  std::optional<std::int64_t> version;
};

class Users {
 public:
  Users(Env& env, const PasswordHasher& hasher, Idempotency& idempotency, UserStateCache& cache);

  // 201 {usuario, password_temporal?}: a generated password is returned this once only.
  core::Result<IdempotentReply> Create(const std::optional<IdempotencyKey>& key,
                                       const RequestMeta& meta, const NewUser& user);
  core::Result<std::vector<UserRow>> List(const UserFilter& filter, std::int64_t* total);
  core::Result<UserRow> Get(const std::string& id);
  core::Result<UserRow> Update(const RequestMeta& meta, const std::string& id,
                               const UserPatch& patch);
  // 200 {password_temporal?}; the user must change it at the next login.
  core::Result<IdempotentReply> ResetPassword(const std::optional<IdempotencyKey>& key,
                                              const RequestMeta& meta, const std::string& id,
                                              const std::optional<std::string>& password);
  core::Result<std::int64_t> RevokeSessions(const RequestMeta& meta, const std::string& id);
  core::Status Unlock(const RequestMeta& meta, const std::string& id);
  boost::json::array Dropdown();

  // A random password that passes the policy.
  std::string GeneratePassword();

 private:
  void FillLock(store::Tx& tx, UserRow& u);
  void Changed(store::Tx& tx);

  Env& env_;
  const PasswordHasher& hasher_;
  Idempotency& idempotency_;
  UserStateCache& cache_;
};

}  // namespace mm::services
