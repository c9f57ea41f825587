#include "app/config_keys.hpp"

namespace mm::app {

// Authentication: tokens, sessions, lockout, signing keys (api.md §3, hardening.md).
void AddAuthKeys(std::vector<ConfigKey>& keys) {
  keys.insert(
      keys.end(),
      {
          {"auth.issuer", KeyType::kString, "minimarket", "`iss` de los tokens de acceso"},
          {"auth.local.enabled", KeyType::kBool, "true",
           "Ingreso con email y contraseña (false: solo emisor externo)"},
          {"auth.refresh_idle_s", KeyType::kInt, "28800",
           "Vida del refresh token sin uso (se renueva en cada rotación)"},
          {"auth.session_max_s", KeyType::kInt, "86400",
           "Vida máxima de una sesión desde el ingreso"},
          {"auth.refresh_reuse_grace_s", KeyType::kInt, "10",
           "Margen en que reusar un refresh rotado no revoca la sesión (dos pestañas)"},
          {"auth.cookie_secure", KeyType::kBool, "true",
           "Cookie mm_refresh con Secure (false solo para desarrollo sin HTTPS)"},
          {"auth.lockout.max_fallos", KeyType::kInt, "5",
           "Intentos fallidos seguidos (en 15 min) que bloquean un email"},
          {"auth.lockout.bloqueo_s", KeyType::kInt, "900", "Duración del bloqueo de ingreso"},
          {"auth.token_cache_entries", KeyType::kInt, "10000",
           "Tokens verificados que se recuerdan (LRU)"},
          {"auth.user_state_poll_ms", KeyType::kInt, "1000",
           "Cada cuánto cada instancia relee el estado de los usuarios (bajas, roles, sesiones)"},
          {"auth.external.issuer", KeyType::kString, "",
           "`iss` del emisor externo de tokens (vacío: desactivado)"},
          {"auth.external.audience", KeyType::kString, "",
           "`aud` que tienen que traer los tokens del emisor externo"},
          {"auth.external.jwks_url", KeyType::kString, "",
           "URL del JWKS del emisor externo (https; http://127.0.0.1 solo en desarrollo)"},
          {"auth.external.algoritmos", KeyType::kList, "ES256",
           "Algoritmos aceptados del emisor externo: ES256 y/o RS256"},
          {"auth.external.rol_claim", KeyType::kString, "rol",
           "Claim del token externo que trae el rol"},
          {"auth.external.rol_map", KeyType::kMap, "",
           "Rol externo → rol local (admin, deposito, ventas, usuario), p. ej. { \"Dueño\" = "
           "\"admin\" }"},
          {"auth.external.email_claim", KeyType::kString, "email",
           "Claim del token externo con el email (para crear el usuario la primera vez)"},
          {"auth.external.jwks_ttl_s", KeyType::kInt, "600",
           "Vida máxima en memoria de las claves del JWKS externo"},
          {"auth.external.connect_timeout_ms", KeyType::kInt, "3000",
           "Tiempo máximo para conectar con el JWKS externo"},
          {"auth.external.timeout_ms", KeyType::kInt, "5000",
           "Tiempo máximo total de cada intento de traer el JWKS externo"},
          {"secrets.master_key", KeyType::kSecret, "",
           "Clave maestra AES-256 en base64 que cifra las claves privadas"},
          {"secrets.master_key_file", KeyType::kString, "",
           "Archivo (modo 0600) con la clave maestra; en desarrollo se crea var/master.key"},
      });
}

}  // namespace mm::app
