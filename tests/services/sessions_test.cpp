#include "services/sessions.hpp"

#include <gtest/gtest.h>

#include "auth_fixture.hpp"

namespace mm::services {
namespace {

using core::ErrorCode;
using std::chrono::minutes;
using std::chrono::seconds;

class SessionsTest : public AuthTest {
 protected:
  RequestMeta Anon() {
    RequestMeta m;
    m.request_id = "login";
    m.ip = "10.0.0.7";
    return m;
  }
};

TEST_P(SessionsTest, LoginIssuesAVerifiableTokenAndARotatingRefreshToken) {
  auto s = sessions_->Login(Anon(), "dueno@tienda.local", kPassword);
  ASSERT_TRUE(s.ok()) << s.error().Message();
  EXPECT_EQ(s->expires_in, 900);
  EXPECT_EQ(s->refresh_token.size(), 47u);
  EXPECT_EQ(s->refresh_token.rfind("mmr_", 0), 0u);
  auto v = tokens_->Verify(s->access_token);
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->user_id, admin_);
  EXPECT_EQ(v->role, core::Role::kAdmin);
  EXPECT_EQ(v->session_id, s->session_id);
  // Only the refresh token's hash is stored.
  EXPECT_EQ(
      Scalar("SELECT COUNT(*) FROM refresh_tokens WHERE token_hash = '" + s->refresh_token + "'"),
      0);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM refresh_tokens"), 1);
}

TEST_P(SessionsTest, WrongPasswordAndUnknownEmailGetTheSameAnswer) {
  auto wrong = sessions_->Login(Anon(), "dueno@tienda.local", "otra-cosa-123");
  auto unknown = sessions_->Login(Anon(), "nadie@tienda.local", kPassword);
  ASSERT_FALSE(wrong.ok());
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(wrong.error().code, ErrorCode::kInvalidCredentials);
  EXPECT_EQ(unknown.error().code, ErrorCode::kInvalidCredentials);
  EXPECT_EQ(wrong.error().Message(), unknown.error().Message());
}

TEST_P(SessionsTest, FiveFailuresLockTheEmailEvenForTheRightPasswordUntilTheLockEnds) {
  for (int i = 0; i < 5; ++i) {
    auto r = sessions_->Login(Anon(), "dueno@tienda.local", "mala-" + std::to_string(i));
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidCredentials) << i;
  }
  auto locked = sessions_->Login(Anon(), "dueno@tienda.local", kPassword);
  ASSERT_FALSE(locked.ok());
  EXPECT_EQ(locked.error().code, ErrorCode::kLoginLocked);
  EXPECT_GT(locked.error().retry_after_s, 890);
  EXPECT_LE(locked.error().retry_after_s, 901);
  clock_.Advance(seconds(899));
  EXPECT_EQ(sessions_->Login(Anon(), "dueno@tienda.local", kPassword).error().code,
            ErrorCode::kLoginLocked);
  clock_.Advance(seconds(2));
  EXPECT_TRUE(sessions_->Login(Anon(), "dueno@tienda.local", kPassword).ok());
}

TEST_P(SessionsTest, UnknownEmailsAreLockedTooSoLockingRevealsNothing) {
  for (int i = 0; i < 5; ++i) (void)sessions_->Login(Anon(), "fantasma@tienda.local", "x");
  EXPECT_EQ(sessions_->Login(Anon(), "fantasma@tienda.local", "x").error().code,
            ErrorCode::kLoginLocked);
}

TEST_P(SessionsTest, ASuccessResetsTheCountAndOldFailuresExpire) {
  for (int i = 0; i < 4; ++i) (void)sessions_->Login(Anon(), "dueno@tienda.local", "mala");
  ASSERT_TRUE(sessions_->Login(Anon(), "dueno@tienda.local", kPassword).ok());
  for (int i = 0; i < 4; ++i) (void)sessions_->Login(Anon(), "dueno@tienda.local", "mala");
  clock_.Advance(minutes(16));  // outside the 15-minute window: counting starts again
  (void)sessions_->Login(Anon(), "dueno@tienda.local", "mala");
  EXPECT_TRUE(sessions_->Login(Anon(), "dueno@tienda.local", kPassword).ok());
}

TEST_P(SessionsTest, AdminUnlockClearsTheLock) {
  for (int i = 0; i < 5; ++i) (void)sessions_->Login(Anon(), "dueno@tienda.local", "mala");
  ASSERT_EQ(users_->Get(admin_)->desbloqueo_en.has_value(), true);
  ASSERT_TRUE(users_->Unlock(AdminMeta(), admin_).ok());
  EXPECT_FALSE(users_->Get(admin_)->desbloqueo_en.has_value());
  EXPECT_TRUE(sessions_->Login(Anon(), "dueno@tienda.local", kPassword).ok());
  EXPECT_EQ(Audits("usuario_desbloqueado"), 1);
}

TEST_P(SessionsTest, RefreshRotatesAndAReusedTokenRevokesTheSession) {
  auto s = sessions_->Login(Anon(), "dueno@tienda.local", kPassword).value();
  clock_.Advance(seconds(5));
  auto r1 = sessions_->Refresh(Anon(), s.refresh_token);
  ASSERT_TRUE(r1.ok());
  EXPECT_NE(r1->refresh_token, s.refresh_token);
  EXPECT_EQ(r1->session_id, s.session_id);
  // Within the grace window (two tabs): refused, but the session lives on.
  auto grace = sessions_->Refresh(Anon(), s.refresh_token);
  EXPECT_EQ(grace.error().code, ErrorCode::kRefreshTokenInvalid);
  clock_.Advance(seconds(11));
  auto r2 = sessions_->Refresh(Anon(), r1->refresh_token);
  ASSERT_TRUE(r2.ok());
  // Past the grace window an old token revokes the whole session, its newest token included.
  clock_.Advance(seconds(30));
  auto reused = sessions_->Refresh(Anon(), s.refresh_token);
  EXPECT_EQ(reused.error().code, ErrorCode::kRefreshTokenReused);
  EXPECT_EQ(sessions_->Refresh(Anon(), r2->refresh_token).error().code,
            ErrorCode::kRefreshTokenInvalid);
  EXPECT_EQ(Audits("refresh_reutilizado"), 1);
}

TEST_P(SessionsTest, RefreshTokensExpireWhenIdleAndAtTheSessionsEnd) {
  auto s = sessions_->Login(Anon(), "dueno@tienda.local", kPassword).value();
  clock_.Advance(std::chrono::hours(8) + seconds(1));
  EXPECT_EQ(sessions_->Refresh(Anon(), s.refresh_token).error().code,
            ErrorCode::kRefreshTokenInvalid);
  // Kept busy, a session still ends 24 h after login.
  auto t = sessions_->Login(Anon(), "dueno@tienda.local", kPassword).value();
  std::string token = t.refresh_token;
  for (int i = 0; i < 3; ++i) {
    clock_.Advance(std::chrono::hours(7));
    auto r = sessions_->Refresh(Anon(), token);
    ASSERT_TRUE(r.ok()) << i;
    token = r->refresh_token;
  }
  clock_.Advance(std::chrono::hours(4));  // 25 h after login
  EXPECT_EQ(sessions_->Refresh(Anon(), token).error().code, ErrorCode::kRefreshTokenInvalid);
}

TEST_P(SessionsTest, MalformedRefreshTokensAreInvalid) {
  for (const char* t : {"", "mmr_", "xyz", "mmr_!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"}) {
    EXPECT_EQ(sessions_->Refresh(Anon(), t).error().code, ErrorCode::kRefreshTokenInvalid) << t;
  }
}

TEST_P(SessionsTest, LogoutRevokesTheSession) {
  auto s = sessions_->Login(Anon(), "dueno@tienda.local", kPassword).value();
  sessions_->Logout(Anon(), s.refresh_token, "");
  EXPECT_EQ(sessions_->Refresh(Anon(), s.refresh_token).error().code,
            ErrorCode::kRefreshTokenInvalid);
  // With only the access token's sid.
  auto t = sessions_->Login(Anon(), "dueno@tienda.local", kPassword).value();
  sessions_->Logout(Anon(), std::nullopt, t.session_id);
  EXPECT_EQ(sessions_->Refresh(Anon(), t.refresh_token).error().code,
            ErrorCode::kRefreshTokenInvalid);
  // Unknown tokens are fine.
  sessions_->Logout(Anon(), std::string("mmr_") + std::string(43, 'A'), "");
}

TEST_P(SessionsTest, ADisabledUserCannotLogInOrRefresh) {
  std::string id = CreateUser("caja@tienda.local", core::Role::kVentas);
  auto s = sessions_->Login(Anon(), "caja@tienda.local", kPassword).value();
  UserPatch p;
  p.activo = false;
  ASSERT_TRUE(users_->Update(AdminMeta(), id, p).ok());
  EXPECT_EQ(sessions_->Refresh(Anon(), s.refresh_token).error().code,
            ErrorCode::kRefreshTokenInvalid);
  EXPECT_EQ(sessions_->Login(Anon(), "caja@tienda.local", kPassword).error().code,
            ErrorCode::kInvalidCredentials);
  EXPECT_FALSE(cache_->Find(id)->activo);
}

TEST_P(SessionsTest, ARoleChangeVoidsTokensAndTheNextRefreshCarriesTheNewRole) {
  std::string id = CreateUser("deposito@tienda.local", core::Role::kDeposito);
  auto s = sessions_->Login(Anon(), "deposito@tienda.local", kPassword).value();
  clock_.Advance(seconds(1));
  UserPatch p;
  p.rol = core::Role::kVentas;
  ASSERT_TRUE(users_->Update(AdminMeta(), id, p).ok());
  auto issued = tokens_->Verify(s.access_token).value().issued_at;
  auto iat_s = std::chrono::duration_cast<seconds>(issued.time_since_epoch()).count();
  EXPECT_LT(iat_s, cache_->Find(id)->tokens_invalidados_s);  // the old token is void
  auto r = sessions_->Refresh(Anon(), s.refresh_token);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(tokens_->Verify(r->access_token)->role, core::Role::kVentas);
  EXPECT_EQ(Audits("rol_cambiado"), 1);
}

TEST_P(SessionsTest, ChangingTheOwnPasswordEndsOtherSessions) {
  std::string id = CreateUser("repo@tienda.local", core::Role::kUsuario, true);
  auto phone = sessions_->Login(Anon(), "repo@tienda.local", kPassword).value();
  auto laptop = sessions_->Login(Anon(), "repo@tienda.local", kPassword).value();
  EXPECT_TRUE(laptop.user.debe_cambiar_password);
  clock_.Advance(seconds(1));
  auto meta = MetaOf(id, core::Role::kUsuario, laptop.session_id);
  auto weak = sessions_->ChangePassword(meta, kPassword, "password123");
  EXPECT_EQ(weak.error().code, ErrorCode::kPasswordTooWeak);
  auto wrong = sessions_->ChangePassword(meta, "no-es-esta", "Otra-Clave-Segura-99");
  EXPECT_EQ(wrong.error().code, ErrorCode::kCurrentPasswordInvalid);
  auto ok = sessions_->ChangePassword(meta, kPassword, "Otra-Clave-Segura-99");
  ASSERT_TRUE(ok.ok()) << ok.error().Message();
  EXPECT_FALSE(ok->user.debe_cambiar_password);
  EXPECT_EQ(ok->session_id, laptop.session_id);
  EXPECT_TRUE(tokens_->Verify(ok->access_token).ok());
  EXPECT_EQ(sessions_->Refresh(Anon(), phone.refresh_token).error().code,
            ErrorCode::kRefreshTokenInvalid);
  EXPECT_TRUE(sessions_->Refresh(Anon(), ok->refresh_token).ok());
  EXPECT_FALSE(cache_->Find(id)->debe_cambiar_password);
  EXPECT_TRUE(sessions_->Login(Anon(), "repo@tienda.local", "Otra-Clave-Segura-99").ok());
  EXPECT_EQ(Audits("password_cambiada"), 1);
}

MM_INSTANTIATE_BACKENDS(SessionsTest);

}  // namespace
}  // namespace mm::services
