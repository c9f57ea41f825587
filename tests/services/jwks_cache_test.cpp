// The external issuer's key-set cache (api.md §3.2): TTL, one refetch per 60 s for unknown kids,
// 503 rather than 401 when the set cannot be fetched, one fetch for many concurrent lookups.
#include "services/jwks_cache.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "fake_jwks_source.hpp"
#include "support/fake_issuer.hpp"

namespace mm::services {
namespace {

using core::ErrorCode;
using std::chrono::seconds;
using testing::IssuerKey;
using testing::Jwks;

class JwksCacheTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    a_ = new IssuerKey(testing::MakeEs256Key("a"));
    b_ = new IssuerKey(testing::MakeEs256Key("b"));
    rsa_ = new IssuerKey(testing::MakeRs256Key("r"));
  }
  static void TearDownTestSuite() {
    delete a_;
    delete b_;
    delete rsa_;
  }

  static IssuerKey* a_;
  static IssuerKey* b_;
  static IssuerKey* rsa_;
  core::ManualClock clock_{core::ParseTimestamp("2026-11-29T12:00:00Z").value()};
  FakeJwksSource source_;
  JwksCache cache_{JwksCacheOptions{}, clock_, source_};
};

IssuerKey* JwksCacheTest::a_ = nullptr;
IssuerKey* JwksCacheTest::b_ = nullptr;
IssuerKey* JwksCacheTest::rsa_ = nullptr;

TEST_F(JwksCacheTest, FetchesOnceAndAnswersFromMemoryWithinTheTtl) {
  source_.Serve(Jwks({a_, rsa_}));
  auto k = cache_.Find("a");
  ASSERT_TRUE(k.ok()) << k.error().Message();
  EXPECT_EQ(k->alg, "ES256");
  EXPECT_EQ(k->public_pem, a_->public_pem);
  auto r = cache_.Find("r");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->alg, "RS256");
  clock_.Advance(seconds(599));
  EXPECT_TRUE(cache_.Find("a").ok());
  EXPECT_EQ(source_.fetches(), 1);
  clock_.Advance(seconds(1));  // 600 s old: too old to use
  EXPECT_TRUE(cache_.Find("a").ok());
  EXPECT_EQ(source_.fetches(), 2);
}

TEST_F(JwksCacheTest, AnUnknownKidRefetchesAtMostOncePerMinute) {
  source_.Serve(Jwks({a_}));
  ASSERT_TRUE(cache_.Find("a").ok());
  clock_.Advance(seconds(60));
  auto unknown = cache_.Find("x");  // refetches: the set may have rotated
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code, ErrorCode::kUnauthorized);
  EXPECT_EQ(source_.fetches(), 2);
  for (int i = 0; i < 100; ++i) {
    clock_.Advance(std::chrono::milliseconds(500));
    auto again = cache_.Find("x" + std::to_string(i));
    ASSERT_FALSE(again.ok());
    EXPECT_EQ(again.error().code, ErrorCode::kUnauthorized);
  }
  EXPECT_EQ(source_.fetches(), 2);  // 50 s of made-up kids: no other fetch
  clock_.Advance(seconds(10));
  EXPECT_EQ(cache_.Find("y").error().code, ErrorCode::kUnauthorized);
  EXPECT_EQ(source_.fetches(), 3);
  EXPECT_TRUE(cache_.Find("a").ok());  // known kids never wait for the interval
}

TEST_F(JwksCacheTest, ARotatedKeySetIsPickedUpWhenANewKidAppears) {
  source_.Serve(Jwks({a_}));
  ASSERT_TRUE(cache_.Find("a").ok());
  source_.Serve(Jwks({b_}));
  clock_.Advance(seconds(61));
  auto b = cache_.Find("b");
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(b->public_pem, b_->public_pem);
  EXPECT_FALSE(cache_.Published("a"));  // withdrawn by the issuer
  EXPECT_TRUE(cache_.Published("b"));
}

TEST_F(JwksCacheTest, AnUnknownKidWhileTheJwksIsDownIs503NotA401) {
  source_.Serve(Jwks({a_}));
  ASSERT_TRUE(cache_.Find("a").ok());
  source_.Fail();
  clock_.Advance(seconds(60));
  auto down = cache_.Find("nuevo");
  ASSERT_FALSE(down.ok());
  EXPECT_EQ(down.error().code, ErrorCode::kDependencyUnavailable);
  EXPECT_EQ(down.error().retry_after_s, 60);
  clock_.Advance(seconds(20));
  auto still = cache_.Find("nuevo");  // within the interval: no fetch, still 503
  EXPECT_EQ(still.error().code, ErrorCode::kDependencyUnavailable);
  EXPECT_EQ(still.error().retry_after_s, 40);
  EXPECT_EQ(source_.fetches(), 2);
  EXPECT_TRUE(cache_.Find("a").ok());  // the cached key still answers within its TTL
}

TEST_F(JwksCacheTest, NeverFetchedAndDownIs503) {
  source_.Fail();
  EXPECT_EQ(cache_.Find("a").error().code, ErrorCode::kDependencyUnavailable);
  source_.Serve(Jwks({a_}));
  EXPECT_EQ(cache_.Find("a").error().code, ErrorCode::kDependencyUnavailable);
  clock_.Advance(seconds(60));
  EXPECT_TRUE(cache_.Find("a").ok());
  EXPECT_EQ(source_.fetches(), 2);
}

TEST_F(JwksCacheTest, KeysOlderThanTheTtlAreNotUsedWhenTheRefetchFails) {
  source_.Serve(Jwks({a_}));
  ASSERT_TRUE(cache_.Find("a").ok());
  source_.Fail();
  clock_.Advance(seconds(600));
  EXPECT_EQ(cache_.Find("a").error().code, ErrorCode::kDependencyUnavailable);
}

TEST_F(JwksCacheTest, AnInvalidDocumentCountsAsAFailedFetch) {
  source_.ServeText("<html>mantenimiento</html>");
  EXPECT_EQ(cache_.Find("a").error().code, ErrorCode::kDependencyUnavailable);
}

TEST_F(JwksCacheTest, ConcurrentLookupsShareOneFetch) {
  source_.Serve(Jwks({a_}));
  source_.Hold(true);
  std::atomic<int> found{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&] {
      if (cache_.Find("a").ok()) ++found;
    });
  }
  while (source_.fetches() == 0) std::this_thread::yield();
  source_.Hold(false);
  for (auto& t : threads) t.join();
  EXPECT_EQ(found.load(), 8);
  EXPECT_EQ(source_.fetches(), 1);
}

TEST(ParseJwks, KeepsOnlyKeysThatCanVerifyEs256OrRs256) {
  IssuerKey ec = testing::MakeEs256Key("ec");
  IssuerKey rsa = testing::MakeRs256Key("rsa");
  boost::json::object rs384 = rsa.jwk;
  rs384["kid"] = "rs384";
  rs384["alg"] = "RS384";
  boost::json::object enc = ec.jwk;
  enc["kid"] = "enc";
  enc["use"] = "enc";
  boost::json::object no_kid = ec.jwk;
  no_kid.erase("kid");
  boost::json::object dup = rsa.jwk;
  dup["kid"] = "ec";
  boost::json::array keys{ec.jwk,
                          rsa.jwk,
                          rs384,
                          enc,
                          no_kid,
                          dup,
                          boost::json::object{{"kty", "oct"}, {"kid", "hmac"}, {"k", "c2VjcmV0"}}};
  auto parsed = ParseJwks(boost::json::serialize(boost::json::object{{"keys", keys}}));
  ASSERT_TRUE(parsed.has_value());
  ASSERT_EQ(parsed->size(), 2u);
  EXPECT_EQ((*parsed)[0].kid, "ec");
  EXPECT_EQ((*parsed)[0].alg, "ES256");
  EXPECT_EQ((*parsed)[0].public_pem, ec.public_pem);
  EXPECT_EQ((*parsed)[1].kid, "rsa");
  EXPECT_EQ((*parsed)[1].alg, "RS256");
  EXPECT_FALSE(ParseJwks(R"({"claves":[]})").has_value());
  EXPECT_FALSE(ParseJwks("[]").has_value());
}

}  // namespace
}  // namespace mm::services
