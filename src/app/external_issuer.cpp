#include "app/external_issuer.hpp"

#include <stdexcept>

#include "obs/log.hpp"

namespace mm::app {
namespace {

bool LoopbackHttp(const std::string& url) {
  for (const char* prefix :
       {"http://127.0.0.1:", "http://127.0.0.1/", "http://localhost:", "http://localhost/"}) {
    if (url.starts_with(prefix)) return true;
  }
  return false;
}

}  // namespace

std::vector<std::string> ExternalIssuerProblems(const Config& cfg) {
  std::vector<std::string> problems;
  const std::string& issuer = cfg.Str("auth.external.issuer");
  if (issuer.empty()) return problems;
  if (issuer == cfg.Str("auth.issuer")) {
    problems.push_back("auth.external.issuer no puede ser igual a auth.issuer");
  }
  if (cfg.Str("auth.external.audience").empty()) {
    problems.push_back("falta auth.external.audience");
  }
  const std::string& url = cfg.Str("auth.external.jwks_url");
  if (url.empty()) {
    problems.push_back("falta auth.external.jwks_url");
  } else if (!url.starts_with("https://") && (cfg.production() || !LoopbackHttp(url))) {
    problems.push_back(cfg.production()
                           ? "auth.external.jwks_url tiene que ser https en producción"
                           : "auth.external.jwks_url tiene que ser https (o http://127.0.0.1 en "
                             "desarrollo)");
  }
  auto algorithms = cfg.List("auth.external.algoritmos");
  if (algorithms.empty()) problems.push_back("auth.external.algoritmos está vacío");
  for (const auto& a : algorithms) {
    if (a != "ES256" && a != "RS256") {
      problems.push_back("auth.external.algoritmos admite ES256 y RS256, no " + a);
    }
  }
  auto roles = cfg.Map("auth.external.rol_map");
  if (roles.empty()) {
    problems.push_back("auth.external.rol_map está vacío: ningún token externo tendría rol");
  }
  for (const auto& [external, local] : roles) {
    if (!core::ParseRole(local)) {
      problems.push_back("auth.external.rol_map: \"" + external + "\" apunta a un rol inválido (" +
                         local + "); usá admin, deposito, ventas o usuario");
    }
  }
  for (const char* key : {"auth.external.rol_claim", "auth.external.email_claim"}) {
    if (cfg.Str(key).empty()) problems.push_back(std::string(key) + " está vacío");
  }
  for (const char* key : {"auth.external.jwks_ttl_s", "auth.external.connect_timeout_ms",
                          "auth.external.timeout_ms"}) {
    if (cfg.Int(key) < 1) problems.push_back(std::string(key) + " tiene que ser mayor que 0");
  }
  return problems;
}

std::unique_ptr<ExternalIssuer> BuildExternalIssuer(const Config& cfg, services::Env& env,
                                                    services::UserStateCache& users,
                                                    resilience::BreakerRegistry& breakers) {
  if (cfg.Str("auth.external.issuer").empty()) return nullptr;
  auto problems = ExternalIssuerProblems(cfg);
  if (!problems.empty()) {
    std::string msg = "la configuración del emisor externo no es válida:";
    for (const auto& p : problems) msg += "\n  - " + p;
    throw std::runtime_error(msg);
  }
  auto ext = std::make_unique<ExternalIssuer>();
  ext->http = std::make_unique<integrations::CurlHttpClient>(breakers, env.clock, env.random);
  integrations::ExternalJwksOptions jo;
  jo.url = cfg.Str("auth.external.jwks_url");
  jo.connect_timeout = std::chrono::milliseconds(cfg.Int("auth.external.connect_timeout_ms"));
  jo.total_timeout = std::chrono::milliseconds(cfg.Int("auth.external.timeout_ms"));
  ext->source = std::make_unique<integrations::ExternalJwksSource>(*ext->http, jo);
  services::JwksCacheOptions ko;
  ko.ttl = std::chrono::seconds(cfg.Int("auth.external.jwks_ttl_s"));
  ext->keys = std::make_unique<services::JwksCache>(ko, env.clock, *ext->source);
  services::ExternalTokenOptions to;
  to.issuer = cfg.Str("auth.external.issuer");
  to.audience = cfg.Str("auth.external.audience");
  to.algorithms = cfg.List("auth.external.algoritmos");
  to.role_claim = cfg.Str("auth.external.rol_claim");
  to.email_claim = cfg.Str("auth.external.email_claim");
  for (const auto& [external, local] : cfg.Map("auth.external.rol_map")) {
    to.role_map.emplace(external, *core::ParseRole(local));
  }
  ext->tokens = std::make_unique<services::ExternalTokens>(to, env.clock, *ext->keys);
  ext->auth = std::make_unique<services::ExternalAuth>(
      env, *ext->tokens, *ext->keys, users,
      static_cast<std::size_t>(cfg.Int("auth.token_cache_entries")));
  obs::Log(obs::Level::kInfo, "emisor_externo_activo")
      .Str("issuer", to.issuer)
      .Str("jwks_url", RedactUrl(jo.url));
  return ext;
}

}  // namespace mm::app
