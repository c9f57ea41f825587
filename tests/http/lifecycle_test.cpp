// Process life: start-up, graceful shutdown, migrations from two processes, the CLI.
#include <gtest/gtest.h>

#include <signal.h>

#include <thread>

#include "http_fixture.hpp"
#include "store/embedded_migrations.hpp"
#include "store/migrator.hpp"

namespace mm::testing {
namespace {

class LifecycleTest : public ::testing::TestWithParam<store::Dialect> {};

// Reported, not asserted (timing goals live in bench/): serve on an empty database until
// /healthz answers.
TEST_P(LifecycleTest, ServeStartsOnAnEmptyDatabase) {
  TestDatabase db(GetParam());
  ServerProcess server(db.url());
  auto to_healthy = server.Start();
  RecordProperty("start_to_healthz_ms", static_cast<int>(to_healthy.count()));
  std::printf("[ report ] %s: serve on an empty database answered /healthz after %lld ms\n",
              BackendName(GetParam()).c_str(), static_cast<long long>(to_healthy.count()));
  HttpClient c(server.base_url());
  EXPECT_EQ(c.Get("/readyz").status, 200);
  EXPECT_EQ(server.Stop(SIGTERM), 0);
}

// SIGTERM: the request in flight finishes and its effect is stored; then the process exits 0
// and accepts nothing more.
TEST_P(LifecycleTest, GracefulShutdownDrainsInFlightRequests) {
  TestDatabase db(GetParam());
  ServerProcess server(db.url());
  server.Start();
  std::string base = server.base_url();
  HttpResult slow;
  std::thread t([&] {
    HttpClient c(base);
    slow = c.PostJson("/api/_pruebas/efectos", R"({"namespace":"drenaje","demora_ms":1500})",
                      {{"Idempotency-Key", "drenaje-1"}});
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  auto sent = std::chrono::steady_clock::now();
  EXPECT_EQ(server.Stop(SIGTERM), 0);
  t.join();
  EXPECT_EQ(slow.status, 201) << slow.error;
  EXPECT_GE(std::chrono::steady_clock::now() - sent, std::chrono::milliseconds(500));
  EXPECT_NE(server.Stdout().find("shutdown_drained"), std::string::npos);
  // What the 201 acknowledged is in the database.
  auto dbh = db.Open();
  auto version = dbh->Read([](store::Tx& tx) {
    return tx.QueryOne("SELECT version FROM cache_versions WHERE namespace = 'prueba:drenaje'");
  });
  ASSERT_TRUE(version);
  EXPECT_EQ(version->Int(0), 1);
  EXPECT_THROW(RawConnection(server.port()), std::runtime_error);  // nothing listens
}

// Two `minimarket migrate` processes at once on one database: both succeed, each migration is
// applied once.
TEST_P(LifecycleTest, TwoMigrateProcessesAtOnceApplyMigrationsOnce) {
  TestDatabase db(GetParam());
  std::map<std::string, std::string> env = {{"MM_DATABASE_URL", db.url()}};
  int rc1 = -1, rc2 = -1;
  std::string out1, out2;
  std::thread a([&] { rc1 = RunMinimarket({"migrate"}, env, &out1); });
  std::thread b([&] { rc2 = RunMinimarket({"migrate"}, env, &out2); });
  a.join();
  b.join();
  EXPECT_EQ(rc1, 0) << out1;
  EXPECT_EQ(rc2, 0) << out2;
  auto dbh = db.Open();
  auto rows = dbh->Read([](store::Tx& tx) {
    return tx.QueryOne("SELECT COUNT(*), COUNT(DISTINCT version) FROM schema_migrations");
  });
  auto embedded = store::EmbeddedMigrations(GetParam()).size();
  EXPECT_EQ(rows->Int(0), static_cast<std::int64_t>(embedded));
  EXPECT_EQ(rows->Int(1), static_cast<std::int64_t>(embedded));
  // The first-start seeds ran once too: one sales location, one settings row.
  auto seeded = dbh->Read([](store::Tx& tx) {
    return tx.QueryOne(
        "SELECT (SELECT COUNT(*) FROM ubicaciones), (SELECT COUNT(*) FROM ajustes_tienda)");
  });
  EXPECT_EQ(seeded->Int(0), 1);
  EXPECT_EQ(seeded->Int(1), 1);
  std::string status;
  EXPECT_EQ(RunMinimarket({"migrate", "--status"}, env, &status), 0) << status;
  EXPECT_NE(status.find("pendientes: 0"), std::string::npos);
}

TEST_P(LifecycleTest, ServeRefusesADatabaseWhoseMigrationChanged) {
  TestDatabase db(GetParam());
  std::map<std::string, std::string> env = {{"MM_DATABASE_URL", db.url()}};
  ASSERT_EQ(RunMinimarket({"migrate"}, env), 0);
  db.Open()->Write([](store::Tx& tx) {
    tx.Exec("UPDATE schema_migrations SET checksum = 'otra' WHERE version = 1");
  });
  std::string out;
  EXPECT_NE(RunMinimarket({"serve"}, env, &out), 0);
  EXPECT_NE(out.find("cambió"), std::string::npos) << out;
}

MM_INSTANTIATE_HTTP(LifecycleTest);

TEST(Cli, ConfigShowRedactsSecrets) {
  std::string out;
  int rc = RunMinimarket({"config", "show"},
                         {{"MM_OBS_METRICS_TOKEN", "muy-secreto-123"},
                          {"MM_DATABASE_URL", "postgresql://mm:clave-pg@db.local:5432/mm"},
                          {"MM_SERVER_LISTEN", "0.0.0.0:9000"}},
                         &out);
  EXPECT_EQ(rc, 0) << out;
  EXPECT_EQ(out.find("muy-secreto-123"), std::string::npos) << out;
  EXPECT_EQ(out.find("clave-pg"), std::string::npos) << out;
  EXPECT_NE(out.find("obs.metrics_token = \"[redactado]\""), std::string::npos) << out;
  EXPECT_NE(out.find("server.listen = \"0.0.0.0:9000\"  # entorno"), std::string::npos) << out;
}

TEST(Cli, LaterSourcesWinAndBadValuesAreRefused) {
  TempDir dir;
  std::FILE* f = std::fopen((dir.path() + "/mm.toml").c_str(), "w");
  std::fputs("environment = \"development\"\n[server]\nlisten = \"127.0.0.1:1111\"\nworkers = 4\n",
             f);
  std::fclose(f);
  std::string out;
  EXPECT_EQ(RunMinimarket({"--config", dir.path() + "/mm.toml", "--set", "server.workers=8",
                           "config", "show"},
                          {{"MM_SERVER_LISTEN", "127.0.0.1:2222"}}, &out),
            0)
      << out;
  EXPECT_NE(out.find("server.listen = \"127.0.0.1:2222\"  # entorno"), std::string::npos) << out;
  EXPECT_NE(out.find("server.workers = 8  # línea de comandos"), std::string::npos) << out;
  EXPECT_EQ(RunMinimarket({"config", "show"}, {{"MM_SERVER_WORKERS", "muchos"}}, &out), 2);
  EXPECT_NE(out.find("server.workers"), std::string::npos) << out;
  std::FILE* g = std::fopen((dir.path() + "/typo.toml").c_str(), "w");
  std::fputs("[server]\nlistne = \"x\"\n", g);
  std::fclose(g);
  EXPECT_EQ(RunMinimarket({"--config", dir.path() + "/typo.toml", "config", "show"}, {}, &out), 2);
  EXPECT_NE(out.find("server.listne"), std::string::npos) << out;
}

TEST(Cli, OpenApiNeedsNoDatabase) {
  std::string out;
  int rc =
      RunMinimarket({"openapi"}, {{"MM_DATABASE_URL", "postgresql://nadie@127.0.0.1:1/x"}}, &out);
  EXPECT_EQ(rc, 0) << out;
  EXPECT_NE(out.find("\"openapi\":\"3.1.0\""), std::string::npos);
  EXPECT_NE(out.find("\"x-roles\""), std::string::npos);
  EXPECT_EQ(out.find("/api/_pruebas"), std::string::npos);  // test routes stay out
}

TEST(Cli, ProductionRefusesTestRoutes) {
  std::string out;
  EXPECT_NE(
      RunMinimarket({"preflight"},
                    {{"MM_ENVIRONMENT", "production"}, {"MM_TESTING_RUTAS_PRUEBA", "true"}}, &out),
      0);
  EXPECT_NE(out.find("testing.rutas_prueba"), std::string::npos) << out;
  TempDir dir;
  EXPECT_NE(RunMinimarket({"serve"},
                          {{"MM_ENVIRONMENT", "production"},
                           {"MM_TESTING_RUTAS_PRUEBA", "true"},
                           {"MM_DATABASE_URL", "sqlite:" + dir.path() + "/x.db"},
                           {"MM_SERVER_LISTEN", "127.0.0.1:0"}},
                          &out),
            0);
  EXPECT_NE(out.find("no es segura"), std::string::npos) << out;
}

TEST(Cli, HelpIsEverywhere) {
  for (std::vector<std::string> args : {std::vector<std::string>{"--help"},
                                        {"serve", "--help"},
                                        {"migrate", "--help"},
                                        {"demo-data", "--help"},
                                        {"openapi", "--help"},
                                        {"config", "show", "--help"}}) {
    std::string out;
    EXPECT_EQ(RunMinimarket(args, {}, &out), 0) << args[0];
    EXPECT_NE(out.find("Usage"), std::string::npos) << out;
  }
}

}  // namespace
}  // namespace mm::testing

namespace mm::testing {
namespace {

// /readyz answers 503 NOT_READY while the database is unreachable, /healthz stays 200, and the
// server recovers by itself when the database comes back (PostgreSQL: connections refused).
TEST(Readiness, ReportsAnUnreachableDatabaseAndRecovers) {
  if (std::getenv("MM_TEST_POSTGRES_URL") == nullptr) GTEST_SKIP() << "needs PostgreSQL";
  TestDatabase db(store::Dialect::kPostgres);
  std::string name = db.url().substr(db.url().rfind('/') + 1);
  ServerProcess server(db.url());
  server.Start();
  HttpClient c(server.base_url());
  PostgresAdmin("ALTER DATABASE " + name + " WITH ALLOW_CONNECTIONS false");
  PostgresAdmin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + name +
                "'");
  HttpResult down;
  for (int i = 0; i < 50; ++i) {  // a pooled connection may need one failed query to notice
    down = c.Get("/readyz");
    if (down.status == 503) break;
  }
  EXPECT_EQ(down.status, 503);
  EXPECT_EQ(down.Code(), "NOT_READY");
  auto checks = down.Json().at("error").at("details").at("checks").as_array();
  EXPECT_FALSE(checks.at(0).at("ok").as_bool());
  EXPECT_EQ(c.Get("/healthz").status, 200);
  PostgresAdmin("ALTER DATABASE " + name + " WITH ALLOW_CONNECTIONS true");
  EXPECT_EQ(c.Get("/readyz").status, 200);
}

}  // namespace
}  // namespace mm::testing
