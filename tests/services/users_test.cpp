#include "services/users.hpp"

#include <gtest/gtest.h>

#include "auth_fixture.hpp"
#include "services/password_policy.hpp"

namespace mm::services {
namespace {

using core::ErrorCode;

class UsersTest : public AuthTest {};

TEST_P(UsersTest, CreateReturnsAGeneratedPasswordOnceAndRefusesDuplicates) {
  NewUser u;
  u.email = "nueva@tienda.local";
  u.nombre = "Nueva Cajera";
  u.rol = core::Role::kVentas;
  auto r = users_->Create(std::nullopt, AdminMeta(), u);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->status, 201);
  auto data = boost::json::parse(r->data_json);
  std::string generated(data.at("password_temporal").as_string());
  EXPECT_EQ(generated.size(), 16u);
  EXPECT_TRUE(CheckNewPassword(generated, u.email).ok());
  EXPECT_TRUE(data.at("usuario").at("debe_cambiar_password").as_bool());
  auto id = std::string(data.at("usuario").at("id").as_string());
  auto stored = users_->Get(id).value();
  EXPECT_TRUE(hasher_.Verify(*stored.password_hash, generated));
  EXPECT_EQ(stored.password_hash->find(generated), std::string::npos);
  auto dup = users_->Create(std::nullopt, AdminMeta(), u);
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().code, ErrorCode::kDuplicate);
  EXPECT_EQ(dup.error().details.at("campo").as_string(), "email");
  EXPECT_EQ(Audits("usuario_creado"), 2);  // the fixture's admin and this one
}

TEST_P(UsersTest, AWeakChosenPasswordIsRefusedAndNothingIsCreated) {
  NewUser u{"debil@tienda.local", "Débil", core::Role::kUsuario, std::string("corta"), true};
  auto r = users_->Create(std::nullopt, AdminMeta(), u);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kPasswordTooWeak);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM usuarios WHERE email = 'debil@tienda.local'"), 0);
}

TEST_P(UsersTest, TheLastActiveAdminCannotBeDemotedOrDisabled) {
  UserPatch demote;
  demote.rol = core::Role::kVentas;
  EXPECT_EQ(users_->Update(AdminMeta(), admin_, demote).error().code, ErrorCode::kLastAdmin);
  UserPatch disable;
  disable.activo = false;
  EXPECT_EQ(users_->Update(AdminMeta(), admin_, disable).error().code, ErrorCode::kLastAdmin);
  std::string second = CreateUser("socio@tienda.local", core::Role::kAdmin);
  EXPECT_TRUE(users_->Update(AdminMeta(), admin_, demote).ok());
  EXPECT_EQ(users_->Update(AdminMeta(), second, disable).error().code, ErrorCode::kLastAdmin);
}

TEST_P(UsersTest, AStaleVersionIsAConflictAndChangesNothing) {
  std::string id = CreateUser("caja@tienda.local", core::Role::kVentas);
  UserPatch p;
  p.nombre = "Caja Uno";
  p.version = 0;
  auto ok = users_->Update(AdminMeta(), id, p);
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->version, 1);
  p.nombre = "Caja Dos";
  auto stale = users_->Update(AdminMeta(), id, p);
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.error().code, ErrorCode::kVersionConflict);
  EXPECT_EQ(stale.error().details.at("version_actual").as_int64(), 1);
  EXPECT_EQ(users_->Get(id)->nombre, "Caja Uno");
  EXPECT_EQ(Audits("usuario_editado"), 1);
}

TEST_P(UsersTest, UnknownIdsAreNotFound) {
  std::string ghost = "00000000-0000-4000-8000-0000000000ff";
  EXPECT_EQ(users_->Get(ghost).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(users_->Update(AdminMeta(), ghost, UserPatch{std::string("x")}).error().code,
            ErrorCode::kNotFound);
  EXPECT_EQ(users_->RevokeSessions(AdminMeta(), ghost).error().code, ErrorCode::kNotFound);
}

TEST_P(UsersTest, ResetPasswordForcesAChangeAndEndsSessions) {
  std::string id = CreateUser("olvido@tienda.local", core::Role::kDeposito);
  RequestMeta anon;
  auto s = sessions_->Login(anon, "olvido@tienda.local", kPassword).value();
  auto r = users_->ResetPassword(std::nullopt, AdminMeta(), id, std::nullopt);
  ASSERT_TRUE(r.ok());
  std::string temp(boost::json::parse(r->data_json).at("password_temporal").as_string());
  EXPECT_EQ(sessions_->Refresh(anon, s.refresh_token).error().code,
            ErrorCode::kRefreshTokenInvalid);
  EXPECT_EQ(sessions_->Login(anon, "olvido@tienda.local", kPassword).error().code,
            ErrorCode::kInvalidCredentials);
  auto again = sessions_->Login(anon, "olvido@tienda.local", temp);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->user.debe_cambiar_password);
  EXPECT_TRUE(cache_->Find(id)->debe_cambiar_password);
  EXPECT_EQ(Audits("password_restablecida"), 1);
}

TEST_P(UsersTest, CloseSessionsCountsAndRevokesThem) {
  std::string id = CreateUser("multi@tienda.local", core::Role::kVentas);
  RequestMeta anon;
  auto a = sessions_->Login(anon, "multi@tienda.local", kPassword).value();
  auto b = sessions_->Login(anon, "multi@tienda.local", kPassword).value();
  auto n = users_->RevokeSessions(AdminMeta(), id);
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(*n, 2);
  EXPECT_FALSE(sessions_->Refresh(anon, a.refresh_token).ok());
  EXPECT_FALSE(sessions_->Refresh(anon, b.refresh_token).ok());
  EXPECT_EQ(Audits("sesiones_revocadas"), 1);
}

TEST_P(UsersTest, ListFiltersBySearchRoleAndStatusWithAnExactTotal) {
  CreateUser("julian@tienda.local", core::Role::kDeposito);
  CreateUser("nunez@tienda.local", core::Role::kVentas);
  std::string off = CreateUser("baja@tienda.local", core::Role::kVentas);
  UserPatch p;
  p.activo = false;
  ASSERT_TRUE(users_->Update(AdminMeta(), off, p).ok());
  UserFilter f;
  f.roles = {core::Role::kVentas};
  std::int64_t total = 0;
  EXPECT_EQ(users_->List(f, &total)->size(), 2u);
  EXPECT_EQ(total, 2);
  f.activo = true;
  EXPECT_EQ(users_->List(f, &total)->size(), 1u);
  UserFilter search;
  search.tokens = {"nunez"};
  auto found = users_->List(search, &total).value();
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].email, "nunez@tienda.local");
  UserFilter page;
  page.limit = 2;
  auto first = users_->List(page, &total).value();
  EXPECT_EQ(first.size(), 2u);
  EXPECT_EQ(total, 4);
}

MM_INSTANTIATE_BACKENDS(UsersTest);

}  // namespace
}  // namespace mm::services
