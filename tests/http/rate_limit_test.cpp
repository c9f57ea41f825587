// Rate limiting through the real server (api.md §4, hardening.md WS3): 429 with Retry-After,
// RateLimit and RateLimit-Policy; exempt health routes; the client IP bucket; per-policy quotas.
// Counters live in memory on SQLite and in rate_limit_state on PostgreSQL.
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <regex>
#include <thread>

#include "http_fixture.hpp"
#include "resilience/rate_limit_policy.hpp"

namespace mm::testing {
namespace {

// Quotas count within aligned windows of w seconds. A test that fills a quota and expects the
// next request refused must not straddle a window edge (just after it the full previous window
// weighs a little less than q), so it starts over when fewer than 3 s of the window are left.
void AvoidWindowEdge(int window_s = 60) {
  auto now = std::chrono::system_clock::now();
  auto since = now.time_since_epoch();
  auto w = std::chrono::seconds(window_s);
  auto left = w - (since % w);
  if (left < std::chrono::seconds(3)) {
    std::this_thread::sleep_for(left + std::chrono::milliseconds(50));
  }
}

// The `r` of a one-policy RateLimit header: "anon";r=4;t=17 → 4; -1 when malformed.
int Remaining(const HttpResult& r) {
  static const std::regex kState(R"re(^"[a-z_]+";r=([0-9]+);t=([0-9]+)$)re");
  std::smatch m;
  std::string h = r.Header("ratelimit");
  if (!std::regex_match(h, m, kState)) return -1;
  return std::stoi(m[1]);
}

class RateLimitHttpTest : public HttpTest {};

TEST_P(RateLimitHttpTest, TheSixthAnonymousRequestGets429WithRetryAfterInSpanish) {
  LiveServer live(GetParam(), {{"MM_RATE_LIMIT_ANON_Q", "5"}});
  HttpClient c(live.server.base_url());
  AvoidWindowEdge();
  for (int i = 1; i <= 5; ++i) {
    auto r = c.Get("/api/openapi.json");
    ASSERT_EQ(r.status, 200) << i;
    EXPECT_EQ(r.Header("ratelimit-policy"), R"("anon";q=5;w=60)");
    EXPECT_EQ(Remaining(r), 5 - i) << r.Header("ratelimit");
  }
  auto refused = c.Get("/api/openapi.json");
  ASSERT_EQ(refused.status, 429) << refused.body;
  EXPECT_EQ(refused.Code(), "RATE_LIMITED");
  EXPECT_EQ(refused.Header("ratelimit-policy"), R"("anon";q=5;w=60)");
  EXPECT_EQ(Remaining(refused), 0) << refused.Header("ratelimit");
  int retry = std::stoi(refused.Header("retry-after"));
  EXPECT_GE(retry, 1);
  EXPECT_LE(retry, 60);
  auto error = refused.Json().at("error");
  EXPECT_EQ(error.at("details").at("politica").as_string(), "anon");
  EXPECT_EQ(error.at("details").at("reintentar_en_s").as_int64(), retry);
  std::string unit = retry == 1 ? " segundo." : " segundos.";
  EXPECT_EQ(error.at("message").as_string(),
            "Demasiadas solicitudes. Probá de nuevo en " + std::to_string(retry) + unit);
  // Other anonymous routes share the bucket (a 404 too).
  EXPECT_EQ(c.Get("/api/no-existe").status, 429);

  // PostgreSQL counts in the shared table (so N instances see one limit), SQLite in memory;
  // neither fell back to local counters.
  auto db = live.db.Open();
  auto counted = db->Read([](store::Tx& tx) {
    auto row = tx.QueryOne("SELECT count FROM rate_limit_state WHERE key = 'anon:ip:127.0.0.1'");
    return row ? row->Int(0) : -1;
  });
  EXPECT_EQ(counted, GetParam() == store::Dialect::kPostgres ? 5 : -1);
  EXPECT_EQ(c.Get("/metrics").body.find("mm_ratelimit_fallback_total"), std::string::npos);
  EXPECT_NE(c.Get("/metrics").body.find(R"(mm_ratelimit_rejected_total{politica="anon"} 2)"),
            std::string::npos);
}

// Decision 32: the health routes and /metrics are never limited and carry no RateLimit header,
// even with the anonymous quota spent (/api/jobs/health has no route yet: its 404 is exempt too).
TEST_P(RateLimitHttpTest, HealthRoutesAndMetricsAreNeverLimited) {
  LiveServer live(GetParam(), {{"MM_RATE_LIMIT_ANON_Q", "1"}});
  HttpClient c(live.server.base_url());
  AvoidWindowEdge();
  ASSERT_EQ(c.Get("/api/openapi.json").status, 200);
  ASSERT_EQ(c.Get("/api/openapi.json").status, 429);
  const char* paths[] = {"/healthz", "/readyz", "/metrics", "/api/jobs/health"};
  const std::int64_t total = Scaled(1000, 100);
  int limited = 0, with_headers = 0, ok = 0;
  for (std::int64_t i = 0; i < total; ++i) {
    auto r = c.Get(paths[i % 4]);
    if (r.status == 429) ++limited;
    if (!r.Header("ratelimit").empty() || !r.Header("ratelimit-policy").empty()) ++with_headers;
    if (r.status == 200) ++ok;
  }
  EXPECT_EQ(limited, 0);
  EXPECT_EQ(with_headers, 0);
  EXPECT_EQ(ok, total - total / 4);  // all but /api/jobs/health (404)
}

// The socket peer is not a trusted proxy, so X-Forwarded-For is ignored: one bucket whatever
// it says.
TEST_P(RateLimitHttpTest, ASpoofedForwardedForDoesNotChangeTheBucket) {
  LiveServer live(GetParam(), {{"MM_RATE_LIMIT_ANON_Q", "3"}});
  HttpClient c(live.server.base_url());
  AvoidWindowEdge();
  for (int i = 1; i <= 3; ++i) {
    auto r = c.Get("/api/openapi.json", {{"X-Forwarded-For", "198.51.100." + std::to_string(i)}});
    ASSERT_EQ(r.status, 200);
    EXPECT_EQ(Remaining(r), 3 - i);
  }
  EXPECT_EQ(c.Get("/api/openapi.json", {{"X-Forwarded-For", "198.51.100.99"}}).status, 429);
  EXPECT_EQ(c.Get("/api/openapi.json", {{"X-Forwarded-For", "10.0.0.1, 127.0.0.1"}}).status, 429);
}

// The other side of the previous test: behind a trusted proxy, X-Forwarded-For does pick the
// bucket, so the check above is not vacuous.
TEST_P(RateLimitHttpTest, BehindATrustedProxyEachForwardedClientHasItsOwnBucket) {
  TempDir dir;
  std::ofstream(dir.path() + "/mm.toml") << "[server]\ntrusted_proxies = [\"127.0.0.1/32\"]\n";
  TestDatabase db(GetParam());
  ServerProcess server(db.url(), {{"MM_RATE_LIMIT_ANON_Q", "2"}},
                       {"--config", dir.path() + "/mm.toml", "serve"});
  server.Start();
  HttpClient c(server.base_url());
  AvoidWindowEdge();
  for (int i = 0; i < 2; ++i) {
    ASSERT_EQ(c.Get("/api/openapi.json", {{"X-Forwarded-For", "198.51.100.1"}}).status, 200);
  }
  EXPECT_EQ(c.Get("/api/openapi.json", {{"X-Forwarded-For", "198.51.100.1"}}).status, 429);
  auto other = c.Get("/api/openapi.json", {{"X-Forwarded-For", "198.51.100.2"}});
  EXPECT_EQ(other.status, 200);
  EXPECT_EQ(Remaining(other), 1);
}

TEST_P(RateLimitHttpTest, ClientErrorReportsHaveTheirOwnPolicy) {
  LiveServer live(GetParam(),
                  {{"MM_RATE_LIMIT_ANON_Q", "2"}, {"MM_RATE_LIMIT_CLIENT_ERRORS_Q", "3"}});
  HttpClient c(live.server.base_url());
  AvoidWindowEdge();
  for (int i = 1; i <= 3; ++i) {
    auto r = c.PostJson("/api/client-errors", R"({"mensaje":"Falló la carga"})");
    ASSERT_EQ(r.status, 202) << r.body;
    EXPECT_EQ(r.Header("ratelimit-policy"), R"("client_errors";q=3;w=60)");
    EXPECT_EQ(Remaining(r), 3 - i);
  }
  auto refused = c.PostJson("/api/client-errors", R"({"mensaje":"Falló la carga"})");
  ASSERT_EQ(refused.status, 429);
  EXPECT_EQ(refused.Json().at("error").at("details").at("politica").as_string(), "client_errors");
  // The anonymous bucket of the same IP was not touched.
  auto anon = c.Get("/api/openapi.json");
  EXPECT_EQ(anon.status, 200);
  EXPECT_EQ(Remaining(anon), 1);
}

// login counts per IP + email, login_ip per IP; both are listed. Failed logins count too.
TEST_P(RateLimitHttpTest, LoginCountsPerEmailAndPerIp) {
  LiveServer live(GetParam(), {{"MM_RATE_LIMIT_LOGIN_Q", "2"}, {"MM_RATE_LIMIT_LOGIN_IP_Q", "3"}});
  HttpClient c(live.server.base_url());
  AvoidWindowEdge(300);
  auto attempt = [&](const std::string& email) {
    return c.PostJson("/api/auth/login", R"({"email":")" + email + R"(","password":"no-es"})");
  };
  auto first = attempt("nadie@demo.local");
  EXPECT_EQ(first.status, 401);
  EXPECT_EQ(first.Header("ratelimit-policy"), R"("login";q=2;w=300, "login_ip";q=3;w=300)");
  static const std::regex kBoth(R"re(^"login";r=1;t=[0-9]+, "login_ip";r=2;t=[0-9]+$)re");
  EXPECT_TRUE(std::regex_match(first.Header("ratelimit"), kBoth)) << first.Header("ratelimit");
  // The same address in another spelling is the same bucket.
  EXPECT_EQ(attempt("  NADIE@demo.local ").status, 401);
  auto per_email = attempt("nadie@demo.local");
  ASSERT_EQ(per_email.status, 429);
  EXPECT_EQ(per_email.Json().at("error").at("details").at("politica").as_string(), "login");
  // Another email from the same IP passes login and fills login_ip (the refusal above did not
  // count there).
  EXPECT_EQ(attempt("otro@demo.local").status, 401);
  auto per_ip = attempt("tercero@demo.local");
  ASSERT_EQ(per_ip.status, 429);
  EXPECT_EQ(per_ip.Json().at("error").at("details").at("politica").as_string(), "login_ip");
}

// With a token the key is the user: reads and writes have their own quotas per user.
TEST_P(RateLimitHttpTest, AuthenticatedRequestsCountPerUser) {
  LiveServer live(GetParam(), {{"MM_RATE_LIMIT_READ_Q", "2"}}, true);
  HttpClient c(live.server.base_url());
  std::string admin = Login(c, "admin@demo.local");
  std::string ventas = Login(c, "ventas@demo.local");
  ASSERT_FALSE(admin.empty());
  ASSERT_FALSE(ventas.empty());
  AvoidWindowEdge();
  auto me = c.Get("/api/auth/me", Bearer(admin));
  EXPECT_EQ(me.status, 200);
  EXPECT_EQ(me.Header("ratelimit-policy"), R"("read";q=2;w=60)");
  EXPECT_EQ(c.Get("/api/auth/me", Bearer(admin)).status, 200);
  auto refused = c.Get("/api/auth/me", Bearer(admin));
  ASSERT_EQ(refused.status, 429);
  EXPECT_EQ(refused.Json().at("error").at("details").at("politica").as_string(), "read");
  EXPECT_EQ(c.Get("/api/auth/me", Bearer(ventas)).status, 200);  // another user, another bucket
  // A write is counted under write, even when its body is refused afterwards.
  Headers h = Bearer(admin);
  auto write = c.PostJson("/api/usuarios", "{}", h);
  EXPECT_EQ(write.status, 400);
  EXPECT_EQ(write.Header("ratelimit-policy"), R"("write";q=60;w=60)");
  EXPECT_EQ(Remaining(write), 59);
}

// The configuration's defaults (docs/configuration.md) are the quotas of api.md §4, which the
// limiter also uses as its own defaults.
TEST(RateLimitConfig, DefaultsAreTheQuotasOfTheSpec) {
  std::string table;
  ASSERT_EQ(RunMinimarket({"config", "keys", "--markdown"}, {}, &table), 0);
  for (auto p : resilience::kAllRatePolicies) {
    std::string key = "rate_limit." + std::string(resilience::PolicyName(p));
    auto q = resilience::DefaultQuota(p);
    EXPECT_NE(table.find("| `" + key + ".q` | entero | `" + std::to_string(q.limit) + "` |"),
              std::string::npos)
        << key;
    EXPECT_NE(table.find("| `" + key + ".w` | entero | `" + std::to_string(q.window_s) + "` |"),
              std::string::npos)
        << key;
  }
}

MM_INSTANTIATE_HTTP(RateLimitHttpTest);

}  // namespace
}  // namespace mm::testing
