// The optional external issuer over HTTP (api.md §3.2, hardening.md WS4), on both backends:
// `minimarket serve` with [auth.external] in its --config file, against a fake JWKS on
// 127.0.0.1. Tokens signed by the fake issuer's keys sign in as local rows with origen "externo".
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <memory>

#include "http_fixture.hpp"
#include "support/fake_issuer.hpp"
#include "support/fake_jwks_server.hpp"

namespace mm::testing {
namespace {

constexpr const char* kIssuer = "https://id.prueba.example/";
constexpr const char* kAudience = "minimarket-externo";

std::int64_t Now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

void WriteFile(const std::string& path, const std::string& text) {
  std::FILE* f = std::fopen(path.c_str(), "w");
  ASSERT_NE(f, nullptr);
  std::fputs(text.c_str(), f);
  std::fclose(f);
}

// [auth.external] pointing at `jwks`, with short timeouts so a hanging JWKS costs little.
std::string ExternalConfig(const FakeJwksServer& jwks) {
  return std::string("[auth.external]\n") + "issuer = \"" + kIssuer + "\"\n" + "audience = \"" +
         kAudience + "\"\n" + "jwks_url = \"" + jwks.url() + "\"\n" +
         "algoritmos = [\"ES256\", \"RS256\"]\n" +
         "rol_map = { \"Dueño\" = \"admin\", \"Cajero\" = \"ventas\" }\n" +
         "connect_timeout_ms = 300\ntimeout_ms = 300\n";
}

// A fake issuer's JWKS, a database, and `serve` configured to trust that issuer.
struct ExternalServer {
  ExternalServer(store::Dialect dialect, const boost::json::object& jwks, bool demo) : db(dialect) {
    keys.SetJwks(jwks);
    WriteFile(dir.path() + "/mm.toml", ExternalConfig(keys));
    server = std::make_unique<ServerProcess>(
        db.url(), std::map<std::string, std::string>{},
        std::vector<std::string>{"--config", dir.path() + "/mm.toml", "serve"});
    if (demo) {
      std::string out;
      if (RunMinimarket({"demo-data"}, server->Environment(), &out) != 0) {
        throw std::runtime_error("demo-data failed: " + out);
      }
    }
    server->Start();
  }
  FakeJwksServer keys;
  TempDir dir;
  TestDatabase db;
  std::unique_ptr<ServerProcess> server;  // declared last: stopped first
};

class ExternalIssuerHttpTest : public ::testing::TestWithParam<store::Dialect> {
 protected:
  static void SetUpTestSuite() {
    ec_ = new IssuerKey(MakeEs256Key("ec-1"));
    rsa_ = new IssuerKey(MakeRs256Key("rsa-1"));
  }
  static void TearDownTestSuite() {
    Servers().clear();
    delete ec_;
    delete rsa_;
  }

  // One server per backend for the suite, with the demo users (admin@demo.local …).
  ExternalServer& Main() {
    auto& slot = Servers()[GetParam()];
    if (!slot) slot = std::make_unique<ExternalServer>(GetParam(), Jwks({ec_, rsa_}), true);
    return *slot;
  }
  static std::map<store::Dialect, std::unique_ptr<ExternalServer>>& Servers() {
    static std::map<store::Dialect, std::unique_ptr<ExternalServer>> servers;
    return servers;
  }

  static std::string Token(const IssuerKey& key, const std::string& rol, const std::string& sub,
                           const std::string& email, const std::string& aud = kAudience) {
    std::int64_t now = Now();
    return SignToken(key, {{"iss", kIssuer},
                           {"aud", aud},
                           {"sub", sub},
                           {"email", email},
                           {"name", "Persona " + sub},
                           {"rol", rol},
                           {"iat", now},
                           {"exp", now + 600}});
  }

  static IssuerKey* ec_;
  static IssuerKey* rsa_;
};

IssuerKey* ExternalIssuerHttpTest::ec_ = nullptr;
IssuerKey* ExternalIssuerHttpTest::rsa_ = nullptr;

TEST_P(ExternalIssuerHttpTest, SignedTokensSignInAsExternalUsersWithTheMappedRole) {
  HttpClient c(Main().server->base_url());
  std::string owner = Token(*ec_, "Dueño", "sub-duenia", "Duenia@Externo.Example");
  auto me = c.Get("/api/auth/me", Bearer(owner));
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(DataField(me, "origen"), "externo");
  EXPECT_EQ(DataField(me, "rol"), "admin");
  EXPECT_EQ(DataField(me, "email"), "duenia@externo.example");
  EXPECT_EQ(DataField(me, "nombre"), "Persona sub-duenia");

  std::string cashier = Token(*rsa_, "Cajero", "sub-cajero", "cajero@externo.example");
  auto me2 = c.Get("/api/auth/me", Bearer(cashier));
  ASSERT_EQ(me2.status, 200) << me2.body;
  EXPECT_EQ(DataField(me2, "rol"), "ventas");
  EXPECT_EQ(DataField(me2, "origen"), "externo");

  // The mapped role is the one the routes enforce.
  EXPECT_EQ(c.Get("/api/usuarios", Bearer(cashier)).Code(), "FORBIDDEN");
  auto list = c.Get("/api/usuarios?q=externo", Bearer(owner));
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_EQ(list.Json().at("data").as_array().size(), 2u);
  // The same identity maps to the same row.
  auto again = c.Get("/api/auth/me", Bearer(Token(*ec_, "Dueño", "sub-duenia", "x@y.example")));
  EXPECT_EQ(DataField(again, "id"), DataField(me, "id"));
  // An external user has no password: login fails with the generic error.
  auto login = c.PostJson("/api/auth/login",
                          R"({"email":"duenia@externo.example","password":"cualquier-cosa"})");
  EXPECT_EQ(login.Code(), "INVALID_CREDENTIALS");
  EXPECT_EQ(Main().keys.requests(), 1);  // one JWKS fetch served every token
}

TEST_P(ExternalIssuerHttpTest, AnUnmappedRoleIs403AndAWrongAudienceIs401) {
  HttpClient c(Main().server->base_url());
  auto unmapped =
      c.Get("/api/auth/me", Bearer(Token(*ec_, "Repositor", "sub-repo", "repo@externo.example")));
  EXPECT_EQ(unmapped.status, 403);
  EXPECT_EQ(unmapped.Code(), "FORBIDDEN");
  auto aud = c.Get("/api/auth/me",
                   Bearer(Token(*ec_, "Dueño", "sub-aud", "aud@externo.example", "otra-api")));
  EXPECT_EQ(aud.status, 401);
  EXPECT_EQ(aud.Code(), "UNAUTHORIZED");
  // HS256 "signed" with the issuer's public key, and RS256 under the EC key's kid.
  auto now = Now();
  boost::json::object claims{{"iss", kIssuer}, {"aud", kAudience}, {"sub", "sub-hs"},
                             {"rol", "Dueño"}, {"iat", now},       {"exp", now + 600}};
  EXPECT_EQ(c.Get("/api/auth/me", Bearer(SignHs256(ec_->public_pem, "ec-1", claims))).status, 401);
  EXPECT_EQ(c.Get("/api/auth/me", Bearer(SignToken(*rsa_, claims, "ec-1"))).status, 401);
}

TEST_P(ExternalIssuerHttpTest, ADisabledExternalUserGets401) {
  HttpClient c(Main().server->base_url());
  std::string token = Token(*ec_, "Cajero", "sub-baja", "baja@externo.example");
  auto me = c.Get("/api/auth/me", Bearer(token));
  ASSERT_EQ(me.status, 200) << me.body;
  std::string admin = Login(c, "admin@demo.local");
  ASSERT_FALSE(admin.empty());
  auto off = c.Send("PATCH", "/api/usuarios/" + DataField(me, "id"), R"({"activo":false})",
                    {{"Authorization", "Bearer " + admin}, {"Content-Type", "application/json"}});
  ASSERT_EQ(off.status, 200) << off.body;
  EXPECT_EQ(off.Json().at("data").at("origen").as_string(), "externo");
  auto after = c.Get("/api/auth/me", Bearer(token));
  EXPECT_EQ(after.status, 401);
  EXPECT_EQ(after.Code(), "UNAUTHORIZED");
  // A fresh token of the same identity does not bring the row back.
  auto fresh = c.Get("/api/auth/me", Bearer(Token(*ec_, "Cajero", "sub-baja", "b@e.example")));
  EXPECT_EQ(fresh.status, 401);
}

TEST_P(ExternalIssuerHttpTest, AnUnknownKidWhileTheJwksHangsIs503NotA401) {
  // Its own server: the JWKS hangs from the start, so no key is cached.
  ExternalServer down(GetParam(), Jwks({ec_}), false);
  down.keys.SetMode(FakeJwksServer::Mode::kHang);
  HttpClient c(down.server->base_url());
  auto r = c.Get("/api/auth/me", Bearer(Token(*ec_, "Dueño", "sub-503", "e@externo.example")));
  EXPECT_EQ(r.status, 503) << r.body;
  EXPECT_EQ(r.Code(), "DEPENDENCY_UNAVAILABLE");
  EXPECT_FALSE(r.Header("retry-after").empty());
  EXPECT_EQ(down.keys.requests(), 3);  // one fetch: the first attempt and two retries
  // Within the next minute no other fetch starts: still 503, at once.
  auto again = c.Get("/api/auth/me", Bearer(Token(*ec_, "Dueño", "sub-503", "e@externo.example")));
  EXPECT_EQ(again.Code(), "DEPENDENCY_UNAVAILABLE");
  EXPECT_EQ(down.keys.requests(), 3);
  // Local tokens do not depend on the external issuer.
  std::string out;
  ASSERT_EQ(RunMinimarket({"user", "add", "--email", "local@tienda.example", "--rol", "ventas",
                           "--password", "Mandioca-Frita-2026"},
                          down.server->Environment(), &out),
            0)
      << out;
  std::string local = Login(c, "local@tienda.example", "Mandioca-Frita-2026");
  ASSERT_FALSE(local.empty());
  EXPECT_EQ(c.Get("/api/auth/me", Bearer(local)).status, 200);
  down.keys.SetMode(FakeJwksServer::Mode::kServe);  // releases the hanging connections
}

MM_INSTANTIATE_HTTP(ExternalIssuerHttpTest);

TEST(ExternalIssuerCli, TheRoleMapIsATableReadOnlyFromTheFile) {
  TempDir dir;
  FakeJwksServer jwks;
  WriteFile(dir.path() + "/mm.toml", ExternalConfig(jwks));
  std::string out;
  ASSERT_EQ(RunMinimarket({"--config", dir.path() + "/mm.toml", "config", "show"}, {}, &out), 0)
      << out;
  EXPECT_NE(out.find(R"(auth.external.rol_map = { "Cajero" = "ventas", "Dueño" = "admin" })"
                     "  # archivo"),
            std::string::npos)
      << out;
  EXPECT_EQ(RunMinimarket({"config", "show"}, {{"MM_AUTH_EXTERNAL_ROL_MAP", "Dueño=admin"}}, &out),
            2);
  EXPECT_NE(out.find("solo en el archivo"), std::string::npos) << out;
  EXPECT_EQ(
      RunMinimarket({"--set", "auth.external.rol_map=Dueño=admin", "config", "show"}, {}, &out), 2);
  WriteFile(dir.path() + "/malo.toml", "[auth.external.rol_map]\n\"Dueño\" = 1\n");
  EXPECT_EQ(RunMinimarket({"--config", dir.path() + "/malo.toml", "config", "show"}, {}, &out), 2);
  EXPECT_NE(out.find("auth.external.rol_map.Dueño"), std::string::npos) << out;
}

TEST(ExternalIssuerCli, ServeRefusesAnInvalidExternalIssuer) {
  TempDir dir;
  TestDatabase db(store::Dialect::kSqlite);
  WriteFile(dir.path() + "/mm.toml",
            "[auth.external]\nissuer = \"https://id.prueba.example/\"\naudience = \"a\"\n"
            "jwks_url = \"http://id.prueba.example/jwks\"\nalgoritmos = [\"HS256\"]\n"
            "rol_map = { \"Dueño\" = \"jefe\" }\n");
  std::string out;
  auto env = TestEnvironment(db.url());
  env["MM_SERVER_LISTEN"] = "127.0.0.1:0";  // were it to start anyway, on no fixed port
  EXPECT_EQ(RunMinimarket({"--config", dir.path() + "/mm.toml", "serve"}, env, &out), 1);
  EXPECT_NE(out.find("auth.external.jwks_url tiene que ser https"), std::string::npos) << out;
  EXPECT_NE(out.find("no HS256"), std::string::npos) << out;
  EXPECT_NE(out.find("rol inválido (jefe)"), std::string::npos) << out;
}

}  // namespace
}  // namespace mm::testing
