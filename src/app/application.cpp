#include "app/application.hpp"

#include <unistd.h>

#include <filesystem>
#include <iostream>

#include <boost/json/serialize.hpp>

#include "api/openapi.hpp"
#include "app/application_state.hpp"
#include "app/external_issuer.hpp"
#include "app/preflight.hpp"
#include "app/routes.hpp"
#include "app/store_settings_defaults.hpp"
#include "core/clock.hpp"
#include "core/random.hpp"
#include "http/hooks.hpp"
#include "http/pipeline.hpp"
#include "http/server.hpp"
#include "http/sliding_rate_limiter.hpp"
#include "http/static_files.hpp"
#include "http/token_authenticator.hpp"
#include "obs/log.hpp"
#include "obs/metrics.hpp"
#include "services/access_tokens.hpp"
#include "services/cash_sessions.hpp"
#include "services/categories.hpp"
#include "services/credit_accounts.hpp"
#include "services/customers.hpp"
#include "services/demo_catalog.hpp"
#include "services/demo_customers.hpp"
#include "services/demo_sales.hpp"
#include "services/demo_shop.hpp"
#include "services/demo_users.hpp"
#include "services/global_search.hpp"
#include "services/idempotency.hpp"
#include "services/kardex.hpp"
#include "services/locations.hpp"
#include "services/master_key.hpp"
#include "services/offers.hpp"
#include "services/order_payments.hpp"
#include "services/orders.hpp"
#include "services/outbox.hpp"
#include "services/password_hasher.hpp"
#include "services/pos_catalog.hpp"
#include "services/pricing.hpp"
#include "services/products.hpp"
#include "services/purchase_orders.hpp"
#include "services/readiness.hpp"
#include "services/receipts.hpp"
#include "services/sale_list.hpp"
#include "services/sale_refunds.hpp"
#include "services/sale_ticket.hpp"
#include "services/sales.hpp"
#include "services/secret_box.hpp"
#include "services/seeding.hpp"
#include "services/sessions.hpp"
#include "services/signing_keys.hpp"
#include "services/stock_movements.hpp"
#include "services/stock_queries.hpp"
#include "services/store_settings.hpp"
#include "services/suppliers.hpp"
#include "services/user_state_cache.hpp"
#include "services/user_store.hpp"
#include "services/users.hpp"
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

Application::Application(Config config)
    : config_(std::move(config)), state_(std::make_unique<State>()) {
  obs::LogOptions log;
  log.level = obs::ParseLevel(config_.Str("log.level")).value_or(obs::Level::kInfo);
  obs::InitLogging(log);
}

Application::~Application() {
  auth_.reset();  // before the database they use
}

void Application::BuildAuth() {
  auth_ = std::make_unique<Auth>();
  services::Env& env = *state_->env;
  std::filesystem::path create_path;
  if (!config_.production()) {
    // Development: the embedded shape keeps its key next to the database file.
    const std::string& url = config_.Str("database.url");
    std::filesystem::path base = "var";
    if (url.starts_with("sqlite:")) base = std::filesystem::path(url.substr(7)).parent_path();
    create_path = (base.empty() ? std::filesystem::path(".") : base) / "master.key";
  }
  auto key =
      services::LoadMasterKey(config_.Str("secrets.master_key"),
                              config_.Str("secrets.master_key_file"), create_path, state_->random);
  if (!key.ok()) throw std::runtime_error(std::string(key.error().Message()));
  auth_->box = std::make_unique<services::SecretBox>(*key);
  services::AccessTokenOptions token_options;
  token_options.issuer = config_.Str("auth.issuer");
  token_options.cache_entries = static_cast<std::size_t>(config_.Int("auth.token_cache_entries"));
  auth_->keys = std::make_unique<services::SigningKeys>(env, *auth_->box,
                                                        token_options.ttl + token_options.leeway);
  auth_->keys->EnsureActive();
  auth_->tokens = std::make_unique<services::AccessTokens>(token_options, state_->clock,
                                                           state_->random, *auth_->keys);
  auth_->user_cache = std::make_unique<services::UserStateCache>(env);
  auth_->user_cache->Reload();
  auth_->idempotency = std::make_unique<services::Idempotency>(
      env, std::chrono::seconds(config_.Int("idempotency.ttl_s")));
  auth_->users = std::make_unique<services::Users>(env, auth_->hasher, *auth_->idempotency,
                                                   *auth_->user_cache);
  services::SessionOptions so;
  so.refresh_idle = std::chrono::seconds(config_.Int("auth.refresh_idle_s"));
  so.session_max = std::chrono::seconds(config_.Int("auth.session_max_s"));
  so.reuse_grace = std::chrono::seconds(config_.Int("auth.refresh_reuse_grace_s"));
  so.access_ttl = token_options.ttl;
  so.local_enabled = config_.Bool("auth.local.enabled");
  so.lockout.max_failures = static_cast<int>(config_.Int("auth.lockout.max_fallos"));
  so.lockout.lock = std::chrono::seconds(config_.Int("auth.lockout.bloqueo_s"));
  auth_->sessions = std::make_unique<services::Sessions>(env, auth_->hasher, *auth_->tokens,
                                                         *auth_->user_cache, so);
}

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
  state_->env =
      std::make_unique<services::Env>(services::Env{*state_->db, state_->clock, state_->random});
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
  auto seeds = services::FirstStartSeeds();
  seeds.push_back(services::StoreSettingsSeed(StoreSettingsDefaultsFrom(config_)));
  auto report = services::RunSeeds(*state_->env, seeds);
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
  for (const auto& line : services::WriteDemoDocuments(*state_->env)) {
    std::cout << "cargado: " << line << "\n";
  }
  if (!if_empty || report.written.empty()) {
    for (const auto& s : report.skipped) std::cout << "ya estaba: " << s << "\n";
  }
  return 0;
}

std::vector<std::string> Application::ProductionProblems() {
  auto problems = app::Preflight(config_);
  if (!config_.production()) return problems;
  auto key = services::LoadMasterKey(config_.Str("secrets.master_key"),
                                     config_.Str("secrets.master_key_file"), {}, state_->random);
  if (!key.ok()) problems.push_back(std::string(key.error().Message()));
  try {
    if (!state_->db) OpenDatabase();
    auto active = state_->db->Read([](store::Tx& tx) {
      bool has_users =
          tx.dialect() == store::Dialect::kPostgres
              ? tx.QueryOne("SELECT to_regclass('usuarios') IS NOT NULL")->Bool(0)
              : tx.QueryOne("SELECT 1 FROM sqlite_master WHERE name = 'usuarios'").has_value();
      return has_users ? services::ActiveDemoUsers(tx) : std::vector<std::string>{};
    });
    for (const auto& email : active) {
      problems.push_back("el usuario de demostración " + email +
                         " está activo: desactivalo (minimarket user disable " + email + ")");
    }
  } catch (const std::exception& e) {
    problems.push_back(std::string("no se pudo revisar la base: ") + e.what());
  }
  return problems;
}

int Application::Preflight() {
  auto problems = ProductionProblems();
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
    auto problems = ProductionProblems();
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
  try {
    BuildAuth();
    auth_->external = BuildExternalIssuer(config_, env, *auth_->user_cache, state_->breakers);
  } catch (const std::exception& e) {
    std::cerr << "minimarket serve: " << e.what() << "\n";
    return 1;
  }
  auth_->user_cache->StartPolling(
      std::chrono::milliseconds(config_.Int("auth.user_state_poll_ms")));
  services::Readiness readiness(env);
  readiness.Add("claves_firma", [this] { return auth_->keys->loaded(); });

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
  apis.probe.idempotency = auth_->idempotency.get();
  services::PurchaseOrders purchase_orders(env, *auth_->idempotency);
  services::Receipts receipts(env, *auth_->idempotency);
  apis.ordenes_compra.orders = &purchase_orders;
  apis.ordenes_compra.receipts = &receipts;
  services::Outbox outbox(env);
  services::StockMovements stock_movements(
      env, *auth_->idempotency, outbox,
      services::StockMovementOptions{config_.Int("stock.movimiento_grande_umbral")});
  services::Kardex kardex(env);
  apis.deposito.movements = &stock_movements;
  apis.deposito.kardex = &kardex;
  apis.auth.sessions = auth_->sessions.get();
  apis.auth.keys = auth_->keys.get();
  apis.auth.users = auth_->users.get();
  apis.auth.cookie_secure = config_.Bool("auth.cookie_secure");
  apis.users.users = auth_->users.get();
  services::Products products(env, *auth_->idempotency);
  services::Categories categories(env, *auth_->idempotency);
  services::Suppliers suppliers(env, *auth_->idempotency);
  services::Locations locations(env, *auth_->idempotency);
  apis.productos.products = &products;
  apis.categorias.categories = &categories;
  apis.proveedores.suppliers = &suppliers;
  apis.ubicaciones.locations = &locations;
  services::StockQueries stock_queries(env);
  apis.stock.queries = &stock_queries;
  apis.lotes.queries = &stock_queries;
  services::StoreSettings store_settings(env, StoreSettingsDefaultsFrom(config_));
  services::Pricing pricing(env, *auth_->idempotency, store_settings);
  apis.config_tienda.settings = &store_settings;
  apis.config_tienda.zona_horaria = config_.Str("store.timezone");
  apis.precios.pricing = &pricing;
  services::CashSessions cash_sessions(env, *auth_->idempotency, outbox, store_settings);
  apis.caja.sessions = &cash_sessions;
  services::SaleRefunds sale_refunds(env, *auth_->idempotency);
  apis.devoluciones.refunds = &sale_refunds;
  services::Offers offers(env, *auth_->idempotency);
  services::PosCatalog pos_catalog(env);
  services::GlobalSearch global_search(env);
  apis.ofertas.offers = &offers;
  apis.pos.catalog = &pos_catalog;
  apis.search.search = &global_search;
  services::Reservations reservations(env, *auth_->idempotency);
  apis.reservas.reservations = &reservations;
  services::Sales sales(env, *auth_->idempotency,
                        services::SalesOptions{config_.Int("pos.offline_max_edad_h")});
  apis.ventas.sales = &sales;
  services::SaleList sale_list(env);
  services::SaleTicket sale_ticket(env, store_settings);
  apis.ventas_consulta.list = &sale_list;
  apis.ventas_consulta.ticket = &sale_ticket;
  services::Orders orders(env, *auth_->idempotency);
  services::OrderPayments order_payments(env, *auth_->idempotency);
  apis.pedidos.orders = &orders;
  apis.pedidos.payments = &order_payments;
  services::Customers customers(env, *auth_->idempotency);
  services::CreditAccounts credit_accounts(env, *auth_->idempotency);
  apis.clientes.customers = &customers;
  apis.cuentas_corrientes.customers = &customers;
  apis.cuentas_corrientes.accounts = &credit_accounts;

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

  http::TokenAuthenticator auth(*auth_->tokens, *auth_->user_cache,
                                auth_->external ? auth_->external->auth.get() : nullptr);
  http::SlidingRateLimiter limiter(
      resilience::RateLimitQuotas::Load([this](std::string_view k) { return config_.Int(k); }),
      *state_->db, state_->clock, state_->metrics);
  http::StaticFiles static_files(config_.Str("web.root"));
  http::Pipeline pipeline(po, table, auth, limiter, state_->metrics, state_->random, &static_files);

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
