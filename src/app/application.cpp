#include "app/application.hpp"

#include <unistd.h>

#include <iostream>

#include <boost/json/serialize.hpp>

#include "app/preflight.hpp"
#include "app/routes.hpp"
#include "api/openapi.hpp"
#include "core/clock.hpp"
#include "core/random.hpp"
#include "http/hooks.hpp"
#include "http/pipeline.hpp"
#include "http/server.hpp"
#include "http/static_files.hpp"
#include "obs/log.hpp"
#include "obs/metrics.hpp"
#include "services/idempotency.hpp"
#include "services/readiness.hpp"
#include "services/seeding.hpp"
#include "store/database_options.hpp"
#include "store/migrator.hpp"

namespace mm::app {

namespace {

std::string InstanceId(const Config& cfg) {
  if (!cfg.Str("server.instance_id").empty()) return cfg.Str("server.instance_id");
  char host[256] = {0};
  gethostname(host, sizeof host - 1);
  return std::string(host) + "-" + std::to_string(getpid());
}

}  // namespace

struct Application::State {
  core::SystemClock clock;
  core::SystemRandom random;
  obs::Metrics metrics;
  std::unique_ptr<store::Database> db;
  std::unique_ptr<services::Env> env;
};

Application::Application(Config config)
    : config_(std::move(config)), state_(std::make_unique<State>()) {
  obs::LogOptions log;
  log.level = obs::ParseLevel(config_.Str("log.level")).value_or(obs::Level::kInfo);
  obs::InitLogging(log);
}

Application::~Application() = default;

void Application::OpenDatabase() {
  store::DatabaseOptions o;
  o.url = config_.Str("database.url");
  o.pool_size = static_cast<int>(config_.Int("database.pool_size"));
  o.acquire_timeout = std::chrono::milliseconds(config_.Int("database.pool_acquire_timeout_ms"));
  o.statement_timeout = std::chrono::milliseconds(config_.Int("database.statement_timeout_ms"));
  o.pooler = config_.Str("database.pooler");
  o.sqlite_readers = static_cast<int>(config_.Int("database.sqlite_readers"));
  o.sqlite_synchronous = config_.Str("database.sqlite_synchronous");
  obs::Metrics* metrics = &state_->metrics;
  o.on_acquire_wait = [metrics](double s) { metrics->ObservePoolWait(s); };
  state_->db = store::OpenDatabase(o);
  state_->env = std::make_unique<services::Env>(
      services::Env{*state_->db, state_->clock, state_->random});
}

bool Application::ApplyMigrations() {
  try {
    store::Migrator migrator(*state_->db, state_->clock);
    auto applied = migrator.Apply();
    obs::Log(obs::Level::kInfo, "migrations_applied")
        .Int("aplicadas", static_cast<std::int64_t>(applied.size()));
    return true;
  } catch (const std::exception& e) {
    std::cerr << "minimarket: no se pudieron aplicar las migraciones: " << e.what() << "\n";
    return false;
  }
}

void Application::RunFirstStart() {
  auto report = services::RunSeeds(*state_->env, services::FirstStartSeeds());
  for (const auto& name : report.written) {
    obs::Log(obs::Level::kInfo, "first_start_seed").Str("seed", name);
  }
}

int Application::Migrate(bool status_only) {
  OpenDatabase();
  store::Migrator migrator(*state_->db, state_->clock);
  if (status_only) {
    auto status = migrator.Status();
    std::cout << "aplicadas: " << status.applied.size() << ", pendientes: " << status.pending.size()
              << "\n";
    for (const auto& e : status.errors) std::cout << "error: " << e << "\n";
    return status.current() ? 0 : 1;
  }
  try {
    auto applied = migrator.Apply();
    RunFirstStart();
    std::cout << "Migraciones al día (" << applied.size() << " aplicadas ahora).\n";
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "minimarket migrate: " << e.what() << "\n";
    return 1;
  }
}

int Application::DemoData(bool if_empty) {
  OpenDatabase();
  if (!ApplyMigrations()) return 1;
  RunFirstStart();
  auto seeds = services::DemoSeeds();
  if (seeds.empty()) {
    std::cout << "No hay datos de demostración para cargar todavía.\n";
    return 0;
  }
  auto report = services::RunSeeds(*state_->env, seeds);
  for (const auto& s : report.written) std::cout << "cargado: " << s << "\n";
  if (!if_empty || report.written.empty()) {
    for (const auto& s : report.skipped) std::cout << "ya estaba: " << s << "\n";
  }
  return 0;
}

int Application::Preflight() {
  auto problems = app::Preflight(config_);
  if (problems.empty()) {
    std::cout << "preflight: OK\n";
    return 0;
  }
  for (const auto& p : problems) std::cout << "preflight: " << p << "\n";
  return 1;
}

std::string Application::OpenApiJson(const Config& config) {
  api::RouteTable table;
  Apis apis;
  RegisterRoutes(table, apis, config.Bool("testing.rutas_prueba"));
  return boost::json::serialize(api::BuildOpenApi(table));
}

int Application::Serve(bool migrate) {
  if (config_.production()) {
    auto problems = app::Preflight(config_);
    if (!problems.empty()) {
      std::cerr << "minimarket serve: la configuración no es segura para producción:\n";
      for (const auto& p : problems) std::cerr << "  - " << p << "\n";
      return 1;
    }
  }
  OpenDatabase();
  if (migrate) {
    if (!ApplyMigrations()) return 1;
  } else {
    auto status = store::Migrator(*state_->db, state_->clock).Status();
    if (!status.errors.empty()) {
      std::cerr << "minimarket serve: " << status.errors.front() << "\n";
      return 1;
    }
  }
  RunFirstStart();

  services::Env& env = *state_->env;
  services::Idempotency idempotency(
      env, std::chrono::seconds(config_.Int("idempotency.ttl_s")));
  services::Readiness readiness(env);

  Apis apis;
  apis.system.readiness = &readiness;
  apis.system.metrics = &state_->metrics;
  apis.system.instance_id = InstanceId(config_);
  apis.system.metrics_token = config_.Str("obs.metrics_token");
  apis.system.client_stack = config_.Bool("obs.client_stack");
  for (const auto& c : config_.List("obs.metrics_allow_cidrs")) {
    if (auto cidr = core::Cidr::Parse(c)) apis.system.metrics_allow.push_back(*cidr);
  }
  apis.probe.env = &env;
  apis.probe.idempotency = &idempotency;

  api::RouteTable table;
  RegisterRoutes(table, apis, config_.Bool("testing.rutas_prueba"));
  apis.system.openapi_json = boost::json::serialize(api::BuildOpenApi(table));

  state_->metrics.OnCollect([db = state_->db.get()](obs::Metrics& m) {
    auto s = db->Stats();
    m.Gauge("mm_db_pool_connections_max", "Connections the database pool may open.").Set(s.max);
    m.Gauge("mm_db_pool_connections_in_use", "Database connections lent out now.").Set(s.in_use);
    m.Gauge("mm_db_pool_waiting", "Callers waiting for a database connection now.").Set(s.waiting);
    m.Gauge("mm_db_pool_acquire_timeouts", "Connection waits that timed out since start.")
        .Set(static_cast<double>(s.acquire_timeouts));
  });

  http::PipelineOptions po;
  po.cors_allowed_origins = config_.List("server.cors.allowed_origins");
  for (const auto& c : config_.List("server.trusted_proxies")) {
    if (auto cidr = core::Cidr::Parse(c)) po.trusted_proxies.push_back(*cidr);
  }
  po.request_deadline = std::chrono::seconds(config_.Int("server.request_timeout_s"));
  po.long_request_deadline = std::chrono::seconds(config_.Int("server.report_timeout_s"));
  po.max_body_bytes = static_cast<std::size_t>(config_.Int("server.max_body_bytes"));

  http::AnonymousAuthenticator auth;
  http::NoRateLimiter limiter;
  http::StaticFiles static_files(config_.Str("web.root"));
  http::Pipeline pipeline(po, table, auth, limiter, state_->metrics, state_->random,
                          &static_files);

  http::ServerOptions so;
  so.listen = config_.Str("server.listen");
  so.io_threads = static_cast<int>(config_.Int("server.io_threads"));
  so.workers = static_cast<int>(config_.Int("server.workers"));
  so.header_timeout = std::chrono::seconds(config_.Int("server.header_timeout_s"));
  so.body_timeout = std::chrono::seconds(config_.Int("server.body_timeout_s"));
  so.keepalive_idle = std::chrono::seconds(config_.Int("server.keepalive_idle_s"));
  so.max_header_bytes = static_cast<std::size_t>(config_.Int("server.max_header_bytes"));
  so.shutdown_drain = std::chrono::seconds(config_.Int("server.shutdown_drain_s"));
  http::Server server(so, pipeline);
  try {
    server.Listen();
  } catch (const std::exception& e) {
    std::cerr << "minimarket serve: " << e.what() << "\n";
    return 1;
  }
  server.Run([&] {
    obs::Log(obs::Level::kInfo, "server_started")
        .Str("listen", so.listen)
        .Int("port", server.port())
        .Str("database", RedactUrl(config_.Str("database.url")))
        .Str("instancia", apis.system.instance_id)
        .Str("environment", config_.Str("environment"));
    std::cerr << "Mini Market escuchando en http://" << so.listen.substr(0, so.listen.rfind(':'))
              << ":" << server.port() << "\n";
  });
  obs::Log(obs::Level::kInfo, "server_stopped");
  return 0;
}

}  // namespace mm::app
