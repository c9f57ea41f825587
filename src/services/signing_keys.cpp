#include "services/signing_keys.hpp"

#include <algorithm>
#include <stdexcept>

#include "core/hash.hpp"
#include "services/audit.hpp"
#include "services/cache_versions.hpp"
#include "services/es256_key.hpp"
#include "store/db_error.hpp"

namespace mm::services {
namespace {

// Another instance's rotation is picked up at least this often.
constexpr std::chrono::seconds kRefreshEvery{5};
// An unknown kid triggers at most one reload per this interval.
constexpr std::chrono::seconds kMissReloadEvery{1};

std::string NewKid(core::Random& random, core::Timestamp now) {
  std::uint8_t b[6];
  random.Fill(b);
  std::string day = core::FormatDbTimestamp(now).substr(0, 10);
  day.erase(std::remove(day.begin(), day.end(), '-'), day.end());
  return "mm-" + day + "-" + core::HexEncode(std::string_view(reinterpret_cast<char*>(b), 6));
}

void InsertActive(store::Tx& tx, Env& env, const SecretBox& box, const std::string& kid,
                  core::Timestamp now) {
  auto pair = GenerateEs256();
  // The kid is the associated data: a ciphertext copied into another row does not open.
  std::string sealed = box.Seal(pair.private_pem, env.random, kid);
  tx.Exec(R"sql(
INSERT INTO signing_keys (kid, algoritmo, clave_publica_pem, clave_privada_cifrada, estado,
                          activada_en)
VALUES ($1, 'ES256', $2, $3, 'activa', $4))sql",
          {kid, pair.public_pem, store::Bytes{sealed}, now});
  BumpCacheVersion(tx, "claves", now);
}

}  // namespace

SigningKeys::SigningKeys(Env& env, const SecretBox& box, std::chrono::seconds verify_window)
    : env_(env), box_(box), verify_window_(verify_window) {}

void SigningKeys::EnsureActive() {
  try {
    env_.db.Write([&](store::Tx& tx) {
      if (tx.QueryOne("SELECT kid FROM signing_keys WHERE estado = 'activa'")) return;
      auto now = env_.clock.Now();
      InsertActive(tx, env_, box_, NewKid(env_.random, now), now);
    });
  } catch (const store::DbError& e) {
    // Another instance created it first (the partial UNIQUE index on estado = 'activa').
    if (e.kind() != store::DbError::Kind::kUniqueViolation) throw;
  }
  Reload();
}

void SigningKeys::Reload() {
  auto now = env_.clock.Now();
  auto rows = env_.db.Read([&](store::Tx& tx) {
    return tx.Query(R"sql(
SELECT kid, clave_publica_pem, clave_privada_cifrada, estado, verificacion_expira_en
FROM signing_keys
WHERE estado = 'activa' OR verificacion_expira_en > $1)sql",
                    {now});
  });
  std::optional<SigningKey> active;
  std::map<std::string, PublicKey, std::less<>> pub;
  for (const auto& r : rows) {
    pub.emplace(r.Text(0), PublicKey{r.Text(1), r.OptTime(4)});
    if (r.Text(3) == "activa") {
      auto pem = box_.Open(r.Text(2), r.Text(0));
      if (!pem) {
        throw std::runtime_error(
            "no se pudo descifrar la clave de firma activa: ¿cambió la clave maestra?");
      }
      active = SigningKey{r.Text(0), *pem};
    }
  }
  std::lock_guard lock(mu_);
  if (active) active_ = std::move(active);
  public_ = std::move(pub);
  loaded_at_ = std::chrono::steady_clock::now();
}

void SigningKeys::ReloadIfStale() {
  bool stale;
  {
    std::lock_guard lock(mu_);
    stale = std::chrono::steady_clock::now() - loaded_at_ > kRefreshEvery;
  }
  if (stale) {
    try {
      Reload();
    } catch (const std::exception&) {
      // Keep serving with the keys we have; readiness reports the database separately.
    }
  }
}

std::string SigningKeys::Rotate(const RequestMeta& meta) {
  std::string kid;
  env_.db.Write([&](store::Tx& tx) {
    auto now = env_.clock.Now();
    auto old = tx.QueryOne("SELECT kid FROM signing_keys WHERE estado = 'activa'");
    tx.Exec(R"sql(
UPDATE signing_keys SET estado = 'retirada', retirada_en = $1, verificacion_expira_en = $2
WHERE estado = 'activa')sql",
            {now, now + verify_window_});
    kid = NewKid(env_.random, now);
    InsertActive(tx, env_, box_, kid, now);
    RecordAudit(
        tx, env_, meta,
        AuditEntry{
            core::AuditAction::kClavesRotadas, "signing_key", kid, core::AuditLevel::kWarning,
            boost::json::object{{"anterior", old ? old->Text(0) : std::string()}, {"nueva", kid}}});
  });
  Reload();
  return kid;
}

std::optional<std::string> SigningKeys::PublicPem(std::string_view kid) {
  ReloadIfStale();
  auto usable = [&](const PublicKey& k) -> std::optional<std::string> {
    if (k.verifies_until && *k.verifies_until <= env_.clock.Now()) return std::nullopt;
    return k.pem;
  };
  {
    std::lock_guard lock(mu_);
    auto it = public_.find(kid);
    if (it != public_.end()) return usable(it->second);
    auto now = std::chrono::steady_clock::now();
    if (now - last_miss_reload_ < kMissReloadEvery) return std::nullopt;
    last_miss_reload_ = now;
  }
  try {
    Reload();  // a key rotated in by another instance
  } catch (const std::exception&) {
    return std::nullopt;
  }
  std::lock_guard lock(mu_);
  auto it = public_.find(kid);
  if (it == public_.end()) return std::nullopt;
  return usable(it->second);
}

SigningKey SigningKeys::Active() {
  ReloadIfStale();
  std::lock_guard lock(mu_);
  if (!active_) throw std::runtime_error("no signing key loaded");
  return *active_;
}

boost::json::object SigningKeys::Jwks() {
  ReloadIfStale();
  boost::json::array keys;
  std::lock_guard lock(mu_);
  auto now = env_.clock.Now();
  for (const auto& [kid, key] : public_) {
    if (!key.verifies_until || *key.verifies_until > now) keys.push_back(PublicJwk(key.pem, kid));
  }
  return boost::json::object{{"keys", std::move(keys)}};
}

bool SigningKeys::loaded() const {
  std::lock_guard lock(mu_);
  return active_.has_value();
}

}  // namespace mm::services
