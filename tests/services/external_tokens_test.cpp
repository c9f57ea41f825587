// External-issuer token verification (api.md §3.2, hardening.md WS4): alg pinned to the
// configured algorithms, key by kid from the JWKS, libjwt's decoded alg re-checked, claims, and
// the role through the map.
#include "services/external_tokens.hpp"

#include <gtest/gtest.h>

#include "fake_jwks_source.hpp"
#include "support/fake_issuer.hpp"

namespace mm::services {
namespace {

using core::ErrorCode;
using std::chrono::seconds;
using testing::IssuerKey;
using testing::SignToken;

constexpr const char* kIssuer = "https://id.ejemplo.com/";
constexpr const char* kAudience = "minimarket-externo";

class ExternalTokensTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    ec_ = new IssuerKey(testing::MakeEs256Key("ec-1"));
    rsa_ = new IssuerKey(testing::MakeRs256Key("rsa-1"));
  }
  static void TearDownTestSuite() {
    delete ec_;
    delete rsa_;
  }

  void SetUp() override { source_.Serve(testing::Jwks({ec_, rsa_})); }

  static ExternalTokenOptions Options(std::vector<std::string> algorithms) {
    ExternalTokenOptions o;
    o.issuer = kIssuer;
    o.audience = kAudience;
    o.algorithms = std::move(algorithms);
    o.role_map = {{"Dueño", core::Role::kAdmin}, {"Cajero", core::Role::kVentas}};
    return o;
  }

  boost::json::object Claims(std::string rol = "Dueño") {
    std::int64_t now = std::chrono::floor<seconds>(clock_.Now()).time_since_epoch().count();
    return {{"iss", kIssuer},
            {"aud", kAudience},
            {"sub", "ext-42"},
            {"email", "Ana@Tienda.Example"},
            {"name", " Ana Pérez "},
            {"rol", rol},
            {"iat", now},
            {"exp", now + 300}};
  }

  static IssuerKey* ec_;
  static IssuerKey* rsa_;
  core::ManualClock clock_{core::ParseTimestamp("2026-11-29T12:00:00Z").value()};
  FakeJwksSource source_;
  JwksCache keys_{JwksCacheOptions{}, clock_, source_};
  ExternalTokens both_{Options({"ES256", "RS256"}), clock_, keys_};
  ExternalTokens es_only_{Options({"ES256"}), clock_, keys_};
};

IssuerKey* ExternalTokensTest::ec_ = nullptr;
IssuerKey* ExternalTokensTest::rsa_ = nullptr;

TEST_F(ExternalTokensTest, AcceptsEs256AndRs256TokensAndMapsTheRole) {
  auto es = both_.Verify(SignToken(*ec_, Claims("Dueño")));
  ASSERT_TRUE(es.ok()) << es.error().Message();
  EXPECT_EQ(es->subject, "ext-42");
  EXPECT_EQ(es->role, core::Role::kAdmin);
  EXPECT_EQ(es->email, "ana@tienda.example");
  EXPECT_EQ(es->name, "Ana Pérez");
  EXPECT_EQ(es->kid, "ec-1");
  EXPECT_EQ(es->issued_at, clock_.Now());
  auto rs = both_.Verify(SignToken(*rsa_, Claims("Cajero")));
  ASSERT_TRUE(rs.ok()) << rs.error().Message();
  EXPECT_EQ(rs->role, core::Role::kVentas);
}

TEST_F(ExternalTokensTest, AnRs256TokenIsRefusedWhenOnlyEs256IsAllowed) {
  auto r = es_only_.Verify(SignToken(*rsa_, Claims()));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kUnauthorized);
  EXPECT_EQ(source_.fetches(), 0);  // refused before any key was looked up
}

TEST_F(ExternalTokensTest, Hs256SignedWithThePublicKeyIsRefused) {
  // The algorithm confusion: an HMAC "signed" with the issuer's public PEM, under its kid.
  for (const IssuerKey* k : {ec_, rsa_}) {
    auto r = both_.Verify(testing::SignHs256(k->public_pem, k->kid, Claims()));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::kUnauthorized);
  }
}

TEST_F(ExternalTokensTest, AHeaderAlgThatDoesNotFitTheKidsKeyIsRefused) {
  // Signed by the RSA key but naming the EC key's kid, and the other way round.
  EXPECT_EQ(both_.Verify(SignToken(*rsa_, Claims(), "ec-1")).error().code,
            ErrorCode::kUnauthorized);
  EXPECT_EQ(both_.Verify(SignToken(*ec_, Claims(), "rsa-1")).error().code,
            ErrorCode::kUnauthorized);
}

TEST_F(ExternalTokensTest, ATamperedPayloadIsRefused) {
  std::string token = SignToken(*ec_, Claims("Cajero"));
  std::string other = SignToken(*ec_, Claims("Dueño"));
  auto dot1 = token.find('.'), dot2 = token.rfind('.');
  auto odot1 = other.find('.'), odot2 = other.rfind('.');
  std::string forged =
      token.substr(0, dot1 + 1) + other.substr(odot1 + 1, odot2 - odot1 - 1) + token.substr(dot2);
  EXPECT_EQ(both_.Verify(forged).error().code, ErrorCode::kUnauthorized);
}

TEST_F(ExternalTokensTest, IssuerAudienceAndValidityAreChecked) {
  auto with = [&](const char* key, boost::json::value v) {
    auto c = Claims();
    c[key] = std::move(v);
    return both_.Verify(SignToken(*ec_, c));
  };
  EXPECT_EQ(with("aud", "otra-api").error().code, ErrorCode::kUnauthorized);
  EXPECT_TRUE(with("aud", boost::json::array{"otra-api", kAudience}).ok());
  EXPECT_EQ(with("iss", "https://otro.example/").error().code, ErrorCode::kUnauthorized);
  auto now = std::chrono::floor<seconds>(clock_.Now()).time_since_epoch().count();
  EXPECT_TRUE(with("exp", now - 59).ok());  // within the 60 s leeway
  EXPECT_EQ(with("exp", now - 60).error().code, ErrorCode::kTokenExpired);
  EXPECT_TRUE(with("nbf", now + 60).ok());
  EXPECT_EQ(with("nbf", now + 61).error().code, ErrorCode::kUnauthorized);
  EXPECT_EQ(with("sub", "").error().code, ErrorCode::kUnauthorized);
  auto no_dates = Claims();
  no_dates.erase("iat");
  EXPECT_EQ(both_.Verify(SignToken(*ec_, no_dates)).error().code, ErrorCode::kUnauthorized);
  no_dates["nbf"] = now;
  EXPECT_TRUE(both_.Verify(SignToken(*ec_, no_dates)).ok());  // nbf stands in for iat
}

TEST_F(ExternalTokensTest, AMissingOrUnmappedRoleIs403) {
  auto unmapped = both_.Verify(SignToken(*ec_, Claims("Repositor")));
  ASSERT_FALSE(unmapped.ok());
  EXPECT_EQ(unmapped.error().code, ErrorCode::kForbidden);
  auto c = Claims();
  c.erase("rol");
  EXPECT_EQ(both_.Verify(SignToken(*ec_, c)).error().code, ErrorCode::kForbidden);
  // A role name of ours is not a role of the issuer unless the map says so.
  EXPECT_EQ(both_.Verify(SignToken(*ec_, Claims("admin"))).error().code, ErrorCode::kForbidden);
}

TEST_F(ExternalTokensTest, AnUnknownKidWhileTheJwksIsDownIs503) {
  source_.Fail();
  IssuerKey fresh = testing::MakeEs256Key("ec-2");
  auto r = both_.Verify(SignToken(fresh, Claims()));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kDependencyUnavailable);
}

TEST_F(ExternalTokensTest, RoutesByTheUnverifiedIssuer) {
  EXPECT_TRUE(both_.IsExternal(SignToken(*ec_, Claims())));
  auto local = Claims();
  local["iss"] = "minimarket";
  EXPECT_FALSE(both_.IsExternal(SignToken(*ec_, local)));
  EXPECT_FALSE(both_.IsExternal("no.es.jwt"));
  EXPECT_FALSE(both_.IsExternal(""));
}

}  // namespace
}  // namespace mm::services
