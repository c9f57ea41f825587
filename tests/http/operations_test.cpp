// Operational endpoints, CORS, security headers and the web app's static files.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include <boost/json/parse.hpp>

#include "http_fixture.hpp"

namespace mm::testing {
namespace {

class OperationsTest : public HttpTest {};

TEST_P(OperationsTest, HealthAndReadiness) {
  auto c = Client();
  auto h = c.Get("/healthz");
  EXPECT_EQ(h.status, 200);
  EXPECT_EQ(DataField(h, "estado"), "ok");
  EXPECT_FALSE(DataField(h, "instancia").empty());
  auto r = c.Get("/readyz");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(DataField(r, "estado"), "listo");
  auto checks = r.Json().at("data").at("checks").as_array();
  ASSERT_GE(checks.size(), 2u);
  for (const auto& check : checks) EXPECT_TRUE(check.at("ok").as_bool());
}

TEST_P(OperationsTest, ApiResponsesCarryNoStoreAndNosniff) {
  auto r = Client().Get("/healthz");
  EXPECT_EQ(r.Header("content-type"), "application/json; charset=utf-8");
  EXPECT_EQ(r.Header("cache-control"), "no-store");
  EXPECT_EQ(r.Header("x-content-type-options"), "nosniff");
}

// Prometheus text format 0.0.4: HELP/TYPE comments and `name{labels} value` samples.
TEST_P(OperationsTest, MetricsAreValidPrometheusText) {
  auto c = Client();
  c.Get("/healthz");
  c.Get("/api/no-existe");
  auto m = c.Get("/metrics");
  ASSERT_EQ(m.status, 200);
  EXPECT_EQ(m.Header("content-type").rfind("text/plain; version=0.0.4", 0), 0u);
  static const std::regex kSample(
      R"re(^[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_][a-zA-Z0-9_]*="([^"\\]|\\.)*",?)*\})? -?([0-9.eE+-]+|NaN|\+Inf|-Inf)( [0-9]+)?$)re");
  static const std::regex kComment(R"re(^# (HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]* .*$)re");
  std::istringstream in(m.body);
  int samples = 0;
  for (std::string line; std::getline(in, line);) {
    if (line.empty()) continue;
    if (line[0] == '#') {
      EXPECT_TRUE(std::regex_match(line, kComment)) << line;
    } else {
      EXPECT_TRUE(std::regex_match(line, kSample)) << line;
      ++samples;
    }
  }
  EXPECT_GT(samples, 5);
  EXPECT_NE(m.body.find(R"(mm_http_requests_total{method="GET",route="/healthz",status="200"})"),
            std::string::npos);
  EXPECT_NE(m.body.find("mm_http_request_duration_seconds_bucket"), std::string::npos);
  EXPECT_NE(m.body.find("mm_db_pool_connections_in_use"), std::string::npos);
  EXPECT_NE(m.body.find("mm_db_pool_waiting"), std::string::npos);
  EXPECT_NE(m.body.find("mm_db_pool_wait_seconds_bucket"), std::string::npos);
}

TEST_P(OperationsTest, MetricsOutsideTheAllowlistNeedTheToken) {
  TempDir dir;
  std::ofstream(dir.path() + "/mm.toml") << "[obs]\nmetrics_allow_cidrs = [\"10.9.9.0/24\"]\n";
  TestDatabase db(GetParam());
  ServerProcess server(db.url(), {{"MM_OBS_METRICS_TOKEN", "token-de-prueba"}},
                       {"--config", dir.path() + "/mm.toml", "serve"});
  server.Start();
  HttpClient c(server.base_url());
  auto denied = c.Get("/metrics");
  EXPECT_EQ(denied.status, 404);
  EXPECT_EQ(c.Get("/metrics", {{"Authorization", "Bearer otro"}}).status, 404);
  auto allowed = c.Get("/metrics", {{"Authorization", "Bearer token-de-prueba"}});
  EXPECT_EQ(allowed.status, 200);
}

TEST_P(OperationsTest, OpenApiDocumentCarriesRolesAndIdempotency) {
  auto r = Client().Get("/api/openapi.json");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.Header("cache-control"), "public, max-age=300");
  auto doc = r.Json();
  EXPECT_EQ(doc.at("openapi").as_string(), "3.1.0");
  const auto& paths = doc.at("paths").as_object();
  ASSERT_TRUE(paths.contains("/api/_pruebas/efectos"));
  const auto& op = paths.at("/api/_pruebas/efectos").at("post");
  EXPECT_EQ(op.at("x-idempotency").as_string(), "req");
  EXPECT_EQ(op.at("x-roles").as_array().at(0).as_string(), "publico");
  int operations = 0;
  for (const auto& [path, item] : paths) {
    for (const auto& [method, operation] : item.as_object()) {
      ++operations;
      EXPECT_TRUE(operation.as_object().contains("x-roles")) << method << " " << path;
      EXPECT_TRUE(operation.as_object().contains("x-idempotency")) << method << " " << path;
      EXPECT_TRUE(operation.as_object().contains("operationId")) << method << " " << path;
    }
  }
  EXPECT_GE(operations, 5);
  auto codes = doc.at("components").at("schemas").at("ErrorCode").at("enum").as_array();
  EXPECT_GT(codes.size(), 40u);
}

TEST_P(OperationsTest, ClientErrorsAreAcceptedValidatedAndLogged) {
  auto c = Client();
  auto ok = c.PostJson("/api/client-errors",
                       R"({"mensaje":"Cannot read properties of undefined","error_id":"ERR-1",)"
                       R"("origen":"error_boundary","ruta":"/pos","nivel":"error",)"
                       R"("request_id":"cliente-123","build_id":"abc"})");
  EXPECT_EQ(ok.status, 202);
  EXPECT_EQ(ok.Json().at("data").at("recibido").as_bool(), true);
  auto bad = c.PostJson("/api/client-errors", R"({"origen":"marte"})");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.Code(), "VALIDATION_ERROR");
  auto big = c.PostJson("/api/client-errors",
                        R"({"mensaje":"x","stack":")" + std::string(20000, 'a') + R"("})");
  EXPECT_EQ(big.status, 413);
  EXPECT_NE(Shared().server.Stdout().find(R"("event":"client_error")"), std::string::npos);
  EXPECT_NE(Shared().server.Stdout().find("cliente-123"), std::string::npos);
  auto metrics = c.Get("/metrics");
  EXPECT_NE(metrics.body.find(R"(mm_client_errors_total{nivel="error"} 1)"), std::string::npos);
}

TEST_P(OperationsTest, AccessLogLinesAreJsonWithTheRequestId) {
  auto c = Client();
  c.Get("/healthz", {{"x-request-id", "log-prueba-42"}});
  std::istringstream in(Shared().server.Stdout());
  bool found = false;
  for (std::string line; std::getline(in, line);) {
    auto v = boost::json::parse(line);  // every line is JSON
    const auto& o = v.as_object();
    EXPECT_TRUE(o.contains("time") && o.contains("level") && o.contains("event")) << line;
    if (o.contains("request_id") && o.at("request_id") == "log-prueba-42") {
      found = true;
      EXPECT_EQ(o.at("event").as_string(), "http_request");
      EXPECT_EQ(o.at("route").as_string(), "/healthz");
      EXPECT_EQ(o.at("status").as_int64(), 200);
      EXPECT_EQ(o.at("method").as_string(), "GET");
      EXPECT_TRUE(o.contains("duration_ms"));
    }
  }
  EXPECT_TRUE(found);
}

TEST_P(OperationsTest, CorsAllowsOnlyTheOwnOriginAndTheAllowlist) {
  TempDir dir;
  std::ofstream(dir.path() + "/mm.toml")
      << "[server.cors]\nallowed_origins = [\"http://localhost:5173\"]\n";
  TestDatabase db(GetParam());
  ServerProcess server(db.url(), {}, {"--config", dir.path() + "/mm.toml", "serve"});
  server.Start();
  HttpClient c(server.base_url());
  auto evil = c.Get("/healthz", {{"Origin", "https://evil.example"}});
  EXPECT_EQ(evil.status, 403);
  EXPECT_EQ(evil.Code(), "CORS_ORIGIN_NOT_ALLOWED");
  auto own = c.Get("/healthz", {{"Origin", server.base_url()}});
  EXPECT_EQ(own.status, 200);
  auto dev = c.Get("/healthz", {{"Origin", "http://localhost:5173"}});
  EXPECT_EQ(dev.status, 200);
  EXPECT_EQ(dev.Header("access-control-allow-origin"), "http://localhost:5173");
  EXPECT_EQ(dev.Header("access-control-allow-credentials"), "true");
  EXPECT_NE(dev.Header("access-control-expose-headers").find("Idempotent-Replayed"),
            std::string::npos);
  auto preflight =
      c.Send("OPTIONS", "/api/_pruebas/efectos", "",
             {{"Origin", "http://localhost:5173"}, {"Access-Control-Request-Method", "POST"}});
  EXPECT_EQ(preflight.status, 204);
  EXPECT_NE(preflight.Header("access-control-allow-headers").find("Idempotency-Key"),
            std::string::npos);
  EXPECT_EQ(preflight.Header("access-control-max-age"), "600");
  auto evil_preflight =
      c.Send("OPTIONS", "/api/_pruebas/efectos", "",
             {{"Origin", "https://evil.example"}, {"Access-Control-Request-Method", "POST"}});
  EXPECT_EQ(evil_preflight.status, 403);
}

class StaticFilesTest : public ::testing::TestWithParam<store::Dialect> {
 protected:
  void SetUp() override {
    namespace fs = std::filesystem;
    fs::create_directories(web_.path() + "/assets");
    std::ofstream(web_.path() + "/index.html")
        << "<!doctype html><html><head><script type=\"module\" src=\"/assets/app-3f2a.js\">"
           "</script></head><body><div id=\"root\"></div></body></html>";
    std::ofstream(web_.path() + "/assets/app-3f2a.js") << "console.log('hola');";
    std::ofstream(web_.path() + "/datos.json") << R"({"a":1})";
    db_ = std::make_unique<TestDatabase>(GetParam());
    server_ = std::make_unique<ServerProcess>(
        db_->url(), std::map<std::string, std::string>{{"MM_WEB_ROOT", web_.path()}});
    server_->Start();
  }
  TempDir web_;
  std::unique_ptr<TestDatabase> db_;
  std::unique_ptr<ServerProcess> server_;
};

TEST_P(StaticFilesTest, TheAppShellComesWithSecurityHeaders) {
  HttpClient c(server_->base_url());
  auto r = c.Get("/", {{"Accept", "text/html"}});
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("<div id=\"root\">"), std::string::npos);
  EXPECT_EQ(r.Header("content-type"), "text/html; charset=utf-8");
  EXPECT_EQ(r.Header("content-security-policy"),
            "default-src 'self'; img-src 'self' data: blob:; frame-ancestors 'none'");
  EXPECT_EQ(r.Header("x-content-type-options"), "nosniff");
  EXPECT_EQ(r.Header("referrer-policy"), "same-origin");
  EXPECT_EQ(r.Header("cache-control"), "no-cache");
  ASSERT_FALSE(r.Header("etag").empty());
  auto again = c.Get("/", {{"If-None-Match", r.Header("etag")}});
  EXPECT_EQ(again.status, 304);
  EXPECT_TRUE(again.body.empty());
}

TEST_P(StaticFilesTest, NavigationsFallBackToTheAppButMissingAssetsAre404) {
  HttpClient c(server_->base_url());
  auto deep = c.Get("/productos/123", {{"Accept", "text/html,application/xhtml+xml"}});
  EXPECT_EQ(deep.status, 200);
  EXPECT_NE(deep.body.find("<div id=\"root\">"), std::string::npos);
  auto not_html = c.Get("/productos/123", {{"Accept", "application/json"}});
  EXPECT_EQ(not_html.status, 404);
  EXPECT_EQ(not_html.Code(), "NOT_FOUND");
  auto missing_asset = c.Get("/assets/no-existe.js", {{"Accept", "text/html"}});
  EXPECT_EQ(missing_asset.status, 404);
  EXPECT_EQ(missing_asset.body.find("<html"), std::string::npos);
  auto api = c.Get("/api/no-existe", {{"Accept", "text/html"}});
  EXPECT_EQ(api.status, 404);
  EXPECT_EQ(api.Code(), "NOT_FOUND");
}

TEST_P(StaticFilesTest, HashedAssetsAreImmutableAndFilesAreServedAsTheyAre) {
  HttpClient c(server_->base_url());
  auto js = c.Get("/assets/app-3f2a.js");
  EXPECT_EQ(js.status, 200);
  EXPECT_EQ(js.body, "console.log('hola');");
  EXPECT_EQ(js.Header("cache-control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(js.Header("content-type"), "text/javascript; charset=utf-8");
  EXPECT_EQ(js.Header("x-content-type-options"), "nosniff");
  auto json = c.Get("/datos.json");
  EXPECT_EQ(json.body, R"({"a":1})");
  EXPECT_EQ(json.Header("content-type"), "application/json; charset=utf-8");
}

TEST_P(StaticFilesTest, PathsCannotLeaveTheWebRoot) {
  RawConnection conn(server_->port());
  conn.Send("GET /../../../../etc/passwd HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
  std::string r = conn.ReadAll(3000);
  EXPECT_EQ(r.find("root:"), std::string::npos);
  HttpClient c(server_->base_url());
  EXPECT_EQ(c.Get("/%2e%2e/%2e%2e/etc/passwd").body.find("root:"), std::string::npos);
  EXPECT_EQ(c.Get("/assets/..%2f..%2fetc/passwd").body.find("root:"), std::string::npos);
}

MM_INSTANTIATE_HTTP(OperationsTest);
MM_INSTANTIATE_HTTP(StaticFilesTest);

}  // namespace
}  // namespace mm::testing
