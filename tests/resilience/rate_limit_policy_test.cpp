// Which policies of api.md §4 apply to a request, and under which key.
#include "resilience/rate_limit_policy.hpp"

#include <gtest/gtest.h>

#include <map>

namespace mm::resilience {
namespace {

constexpr std::string_view kUser = "5b0c6a8e-2f4d-4c61-9a57-0d6a3c1e9f20";

RateRequest Req(std::string_view method, std::string_view path, std::string_view user = {}) {
  RateRequest r;
  r.method = method;
  r.path = path;
  r.user_id = user;
  r.client_ip = "203.0.113.7";
  return r;
}

std::vector<RatePolicy> Policies(const RateRequest& r) {
  std::vector<RatePolicy> out;
  for (const auto& h : SelectPolicies(r)) out.push_back(h.policy);
  return out;
}

using P = RatePolicy;

TEST(RateLimitPolicy, HealthMetricsAndPreflightsAreNeverLimited) {
  for (auto path : {"/healthz", "/readyz", "/api/jobs/health", "/metrics"}) {
    EXPECT_TRUE(SelectPolicies(Req("GET", path)).empty()) << path;
    EXPECT_TRUE(SelectPolicies(Req("GET", path, kUser)).empty()) << path;
    EXPECT_TRUE(SelectPolicies(Req("POST", path, kUser)).empty()) << path;
  }
  EXPECT_TRUE(SelectPolicies(Req("OPTIONS", "/api/productos")).empty());
  EXPECT_FALSE(SelectPolicies(Req("GET", "/healthz/")).empty());
}

TEST(RateLimitPolicy, AuthenticatedReadsWritesReportsAndCsv) {
  EXPECT_EQ(Policies(Req("GET", "/api/productos", kUser)), std::vector{P::kRead});
  EXPECT_EQ(Policies(Req("GET", "/api/auth/me", kUser)), std::vector{P::kRead});
  EXPECT_EQ(Policies(Req("POST", "/api/ventas/cotizar", kUser)), std::vector{P::kRead});
  for (auto m : {"POST", "PUT", "PATCH", "DELETE"}) {
    EXPECT_EQ(Policies(Req(m, "/api/productos/x", kUser)), std::vector{P::kWrite}) << m;
  }
  EXPECT_EQ(Policies(Req("POST", "/api/ventas", kUser)), std::vector{P::kWrite});
  EXPECT_EQ(Policies(Req("GET", "/api/reportes/ventas", kUser)),
            (std::vector{P::kReport, P::kRead}));
  RateRequest csv = Req("GET", "/api/productos", kUser);
  csv.csv = true;
  EXPECT_EQ(Policies(csv), (std::vector{P::kReport, P::kRead}));
  auto hits = SelectPolicies(Req("PATCH", "/api/productos/x", kUser));
  EXPECT_EQ(hits[0].key, "write:user:" + std::string(kUser));
  // /api/reportesX is not under /api/reportes/.
  EXPECT_EQ(Policies(Req("GET", "/api/reportesX", kUser)), std::vector{P::kRead});
}

TEST(RateLimitPolicy, AnonymousRequestsCountPerClientIp) {
  auto hits = SelectPolicies(Req("GET", "/api/openapi.json"));
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0], (PolicyHit{P::kAnon, "anon:ip:203.0.113.7"}));
  // A report without a token is just anonymous (the route answers 401 afterwards).
  EXPECT_EQ(Policies(Req("GET", "/api/reportes/ventas")), std::vector{P::kAnon});
  EXPECT_EQ(Policies(Req("POST", "/api/productos")), std::vector{P::kAnon});
  EXPECT_EQ(Policies(Req("GET", "/no-existe")), std::vector{P::kAnon});
}

TEST(RateLimitPolicy, LoginCountsPerIpAndEmailAndPerIp) {
  RateRequest r = Req("POST", "/api/auth/login");
  r.body = R"({"email":"  Ana@Example.COM ","password":"x"})";
  auto hits = SelectPolicies(r);
  ASSERT_EQ(hits.size(), 2u);
  EXPECT_EQ(hits[0].policy, P::kLogin);
  EXPECT_EQ(hits[1], (PolicyHit{P::kLoginIp, "login_ip:ip:203.0.113.7"}));
  EXPECT_EQ(hits[0].key.rfind("login:ip:203.0.113.7|", 0), 0u);
  EXPECT_EQ(hits[0].key.find("ana"), std::string::npos);  // the address is not stored

  RateRequest same = r;
  same.body = R"({"password":"y","email":"ana@example.com"})";
  EXPECT_EQ(SelectPolicies(same)[0].key, hits[0].key);
  RateRequest other = r;
  other.body = R"({"email":"beto@example.com"})";
  EXPECT_NE(SelectPolicies(other)[0].key, hits[0].key);
  RateRequest elsewhere = r;
  elsewhere.client_ip = "198.51.100.4";
  EXPECT_NE(SelectPolicies(elsewhere)[0].key, hits[0].key);
  // With a token the login route is still login (the policy follows the route).
  r.user_id = kUser;
  EXPECT_EQ(Policies(r), (std::vector{P::kLogin, P::kLoginIp}));
  // Another method on the login path is an ordinary request (405 afterwards).
  EXPECT_EQ(Policies(Req("GET", "/api/auth/login")), std::vector{P::kAnon});
}

TEST(RateLimitPolicy, LoginEmailIsReadLeniently) {
  EXPECT_EQ(NormalizedLoginEmail(R"({"email":" Ana@Example.COM\t"})"), "ana@example.com");
  EXPECT_EQ(NormalizedLoginEmail(R"({"email":42})"), "");
  EXPECT_EQ(NormalizedLoginEmail(R"(["ana@example.com"])"), "");
  EXPECT_EQ(NormalizedLoginEmail("email=ana@example.com"), "");
  EXPECT_EQ(NormalizedLoginEmail(""), "");
  // Bodies that are not even JSON share one bucket per IP, not one per byte pattern.
  RateRequest a = Req("POST", "/api/auth/login");
  a.body = "basura";
  RateRequest b = a;
  b.body = "otra basura";
  EXPECT_EQ(SelectPolicies(a)[0].key, SelectPolicies(b)[0].key);
}

TEST(RateLimitPolicy, RefreshAndLogoutCountPerIpWithOrWithoutToken) {
  for (auto path : {"/api/auth/refresh", "/api/auth/logout"}) {
    EXPECT_EQ(SelectPolicies(Req("POST", path)),
              (std::vector{PolicyHit{P::kAuth, "auth:ip:203.0.113.7"}}));
    EXPECT_EQ(Policies(Req("POST", path, kUser)), std::vector{P::kAuth});
  }
}

TEST(RateLimitPolicy, ClientErrorsCountPerUserElsePerIp) {
  EXPECT_EQ(SelectPolicies(Req("POST", "/api/client-errors")),
            (std::vector{PolicyHit{P::kClientErrors, "client_errors:ip:203.0.113.7"}}));
  EXPECT_EQ(SelectPolicies(Req("POST", "/api/client-errors", kUser)),
            (std::vector{PolicyHit{P::kClientErrors, "client_errors:user:" + std::string(kUser)}}));
}

TEST(RateLimitPolicy, SupplierApiCountsPerKeyIdElsePerIp) {
  RateRequest r = Req("POST", "/api/proveedor/catalogo");
  EXPECT_EQ(SelectPolicies(r), (std::vector{PolicyHit{P::kSupplier, "supplier:ip:203.0.113.7"}}));
  std::string id = "mk_live_01";
  r.supplier_key_id = id;
  EXPECT_EQ(SelectPolicies(r), (std::vector{PolicyHit{P::kSupplier, "supplier:key:mk_live_01"}}));
  std::string weird = "a b";
  r.supplier_key_id = weird;
  EXPECT_EQ(SelectPolicies(r)[0].key, "supplier:ip:203.0.113.7");
  EXPECT_EQ(Policies(Req("GET", "/api/proveedor", kUser)), std::vector{P::kSupplier});
  // The main API's supplier catalogue is not the supplier API.
  EXPECT_EQ(Policies(Req("GET", "/api/proveedores", kUser)), std::vector{P::kRead});
}

TEST(RateLimitPolicy, DefaultQuotasAreThoseOfTheSpec) {
  RateLimitQuotas q;
  EXPECT_EQ(q.Of(P::kLogin).limit, 10);
  EXPECT_EQ(q.Of(P::kLogin).window_s, 300);
  EXPECT_EQ(q.Of(P::kLoginIp).limit, 50);
  EXPECT_EQ(q.Of(P::kAuth).limit, 30);
  EXPECT_EQ(q.Of(P::kRead).limit, 300);
  EXPECT_EQ(q.Of(P::kWrite).limit, 60);
  EXPECT_EQ(q.Of(P::kReport).limit, 20);
  EXPECT_EQ(q.Of(P::kAnon).limit, 60);
  EXPECT_EQ(q.Of(P::kClientErrors).limit, 20);
  EXPECT_EQ(q.Of(P::kSupplier).limit, 120);
  EXPECT_TRUE(FailsClosed(P::kLogin));
  EXPECT_TRUE(FailsClosed(P::kLoginIp));
  EXPECT_TRUE(FailsClosed(P::kSupplier));
  EXPECT_FALSE(FailsClosed(P::kRead));
  EXPECT_FALSE(FailsClosed(P::kAnon));
}

TEST(RateLimitPolicy, QuotasLoadFromConfigurationKeys) {
  std::map<std::string, std::int64_t, std::less<>> cfg;
  for (RatePolicy p : kAllRatePolicies) {
    cfg["rate_limit." + std::string(PolicyName(p)) + ".q"] = DefaultQuota(p).limit;
    cfg["rate_limit." + std::string(PolicyName(p)) + ".w"] = DefaultQuota(p).window_s;
  }
  cfg["rate_limit.write.q"] = 7;
  cfg["rate_limit.login_ip.w"] = 30;
  auto lookup = [&](std::string_view k) { return cfg.at(std::string(k)); };
  auto q = RateLimitQuotas::Load(lookup);
  EXPECT_EQ(q.Of(P::kWrite).limit, 7);
  EXPECT_EQ(q.Of(P::kLoginIp).window_s, 30);
  EXPECT_EQ(q.Of(P::kRead).limit, 300);

  cfg["rate_limit.anon.w"] = 0;
  try {
    (void)RateLimitQuotas::Load(lookup);
    FAIL() << "a zero window must be refused";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("rate_limit.anon.w"), std::string::npos);
  }
  cfg["rate_limit.anon.w"] = 60;
  cfg["rate_limit.read.q"] = 0;
  EXPECT_THROW((void)RateLimitQuotas::Load(lookup), std::invalid_argument);
}

}  // namespace
}  // namespace mm::resilience
