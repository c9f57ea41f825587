// Authentication over HTTP against the real server (api.md §3, hardening.md WS4).
#include <gtest/gtest.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <thread>

#include "http_fixture.hpp"
#include "services/es256_key.hpp"

namespace mm::testing {
namespace {

std::string B64Url(const std::string& s) {
  static const char* k = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  int val = 0, bits = -6;
  for (unsigned char c : s) {
    val = (val << 8) + c;
    bits += 8;
    while (bits >= 0) {
      out.push_back(k[(val >> bits) & 0x3F]);
      bits -= 6;
    }
  }
  if (bits > -6) out.push_back(k[((val << 8) >> (bits + 8)) & 0x3F]);
  return out;
}

// Waits until the wall clock enters a new second: tokens carry whole-second iat.
void NextSecond() {
  auto now = std::chrono::system_clock::now();
  auto next = std::chrono::ceil<std::chrono::seconds>(now);
  std::this_thread::sleep_until(next + std::chrono::milliseconds(20));
}

class AuthHttpTest : public HttpTest {
 protected:
  LiveServer& Demo() {
    if (!demo_) {
      demo_ = std::make_unique<LiveServer>(
          GetParam(), std::map<std::string, std::string>{{"MM_AUTH_REFRESH_REUSE_GRACE_S", "0"}},
          true);
    }
    return *demo_;
  }
  std::unique_ptr<LiveServer> demo_;
};

TEST_P(AuthHttpTest, LoginSetsAStrictHttpOnlyCookieAndMeAnswers) {
  HttpClient c(Demo().server.base_url());
  auto r = c.PostJson("/api/auth/login",
                      R"({"email":"VENTAS@demo.local","password":"demo-minimarket"})");
  ASSERT_EQ(r.status, 200) << r.body;
  auto data = r.Json().at("data");
  EXPECT_EQ(data.at("token_type").as_string(), "Bearer");
  EXPECT_EQ(data.at("expires_in").as_int64(), 900);
  EXPECT_FALSE(data.as_object().contains("refresh_token"));  // only when asked for
  EXPECT_EQ(data.at("usuario").at("rol").as_string(), "ventas");
  std::string cookie = r.Header("set-cookie");
  EXPECT_EQ(cookie.rfind("mm_refresh=mmr_", 0), 0u) << cookie;
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos);
  EXPECT_NE(cookie.find("Path=/api/auth"), std::string::npos);
  auto me = c.Get("/api/auth/me", Bearer(std::string(data.at("access_token").as_string())));
  ASSERT_EQ(me.status, 200);
  EXPECT_EQ(DataField(me, "email"), "ventas@demo.local");
}

TEST_P(AuthHttpTest, BadLoginsLookAlikeAndThenLock) {
  HttpClient c(Demo().server.base_url());
  auto wrong =
      c.PostJson("/api/auth/login", R"({"email":"deposito@demo.local","password":"no-es"})");
  auto ghost = c.PostJson("/api/auth/login", R"({"email":"nadie@demo.local","password":"no-es"})");
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(wrong.Code(), "INVALID_CREDENTIALS");
  EXPECT_EQ(wrong.Json().at("error").at("message"), ghost.Json().at("error").at("message"));
  for (int i = 0; i < 4; ++i) {
    c.PostJson("/api/auth/login", R"({"email":"deposito@demo.local","password":"no-es"})");
  }
  auto locked = c.PostJson("/api/auth/login",
                           R"({"email":"deposito@demo.local","password":"demo-minimarket"})");
  EXPECT_EQ(locked.status, 429);
  EXPECT_EQ(locked.Code(), "LOGIN_LOCKED");
  EXPECT_FALSE(locked.Header("retry-after").empty());
  // The admin lifts it.
  std::string admin = Login(c, "admin@demo.local");
  auto list = c.Get("/api/usuarios?q=deposito", Bearer(admin));
  ASSERT_EQ(list.status, 200) << list.body;
  auto user = list.Json().at("data").at(0);
  EXPECT_FALSE(user.at("desbloqueo_en").is_null());
  std::string id(user.at("id").as_string());
  EXPECT_EQ(c.PostJson("/api/usuarios/" + id + "/desbloquear", "", Bearer(admin)).status, 200);
  EXPECT_FALSE(Login(c, "deposito@demo.local").empty());
}

TEST_P(AuthHttpTest, ForgedTokensAre401) {
  HttpClient c(Demo().server.base_url());
  std::string good = Login(c, "admin@demo.local");
  ASSERT_FALSE(good.empty());
  auto dot1 = good.find('.');
  auto dot2 = good.find('.', dot1 + 1);
  std::string payload = good.substr(dot1 + 1, dot2 - dot1 - 1);
  std::string tampered = good;
  tampered[tampered.size() - 5] = tampered[tampered.size() - 5] == 'A' ? 'B' : 'A';
  std::string none = B64Url(R"({"alg":"none","typ":"JWT"})") + "." + payload + ".";
  // The classic confusion: the same claims under an HS256 header, "signed" with our public key
  // (as served by the JWKS) as the HMAC secret. libjwt alone would accept it.
  auto jwk = c.Get("/.well-known/jwks.json").Json().at("keys").at(0).as_object();
  std::string pem = services::PemFromJwk(jwk).value();
  std::string signing_input = B64Url(R"({"alg":"HS256","typ":"JWT","kid":")" +
                                     std::string(jwk.at("kid").as_string()) + R"("})") +
                              "." + payload;
  unsigned char mac[32];
  unsigned int mac_len = 0;
  HMAC(EVP_sha256(), pem.data(), static_cast<int>(pem.size()),
       reinterpret_cast<const unsigned char*>(signing_input.data()), signing_input.size(), mac,
       &mac_len);
  std::string hs256 =
      signing_input + "." + B64Url(std::string(reinterpret_cast<char*>(mac), mac_len));
  for (const std::string& token : {tampered, none, hs256, std::string("basura"),
                                   std::string(10000, 'a'), good.substr(0, dot2) + ".%%%"}) {
    auto r = c.Get("/api/auth/me", Bearer(token));
    EXPECT_EQ(r.status, 401) << token.substr(0, 60);
    EXPECT_EQ(r.Code(), "UNAUTHORIZED");
  }
  EXPECT_EQ(c.Get("/api/auth/me", {{"Authorization", "Basic YWRtaW46YWRtaW4="}}).status, 401);
  EXPECT_EQ(c.Get("/api/auth/me", Bearer(good)).status, 200);
}

TEST_P(AuthHttpTest, TheCookieRefreshesOnlyWithAnOriginAndReuseEndsTheSession) {
  HttpClient c(Demo().server.base_url());
  auto login = c.PostJson("/api/auth/login",
                          R"({"email":"usuario@demo.local","password":"demo-minimarket"})");
  std::string cookie = login.Header("set-cookie");
  std::string value = cookie.substr(0, cookie.find(';'));
  auto no_origin = c.PostJson("/api/auth/refresh", "", {{"Cookie", value}});
  EXPECT_EQ(no_origin.status, 403);
  EXPECT_EQ(no_origin.Code(), "CORS_ORIGIN_NOT_ALLOWED");
  std::string origin = Demo().server.base_url();
  auto ok = c.PostJson("/api/auth/refresh", "", {{"Cookie", value}, {"Origin", origin}});
  ASSERT_EQ(ok.status, 200) << ok.body;
  std::string next = ok.Header("set-cookie");
  std::string next_value = next.substr(0, next.find(';'));
  EXPECT_NE(next_value, value);
  // This server has no grace window: presenting the rotated token again ends the session.
  auto reused = c.PostJson("/api/auth/refresh", "", {{"Cookie", value}, {"Origin", origin}});
  EXPECT_EQ(reused.status, 401);
  EXPECT_EQ(reused.Code(), "REFRESH_TOKEN_REUSED");
  auto after = c.PostJson("/api/auth/refresh", "", {{"Cookie", next_value}, {"Origin", origin}});
  EXPECT_EQ(after.Code(), "REFRESH_TOKEN_INVALID");
}

TEST_P(AuthHttpTest, RoleChangeDisableAndCloseSessionsTakeEffectAtOnce) {
  HttpClient c(Demo().server.base_url());
  std::string admin = Login(c, "admin@demo.local");
  auto r = c.PostJson("/api/usuarios",
                      R"({"email":"rotativo@demo.local","nombre":"Rotativo","rol":"deposito",)"
                      R"("password_temporal":"Cambio-De-Rol-2026"})",
                      Bearer(admin));
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.Header("location").rfind("/api/usuarios/", 0), 0u);
  std::string id(r.Json().at("data").at("usuario").at("id").as_string());
  auto login = c.PostJson("/api/auth/login",
                          R"({"email":"rotativo@demo.local","password":"Cambio-De-Rol-2026",)"
                          R"("refresh_en_cuerpo":true})");
  ASSERT_EQ(login.status, 200);
  std::string token(login.Json().at("data").at("access_token").as_string());
  std::string refresh(login.Json().at("data").at("refresh_token").as_string());
  // A temporary password: only me, password, refresh and logout until it is changed.
  auto blocked = c.Get("/api/usuarios/dropdown", Bearer(token));
  EXPECT_EQ(blocked.status, 403);
  EXPECT_EQ(blocked.Code(), "PASSWORD_CHANGE_REQUIRED");
  EXPECT_EQ(c.Get("/api/auth/me", Bearer(token)).status, 200);
  NextSecond();
  auto changed =
      c.PostJson("/api/auth/password",
                 R"({"password_actual":"Cambio-De-Rol-2026",)"
                 R"("password_nueva":"Nueva-Clave-Deposito-7","refresh_en_cuerpo":true})",
                 Bearer(token));
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_EQ(c.Get("/api/auth/me", Bearer(token)).status, 401);  // tokens before the change die
  token = std::string(changed.Json().at("data").at("access_token").as_string());
  refresh = std::string(changed.Json().at("data").at("refresh_token").as_string());
  EXPECT_EQ(c.Get("/api/usuarios/dropdown", Bearer(token)).status, 200);

  NextSecond();
  auto patch = c.Send("PATCH", "/api/usuarios/" + id, R"({"rol":"usuario","version":1})",
                      {{"Authorization", "Bearer " + admin}, {"Content-Type", "application/json"}});
  ASSERT_EQ(patch.status, 200) << patch.body;
  EXPECT_EQ(c.Get("/api/auth/me", Bearer(token)).status, 401);
  auto refreshed = c.PostJson("/api/auth/refresh",
                              R"({"refresh_token":")" + refresh + R"(","refresh_en_cuerpo":true})");
  ASSERT_EQ(refreshed.status, 200) << refreshed.body;
  EXPECT_EQ(refreshed.Json().at("data").at("usuario").at("rol").as_string(), "usuario");
  token = std::string(refreshed.Json().at("data").at("access_token").as_string());
  refresh = std::string(refreshed.Json().at("data").at("refresh_token").as_string());
  EXPECT_EQ(c.Get("/api/usuarios/dropdown", Bearer(token)).status, 403);  // U has no dropdown

  NextSecond();
  auto closed = c.PostJson("/api/usuarios/" + id + "/cerrar-sesiones", "", Bearer(admin));
  ASSERT_EQ(closed.status, 200);
  EXPECT_EQ(closed.Json().at("data").at("sesiones_revocadas").as_int64(), 1);
  EXPECT_EQ(c.Get("/api/auth/me", Bearer(token)).status, 401);
  EXPECT_EQ(c.PostJson("/api/auth/refresh", R"({"refresh_token":")" + refresh + R"("})").Code(),
            "REFRESH_TOKEN_INVALID");

  std::string again = Login(c, "rotativo@demo.local", "Nueva-Clave-Deposito-7");
  ASSERT_FALSE(again.empty());
  NextSecond();
  auto off = c.Send("PATCH", "/api/usuarios/" + id, R"({"activo":false})",
                    {{"Authorization", "Bearer " + admin}, {"Content-Type", "application/json"}});
  ASSERT_EQ(off.status, 200) << off.body;
  EXPECT_EQ(c.Get("/api/auth/me", Bearer(again)).status, 401);
  EXPECT_TRUE(Login(c, "rotativo@demo.local", "Nueva-Clave-Deposito-7").empty());
}

TEST_P(AuthHttpTest, UserAdministrationValidatesItsInput) {
  HttpClient c(Demo().server.base_url());
  std::string admin = Login(c, "admin@demo.local");
  auto dup =
      c.PostJson("/api/usuarios", R"({"email":"ventas@demo.local","nombre":"X","rol":"ventas"})",
                 Bearer(admin));
  EXPECT_EQ(dup.status, 409);
  EXPECT_EQ(dup.Code(), "DUPLICATE");
  auto bad = c.PostJson("/api/usuarios", R"({"email":"sin-arroba","nombre":"","rol":"jefe"})",
                        Bearer(admin));
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.Json().at("error").at("details").at("campos").as_array().size(), 3u);
  auto weak = c.PostJson("/api/usuarios",
                         R"({"email":"debil@demo.local","nombre":"D","rol":"ventas",)"
                         R"("password_temporal":"password123"})",
                         Bearer(admin));
  EXPECT_EQ(weak.Code(), "PASSWORD_TOO_WEAK");
  auto empty_patch =
      c.Send("PATCH", "/api/usuarios/7b0c2d3e-4f50-4a61-8b72-93a4b5c6d7e8", "{}",
             {{"Authorization", "Bearer " + admin}, {"Content-Type", "application/json"}});
  EXPECT_EQ(empty_patch.status, 400);
  EXPECT_EQ(c.Get("/api/usuarios/no-es-uuid", Bearer(admin)).status, 400);
  EXPECT_EQ(c.Get("/api/usuarios/7b0c2d3e-4f50-4a61-8b72-93a4b5c6d7e8", Bearer(admin)).status, 404);
  EXPECT_EQ(c.Get("/api/usuarios?limit=500", Bearer(admin)).status, 400);
  EXPECT_EQ(c.Get("/api/usuarios?color=rojo", Bearer(admin)).status, 400);
  auto page = c.Get("/api/usuarios?limit=2&sort=email", Bearer(admin));
  ASSERT_EQ(page.status, 200);
  EXPECT_EQ(page.Json().at("meta").at("total").as_int64(), 4);
  EXPECT_EQ(page.Json().at("data").as_array().size(), 2u);
  EXPECT_EQ(page.Json().at("data").at(0).at("email").as_string(), "admin@demo.local");
  // An idempotent retry of a create replays it; a generated password is shown that once only.
  Headers h = Bearer(admin);
  h.emplace_back("Idempotency-Key", "alta-cajera-1");
  std::string body = R"({"email":"cajera2@demo.local","nombre":"Cajera Dos","rol":"ventas"})";
  auto first = c.PostJson("/api/usuarios", body, h);
  auto second = c.PostJson("/api/usuarios", body, h);
  ASSERT_EQ(first.status, 201) << first.body;
  EXPECT_EQ(second.status, 201);
  EXPECT_EQ(second.Header("idempotent-replayed"), "true");
  EXPECT_EQ(first.Json().at("data"), second.Json().at("data"));
}

TEST_P(AuthHttpTest, TheJwksPublishesTheVerifyingKeys) {
  HttpClient c(Demo().server.base_url());
  auto r = c.Get("/.well-known/jwks.json");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.Header("cache-control"), "public, max-age=300");
  auto key = r.Json().at("keys").at(0);
  EXPECT_EQ(key.at("kty").as_string(), "EC");
  EXPECT_EQ(key.at("crv").as_string(), "P-256");
  EXPECT_EQ(key.at("alg").as_string(), "ES256");
  EXPECT_FALSE(key.as_object().contains("d"));  // never the private part
}

TEST_P(AuthHttpTest, CliManagesUsersAndRotatesKeys) {
  HttpClient c(Demo().server.base_url());
  auto env = Demo().server.Environment();
  std::string out;
  ASSERT_EQ(RunMinimarket({"user", "add", "--email", "Cli@Demo.local", "--nombre", "Desde CLI",
                           "--role", "deposito", "--password", "Clave-Desde-Consola-1"},
                          env, &out),
            0)
      << out;
  EXPECT_EQ(out.find("Clave-Desde-Consola-1"), std::string::npos);  // nothing secret printed
  std::string token = Login(c, "cli@demo.local", "Clave-Desde-Consola-1");
  ASSERT_FALSE(token.empty());
  ASSERT_EQ(RunMinimarket({"user", "list"}, env, &out), 0);
  EXPECT_NE(out.find("cli@demo.local\tdeposito\tactivo"), std::string::npos) << out;
  // A rotated key: the old token still verifies, the JWKS lists both.
  ASSERT_EQ(RunMinimarket({"keys", "rotate"}, env, &out), 0) << out;
  std::size_t keys = 0;
  for (int i = 0; i < 50 && keys < 2; ++i) {  // the server rereads its keys every few seconds
    auto jwks = c.Get("/.well-known/jwks.json");
    ASSERT_EQ(jwks.status, 200) << jwks.body;
    keys = jwks.Json().at("keys").as_array().size();
    if (keys < 2) std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  EXPECT_EQ(keys, 2u);
  EXPECT_EQ(c.Get("/api/auth/me", Bearer(token)).status, 200);
  std::string fresh = Login(c, "cli@demo.local", "Clave-Desde-Consola-1");
  EXPECT_EQ(c.Get("/api/auth/me", Bearer(fresh)).status, 200);
  ASSERT_EQ(RunMinimarket({"user", "disable", "--email", "cli@demo.local"}, env, &out), 0) << out;
  // Another process changed the user: this server notices within its refresh interval.
  HttpResult me;
  for (int i = 0; i < 100; ++i) {
    me = c.Get("/api/auth/me", Bearer(fresh));
    if (me.status == 401) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_EQ(me.status, 401);
}

TEST_P(AuthHttpTest, ProductionRefusesActiveDemoUsers) {
  auto env = Demo().server.Environment();
  env["MM_ENVIRONMENT"] = "production";
  env["MM_TESTING_RUTAS_PRUEBA"] = "false";
  std::string out;
  EXPECT_NE(RunMinimarket({"preflight"}, env, &out), 0);
  EXPECT_NE(out.find("admin@demo.local"), std::string::npos) << out;
}

MM_INSTANTIATE_HTTP(AuthHttpTest);

}  // namespace
}  // namespace mm::testing
