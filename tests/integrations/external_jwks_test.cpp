// The external JWKS fetched over HTTP from a fake issuer on 127.0.0.1, cached by JwksCache on a
// test clock: a rotated key set, a hanging endpoint (timeouts, 503), and the `jwks-externo`
// breaker.
#include "integrations/external_jwks.hpp"

#include <gtest/gtest.h>

#include "support/fake_issuer.hpp"
#include "support/fake_jwks_server.hpp"

namespace mm::integrations {
namespace {

using core::ErrorCode;
using std::chrono::milliseconds;
using std::chrono::seconds;
using testing::FakeJwksServer;

class ExternalJwksTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    old_ = new testing::IssuerKey(testing::MakeEs256Key("2026-01"));
    new_ = new testing::IssuerKey(testing::MakeEs256Key("2026-02"));
  }
  static void TearDownTestSuite() {
    delete old_;
    delete new_;
  }

  ExternalJwksOptions Options() {
    ExternalJwksOptions o;
    o.url = server_.url();
    o.connect_timeout = milliseconds(500);
    o.total_timeout = milliseconds(300);
    return o;
  }

  static testing::IssuerKey* old_;
  static testing::IssuerKey* new_;
  FakeJwksServer server_;
  core::ManualClock clock_{core::ParseTimestamp("2026-11-29T12:00:00Z").value()};
  core::SystemRandom random_;
  resilience::BreakerRegistry breakers_{clock_};
  CurlHttpClient http_{breakers_, clock_, random_, [](milliseconds) {}};
  ExternalJwksSource source_{http_, Options()};
};

testing::IssuerKey* ExternalJwksTest::old_ = nullptr;
testing::IssuerKey* ExternalJwksTest::new_ = nullptr;

TEST_F(ExternalJwksTest, ARotatedKeySetIsFetchedWhenItsNewKidFirstAppears) {
  services::JwksCache cache({}, clock_, source_);
  server_.SetJwks(testing::Jwks({old_}));
  ASSERT_TRUE(cache.Find("2026-01").ok());
  server_.SetJwks(testing::Jwks({new_}));  // the issuer rotates
  clock_.Advance(seconds(30));
  EXPECT_EQ(cache.Find("2026-02").error().code, ErrorCode::kUnauthorized);  // refetched 30 s ago
  clock_.Advance(seconds(30));
  auto k = cache.Find("2026-02");
  ASSERT_TRUE(k.ok()) << k.error().Message();
  EXPECT_EQ(k->public_pem, new_->public_pem);
  EXPECT_FALSE(cache.Published("2026-01"));
  EXPECT_EQ(server_.requests(), 2);
}

TEST_F(ExternalJwksTest, AHangingEndpointTimesOutAndGives503) {
  services::JwksCache cache({}, clock_, source_);
  server_.SetMode(FakeJwksServer::Mode::kHang);
  auto r = cache.Find("2026-01");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kDependencyUnavailable);
  EXPECT_EQ(server_.requests(), 3);  // two retries
  server_.SetMode(FakeJwksServer::Mode::kServe);
}

TEST_F(ExternalJwksTest, ANon200AnswerIsUnavailable) {
  server_.SetBody(R"({"error":"no encontrado"})", 404);
  auto r = source_.Fetch();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kDependencyUnavailable);
  EXPECT_EQ(server_.requests(), 1);  // a 404 is not retried
}

TEST_F(ExternalJwksTest, FiveFailedFetchesOpenTheBreakerAndStopCallingTheIssuer) {
  services::JwksCacheOptions fast;
  fast.refetch_interval = seconds(1);
  services::JwksCache cache(fast, clock_, source_);
  server_.SetMode(FakeJwksServer::Mode::kFail);
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(cache.Find("2026-01").error().code, ErrorCode::kDependencyUnavailable);
    clock_.Advance(seconds(1));
  }
  EXPECT_EQ(server_.requests(), 15);
  auto& breaker = breakers_.Get(ExternalJwksSource::kBreaker);
  EXPECT_EQ(breaker.Snapshot().estado, resilience::BreakerState::kOpen);
  auto refused = cache.Find("2026-01");
  EXPECT_EQ(refused.error().code, ErrorCode::kDependencyUnavailable);
  EXPECT_EQ(server_.requests(), 15);  // the breaker answered
  // After the open interval one probe goes out; the issuer is back, so it closes.
  server_.SetMode(FakeJwksServer::Mode::kServe);
  server_.SetJwks(testing::Jwks({old_}));
  clock_.Advance(seconds(60));
  EXPECT_TRUE(cache.Find("2026-01").ok());
  EXPECT_EQ(breaker.Snapshot().estado, resilience::BreakerState::kClosed);
}

}  // namespace
}  // namespace mm::integrations
