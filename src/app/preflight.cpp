#include "app/preflight.hpp"

#include "app/external_issuer.hpp"
#include "core/cidr.hpp"

namespace mm::app {

std::vector<std::string> Preflight(const Config& cfg) {
  std::vector<std::string> problems;
  if (cfg.Bool("testing.rutas_prueba")) {
    problems.push_back("testing.rutas_prueba está activo: son rutas solo para pruebas");
  }
  for (const auto& key : {"obs.metrics_allow_cidrs", "server.trusted_proxies"}) {
    for (const auto& c : cfg.List(key)) {
      if (!core::Cidr::Parse(c)) problems.push_back(std::string(key) + ": CIDR inválido " + c);
    }
  }
  for (const auto& origin : cfg.List("server.cors.allowed_origins")) {
    if (origin == "*" || origin.find('*') != std::string::npos) {
      problems.push_back("server.cors.allowed_origins no admite comodines: " + origin);
    }
  }
  if (cfg.production() && cfg.Str("database.url").starts_with("sqlite:") &&
      cfg.Str("database.sqlite_synchronous") != "FULL") {
    problems.push_back("database.sqlite_synchronous tiene que ser FULL en producción");
  }
  for (auto& p : ExternalIssuerProblems(cfg)) problems.push_back(std::move(p));
  return problems;
}

}  // namespace mm::app
