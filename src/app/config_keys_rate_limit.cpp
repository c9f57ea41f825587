#include "app/config_keys.hpp"

namespace mm::app {

// Rate-limit quotas per policy (api.md §4): at most `q` requests per sliding window of `w`
// seconds. The defaults repeat resilience::DefaultQuota (rate_limit_policy.cpp); q is 1..10⁶
// and w 1..86 400, checked when the server starts.
void AddRateLimitKeys(std::vector<ConfigKey>& keys) {
  keys.insert(
      keys.end(),
      {
          {"rate_limit.login.q", KeyType::kInt, "10",
           "Ingresos por IP y email en la ventana de `login`"},
          {"rate_limit.login.w", KeyType::kInt, "300", "Ventana de `login` (segundos)"},
          {"rate_limit.login_ip.q", KeyType::kInt, "50", "Ingresos por IP en la ventana"},
          {"rate_limit.login_ip.w", KeyType::kInt, "300", "Ventana de `login_ip` (segundos)"},
          {"rate_limit.auth.q", KeyType::kInt, "30",
           "Refresh y logout por IP en la ventana de `auth`"},
          {"rate_limit.auth.w", KeyType::kInt, "60", "Ventana de `auth` (segundos)"},
          {"rate_limit.read.q", KeyType::kInt, "300",
           "Lecturas por usuario (GET y cotizar) en la ventana de `read`"},
          {"rate_limit.read.w", KeyType::kInt, "60", "Ventana de `read` (segundos)"},
          {"rate_limit.write.q", KeyType::kInt, "60",
           "Escrituras por usuario (POST, PUT, PATCH, DELETE) en la ventana de `write`"},
          {"rate_limit.write.w", KeyType::kInt, "60", "Ventana de `write` (segundos)"},
          {"rate_limit.report.q", KeyType::kInt, "20",
           "Reportes y exportaciones CSV por usuario (además de `read`)"},
          {"rate_limit.report.w", KeyType::kInt, "60", "Ventana de `report` (segundos)"},
          {"rate_limit.anon.q", KeyType::kInt, "60",
           "Solicitudes sin sesión por IP (openapi, jwks, otras)"},
          {"rate_limit.anon.w", KeyType::kInt, "60", "Ventana de `anon` (segundos)"},
          {"rate_limit.client_errors.q", KeyType::kInt, "20",
           "Reportes de errores de la app web por usuario (o IP sin sesión)"},
          {"rate_limit.client_errors.w", KeyType::kInt, "60",
           "Ventana de `client_errors` (segundos)"},
          {"rate_limit.supplier.q", KeyType::kInt, "120",
           "Solicitudes de la API de proveedores por clave"},
          {"rate_limit.supplier.w", KeyType::kInt, "60", "Ventana de `supplier` (segundos)"},
      });
}

}  // namespace mm::app
