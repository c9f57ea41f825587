#include "services/access_tokens.hpp"

#include <gtest/gtest.h>
#include <jwt.h>
#include <sodium.h>

#include <atomic>
#include <cstdlib>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "core/uuid.hpp"
#include "services/es256_key.hpp"

namespace mm::services {
namespace {

using core::ErrorCode;
using std::chrono::seconds;

// In-memory key ring: kid → key pair, one of them active.
class FakeKeyRing final : public KeyRing {
 public:
  void Add(const std::string& kid) {
    std::lock_guard lock(mu_);
    keys_[kid] = GenerateEs256();
    if (active_.empty()) active_ = kid;
  }
  void Activate(const std::string& kid) {
    std::lock_guard lock(mu_);
    active_ = kid;
  }
  void Forget(const std::string& kid) {
    std::lock_guard lock(mu_);
    keys_.erase(kid);
  }
  Es256KeyPair Pair(const std::string& kid) {
    std::lock_guard lock(mu_);
    return keys_.at(kid);
  }
  std::optional<std::string> PublicPem(std::string_view kid) override {
    std::lock_guard lock(mu_);
    auto it = keys_.find(std::string(kid));
    if (it == keys_.end()) return std::nullopt;
    return it->second.public_pem;
  }
  SigningKey Active() override {
    std::lock_guard lock(mu_);
    return SigningKey{active_, keys_.at(active_).private_pem};
  }

 private:
  std::mutex mu_;
  std::map<std::string, Es256KeyPair> keys_;
  std::string active_;
};

std::string B64Url(std::string_view bytes) {
  std::vector<char> out(
      sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING));
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                    bytes.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  return out.data();
}

std::string FromB64Url(std::string_view s) {
  std::string out(s.size(), '\0');
  std::size_t len = 0;
  EXPECT_EQ(
      sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), s.data(),
                        s.size(), nullptr, &len, nullptr, sodium_base64_VARIANT_URLSAFE_NO_PADDING),
      0);
  out.resize(len);
  return out;
}

std::vector<std::string> Parts(const std::string& token) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (std::size_t dot; (dot = token.find('.', start)) != std::string::npos; start = dot + 1) {
    parts.push_back(token.substr(start, dot - start));
  }
  parts.push_back(token.substr(start));
  return parts;
}

// Any token an attacker or a foreign issuer could make with libjwt: `alg` and `key` for the
// signature, `kid` (omitted when empty) in the header, `claims` as the payload.
std::string SignWith(jwt_alg_t alg, const std::string& key, const std::string& kid,
                     const boost::json::object& claims) {
  jwt_t* jwt = nullptr;
  EXPECT_EQ(jwt_new(&jwt), 0);
  if (!kid.empty()) {
    EXPECT_EQ(jwt_add_header(jwt, "kid", kid.c_str()), 0);
  }
  EXPECT_EQ(jwt_add_grants_json(jwt, boost::json::serialize(claims).c_str()), 0);
  EXPECT_EQ(jwt_set_alg(jwt, alg, reinterpret_cast<const unsigned char*>(key.data()),
                        static_cast<int>(key.size())),
            0);
  char* s = jwt_encode_str(jwt);
  jwt_free(jwt);
  EXPECT_NE(s, nullptr);
  std::string out = s ? s : "";
  std::free(s);
  return out;
}

class AccessTokensTest : public ::testing::Test {
 protected:
  AccessTokensTest() { keys_.Add("k1"); }

  AccessTokens& Tokens() {
    if (!tokens_) tokens_ = std::make_unique<AccessTokens>(options_, clock_, random_, keys_);
    return *tokens_;
  }
  std::int64_t Now() {
    return std::chrono::floor<seconds>(clock_.Now()).time_since_epoch().count();
  }

  // The claims Issue would write, for tokens built by hand.
  boost::json::object Claims() {
    std::int64_t now = Now();
    return {{"iss", "minimarket"}, {"aud", "minimarket-api"},
            {"sub", "user-1"},     {"rol", "ventas"},
            {"sid", "session-1"},  {"jti", "7f1c0d1e-7c39-4b7e-9d52-1f0f6b9a0c11"},
            {"iat", now},          {"nbf", now},
            {"exp", now + 900}};
  }
  std::string SignedByUs(const boost::json::object& claims, const std::string& kid = "k1") {
    return SignWith(JWT_ALG_ES256, keys_.Pair("k1").private_pem, kid, claims);
  }
  // Hand-made token with this header JSON, the default claims and `signature`.
  std::string Unsigned(std::string_view header_json, std::string_view signature = "") {
    return B64Url(header_json) + "." + B64Url(boost::json::serialize(Claims())) + "." +
           std::string(signature);
  }

  void ExpectRejected(const std::string& token, ErrorCode code = ErrorCode::kUnauthorized) {
    auto r = Tokens().Verify(token);
    ASSERT_FALSE(r.ok()) << token;
    EXPECT_EQ(r.error().code, code) << token;
    if (code == ErrorCode::kUnauthorized) {
      EXPECT_EQ(r.error().message, "Tu sesión no es válida. Ingresá de nuevo.");
    }
  }
  void ExpectAccepted(const std::string& token) {
    auto r = Tokens().Verify(token);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message) << " " << token;
  }

  core::ManualClock clock_{*core::ParseTimestamp("2025-03-01T12:00:00.250Z")};
  core::SystemRandom random_;
  FakeKeyRing keys_;
  AccessTokens::Options options_;
  std::unique_ptr<AccessTokens> tokens_;
};

TEST_F(AccessTokensTest, IssuedTokenVerifiesWithItsClaims) {
  std::string token = Tokens().Issue("user-42", core::Role::kDeposito, "sess-9");
  auto v = Tokens().Verify(token);
  ASSERT_TRUE(v.ok()) << v.error().message;
  EXPECT_EQ(v->user_id, "user-42");
  EXPECT_EQ(v->role, core::Role::kDeposito);
  EXPECT_EQ(v->session_id, "sess-9");
  EXPECT_TRUE(core::NormalizeUuid(v->jti).has_value());
  EXPECT_EQ(v->issued_at, *core::ParseTimestamp("2025-03-01T12:00:00Z"));
  EXPECT_EQ(v->expires_at - v->issued_at, seconds(900));
}

TEST_F(AccessTokensTest, IssuedTokenHasTheSpecifiedHeaderAndClaims) {
  std::string token = Tokens().Issue("user-42", core::Role::kAdmin, "sess-9");
  auto parts = Parts(token);
  ASSERT_EQ(parts.size(), 3u);
  auto header = boost::json::parse(FromB64Url(parts[0])).as_object();
  EXPECT_EQ(header.at("alg"), "ES256");
  EXPECT_EQ(header.at("typ"), "JWT");
  EXPECT_EQ(header.at("kid"), "k1");
  auto claims = boost::json::parse(FromB64Url(parts[1])).as_object();
  EXPECT_EQ(claims.at("iss"), "minimarket");
  EXPECT_EQ(claims.at("aud"), "minimarket-api");
  EXPECT_EQ(claims.at("sub"), "user-42");
  EXPECT_EQ(claims.at("rol"), "admin");
  EXPECT_EQ(claims.at("sid"), "sess-9");
  EXPECT_EQ(claims.at("iat").to_number<std::int64_t>(), Now());
  EXPECT_EQ(claims.at("nbf").to_number<std::int64_t>(), Now());
  EXPECT_EQ(claims.at("exp").to_number<std::int64_t>(), Now() + 900);
  std::string jti(claims.at("jti").as_string());
  ASSERT_EQ(jti.size(), 36u);
  EXPECT_EQ(jti[14], '4');  // UUID version 4
  EXPECT_NE(Parts(Tokens().Issue("user-42", core::Role::kAdmin, "sess-9"))[1], parts[1]);
  EXPECT_EQ(parts[2].size(), 86u);  // r|s, 64 bytes
}

TEST_F(AccessTokensTest, HandMadeTokenWithOurKeyAndClaimsIsAccepted) {
  // The baseline the attack tests below change one thing of.
  ExpectAccepted(SignedByUs(Claims()));
}

TEST_F(AccessTokensTest, AlgNoneIsRejected) {
  ExpectRejected(Unsigned(R"({"alg":"none","typ":"JWT"})"));
  ExpectRejected(Unsigned(R"({"alg":"none","typ":"JWT","kid":"k1"})"));
  // Even with something of the right length where the signature goes.
  ExpectRejected(Unsigned(R"({"alg":"none","kid":"k1"})", std::string(86, 'A')));
}

TEST_F(AccessTokensTest, HS256SignedWithOurPublicKeyIsRejected) {
  std::string public_pem = keys_.Pair("k1").public_pem;
  std::string forged = SignWith(JWT_ALG_HS256, public_pem, "k1", Claims());
  // libjwt alone accepts it: it takes the algorithm from the token.
  jwt_t* jwt = nullptr;
  ASSERT_EQ(
      jwt_decode(&jwt, forged.c_str(), reinterpret_cast<const unsigned char*>(public_pem.data()),
                 static_cast<int>(public_pem.size())),
      0);
  EXPECT_EQ(jwt_get_alg(jwt), JWT_ALG_HS256);
  jwt_free(jwt);
  ExpectRejected(forged);
  ExpectRejected(SignWith(JWT_ALG_HS512, public_pem, "k1", Claims()));
}

TEST_F(AccessTokensTest, AlgorithmsOtherThanExactlyEs256AreRejected) {
  ExpectRejected(Unsigned(R"({"alg":"es256","kid":"k1"})", std::string(86, 'A')));
  ExpectRejected(Unsigned(R"({"alg":"ES384","kid":"k1"})", std::string(86, 'A')));
  ExpectRejected(Unsigned(R"({"kid":"k1"})", std::string(86, 'A')));
  // Real ES256 signature, but the header names another algorithm.
  std::string token = SignedByUs(Claims());
  auto parts = Parts(token);
  ExpectRejected(B64Url(R"({"alg":"HS256","typ":"JWT","kid":"k1"})") + "." + parts[1] + "." +
                 parts[2]);
  // Duplicate keys could make two JSON parsers disagree on the algorithm.
  ExpectRejected(B64Url(R"({"alg":"HS256","alg":"ES256","kid":"k1"})") + "." + parts[1] + "." +
                 parts[2]);
  // An unknown critical extension.
  ExpectRejected(B64Url(R"({"alg":"ES256","kid":"k1","crit":["exp"]})") + "." + parts[1] + "." +
                 parts[2]);
}

TEST_F(AccessTokensTest, BadSignatureIsRejected) {
  std::string token = SignedByUs(Claims());
  std::size_t i = token.rfind('.') + 20;
  token[i] = token[i] == 'A' ? 'B' : 'A';
  ExpectRejected(token);
}

TEST_F(AccessTokensTest, ChangedPayloadIsRejected) {
  auto parts = Parts(SignedByUs(Claims()));
  boost::json::object claims = Claims();
  claims["rol"] = "admin";
  ExpectRejected(parts[0] + "." + B64Url(boost::json::serialize(claims)) + "." + parts[2]);
}

TEST_F(AccessTokensTest, TokenSignedByAnotherEs256KeyUnderOurKidIsRejected) {
  Es256KeyPair other = GenerateEs256();
  ExpectRejected(SignWith(JWT_ALG_ES256, other.private_pem, "k1", Claims()));
}

TEST_F(AccessTokensTest, UnknownOrMissingKidIsRejected) {
  ExpectRejected(SignedByUs(Claims(), "k-desconocida"));
  ExpectRejected(SignedByUs(Claims(), ""));
  auto parts = Parts(SignedByUs(Claims()));
  ExpectRejected(B64Url(R"({"alg":"ES256","kid":7})") + "." + parts[1] + "." + parts[2]);
  ExpectRejected(B64Url(R"({"alg":"ES256","kid":""})") + "." + parts[1] + "." + parts[2]);
}

TEST_F(AccessTokensTest, WrongIssuerIsRejected) {
  auto c = Claims();
  c["iss"] = "otro-emisor";
  ExpectRejected(SignedByUs(c));
  c.erase("iss");
  ExpectRejected(SignedByUs(c));
}

TEST_F(AccessTokensTest, WrongAudienceIsRejected) {
  auto c = Claims();
  c["aud"] = "otra-api";
  ExpectRejected(SignedByUs(c));
  c["aud"] = boost::json::array{"otra-api", "tercera"};
  ExpectRejected(SignedByUs(c));
  c.erase("aud");
  ExpectRejected(SignedByUs(c));
  c["aud"] = boost::json::array{"otra-api", "minimarket-api"};
  ExpectAccepted(SignedByUs(c));
}

TEST_F(AccessTokensTest, MissingOrInvalidClaimsAreRejected) {
  auto with = [&](std::string_view key, boost::json::value v) {
    auto c = Claims();
    c[key] = std::move(v);
    return SignedByUs(c);
  };
  auto without = [&](std::string_view key) {
    auto c = Claims();
    c.erase(key);
    return SignedByUs(c);
  };
  ExpectRejected(with("sub", ""));
  ExpectRejected(with("sub", 42));
  ExpectRejected(with("rol", "superusuario"));
  ExpectRejected(with("rol", "Admin"));
  ExpectRejected(with("sid", ""));
  ExpectRejected(with("exp", "mañana"));
  ExpectRejected(with("exp", -5));
  for (const char* claim : {"sub", "rol", "sid", "jti", "iat", "nbf", "exp"}) {
    ExpectRejected(without(claim));
  }
}

TEST_F(AccessTokensTest, ExpiredTokenGetsTokenExpired) {
  std::string token = Tokens().Issue("u1", core::Role::kVentas, "s1");
  clock_.Advance(seconds(900 + 60));  // exactly exp + leeway
  ExpectRejected(token, ErrorCode::kTokenExpired);
  clock_.Advance(seconds(3600));
  ExpectRejected(token, ErrorCode::kTokenExpired);
}

TEST_F(AccessTokensTest, TokenJustWithinTheLeewayAfterExpiryIsAccepted) {
  std::string token = Tokens().Issue("u1", core::Role::kVentas, "s1");
  clock_.Advance(seconds(900 + 59));
  ExpectAccepted(token);
}

TEST_F(AccessTokensTest, ExpiredTokenWithAnotherFaultIsUnauthorizedNotExpired) {
  // TOKEN_EXPIRED invites a refresh: only a token that is otherwise ours gets it.
  auto c = Claims();
  c["iss"] = "otro-emisor";
  std::string token = SignedByUs(c);
  clock_.Advance(seconds(7200));
  ExpectRejected(token, ErrorCode::kUnauthorized);
}

TEST_F(AccessTokensTest, NotYetValidTokenIsRejected) {
  auto c = Claims();
  c["nbf"] = Now() + 61;
  ExpectRejected(SignedByUs(c));
  c["nbf"] = Now() + 60;  // within the leeway
  ExpectAccepted(SignedByUs(c));
  c = Claims();
  c["iat"] = Now() + 120;
  ExpectRejected(SignedByUs(c));
}

TEST_F(AccessTokensTest, MalformedTokensAreRejected) {
  std::string token = SignedByUs(Claims());
  auto p = Parts(token);
  std::string sig_plus = p[2];
  sig_plus[10] = '+';
  for (const std::string& bad : {
           std::string(),
           std::string("abc"),
           p[0] + "." + p[1],                                 // two parts
           token + ".",                                       // four parts
           p[0] + "." + p[1] + "." + p[2] + "." + p[2],       // four parts
           "." + p[1] + "." + p[2],                           // empty header
           p[0] + ".." + p[2],                                // empty payload
           p[0] + "." + p[1] + "." + sig_plus,                // '+' is not base64url
           p[0] + "=." + p[1] + "." + p[2],                   // padding
           p[0] + "." + p[1] + "." + p[2].substr(0, 85),      // short signature
           p[0] + "." + p[1] + "." + p[2] + "AA",             // long signature
           B64Url("no es JSON") + "." + p[1] + "." + p[2],    // header not JSON
           B64Url(R"(["ES256"])") + "." + p[1] + "." + p[2],  // header not an object
           " " + token,
       }) {
    ExpectRejected(bad);
  }
}

TEST_F(AccessTokensTest, TokenOverTheSizeLimitIsRejected) {
  auto c = Claims();
  c["relleno"] = std::string(5000, 'x');
  std::string fits = SignedByUs(c);
  ASSERT_LT(fits.size(), 8192u);
  ExpectAccepted(fits);  // a big but legal token passes …
  c["relleno"] = std::string(6500, 'x');
  std::string big = SignedByUs(c);
  ASSERT_GT(big.size(), 8192u);
  ASSERT_LT(big.size(), 9500u);
  ExpectRejected(big);  // … one of ~9 KB does not
}

TEST_F(AccessTokensTest, SecondVerifyIsACacheHit) {
  std::string token = Tokens().Issue("u1", core::Role::kUsuario, "s1");
  auto first = Tokens().Verify(token);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(Tokens().cache_misses(), 1u);
  EXPECT_EQ(Tokens().cache_hits(), 0u);
  auto second = Tokens().Verify(token);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(Tokens().cache_hits(), 1u);
  EXPECT_EQ(Tokens().cache_misses(), 1u);
  EXPECT_EQ(second->user_id, first->user_id);
  EXPECT_EQ(second->jti, first->jti);
  EXPECT_EQ(second->expires_at, first->expires_at);
}

TEST_F(AccessTokensTest, CachedTokenIsRejectedOnceExpired) {
  std::string token = Tokens().Issue("u1", core::Role::kUsuario, "s1");
  ASSERT_TRUE(Tokens().Verify(token).ok());
  clock_.Advance(seconds(900 + 59));
  ExpectAccepted(token);
  EXPECT_EQ(Tokens().cache_hits(), 1u);
  clock_.Advance(seconds(1));
  ExpectRejected(token, ErrorCode::kTokenExpired);
  EXPECT_EQ(Tokens().cache_hits(), 2u);  // answered from the cache entry, which is then dropped
  ExpectRejected(token, ErrorCode::kTokenExpired);
  EXPECT_EQ(Tokens().cache_misses(), 2u);
}

TEST_F(AccessTokensTest, FailuresAreNotCached) {
  std::string token = SignedByUs(Claims());
  std::string tampered = token;
  std::size_t i = tampered.rfind('.') + 20;
  tampered[i] = tampered[i] == 'A' ? 'B' : 'A';
  ASSERT_TRUE(Tokens().Verify(token).ok());
  ExpectRejected(tampered);
  ExpectRejected(tampered);
  EXPECT_EQ(Tokens().cache_hits(), 0u);
  EXPECT_EQ(Tokens().cache_misses(), 3u);
}

TEST_F(AccessTokensTest, DisabledCacheNeverHits) {
  options_.cache_entries = 0;
  std::string token = Tokens().Issue("u1", core::Role::kUsuario, "s1");
  ExpectAccepted(token);
  ExpectAccepted(token);
  EXPECT_EQ(Tokens().cache_hits(), 0u);
  EXPECT_EQ(Tokens().cache_misses(), 2u);
}

TEST_F(AccessTokensTest, CacheKeepsAtMostItsCapacity) {
  options_.cache_entries = 2;
  std::vector<std::string> tokens;
  for (int i = 0; i < 3; ++i) {
    tokens.push_back(Tokens().Issue("u" + std::to_string(i), core::Role::kUsuario, "s"));
    ExpectAccepted(tokens.back());
  }
  std::uint64_t hits = 0;
  for (const auto& t : tokens) {
    ExpectAccepted(t);
  }
  hits = Tokens().cache_hits();
  EXPECT_LE(hits, 2u);  // at least one was evicted
  EXPECT_GE(Tokens().cache_misses(), 4u);
}

TEST_F(AccessTokensTest, OldKeyVerifiesAfterRotationUntilTheKeyRingForgetsIt) {
  std::string old_token = Tokens().Issue("u1", core::Role::kAdmin, "s1");
  ASSERT_TRUE(Tokens().Verify(old_token).ok());  // now cached too
  keys_.Add("k2");
  keys_.Activate("k2");
  std::string new_token = Tokens().Issue("u1", core::Role::kAdmin, "s2");
  EXPECT_EQ(boost::json::parse(FromB64Url(Parts(new_token)[0])).at("kid"), "k2");
  ExpectAccepted(old_token);
  ExpectAccepted(new_token);
  keys_.Forget("k1");         // its verification window ended
  ExpectRejected(old_token);  // even though it was in the cache
  ExpectAccepted(new_token);
  // And a fresh instance (no cache) refuses it as well.
  AccessTokens fresh(options_, clock_, random_, keys_);
  auto r = fresh.Verify(old_token);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kUnauthorized);
}

TEST_F(AccessTokensTest, ConcurrentVerificationsAgree) {
  std::vector<std::string> good;
  for (int i = 0; i < 4; ++i) {
    good.push_back(Tokens().Issue("u" + std::to_string(i), core::Role::kVentas, "s"));
  }
  std::string bad = SignWith(JWT_ALG_HS256, keys_.Pair("k1").public_pem, "k1", Claims());
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i) {
        const std::string& token = good[static_cast<std::size_t>(i + t) % good.size()];
        auto r = Tokens().Verify(token);
        if (!r.ok() || r->user_id != "u" + std::to_string((i + t) % good.size())) ++wrong;
        if (Tokens().Verify(bad).ok()) ++wrong;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(wrong.load(), 0);
  EXPECT_EQ(Tokens().cache_hits() + Tokens().cache_misses(), 8u * 200u * 2u);
  EXPECT_GE(Tokens().cache_hits(), 8u * 200u - 8u * 4u);
}

}  // namespace
}  // namespace mm::services
