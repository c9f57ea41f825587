// Bad input gets its documented status and code, and the server keeps serving others.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "http_fixture.hpp"

namespace mm::testing {
namespace {

class BadInputTest : public HttpTest {
 protected:
  HttpResult PostEfecto(const std::string& body, Headers extra = {}) {
    auto c = Client();
    Headers h = {{"Idempotency-Key", "k-" + std::to_string(++counter_)}};
    for (auto& e : extra) h.push_back(e);
    return c.PostJson("/api/_pruebas/efectos", body, h);
  }
  void ExpectStillServing() {
    auto r = Client().Get("/healthz");
    EXPECT_EQ(r.status, 200);
  }
  int counter_ = 0;
};

TEST_P(BadInputTest, EveryResponseCarriesARequestIdThatMatchesTheEnvelope) {
  auto c = Client();
  auto mine = c.Get("/healthz", {{"x-request-id", "caja-1_reintento-2"}});
  EXPECT_EQ(mine.Header("x-request-id"), "caja-1_reintento-2");
  EXPECT_EQ(mine.Json().at("requestId").as_string(), "caja-1_reintento-2");
  auto bad = c.Get("/healthz", {{"x-request-id", "con espacios y ñ"}});
  EXPECT_NE(bad.Header("x-request-id"), "con espacios y ñ");
  EXPECT_EQ(bad.Header("x-request-id").size(), 36u);  // a generated UUID
  EXPECT_EQ(bad.Json().at("requestId").as_string(), bad.Header("x-request-id"));
  auto missing = c.Get("/api/no-existe");
  EXPECT_EQ(missing.Json().at("requestId").as_string(), missing.Header("x-request-id"));
}

TEST_P(BadInputTest, UnknownRouteIs404AndATrailingSlashIsNotFolded) {
  auto c = Client();
  for (const char* path : {"/api/no-existe", "/healthz/", "/api/_pruebas/efectos/"}) {
    auto r = c.Get(path);
    EXPECT_EQ(r.status, 404) << path;
    EXPECT_EQ(r.Code(), "NOT_FOUND") << path;
    EXPECT_EQ(r.Json().at("success").as_bool(), false);
  }
}

TEST_P(BadInputTest, WrongMethodIs405WithAllow) {
  auto r = Client().Send("DELETE", "/healthz", "", {});
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(r.Code(), "METHOD_NOT_ALLOWED");
  EXPECT_EQ(r.Header("allow"), "GET");
  auto post = Client().Get("/api/_pruebas/efectos");
  EXPECT_EQ(post.status, 405);
  EXPECT_EQ(post.Header("allow"), "POST");
}

TEST_P(BadInputTest, TruncatedJsonIs400AndChangesNothing) {
  auto r = PostEfecto(R"({"namespace":"trunc")");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.Code(), "INVALID_JSON");
  auto ok = PostEfecto(R"({"namespace":"trunc"})");
  EXPECT_EQ(ok.status, 201);
  EXPECT_EQ(DataField(ok, "version"), "1");  // the broken request had no effect
}

TEST_P(BadInputTest, DuplicateKeysNonObjectsAndInvalidUtf8AreInvalidJson) {
  for (const std::string& body :
       {std::string(R"({"namespace":"a","namespace":"b"})"), std::string("[1,2]"),
        std::string("\"x\""), std::string("{\"namespace\":\"\xc3\x28\"}")}) {
    auto r = PostEfecto(body);
    EXPECT_EQ(r.status, 400) << body;
    EXPECT_EQ(r.Code(), "INVALID_JSON") << body;
  }
}

TEST_P(BadInputTest, ValidationErrorsListEveryBadField) {
  auto r = PostEfecto(R"({"demora_ms":"5","extra":true})");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.Code(), "VALIDATION_ERROR");
  auto campos = r.Json().at("error").at("details").at("campos").as_array();
  EXPECT_EQ(campos.size(), 3u);  // namespace requerido, demora_ms tipo, extra desconocido
}

TEST_P(BadInputTest, ABodyThatIsNotJsonIs415) {
  auto c = Client();
  auto r = c.Send("POST", "/api/_pruebas/efectos", R"({"namespace":"a"})",
                  {{"Content-Type", "text/plain"}, {"Idempotency-Key", "k415"}});
  EXPECT_EQ(r.status, 415);
  EXPECT_EQ(r.Code(), "UNSUPPORTED_MEDIA_TYPE");
  auto latin1 =
      c.Send("POST", "/api/_pruebas/efectos", R"({"namespace":"a"})",
             {{"Content-Type", "application/json; charset=latin1"}, {"Idempotency-Key", "k415b"}});
  EXPECT_EQ(latin1.status, 415);
  auto utf8 =
      c.Send("POST", "/api/_pruebas/efectos", R"({"namespace":"a415"})",
             {{"Content-Type", "application/json; charset=UTF-8"}, {"Idempotency-Key", "k415c"}});
  EXPECT_EQ(utf8.status, 201);
}

TEST_P(BadInputTest, ATenMegabyteBodyIs413AndTheConnectionCloses) {
  RawConnection conn(Shared().server.port());
  std::string body(10 * 1024 * 1024, 'x');
  conn.Send(
      "POST /api/_pruebas/efectos HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
      "Idempotency-Key: big\r\nContent-Length: " +
      std::to_string(body.size()) + "\r\n\r\n");
  conn.Send(body.substr(0, 64 * 1024));  // the server answers without reading it all
  std::string response = conn.ReadAll(3000);
  EXPECT_EQ(response.rfind("HTTP/1.1 413", 0), 0u) << response.substr(0, 200);
  EXPECT_NE(response.find("BODY_TOO_LARGE"), std::string::npos);
  ExpectStillServing();
}

TEST_P(BadInputTest, AChunkedBodyOverTheLimitIs413) {
  RawConnection conn(Shared().server.port());
  conn.Send(
      "POST /api/client-errors HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
      "Transfer-Encoding: chunked\r\n\r\n");
  std::string chunk(8 * 1024, 'a');
  char size[16];
  std::snprintf(size, sizeof size, "%zx\r\n", chunk.size());
  for (int i = 0; i < 3; ++i) conn.Send(size + chunk + "\r\n");  // 24 KiB > 16 KiB
  std::string response = conn.ReadAll(3000);
  EXPECT_EQ(response.rfind("HTTP/1.1 413", 0), 0u) << response.substr(0, 200);
  ExpectStillServing();
}

TEST_P(BadInputTest, HeadersOverTheLimitAre431AndTheConnectionCloses) {
  RawConnection conn(Shared().server.port());
  std::string big(20 * 1024, 'a');
  conn.Send("GET /healthz HTTP/1.1\r\nHost: t\r\nX-Relleno: " + big + "\r\n\r\n");
  std::string response = conn.ReadAll(3000);
  EXPECT_EQ(response.rfind("HTTP/1.1 431", 0), 0u) << response.substr(0, 200);
  EXPECT_NE(response.find("HEADERS_TOO_LARGE"), std::string::npos);
  EXPECT_NE(response.find("x-request-id"), std::string::npos);
  ExpectStillServing();
}

TEST_P(BadInputTest, ASlowClientGets408WhileOthersAreServed) {
  // The shared server waits 1 s for headers and 1 s for a body (MM_SERVER_*_TIMEOUT_S).
  RawConnection slow_headers(Shared().server.port());
  slow_headers.Send("GET /healthz HTTP/1.1\r\nHost: t\r\n");  // never finishes its headers
  RawConnection slow_body(Shared().server.port());
  slow_body.Send(
      "POST /api/client-errors HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
      "Content-Length: 100\r\n\r\n{\"mensaje\":");
  for (int i = 0; i < 5; ++i) ExpectStillServing();  // others are served meanwhile
  std::string r1 = slow_headers.ReadAll(5000);
  std::string r2 = slow_body.ReadAll(5000);
  EXPECT_EQ(r1.rfind("HTTP/1.1 408", 0), 0u) << r1.substr(0, 200);
  EXPECT_NE(r1.find("REQUEST_TIMEOUT"), std::string::npos);
  EXPECT_EQ(r2.rfind("HTTP/1.1 408", 0), 0u) << r2.substr(0, 200);
  EXPECT_TRUE(slow_headers.ClosedByPeer(1000));
}

TEST_P(BadInputTest, AnIdleConnectionIsClosedQuietly) {
  RawConnection idle(Shared().server.port());
  std::string got = idle.ReadAll(4000);  // nothing sent: closed after the header timeout
  EXPECT_EQ(got, "");
  EXPECT_TRUE(idle.ClosedByPeer(100));
}

TEST_P(BadInputTest, KeepAliveServesSeveralRequestsOnOneConnection) {
  RawConnection conn(Shared().server.port());
  conn.Send(
      "GET /healthz HTTP/1.1\r\nHost: t\r\n\r\nGET /healthz HTTP/1.1\r\nHost: t\r\n"
      "Connection: close\r\n\r\n");
  std::string both = conn.ReadAll(3000);
  auto first = both.find("HTTP/1.1 200");
  ASSERT_NE(first, std::string::npos);
  EXPECT_NE(both.find("HTTP/1.1 200", first + 1), std::string::npos);
}

MM_INSTANTIATE_HTTP(BadInputTest);

}  // namespace
}  // namespace mm::testing
