// The outbound HTTP client against a local fake server: retries with backoff and jitter on
// 5xx/429 and connection errors, timeouts, the breaker per destination, the request id.
#include "integrations/http_client.hpp"

#include <gtest/gtest.h>

#include <mutex>
#include <vector>

#include "obs/log.hpp"
#include "support/fake_jwks_server.hpp"

namespace mm::integrations {
namespace {

using core::ErrorCode;
using std::chrono::milliseconds;
using testing::FakeJwksServer;

class HttpClientTest : public ::testing::Test {
 protected:
  CallPolicy Policy(std::string destination = "prueba") {
    CallPolicy p;
    p.destination = std::move(destination);
    p.connect_timeout = milliseconds(1000);
    p.total_timeout = milliseconds(2000);
    p.backoff_base = milliseconds(100);
    p.backoff_max = milliseconds(1000);
    return p;
  }
  OutboundRequest Get() { return OutboundRequest{"GET", server_.url(), {}, {}}; }
  std::vector<milliseconds> Delays() {
    std::lock_guard lock(mu_);
    return delays_;
  }

  FakeJwksServer server_;
  core::ManualClock clock_{core::ParseTimestamp("2026-11-29T12:00:00Z").value()};
  core::SystemRandom random_;
  resilience::BreakerRegistry breakers_{clock_};
  std::mutex mu_;
  std::vector<milliseconds> delays_;
  // Records the backoff instead of sleeping it.
  CurlHttpClient client_{breakers_, clock_, random_, [this](milliseconds d) {
                           std::lock_guard lock(mu_);
                           delays_.push_back(d);
                         }};
};

TEST_F(HttpClientTest, ReturnsTheResponseWithItsHeaders) {
  server_.SetBody(R"({"keys":[]})");
  auto r = client_.Send(Get(), Policy());
  ASSERT_TRUE(r.ok()) << r.error().Message();
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, R"({"keys":[]})");
  EXPECT_EQ(r->Header("content-type"), "application/json");
  EXPECT_EQ(server_.requests(), 1);
  EXPECT_TRUE(Delays().empty());
}

TEST_F(HttpClientTest, RetriesServerErrorsWithExponentialBackoffAndJitter) {
  server_.FailNext(2, 503);
  auto r = client_.Send(Get(), Policy());
  ASSERT_TRUE(r.ok()) << r.error().Message();
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(server_.requests(), 3);
  auto d = Delays();
  ASSERT_EQ(d.size(), 2u);
  // Retry n waits within [b·2^n / 2, b·2^n].
  EXPECT_GE(d[0], milliseconds(50));
  EXPECT_LE(d[0], milliseconds(100));
  EXPECT_GE(d[1], milliseconds(100));
  EXPECT_LE(d[1], milliseconds(200));
}

TEST_F(HttpClientTest, GivesUpAfterTwoRetries) {
  server_.SetMode(FakeJwksServer::Mode::kFail);
  auto r = client_.Send(Get(), Policy());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kExternalUnavailable);
  EXPECT_EQ(server_.requests(), 3);
}

TEST_F(HttpClientTest, RetriesTooManyRequests) {
  server_.FailNext(1, 429);
  auto r = client_.Send(Get(), Policy());
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(server_.requests(), 2);
}

TEST_F(HttpClientTest, AClientErrorIsAnAnswerNotRetriedNorCountedByTheBreaker) {
  server_.SetBody(R"({"error":"no"})", 404);
  for (int i = 0; i < 6; ++i) {
    auto r = client_.Send(Get(), Policy());
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->status, 404);
  }
  EXPECT_EQ(server_.requests(), 6);
  EXPECT_EQ(breakers_.Get("prueba").Snapshot().estado, resilience::BreakerState::kClosed);
}

TEST_F(HttpClientTest, AHangingServerTimesOut) {
  server_.SetMode(FakeJwksServer::Mode::kHang);
  CallPolicy p = Policy();
  p.total_timeout = milliseconds(200);
  p.max_retries = 1;
  auto r = client_.Send(Get(), p);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kExternalTimeout);
  EXPECT_EQ(server_.requests(), 2);
  server_.SetMode(FakeJwksServer::Mode::kServe);
}

TEST_F(HttpClientTest, ARefusedConnectionIsRetriedAndReportedUnavailable) {
  int port;
  {
    FakeJwksServer gone;  // a port that nobody listens on any more
    port = gone.port();
  }
  OutboundRequest req{"GET", "http://127.0.0.1:" + std::to_string(port) + "/x", {}, {}};
  auto r = client_.Send(req, Policy());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kExternalUnavailable);
  EXPECT_EQ(Delays().size(), 2u);
}

TEST_F(HttpClientTest, FiveFailedCallsOpenTheDestinationsBreakerAndLaterAProbeClosesIt) {
  server_.SetMode(FakeJwksServer::Mode::kFail);
  CallPolicy p = Policy("jwks-externo");
  p.max_retries = 0;
  for (int i = 0; i < 5; ++i) EXPECT_FALSE(client_.Send(Get(), p).ok());
  EXPECT_EQ(server_.requests(), 5);
  auto refused = client_.Send(Get(), p);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kBreakerOpen);
  EXPECT_EQ(refused.error().retry_after_s, 60);
  EXPECT_EQ(server_.requests(), 5);  // the dependency was not called
  // Another destination has its own breaker.
  EXPECT_EQ(client_.Send(Get(), Policy("otro")).error().code, ErrorCode::kExternalUnavailable);

  server_.SetMode(FakeJwksServer::Mode::kServe);
  clock_.Advance(std::chrono::seconds(60));
  auto probe = client_.Send(Get(), p);
  ASSERT_TRUE(probe.ok());
  EXPECT_EQ(breakers_.Get("jwks-externo").Snapshot().estado, resilience::BreakerState::kClosed);
}

TEST_F(HttpClientTest, ForwardsTheCurrentRequestId) {
  {
    obs::ScopedRequestId id("req-abc_123");
    ASSERT_TRUE(client_.Send(Get(), Policy()).ok());
  }
  EXPECT_NE(server_.LastRequest().find("x-request-id: req-abc_123\r\n"), std::string::npos)
      << server_.LastRequest();
  ASSERT_TRUE(client_.Send(Get(), Policy()).ok());
  EXPECT_EQ(server_.LastRequest().find("x-request-id"), std::string::npos);
}

TEST_F(HttpClientTest, ABodyOverTheLimitFailsWithoutRetrying) {
  server_.SetBody(std::string(5000, 'x'));
  CallPolicy p = Policy();
  p.max_response_bytes = 1000;
  auto r = client_.Send(Get(), p);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kExternalUnavailable);
  EXPECT_EQ(server_.requests(), 1);
}

TEST_F(HttpClientTest, OnlyHttpAndHttpsAreSpoken) {
  OutboundRequest req{"GET", "file:///etc/passwd", {}, {}};
  auto r = client_.Send(req, Policy());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kExternalUnavailable);
  EXPECT_TRUE(Delays().empty());  // not retried
}

}  // namespace
}  // namespace mm::integrations
