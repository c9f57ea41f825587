// The limiter: headers, 429 answers, narrower-first counting, and the fallback when the shared
// store fails (api.md §4, hardening.md WS3).
#include "resilience/policy_limiter.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <regex>

namespace mm::resilience {
namespace {

using std::chrono::seconds;

constexpr std::string_view kUser = "5b0c6a8e-2f4d-4c61-9a57-0d6a3c1e9f20";

// A shared store that is down while `down` is set; otherwise it counts in memory.
class FlakyStore final : public RateLimitStore {
 public:
  RateVerdict Hit(const std::string& key, core::Timestamp now, const Quota& quota) override {
    ++calls;
    if (down) throw RateLimitStoreUnavailable("sin respuesta en 200 ms");
    return inner.Hit(key, now, quota);
  }
  std::atomic<bool> down{false};
  std::atomic<int> calls{0};
  MemoryRateLimitStore inner;
};

std::map<std::string, std::string> HeaderMap(const RateLimitResult& r) {
  std::map<std::string, std::string> m;
  for (const auto& [k, v] : r.headers) m[k] = v;
  return m;
}

class PolicyLimiterTest : public ::testing::Test {
 protected:
  RateRequest Req(std::string_view method, std::string_view path, std::string_view user = {}) {
    RateRequest r;
    r.method = method;
    r.path = path;
    r.user_id = user;
    r.client_ip = "203.0.113.7";
    return r;
  }
  RateRequest Login(std::string_view body) {
    RateRequest r = Req("POST", "/api/auth/login");
    r.body = body;
    return r;
  }
  std::string MetricsText() { return metrics_.Render(); }

  // 12:00:43.2: 16.8 s left in a 60 s window, 256.8 s in a 300 s one.
  core::ManualClock clock_{core::ParseTimestamp("2026-11-29T12:00:43.200Z").value()};
  obs::Metrics metrics_;
  FlakyStore store_;
};

TEST_F(PolicyLimiterTest, HeadersNameThePolicyItsQuotaAndWhatIsLeft) {
  PolicyLimiter limiter(RateLimitQuotas{}, store_, clock_, metrics_);
  RateLimitResult r;
  for (int i = 0; i < 19; ++i) r = limiter.Check(Req("POST", "/api/ventas", kUser));
  EXPECT_TRUE(r.allowed);
  EXPECT_FALSE(r.error);
  auto h = HeaderMap(r);
  EXPECT_EQ(h["RateLimit-Policy"], R"("write";q=60;w=60)");
  EXPECT_EQ(h["RateLimit"], R"("write";r=41;t=17)");
}

TEST_F(PolicyLimiterTest, LoginListsBothPoliciesInBothHeaders) {
  PolicyLimiter limiter(RateLimitQuotas{}, store_, clock_, metrics_);
  auto h = HeaderMap(limiter.Check(Login(R"({"email":"ana@example.com"})")));
  EXPECT_EQ(h["RateLimit-Policy"], R"("login";q=10;w=300, "login_ip";q=50;w=300)");
  EXPECT_EQ(h["RateLimit"], R"("login";r=9;t=257, "login_ip";r=49;t=257)");
}

TEST_F(PolicyLimiterTest, QuotaExhaustedAnswers429WithRetryAfterInSpanish) {
  RateLimitQuotas q;
  q.Set(RatePolicy::kAnon, Quota{5, 60});
  PolicyLimiter limiter(q, store_, clock_, metrics_);
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(limiter.Check(Req("GET", "/api/openapi.json")).allowed);
  RateLimitResult r = limiter.Check(Req("GET", "/api/openapi.json"));
  EXPECT_FALSE(r.allowed);
  ASSERT_TRUE(r.error);
  EXPECT_EQ(r.error->code, core::ErrorCode::kRateLimited);
  // Full at 43.2 s: admitted again 1 ms after 12:01:00, i.e. in 16.8 s → 17.
  EXPECT_EQ(r.error->retry_after_s, 17);
  EXPECT_EQ(r.error->Message(), "Demasiadas solicitudes. Probá de nuevo en 17 segundos.");
  EXPECT_EQ(r.error->details.at("politica").as_string(), "anon");
  EXPECT_EQ(r.error->details.at("reintentar_en_s").as_int64(), 17);
  auto h = HeaderMap(r);
  EXPECT_EQ(h["RateLimit-Policy"], R"("anon";q=5;w=60)");
  EXPECT_EQ(h["RateLimit"], R"("anon";r=0;t=17)");
  EXPECT_NE(MetricsText().find(R"(mm_ratelimit_rejected_total{politica="anon"} 1)"),
            std::string::npos);
  // Time passes: the same client is admitted again once the weighted count falls below q.
  clock_.Advance(seconds(17));
  EXPECT_TRUE(limiter.Check(Req("GET", "/api/openapi.json")).allowed);
}

TEST_F(PolicyLimiterTest, OneSecondIsSingular) {
  EXPECT_EQ(RateLimitedMessage(1), "Demasiadas solicitudes. Probá de nuevo en 1 segundo.");
  EXPECT_EQ(RateLimitedMessage(60), "Demasiadas solicitudes. Probá de nuevo en 60 segundos.");
}

TEST_F(PolicyLimiterTest, ARefusalByTheNarrowerPolicyConsumesNothingOfTheWider) {
  PolicyLimiter limiter(RateLimitQuotas{}, store_, clock_, metrics_);
  for (int i = 0; i < 10; ++i)
    ASSERT_TRUE(limiter.Check(Login(R"({"email":"ana@x.com"})")).allowed);
  for (int i = 0; i < 5; ++i) {
    RateLimitResult r = limiter.Check(Login(R"({"email":"ana@x.com"})"));
    EXPECT_FALSE(r.allowed);
    EXPECT_EQ(r.error->details.at("politica").as_string(), "login");
    // login_ip was not counted, so only login reports a state.
    EXPECT_EQ(HeaderMap(r)["RateLimit"], R"("login";r=0;t=257)");
  }
  // 10 admitted, 5 refused: login_ip has 50 − 10 − this one = 39 left.
  auto h = HeaderMap(limiter.Check(Login(R"({"email":"beto@x.com"})")));
  EXPECT_EQ(h["RateLimit"], R"("login";r=9;t=257, "login_ip";r=39;t=257)");
}

TEST_F(PolicyLimiterTest, ReportsCountAgainstReportAndRead) {
  PolicyLimiter limiter(RateLimitQuotas{}, store_, clock_, metrics_);
  for (int i = 0; i < 20; ++i) {
    ASSERT_TRUE(limiter.Check(Req("GET", "/api/reportes/ventas", kUser)).allowed);
  }
  RateLimitResult refused = limiter.Check(Req("GET", "/api/reportes/ventas", kUser));
  EXPECT_FALSE(refused.allowed);
  EXPECT_EQ(refused.error->details.at("politica").as_string(), "report");
  // Ordinary reads go on: 300 − 20 − 1.
  auto h = HeaderMap(limiter.Check(Req("GET", "/api/productos", kUser)));
  EXPECT_EQ(h["RateLimit"], R"("read";r=279;t=17)");
}

TEST_F(PolicyLimiterTest, ExemptRoutesGetNoHeadersEvenWhenTheQuotaIsSpent) {
  RateLimitQuotas q;
  q.Set(RatePolicy::kAnon, Quota{1, 60});
  PolicyLimiter limiter(q, store_, clock_, metrics_);
  (void)limiter.Check(Req("GET", "/api/openapi.json"));
  EXPECT_FALSE(limiter.Check(Req("GET", "/api/openapi.json")).allowed);
  for (auto path : {"/healthz", "/readyz", "/api/jobs/health", "/metrics"}) {
    RateLimitResult r = limiter.Check(Req("GET", path));
    EXPECT_TRUE(r.allowed) << path;
    EXPECT_TRUE(r.headers.empty()) << path;
  }
}

TEST_F(PolicyLimiterTest, StoreDownFallsBackToLocalCountersWithTheSameQuota) {
  RateLimitQuotas q;
  q.Set(RatePolicy::kAnon, Quota{3, 60});
  PolicyLimiter limiter(q, store_, clock_, metrics_, std::chrono::milliseconds(0));
  store_.down = true;
  for (int i = 0; i < 3; ++i) {
    RateLimitResult r = limiter.Check(Req("GET", "/api/openapi.json"));
    EXPECT_TRUE(r.allowed);
    EXPECT_EQ(HeaderMap(r)["RateLimit"], "\"anon\";r=" + std::to_string(2 - i) + ";t=17");
  }
  RateLimitResult r = limiter.Check(Req("GET", "/api/openapi.json"));
  EXPECT_FALSE(r.allowed);
  EXPECT_EQ(r.error->code, core::ErrorCode::kRateLimited);
  EXPECT_NE(MetricsText().find(R"(mm_ratelimit_fallback_total{politica="anon"} 4)"),
            std::string::npos);
  // Back up: counted in the shared store again, which saw none of the fallback's hits.
  store_.down = false;
  auto h = HeaderMap(limiter.Check(Req("GET", "/api/openapi.json")));
  EXPECT_EQ(h["RateLimit"], R"("anon";r=2;t=17)");
}

TEST_F(PolicyLimiterTest, LoginAndSupplierFailClosedWhenTheStoreIsDown) {
  PolicyLimiter limiter(RateLimitQuotas{}, store_, clock_, metrics_, std::chrono::milliseconds(0));
  store_.down = true;
  RateLimitResult login = limiter.Check(Login(R"({"email":"ana@x.com"})"));
  EXPECT_FALSE(login.allowed);
  ASSERT_TRUE(login.error);
  EXPECT_EQ(login.error->code, core::ErrorCode::kServiceUnavailable);
  EXPECT_GE(login.error->retry_after_s, 1);
  RateLimitResult supplier = limiter.Check(Req("POST", "/api/proveedor/catalogo"));
  EXPECT_FALSE(supplier.allowed);
  EXPECT_EQ(supplier.error->code, core::ErrorCode::kServiceUnavailable);
  // Fail-open policies still pass.
  EXPECT_TRUE(limiter.Check(Req("POST", "/api/auth/refresh")).allowed);
  EXPECT_TRUE(limiter.Check(Req("POST", "/api/ventas", kUser)).allowed);
  std::string text = MetricsText();
  EXPECT_NE(text.find(R"(mm_ratelimit_fallback_total{politica="login"} 1)"), std::string::npos);
  EXPECT_NE(text.find(R"(mm_ratelimit_fallback_total{politica="supplier"} 1)"), std::string::npos);
}

TEST_F(PolicyLimiterTest, AfterAFailureTheStoreIsLeftAloneForAWhile) {
  PolicyLimiter limiter(RateLimitQuotas{}, store_, clock_, metrics_, std::chrono::hours(1));
  store_.down = true;
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(limiter.Check(Req("GET", "/api/openapi.json")).allowed);
  EXPECT_EQ(store_.calls.load(), 1);
  store_.down = false;
  EXPECT_TRUE(limiter.Check(Req("GET", "/api/openapi.json")).allowed);
  EXPECT_EQ(store_.calls.load(), 1);
}

}  // namespace
}  // namespace mm::resilience
