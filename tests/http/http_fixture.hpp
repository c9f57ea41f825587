// HTTP tests talk to the real `minimarket serve` process over loopback, on each backend.
#pragma once

#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <memory>
#include <string>

#include <boost/json/value.hpp>

#include "support/http_client.hpp"
#include "support/server_process.hpp"
#include "support/test_database.hpp"

namespace mm::testing {

// A database and a server over it, stopped (SIGKILL if needed) and dropped on destruction.
struct LiveServer {
  // `demo`: load the demo data (one user per role, password "demo-minimarket") first.
  LiveServer(store::Dialect dialect, std::map<std::string, std::string> env = {}, bool demo = false)
      : db(dialect), server(db.url(), std::move(env)) {
    if (demo) {
      std::string out;
      if (RunMinimarket({"demo-data"}, server.Environment(), &out) != 0) {
        throw std::runtime_error("demo-data failed: " + out);
      }
    }
    server.Start();
  }
  TestDatabase db;
  ServerProcess server;
};

class HttpTest : public ::testing::TestWithParam<store::Dialect> {
 protected:
  // The suite's shared server for this backend (default configuration, short read timeouts).
  LiveServer& Shared() {
    auto& slot = Servers()[GetParam()];
    if (!slot) {
      slot = std::make_unique<LiveServer>(
          GetParam(),
          std::map<std::string, std::string>{{"MM_SERVER_HEADER_TIMEOUT_S", "1"},
                                             {"MM_SERVER_BODY_TIMEOUT_S", "1"},
                                             // Storms raise the limits instead of disabling them.
                                             {"MM_RATE_LIMIT_ANON_Q", "100000"},
                                             {"MM_RATE_LIMIT_CLIENT_ERRORS_Q", "1000"}});
    }
    return *slot;
  }
  HttpClient Client() { return HttpClient(Shared().server.base_url()); }

  static void TearDownTestSuite() { Servers().clear(); }

  static std::map<store::Dialect, std::unique_ptr<LiveServer>>& Servers() {
    static std::map<store::Dialect, std::unique_ptr<LiveServer>> servers;
    return servers;
  }
};

// Logs in and returns the access token (empty when the login failed).
inline std::string Login(HttpClient& c, const std::string& email,
                         const std::string& password = "demo-minimarket") {
  auto r = c.PostJson("/api/auth/login", R"({"email":")" + email + R"(","password":")" + password +
                                             R"(","refresh_en_cuerpo":true})");
  if (r.status != 200) return "";
  return std::string(r.Json().at("data").at("access_token").as_string());
}

inline Headers Bearer(const std::string& token) { return {{"Authorization", "Bearer " + token}}; }

inline std::string DataField(const HttpResult& r, const char* key) {
  auto v = r.Json();
  const auto& f = v.at("data").at(key);
  if (f.is_string()) return std::string(f.as_string());
  if (f.is_int64()) return std::to_string(f.as_int64());
  return "";
}

// One demo server per backend for a suite (demo users and demo data, write/read/report rate
// limits raised so storms are not throttled), started on first use and stopped after the suite.
// `SeedDemo` writes the suite's own extra rows once, right after the server started.
class DemoHttpTest : public HttpTest {
 protected:
  LiveServer& Demo() {
    auto& slot = DemoServers()[GetParam()];
    if (!slot) {
      slot = std::make_unique<LiveServer>(GetParam(),
                                          std::map<std::string, std::string>{
                                              {"MM_RATE_LIMIT_WRITE_Q", "1000000"},
                                              {"MM_RATE_LIMIT_READ_Q", "1000000"},
                                              {"MM_RATE_LIMIT_REPORT_Q", "1000000"},
                                              {"MM_RATE_LIMIT_CLIENT_ERRORS_Q", "1000000"},
                                          },
                                          true);
      auto db = slot->db.Open();
      SeedDemo(*db);
    }
    return *slot;
  }
  HttpClient DemoClient() { return HttpClient(Demo().server.base_url()); }
  virtual void SeedDemo(store::Database& /*db*/) {}

  // The demo role's Authorization header, plus an Idempotency-Key when `key` is not empty.
  Headers As(const std::string& role, const std::string& key = "") {
    Headers h = Bearer(Token(role));
    if (!key.empty()) h.emplace_back("Idempotency-Key", key);
    return h;
  }
  // The admin closes whatever cash session is open on the demo server, counting exactly the
  // expected cash (suites that sell start and end without one).
  void CloseAnyOpenCashSession() {
    auto c = DemoClient();
    auto cur = c.Get("/api/caja/sesion-actual", As("admin"));
    ASSERT_EQ(cur.status, 200) << cur.body;
    if (cur.Json().at("data").is_null()) return;
    auto a = c.Get("/api/caja/arqueo", As("admin"));
    ASSERT_EQ(a.status, 200) << a.body;
    auto esperado = a.Json().at("data").at("efectivo_esperado_centavos").as_int64();
    auto r = c.PostJson("/api/caja/cierre",
                        R"({"efectivo_contado_centavos":)" + std::to_string(esperado) + "}",
                        As("admin", NewKey()));
    ASSERT_EQ(r.status, 200) << r.body;
  }
  // A key no other request of this test process used.
  static std::string NewKey() {
    static std::atomic<int> n{0};
    return "k-" + std::to_string(++n);
  }

  // The demo user `<role>@demo.local`'s access token, logged in once per backend and suite.
  const std::string& Token(const std::string& role) {
    auto& t = DemoTokens()[{GetParam(), role}];
    if (t.empty()) {
      HttpClient c = DemoClient();
      t = Login(c, role + "@demo.local");
    }
    return t;
  }

  static void TearDownTestSuite() {
    DemoServers().clear();
    DemoTokens().clear();
    HttpTest::TearDownTestSuite();
  }
  static std::map<store::Dialect, std::unique_ptr<LiveServer>>& DemoServers() {
    static std::map<store::Dialect, std::unique_ptr<LiveServer>> servers;
    return servers;
  }
  static std::map<std::pair<store::Dialect, std::string>, std::string>& DemoTokens() {
    static std::map<std::pair<store::Dialect, std::string>, std::string> tokens;
    return tokens;
  }
};

#define MM_INSTANTIATE_HTTP(Suite)                                                            \
  INSTANTIATE_TEST_SUITE_P(Backends, Suite, ::testing::ValuesIn(mm::testing::TestBackends()), \
                           [](const auto& info) { return mm::testing::BackendName(info.param); })

}  // namespace mm::testing
