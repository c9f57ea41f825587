#include "app/config_keys.hpp"

namespace mm::app {

// Server, storage, web, logging and observability keys (decisions 35, 36).
void AddServerKeys(std::vector<ConfigKey>& keys) {
  keys.insert(
      keys.end(),
      {
          {"environment", KeyType::kString, "development",
           "`development` o `production`; en producción `serve` se niega a arrancar si `preflight` "
           "falla"},
          {"server.listen", KeyType::kString, "127.0.0.1:8080", "Dirección y puerto (host:puerto)"},
          {"server.io_threads", KeyType::kInt, "0", "Hilos de E/S HTTP (0 = uno por núcleo)"},
          {"server.workers", KeyType::kInt, "32", "Hilos que atienden solicitudes"},
          {"server.header_timeout_s", KeyType::kInt, "10",
           "Plazo para recibir la línea de solicitud y los encabezados (408 después)"},
          {"server.body_timeout_s", KeyType::kInt, "30",
           "Plazo para recibir el cuerpo (408 después)"},
          {"server.keepalive_idle_s", KeyType::kInt, "60",
           "Cierre de conexiones keep-alive ociosas"},
          {"server.max_header_bytes", KeyType::kInt, "16384",
           "Límite de línea de solicitud + encabezados (431 arriba)"},
          {"server.max_body_bytes", KeyType::kInt, "262144", "Límite del cuerpo JSON (413 arriba)"},
          {"server.request_timeout_s", KeyType::kInt, "10",
           "Plazo del servidor por solicitud (503 y rollback después)"},
          {"server.report_timeout_s", KeyType::kInt, "30", "Plazo de reportes y exportaciones CSV"},
          {"server.shutdown_drain_s", KeyType::kInt, "10",
           "Al recibir SIGTERM, tiempo para terminar las solicitudes en curso"},
          {"server.cors.allowed_origins", KeyType::kList, "",
           "Orígenes permitidos además del propio (esquema://host:puerto exactos; solo archivo)"},
          {"server.trusted_proxies", KeyType::kList, "",
           "Proxies confiables (CIDR) cuyo X-Forwarded-For se usa (solo archivo)"},
          {"server.instance_id", KeyType::kString, "",
           "Nombre de esta instancia (vacío = host-pid)"},
          {"database.url", KeyType::kString, "sqlite:var/minimarket.db",
           "`sqlite:<ruta>` (embebida) o `postgresql://…` (cluster)"},
          {"database.direct_url", KeyType::kString, "",
           "Conexión directa a PostgreSQL para LISTEN cuando `database.url` pasa por PgBouncer"},
          {"database.pool_size", KeyType::kInt, "10", "Conexiones PostgreSQL por instancia"},
          {"database.pool_acquire_timeout_ms", KeyType::kInt, "2000",
           "Espera máxima por una conexión (503 con Retry-After después)"},
          {"database.statement_timeout_ms", KeyType::kInt, "5000",
           "Tiempo máximo de una sentencia en una solicitud"},
          {"database.pooler", KeyType::kString, "",
           "`transaction` detrás de PgBouncer en modo transacción (solo sentencias sin nombre)"},
          {"database.sqlite_readers", KeyType::kInt, "4", "Conexiones de lectura SQLite"},
          {"database.sqlite_synchronous", KeyType::kString, "FULL",
           "`FULL` (cada commit a disco) o `NORMAL`"},
          {"web.root", KeyType::kString, "web/dist", "Carpeta con la aplicación web compilada"},
          {"log.level", KeyType::kString, "info", "`debug`, `info`, `warn` o `error`"},
          {"obs.metrics_allow_cidrs", KeyType::kList, "127.0.0.0/8,::1/128",
           "Quién puede leer /metrics sin token (solo archivo)"},
          {"obs.metrics_token", KeyType::kSecret, "",
           "Token Bearer que también da acceso a /metrics"},
          {"obs.client_stack", KeyType::kBool, "false",
           "Guardar el stack de los errores que reporta la app web"},
          {"idempotency.ttl_s", KeyType::kInt, "86400", "Vida de una Idempotency-Key"},
          {"store.timezone", KeyType::kString, "America/Argentina/Buenos_Aires",
           "Zona horaria de la tienda (días de negocio, reportes)"},
          {"testing.rutas_prueba", KeyType::kBool, "false",
           "Rutas /api/_pruebas para la suite de pruebas (nunca en producción)"},
      });
}

}  // namespace mm::app
