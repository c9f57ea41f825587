#include "services/jwks_cache.hpp"

#include <set>

#include <boost/json/array.hpp>

#include "core/json.hpp"
#include "obs/log.hpp"
#include "services/es256_key.hpp"

namespace mm::services {
namespace {

using core::ErrorCode;

core::Error UnknownKid() {
  return core::Error(ErrorCode::kUnauthorized, "Tu sesión no es válida. Ingresá de nuevo.");
}

core::Error Unavailable(std::chrono::seconds retry_after) {
  core::Error e(ErrorCode::kDependencyUnavailable,
                "No pudimos validar tu sesión con el proveedor de identidad. Probá de nuevo en "
                "un rato.");
  e.retry_after_s = static_cast<int>(std::max<std::int64_t>(1, retry_after.count()));
  return e;
}

std::optional<std::string> AlgorithmOf(const boost::json::object& jwk) {
  auto* kty = jwk.if_contains("kty");
  auto* alg = jwk.if_contains("alg");
  if (!kty || !kty->is_string()) return std::nullopt;
  if (kty->get_string() == "EC") return "ES256";  // PemFromJwk accepts P-256 only
  if (kty->get_string() == "RSA") {
    if (alg && (!alg->is_string() || alg->get_string() != "RS256")) return std::nullopt;
    return "RS256";
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::vector<JwksKey>> ParseJwks(std::string_view document, std::size_t max_keys) {
  auto parsed = core::ParseStrictJson(document);
  if (!parsed.ok() || !parsed->is_object()) return std::nullopt;
  auto* keys = parsed->as_object().if_contains("keys");
  if (!keys || !keys->is_array()) return std::nullopt;
  std::vector<JwksKey> out;
  std::set<std::string, std::less<>> seen;
  for (const auto& v : keys->get_array()) {
    if (out.size() >= max_keys) break;
    if (!v.is_object()) continue;
    const auto& jwk = v.get_object();
    auto* kid = jwk.if_contains("kid");
    if (!kid || !kid->is_string() || kid->get_string().empty()) continue;
    std::string_view id(kid->get_string());
    if (!seen.emplace(id).second) continue;
    auto alg = AlgorithmOf(jwk);
    auto pem = alg ? PemFromJwk(jwk) : std::nullopt;
    if (!pem) continue;
    out.push_back(JwksKey{std::string(id), *alg, std::move(*pem)});
  }
  return out;
}

JwksCache::JwksCache(JwksCacheOptions options, const core::Clock& clock, JwksSource& source)
    : options_(options), clock_(clock), source_(source) {}

bool JwksCache::Published(std::string_view kid) const {
  std::lock_guard lock(mu_);
  return keys_.find(kid) != keys_.end();
}

core::Result<JwksKey> JwksCache::Find(std::string_view kid) {
  std::unique_lock lock(mu_);
  while (true) {
    const core::Timestamp now = clock_.Now();
    const bool current = fetched_at_ && now < *fetched_at_ + options_.ttl;
    if (current) {
      if (auto it = keys_.find(kid); it != keys_.end()) return it->second;
    }
    if (fetching_) {
      fetched_.wait(lock, [&] { return !fetching_; });
      continue;  // decide again with what that fetch brought
    }
    if (last_attempt_ && now < *last_attempt_ + options_.refetch_interval) {
      if (current && last_attempt_ok_) return UnknownKid();
      return Unavailable(std::chrono::ceil<std::chrono::seconds>(*last_attempt_ +
                                                                 options_.refetch_interval - now));
    }

    fetching_ = true;
    last_attempt_ = now;
    lock.unlock();
    fetches_.fetch_add(1);
    std::optional<std::vector<JwksKey>> keys;
    try {
      auto body = source_.Fetch();
      if (body.ok()) {
        keys = ParseJwks(*body, options_.max_keys);
        if (!keys) obs::Log(obs::Level::kWarn, "jwks_externo_invalido");
      }
    } catch (const std::exception& e) {  // a bug in the source must not wedge every waiter
      obs::Log(obs::Level::kError, "jwks_externo_error").Str("error", e.what());
    }
    lock.lock();
    fetching_ = false;
    last_attempt_ok_ = keys.has_value();
    if (keys) {
      keys_.clear();
      for (auto& k : *keys) keys_.emplace(k.kid, std::move(k));
      fetched_at_ = now;
      obs::Log(obs::Level::kInfo, "jwks_externo_actualizado")
          .Int("claves", static_cast<std::int64_t>(keys_.size()));
    }
    fetched_.notify_all();
    // Loop: the set just fetched answers, or the refetch interval now refuses another fetch.
  }
}

}  // namespace mm::services
