// External users (api.md §3.2): mapped by (iss, sub) to a local row with origen "externo",
// created on first use, role kept in step with the issuer, verified tokens cached.
#include "services/external_auth.hpp"

#include <gtest/gtest.h>

#include "auth_fixture.hpp"
#include "fake_jwks_source.hpp"
#include "support/fake_issuer.hpp"

namespace mm::services {
namespace {

using core::ErrorCode;
using std::chrono::seconds;
using testing::SignToken;

constexpr const char* kIssuer = "https://id.ejemplo.com/";

class ExternalAuthTest : public AuthTest {
 protected:
  void SetUp() override {
    AuthTest::SetUp();
    key_ = testing::MakeEs256Key("ec-1");
    source_.Serve(testing::Jwks({&key_}));
    ExternalTokenOptions o;
    o.issuer = kIssuer;
    o.audience = "minimarket-externo";
    o.algorithms = {"ES256"};
    o.role_map = {{"Dueño", core::Role::kAdmin}, {"Cajero", core::Role::kVentas}};
    keys_ext_ = std::make_unique<JwksCache>(JwksCacheOptions{}, clock_, source_);
    tokens_ext_ = std::make_unique<ExternalTokens>(o, clock_, *keys_ext_);
    auth_ = std::make_unique<ExternalAuth>(*env_, *tokens_ext_, *keys_ext_, *cache_, 100);
  }

  std::string Token(const std::string& rol, const std::string& sub = "ext-42",
                    const std::string& email = "ana@tienda.example") {
    std::int64_t now = std::chrono::floor<seconds>(clock_.Now()).time_since_epoch().count();
    boost::json::object c{{"iss", kIssuer}, {"aud", "minimarket-externo"},
                          {"sub", sub},     {"rol", rol},
                          {"iat", now},     {"exp", now + 600}};
    if (!email.empty()) c["email"] = email;
    return SignToken(key_, c);
  }

  RequestMeta Anonymous() {
    RequestMeta m;
    m.request_id = "req-externo";
    m.ip = "10.0.0.7";
    return m;
  }

  testing::IssuerKey key_;
  FakeJwksSource source_;
  std::unique_ptr<JwksCache> keys_ext_;
  std::unique_ptr<ExternalTokens> tokens_ext_;
  std::unique_ptr<ExternalAuth> auth_;
};

TEST_P(ExternalAuthTest, FirstUseCreatesAnExternalUserWithoutPassword) {
  std::int64_t audits_before = Scalar("SELECT COUNT(*) FROM audit_log");
  auto p = auth_->Authenticate(Token("Cajero"), Anonymous());
  ASSERT_TRUE(p.ok()) << p.error().Message();
  EXPECT_EQ(p->role, core::Role::kVentas);
  auto u = users_->Get(p->user_id).value();
  EXPECT_EQ(u.origen, "externo");
  EXPECT_EQ(u.email, "ana@tienda.example");
  EXPECT_EQ(u.nombre, "ana@tienda.example");  // no name claim
  EXPECT_EQ(u.rol, core::Role::kVentas);
  EXPECT_FALSE(u.password_hash.has_value());
  EXPECT_EQ(u.externo_iss, kIssuer);
  EXPECT_EQ(u.externo_sub, "ext-42");
  EXPECT_TRUE(u.activo);
  EXPECT_FALSE(u.debe_cambiar_password);
  // No audit action fits the creation of an external user.
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM audit_log"), audits_before);
  // The state cache knows the new user at once.
  ASSERT_TRUE(cache_->Find(p->user_id).has_value());
}

TEST_P(ExternalAuthTest, LaterTokensMapToTheSameRowAndARepeatedTokenComesFromTheCache) {
  std::string first = Token("Cajero");
  auto a = auth_->Authenticate(first, Anonymous()).value();
  clock_.Advance(seconds(30));
  auto b = auth_->Authenticate(Token("Cajero"), Anonymous()).value();
  EXPECT_EQ(a.user_id, b.user_id);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM usuarios WHERE origen = 'externo'"), 1);
  EXPECT_EQ(auth_->cache_hits(), 0u);
  auto again = auth_->Authenticate(first, Anonymous());
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(auth_->cache_hits(), 1u);
  EXPECT_EQ(again->user_id, a.user_id);
  // Cached tokens still expire (exp 600 s after iat, plus the 60 s leeway).
  clock_.Advance(seconds(630));
  EXPECT_EQ(auth_->Authenticate(first, Anonymous()).error().code, ErrorCode::kTokenExpired);
}

TEST_P(ExternalAuthTest, ANewerTokenWithAnotherRoleMovesTheRowAndVoidsOlderTokens) {
  auto cajero = auth_->Authenticate(Token("Cajero"), Anonymous()).value();
  clock_.Advance(seconds(5));
  auto duenio = auth_->Authenticate(Token("Dueño"), Anonymous());
  ASSERT_TRUE(duenio.ok());
  EXPECT_EQ(duenio->user_id, cajero.user_id);
  EXPECT_EQ(duenio->role, core::Role::kAdmin);
  auto u = users_->Get(cajero.user_id).value();
  EXPECT_EQ(u.rol, core::Role::kAdmin);
  EXPECT_EQ(Audits("rol_cambiado"), 1);
  auto state = cache_->Find(cajero.user_id).value();
  // The older token (iat 5 s before) is now void; the newer one is not.
  EXPECT_LT(std::chrono::floor<seconds>(cajero.issued_at).time_since_epoch().count(),
            state.tokens_invalidados_s);
  EXPECT_EQ(std::chrono::floor<seconds>(duenio->issued_at).time_since_epoch().count(),
            state.tokens_invalidados_s);
  // Re-verifying an old token with the old role does not flip the row back.
  clock_.Advance(seconds(1));
  std::int64_t old_iat = state.tokens_invalidados_s - 5;
  boost::json::object stale{{"iss", kIssuer},  {"aud", "minimarket-externo"},
                            {"sub", "ext-42"}, {"rol", "Cajero"},
                            {"iat", old_iat},  {"exp", old_iat + 600}};
  ASSERT_TRUE(auth_->Authenticate(SignToken(key_, stale), Anonymous()).ok());
  EXPECT_EQ(users_->Get(cajero.user_id).value().rol, core::Role::kAdmin);
  EXPECT_EQ(Audits("rol_cambiado"), 1);
}

TEST_P(ExternalAuthTest, AnEmailOfAnotherUserOrNoEmailRefusesCreation) {
  auto taken = auth_->Authenticate(Token("Cajero", "ext-1", "dueno@tienda.local"), Anonymous());
  ASSERT_FALSE(taken.ok());
  EXPECT_EQ(taken.error().code, ErrorCode::kForbidden);
  auto none = auth_->Authenticate(Token("Cajero", "ext-2", ""), Anonymous());
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().code, ErrorCode::kForbidden);
  auto bad = auth_->Authenticate(Token("Cajero", "ext-3", "no-es-un-email"), Anonymous());
  EXPECT_EQ(bad.error().code, ErrorCode::kForbidden);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM usuarios WHERE origen = 'externo'"), 0);
}

TEST_P(ExternalAuthTest, ADisabledExternalUserIsLeftAsItIs) {
  auto p = auth_->Authenticate(Token("Cajero"), Anonymous()).value();
  UserPatch off;
  off.activo = false;
  ASSERT_TRUE(users_->Update(AdminMeta(), p.user_id, off).ok());
  clock_.Advance(seconds(5));
  auto again = auth_->Authenticate(Token("Dueño"), Anonymous());
  ASSERT_TRUE(again.ok());  // the authenticator refuses it from the user state
  EXPECT_FALSE(cache_->Find(p.user_id)->activo);
  EXPECT_EQ(users_->Get(p.user_id).value().rol, core::Role::kVentas);
}

TEST_P(ExternalAuthTest, ExternalUsersHaveNoPasswordToReset) {
  auto p = auth_->Authenticate(Token("Cajero"), Anonymous()).value();
  auto r = users_->ResetPassword(std::nullopt, AdminMeta(), p.user_id, std::nullopt);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kConflict);
  EXPECT_EQ(r.error().details.at("motivo").as_string(), "usuario_externo");
}

MM_INSTANTIATE_BACKENDS(ExternalAuthTest);

}  // namespace
}  // namespace mm::services
