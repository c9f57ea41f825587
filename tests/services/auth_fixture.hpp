// Users, sessions and tokens over a migrated database of each backend, on a test clock.
#pragma once

#include <memory>

#include <boost/json/parse.hpp>

#include "service_fixture.hpp"
#include "services/access_tokens.hpp"
#include "services/idempotency.hpp"
#include "services/password_hasher.hpp"
#include "services/secret_box.hpp"
#include "services/sessions.hpp"
#include "services/signing_keys.hpp"
#include "services/user_state_cache.hpp"
#include "services/users.hpp"

namespace mm::services {

class AuthTest : public ServiceTest {
 protected:
  void SetUp() override {
    ServiceTest::SetUp();
    MasterKey key{};
    random_.Fill(key);
    box_ = std::make_unique<SecretBox>(key);
    keys_ = std::make_unique<SigningKeys>(*env_, *box_, std::chrono::seconds(960));
    keys_->EnsureActive();
    tokens_ = std::make_unique<AccessTokens>(AccessTokenOptions{}, clock_, random_, *keys_);
    cache_ = std::make_unique<UserStateCache>(*env_);
    cache_->Reload();
    idem_ = std::make_unique<Idempotency>(*env_, std::chrono::hours(24));
    users_ = std::make_unique<Users>(*env_, hasher_, *idem_, *cache_);
    SessionOptions so;
    so.refresh_idle = std::chrono::hours(8);
    so.session_max = std::chrono::hours(24);
    sessions_ = std::make_unique<Sessions>(*env_, hasher_, *tokens_, *cache_, so);
    admin_ = CreateUser("dueno@tienda.local", core::Role::kAdmin);
  }

  // Creates an active user with the password kPassword; returns its id.
  std::string CreateUser(const std::string& email, core::Role role, bool temporal = false) {
    NewUser u;
    u.email = email;
    u.nombre = "Usuario " + email;
    u.rol = role;
    u.password = kPassword;
    u.must_change_password = temporal;
    auto r = users_->Create(std::nullopt, AdminMeta(), u);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : std::string(r.error().Message()));
    return r.ok() ? std::string(boost::json::parse(r->data_json).at("usuario").at("id").as_string())
                  : std::string();
  }

  RequestMeta AdminMeta() {
    RequestMeta m;
    m.principal.user_id = admin_;
    m.principal.role = core::Role::kAdmin;
    m.request_id = "test";
    m.ip = "127.0.0.1";
    return m;
  }

  RequestMeta MetaOf(const std::string& user_id, core::Role role, const std::string& sid = {}) {
    RequestMeta m;
    m.principal.user_id = user_id;
    m.principal.role = role;
    m.principal.session_id = sid;
    m.request_id = "test";
    return m;
  }

  std::int64_t Audits(const std::string& accion) {
    return db_->Read([&](store::Tx& tx) {
      return tx.QueryOne("SELECT COUNT(*) FROM audit_log WHERE accion = $1", {accion})->Int(0);
    });
  }

  static constexpr const char* kPassword = "Mandioca-Frita-2026";
  PasswordHasher hasher_;
  std::unique_ptr<SecretBox> box_;
  std::unique_ptr<SigningKeys> keys_;
  std::unique_ptr<AccessTokens> tokens_;
  std::unique_ptr<UserStateCache> cache_;
  std::unique_ptr<Idempotency> idem_;
  std::unique_ptr<Users> users_;
  std::unique_ptr<Sessions> sessions_;
  std::string admin_;
};

}  // namespace mm::services
