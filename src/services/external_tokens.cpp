#include "services/external_tokens.hpp"

#include <jwt.h>
#include <sodium.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <stdexcept>

#include "core/json.hpp"
#include "core/validation.hpp"
#include "obs/log.hpp"
#include "services/jwt_parts.hpp"

namespace mm::services {
namespace {

using core::ErrorCode;

struct JwtFree {
  void operator()(jwt_t* j) const { jwt_free(j); }
};
using Jwt = std::unique_ptr<jwt_t, JwtFree>;

// The reason is for the debug log only; the client always sees the same message.
core::Error Unauthorized(std::string_view reason) {
  if (obs::Enabled(obs::Level::kDebug)) {
    obs::Log(obs::Level::kDebug, "token_externo_rechazado").Str("motivo", reason);
  }
  return core::Error(ErrorCode::kUnauthorized, "Tu sesión no es válida. Ingresá de nuevo.");
}

std::optional<jwt_alg_t> LibjwtAlg(std::string_view alg) {
  if (alg == "ES256") return JWT_ALG_ES256;
  if (alg == "RS256") return JWT_ALG_RS256;
  return std::nullopt;
}

std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

ExternalTokens::ExternalTokens(ExternalTokenOptions options, const core::Clock& clock,
                               JwksCache& keys)
    : options_(std::move(options)), clock_(clock), keys_(keys) {
  if (sodium_init() < 0) throw std::runtime_error("sodium_init failed");
  for (const auto& a : options_.algorithms) {
    if (!LibjwtAlg(a)) throw std::invalid_argument("unsupported external algorithm " + a);
  }
}

bool ExternalTokens::IsExternal(std::string_view token) const {
  if (token.empty() || token.size() > options_.max_token_bytes) return false;
  auto parts = jwt::Split(token);
  if (!parts) return false;
  auto payload = jwt::DecodeJsonObject(parts->payload);
  return payload && jwt::StringClaim(*payload, "iss") == std::string_view(options_.issuer);
}

core::Result<ExternalIdentity> ExternalTokens::Verify(std::string_view token) const {
  if (token.empty() || token.size() > options_.max_token_bytes) return Unauthorized("tamaño");
  auto parts = jwt::Split(token);
  if (!parts) return Unauthorized("forma");

  // Header, by our code: libjwt would take the algorithm from it.
  auto header = jwt::DecodeJsonObject(parts->header);
  if (!header) return Unauthorized("cabecera");
  auto alg = jwt::StringClaim(*header, "alg");
  if (!alg || std::find(options_.algorithms.begin(), options_.algorithms.end(), *alg) ==
                  options_.algorithms.end()) {
    return Unauthorized("alg");
  }
  if (header->contains("crit")) return Unauthorized("crit");  // no extension is understood
  auto kid = jwt::StringClaim(*header, "kid");
  if (!kid) return Unauthorized("sin kid");

  auto key = keys_.Find(*kid);
  if (!key.ok()) return key.error();
  if (key->alg != *alg) return Unauthorized("clave de otro algoritmo");

  // Signature, by libjwt, with the public key of that kid only.
  std::string nul_terminated(token);
  jwt_t* raw = nullptr;
  int rc = jwt_decode(&raw, nul_terminated.c_str(),
                      reinterpret_cast<const unsigned char*>(key->public_pem.data()),
                      static_cast<int>(key->public_pem.size()));
  Jwt decoded(raw);
  if (rc != 0 || !decoded) return Unauthorized("firma");
  if (jwt_get_alg(decoded.get()) != *LibjwtAlg(*alg)) return Unauthorized("alg decodificado");

  // Claims, by our code, from the payload bytes the signature covers.
  auto payload = jwt::DecodeBase64Url(parts->payload);
  if (!payload) return Unauthorized("payload");
  auto identity = CheckClaims(*payload);
  if (!identity.ok()) return identity;
  identity->kid = std::string(*kid);
  return identity;
}

core::Result<ExternalIdentity> ExternalTokens::CheckClaims(std::string_view payload_json) const {
  auto parsed = core::ParseStrictJson(payload_json);
  if (!parsed.ok() || !parsed->is_object()) return Unauthorized("payload");
  const boost::json::object& c = parsed->as_object();

  if (jwt::StringClaim(c, "iss") != std::string_view(options_.issuer)) return Unauthorized("iss");
  if (!jwt::AudienceMatches(c, options_.audience)) return Unauthorized("aud");
  auto sub = jwt::StringClaim(c, "sub");
  if (!sub) return Unauthorized("sub");
  auto exp = jwt::NumericDate(c, "exp");
  if (!exp) return Unauthorized("exp");
  // nbf and iat are optional in JWT, but when present they must be valid dates.
  std::optional<core::Timestamp> nbf, iat;
  if (c.contains("nbf") && !(nbf = jwt::NumericDate(c, "nbf"))) return Unauthorized("nbf");
  if (c.contains("iat") && !(iat = jwt::NumericDate(c, "iat"))) return Unauthorized("iat");
  // The issue instant is compared with the user's tokens_invalidados_en: without one, a
  // "cerrar sesiones" could never end the token.
  if (!iat && !nbf) return Unauthorized("sin iat ni nbf");
  core::Timestamp now = clock_.Now();
  if ((nbf && *nbf > now + options_.leeway) || (iat && *iat > now + options_.leeway)) {
    return Unauthorized("todavía no válido");
  }
  if (now >= *exp + options_.leeway) return core::Error(ErrorCode::kTokenExpired);

  // The role last: only a token that is otherwise valid learns it lacks one.
  auto role_name = jwt::StringClaim(c, options_.role_claim);
  auto role = role_name ? options_.role_map.find(*role_name) : options_.role_map.end();
  if (role == options_.role_map.end()) {
    obs::Log(obs::Level::kInfo, "token_externo_sin_rol")
        .Str("rol_externo", role_name ? *role_name : std::string_view("(ausente)"));
    return core::Error(ErrorCode::kForbidden,
                       "Tu rol en el proveedor de identidad no tiene acceso a Mini Market.");
  }

  ExternalIdentity id;
  id.subject = std::string(*sub);
  id.role = role->second;
  if (auto email = jwt::StringClaim(c, options_.email_claim)) {
    std::string lower = AsciiLower(core::Trim(*email));
    if (core::IsValidEmail(lower)) id.email = std::move(lower);
  }
  if (auto name = jwt::StringClaim(c, "name")) {
    std::string_view trimmed = core::Trim(*name);
    if (!trimmed.empty()) id.name = std::string(trimmed);
  }
  id.issued_at = iat ? *iat : *nbf;
  id.expires_at = *exp;
  return id;
}

}  // namespace mm::services
