#include "services/access_tokens.hpp"

#include <jwt.h>
#include <openssl/crypto.h>
#include <sodium.h>

#include <cmath>
#include <cstdlib>
#include <limits>
#include <memory>
#include <stdexcept>
#include <vector>

#include <boost/json/value.hpp>

#include "core/hash.hpp"
#include "core/json.hpp"
#include "core/uuid.hpp"
#include "obs/log.hpp"
#include "services/jwt_parts.hpp"

namespace mm::services {
namespace {

using core::ErrorCode;
using std::chrono::seconds;

// An ES256 signature is r|s, 64 bytes: 86 base64url characters without padding.
constexpr std::size_t kEs256SignatureChars = 86;

struct JwtFree {
  void operator()(jwt_t* j) const { jwt_free(j); }
};
using Jwt = std::unique_ptr<jwt_t, JwtFree>;
struct CFree {
  void operator()(char* p) const { std::free(p); }
};

// The reason is for the debug log only; the client always sees the same message.
core::Error Unauthorized(std::string_view reason) {
  if (obs::Enabled(obs::Level::kDebug)) {
    obs::Log(obs::Level::kDebug, "token_rechazado").Str("motivo", reason);
  }
  return core::Error(ErrorCode::kUnauthorized, "Tu sesión no es válida. Ingresá de nuevo.");
}

core::Error ExpiredError() { return core::Error(ErrorCode::kTokenExpired); }

bool IsBase64UrlChar(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_';
}

bool IsBase64UrlText(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!IsBase64UrlChar(c)) return false;
  }
  return true;
}

using jwt::AudienceMatches;
using jwt::DecodeBase64Url;
using jwt::DecodeJsonObject;
using jwt::NumericDate;
using jwt::StringClaim;

std::int64_t UnixSeconds(core::Timestamp t) {
  return std::chrono::floor<seconds>(t).time_since_epoch().count();
}

}  // namespace

AccessTokens::AccessTokens(Options options, const core::Clock& clock, core::Random& random,
                           KeyRing& keys)
    : options_(std::move(options)),
      clock_(clock),
      random_(random),
      keys_(keys),
      cache_(options_.cache_entries) {
  if (sodium_init() < 0) throw std::runtime_error("sodium_init failed");
}

std::string AccessTokens::Issue(std::string_view user_id, core::Role role,
                                std::string_view session_id) {
  SigningKey key = keys_.Active();
  std::int64_t iat = UnixSeconds(clock_.Now());
  std::string jti = core::NewUuidV4(random_);
  std::string sub(user_id), sid(session_id), rol(core::RoleName(role));

  jwt_t* raw = nullptr;
  if (jwt_new(&raw) != 0) throw std::runtime_error("jwt_new failed");
  Jwt jwt(raw);
  bool ok = jwt_add_header(jwt.get(), "typ", "JWT") == 0 &&
            jwt_add_header(jwt.get(), "kid", key.kid.c_str()) == 0 &&
            jwt_add_grant(jwt.get(), "iss", options_.issuer.c_str()) == 0 &&
            jwt_add_grant(jwt.get(), "aud", options_.audience.c_str()) == 0 &&
            jwt_add_grant(jwt.get(), "sub", sub.c_str()) == 0 &&
            jwt_add_grant(jwt.get(), "rol", rol.c_str()) == 0 &&
            jwt_add_grant(jwt.get(), "sid", sid.c_str()) == 0 &&
            jwt_add_grant(jwt.get(), "jti", jti.c_str()) == 0 &&
            jwt_add_grant_int(jwt.get(), "iat", iat) == 0 &&
            jwt_add_grant_int(jwt.get(), "nbf", iat) == 0 &&
            jwt_add_grant_int(jwt.get(), "exp", iat + options_.ttl.count()) == 0 &&
            jwt_set_alg(jwt.get(), JWT_ALG_ES256,
                        reinterpret_cast<const unsigned char*>(key.private_pem.data()),
                        static_cast<int>(key.private_pem.size())) == 0;
  OPENSSL_cleanse(key.private_pem.data(), key.private_pem.size());
  if (!ok) throw std::runtime_error("building the access token failed");
  std::unique_ptr<char, CFree> encoded(jwt_encode_str(jwt.get()));
  if (!encoded) throw std::runtime_error("signing the access token failed (active key unusable?)");
  return std::string(encoded.get());
}

core::Result<VerifiedToken> AccessTokens::Verify(std::string_view token) {
  if (token.empty() || token.size() > options_.max_token_bytes) {
    return Unauthorized("tamaño");
  }
  Sha256Digest digest = core::Sha256(token);
  if (auto hit = cache_.Get(digest)) {
    hits_.fetch_add(1, std::memory_order_relaxed);
    if (Expired(hit->token.expires_at)) {
      cache_.Erase(digest);
      return ExpiredError();
    }
    // The key may have left its verification window since the token was cached.
    if (!keys_.PublicPem(hit->kid)) {
      cache_.Erase(digest);
      return Unauthorized("kid retirado");
    }
    return std::move(hit->token);
  }
  misses_.fetch_add(1, std::memory_order_relaxed);
  auto verified = VerifyUncached(token);
  if (!verified.ok()) return std::move(verified).take_error();
  cache_.Put(digest, *verified);
  return std::move(verified->token);
}

core::Result<AccessTokens::Cached> AccessTokens::VerifyUncached(std::string_view token) {
  // Shape: three non-empty base64url parts; the signature exactly as long as an ES256 one.
  auto dot1 = token.find('.');
  auto dot2 = dot1 == std::string_view::npos ? dot1 : token.find('.', dot1 + 1);
  if (dot2 == std::string_view::npos || token.find('.', dot2 + 1) != std::string_view::npos) {
    return Unauthorized("forma");
  }
  std::string_view header_part = token.substr(0, dot1);
  std::string_view payload_part = token.substr(dot1 + 1, dot2 - dot1 - 1);
  std::string_view signature_part = token.substr(dot2 + 1);
  if (!IsBase64UrlText(header_part) || !IsBase64UrlText(payload_part) ||
      !IsBase64UrlText(signature_part) || signature_part.size() != kEs256SignatureChars) {
    return Unauthorized("base64url");
  }

  // Header, by our code: libjwt would take the algorithm from it.
  auto header = DecodeJsonObject(header_part);
  if (!header) return Unauthorized("cabecera");
  auto* alg = header->if_contains("alg");
  if (!alg || !alg->is_string() || alg->get_string() != "ES256") return Unauthorized("alg");
  if (header->contains("crit")) return Unauthorized("crit");  // no extension is understood
  auto kid = StringClaim(*header, "kid");
  if (!kid) return Unauthorized("sin kid");
  std::optional<std::string> pem = keys_.PublicPem(*kid);
  if (!pem) return Unauthorized("kid desconocido");

  // Signature, by libjwt, with the public key of that kid only.
  std::string nul_terminated(token);
  jwt_t* raw = nullptr;
  int rc =
      jwt_decode(&raw, nul_terminated.c_str(), reinterpret_cast<const unsigned char*>(pem->data()),
                 static_cast<int>(pem->size()));
  Jwt jwt(raw);
  if (rc != 0 || !jwt) return Unauthorized("firma");
  if (jwt_get_alg(jwt.get()) != JWT_ALG_ES256) return Unauthorized("alg decodificado");

  // Claims, by our code, from the payload bytes the signature covers.
  auto payload = DecodeBase64Url(payload_part);
  if (!payload) return Unauthorized("payload");
  auto claims = CheckClaims(*payload);
  if (!claims.ok()) return std::move(claims).take_error();
  return Cached{std::move(claims.value()), std::string(*kid)};
}

core::Result<VerifiedToken> AccessTokens::CheckClaims(std::string_view payload_json) const {
  auto parsed = core::ParseStrictJson(payload_json);
  if (!parsed.ok() || !parsed->is_object()) return Unauthorized("payload");
  const boost::json::object& c = parsed->as_object();

  if (StringClaim(c, "iss") != std::string_view(options_.issuer)) return Unauthorized("iss");
  if (!AudienceMatches(c, options_.audience)) return Unauthorized("aud");
  auto sub = StringClaim(c, "sub");
  auto sid = StringClaim(c, "sid");
  auto jti = StringClaim(c, "jti");
  auto rol = StringClaim(c, "rol");
  std::optional<core::Role> role = rol ? core::ParseRole(*rol) : std::nullopt;
  if (!sub || !sid || !jti || !role) return Unauthorized("sub/sid/jti/rol");
  auto iat = NumericDate(c, "iat");
  auto nbf = NumericDate(c, "nbf");
  auto exp = NumericDate(c, "exp");
  if (!iat || !nbf || !exp) return Unauthorized("iat/nbf/exp");
  core::Timestamp now = clock_.Now();
  if (*nbf > now + options_.leeway || *iat > now + options_.leeway) {
    return Unauthorized("todavía no válido");
  }
  if (Expired(*exp)) return ExpiredError();
  return VerifiedToken{std::string(*sub), *role, std::string(*sid), std::string(*jti), *iat, *exp};
}

bool AccessTokens::Expired(core::Timestamp expires_at) const {
  return clock_.Now() >= expires_at + options_.leeway;
}

}  // namespace mm::services
