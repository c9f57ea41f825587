#include "services/sessions.hpp"

#include <sodium.h>

#include "core/hash.hpp"
#include "core/uuid.hpp"
#include "obs/log.hpp"
#include "services/audit.hpp"
#include "services/cache_versions.hpp"
#include "services/password_hasher.hpp"
#include "services/password_policy.hpp"

namespace mm::services {
namespace {

using core::Error;
using core::ErrorCode;

Error InvalidCredentials() { return Error(ErrorCode::kInvalidCredentials); }
Error RefreshInvalid() { return Error(ErrorCode::kRefreshTokenInvalid); }

Error Locked(core::Timestamp until, core::Timestamp now) {
  auto secs = std::chrono::duration_cast<std::chrono::seconds>(until - now).count() + 1;
  Error e(ErrorCode::kLoginLocked, "Demasiados intentos fallidos. Probá de nuevo en " +
                                       std::to_string((secs + 59) / 60) + " minuto(s).");
  e.retry_after_s = static_cast<int>(secs);
  return e;
}

bool WellFormedRefresh(const std::string& t) {
  if (t.size() != 47 || t.rfind("mmr_", 0) != 0) return false;
  for (std::size_t i = 4; i < t.size(); ++i) {
    char c = t[i];
    bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_';
    if (!ok) return false;
  }
  return true;
}

std::string TokenHash(const std::string& token) { return core::Sha256Hex(token); }

std::optional<std::string> OrNull(const std::string& s) {
  if (s.empty()) return std::nullopt;
  return s.substr(0, 500);
}

}  // namespace

Sessions::Sessions(Env& env, const PasswordHasher& hasher, AccessTokens& tokens,
                   UserStateCache& users, SessionOptions options)
    : env_(env),
      hasher_(hasher),
      tokens_(tokens),
      users_(users),
      options_(options),
      lockout_(options.lockout) {}

std::string Sessions::NewRefreshToken() {
  unsigned char raw[32];
  env_.random.Fill(raw);
  char b64[64];
  sodium_bin2base64(b64, sizeof b64, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  return std::string("mmr_") + b64;
}

SessionTokens Sessions::OpenSession(store::Tx& tx, const UserRow& user, const RequestMeta& meta,
                                    const std::string& session_id) {
  auto now = env_.clock.Now();
  SessionTokens out;
  out.session_id = session_id.empty() ? core::NewUuidV4(env_.random) : session_id;
  out.refresh_token = NewRefreshToken();
  auto idle_end = now + options_.refresh_idle;
  auto session_end = now + options_.session_max;
  tx.Exec(R"sql(
INSERT INTO refresh_tokens (id, usuario_id, sesion_id, token_hash, emitido_en, expira_en,
                            sesion_expira_en, ip, user_agent)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9))sql",
          {core::NewUuidV4(env_.random), user.id, out.session_id, TokenHash(out.refresh_token), now,
           std::min(idle_end, session_end), session_end, OrNull(meta.ip), OrNull(meta.user_agent)});
  out.access_token = tokens_.Issue(user.id, user.rol, out.session_id);
  out.expires_in = options_.access_ttl.count();
  out.refresh_expires_in =
      std::chrono::duration_cast<std::chrono::seconds>(std::min(idle_end, session_end) - now)
          .count();
  out.user = user;
  return out;
}

core::Result<SessionTokens> Sessions::Login(const RequestMeta& meta, const std::string& email,
                                            const std::string& password) {
  auto now = env_.clock.Now();
  // Read, then hash outside any transaction: argon2id is slow on purpose and must not hold the
  // SQLite writer or a pooled connection.
  struct Seen {
    std::optional<core::Timestamp> locked_until;
    std::optional<UserRow> user;
  };
  auto seen = env_.db.Read(
      [&](store::Tx& tx) {
        return Seen{lockout_.LockedUntil(tx, email, now), user_store::FindByEmail(tx, email)};
      },
      meta.TxOptions());
  if (seen.locked_until) return Locked(*seen.locked_until, now);

  bool usable = options_.local_enabled && seen.user && seen.user->activo &&
                seen.user->origen == "local" && seen.user->password_hash;
  // Unknown and unusable accounts are checked against a dummy hash: the same time either way.
  bool ok =
      hasher_.Verify(usable ? *seen.user->password_hash : hasher_.DummyHash(), password) && usable;
  if (!ok) {
    auto locked = env_.db.Write(
        [&](store::Tx& tx) { return lockout_.RecordFailure(tx, email, env_.clock.Now()); },
        meta.TxOptions());
    obs::Log(obs::Level::kInfo, "login_failed").Bool("bloqueado", locked.has_value());
    return InvalidCredentials();
  }
  return env_.db.Write(
      [&](store::Tx& tx) -> core::Result<SessionTokens> {
        auto t = env_.clock.Now();
        if (auto until = lockout_.LockedUntil(tx, email, t)) return Locked(*until, t);
        auto user = user_store::FindById(tx, seen.user->id, true);
        if (!user || !user->activo) return InvalidCredentials();
        lockout_.Clear(tx, email);
        user_store::SetLastLogin(tx, user->id, t);
        user->ultimo_login_en = t;
        return OpenSession(tx, *user, meta);
      },
      meta.TxOptions());
}

core::Result<SessionTokens> Sessions::Refresh(const RequestMeta& meta,
                                              const std::string& refresh_token) {
  if (!WellFormedRefresh(refresh_token)) return RefreshInvalid();
  enum class Verdict { kOk, kInvalid, kReused };
  struct Outcome {
    Verdict verdict = Verdict::kInvalid;
    SessionTokens tokens;
  };
  auto outcome = env_.db.Write(
      [&](store::Tx& tx) -> Outcome {
        auto now = env_.clock.Now();
        std::string sql = R"sql(
SELECT id, usuario_id, sesion_id, expira_en, sesion_expira_en, usado_en, revocado_en
FROM refresh_tokens WHERE token_hash = $1)sql";
        if (tx.dialect() == store::Dialect::kPostgres) sql += " FOR UPDATE";
        auto row = tx.QueryOne(sql, {TokenHash(refresh_token)});
        if (!row || !row->IsNull(6)) return {};
        std::string session = row->Text(2);
        if (!row->IsNull(5)) {
          if (now - row->Time(5) <= options_.reuse_grace) return {};
          // A rotated token came back: someone holds a copy. End the whole session.
          tx.Exec(
              "UPDATE refresh_tokens SET revocado_en = $2 WHERE sesion_id = $1 AND "
              "revocado_en IS NULL",
              {session, now});
          RequestMeta system = meta;
          system.principal.user_id = row->Text(1);
          RecordAudit(tx, env_, system,
                      AuditEntry{core::AuditAction::kRefreshReutilizado, "sesion", session,
                                 core::AuditLevel::kWarning, boost::json::object{{"ip", meta.ip}}});
          obs::Log(obs::Level::kWarn, "refresh_token_reused").Str("sesion", session);
          return Outcome{Verdict::kReused, {}};
        }
        if (row->Time(3) <= now || row->Time(4) <= now) return {};
        auto user = user_store::FindById(tx, row->Text(1), true);
        if (!user || !user->activo) return {};
        std::string next_id = core::NewUuidV4(env_.random);
        SessionTokens tokens;
        tokens.session_id = session;
        tokens.refresh_token = NewRefreshToken();
        auto session_end = row->Time(4);
        auto idle_end = std::min(now + options_.refresh_idle, session_end);
        tx.Exec("UPDATE refresh_tokens SET usado_en = $2, reemplazado_por = $3 WHERE id = $1",
                {row->Text(0), now, next_id});
        tx.Exec(R"sql(
INSERT INTO refresh_tokens (id, usuario_id, sesion_id, token_hash, emitido_en, expira_en,
                            sesion_expira_en, ip, user_agent)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9))sql",
                {next_id, user->id, session, TokenHash(tokens.refresh_token), now, idle_end,
                 session_end, OrNull(meta.ip), OrNull(meta.user_agent)});
        tokens.access_token = tokens_.Issue(user->id, user->rol, session);
        tokens.expires_in = options_.access_ttl.count();
        tokens.refresh_expires_in =
            std::chrono::duration_cast<std::chrono::seconds>(idle_end - now).count();
        tokens.user = *user;
        return Outcome{Verdict::kOk, std::move(tokens)};
      },
      meta.TxOptions());
  if (outcome.verdict == Verdict::kReused) return Error(ErrorCode::kRefreshTokenReused);
  if (outcome.verdict == Verdict::kInvalid) return RefreshInvalid();
  return std::move(outcome.tokens);
}

void Sessions::Logout(const RequestMeta& meta, const std::optional<std::string>& refresh_token,
                      const std::string& session_id) {
  env_.db.Write(
      [&](store::Tx& tx) {
        auto now = env_.clock.Now();
        std::optional<std::string> session;
        if (refresh_token && WellFormedRefresh(*refresh_token)) {
          auto row = tx.QueryOne("SELECT sesion_id FROM refresh_tokens WHERE token_hash = $1",
                                 {TokenHash(*refresh_token)});
          if (row) session = row->Text(0);
        }
        if (!session && !session_id.empty()) session = session_id;
        if (!session) return;
        tx.Exec(
            "UPDATE refresh_tokens SET revocado_en = $2 WHERE sesion_id = $1 AND "
            "revocado_en IS NULL",
            {*session, now});
      },
      meta.TxOptions());
}

core::Result<SessionTokens> Sessions::ChangePassword(const RequestMeta& meta,
                                                     const std::string& current,
                                                     const std::string& next) {
  const auto& me = meta.principal;
  auto user = env_.db.Read([&](store::Tx& tx) { return user_store::FindById(tx, me.user_id); },
                           meta.TxOptions());
  if (!user || !user->activo) return Error(ErrorCode::kUnauthorized);
  if (user->origen != "local" || !user->password_hash) {
    return Error::Conflict("usuario_externo", "Tu usuario ingresa con un proveedor externo.");
  }
  if (!hasher_.Verify(*user->password_hash, current)) {
    env_.db.Write([&](store::Tx& tx) { lockout_.RecordFailure(tx, user->email, env_.clock.Now()); },
                  meta.TxOptions());
    return Error(ErrorCode::kCurrentPasswordInvalid);
  }
  auto policy = CheckNewPassword(next, user->email, current);
  if (!policy.ok()) return policy.error();
  std::string hash = hasher_.Hash(next);
  auto result = env_.db.Write(
      [&](store::Tx& tx) -> core::Result<SessionTokens> {
        auto now = env_.clock.Now();
        auto fresh = user_store::FindById(tx, user->id, true);
        if (!fresh || !fresh->activo) return Error(ErrorCode::kUnauthorized);
        fresh->password_hash = hash;
        fresh->debe_cambiar_password = false;
        fresh->tokens_invalidados_en = TruncateToSeconds(now);
        if (!user_store::Update(tx, *fresh, now)) return Error(ErrorCode::kVersionConflict);
        ++fresh->version;
        tx.Exec("UPDATE usuarios SET password_cambiada_en = $2 WHERE id = $1", {fresh->id, now});
        user_store::RevokeSessions(tx, fresh->id, now);
        RecordAudit(tx, env_, meta,
                    AuditEntry{core::AuditAction::kPasswordCambiada, "usuario", fresh->id});
        BumpCacheVersion(tx, "usuarios", now);
        tx.OnCommit([this] { users_.Invalidate(); });
        return OpenSession(tx, *fresh, meta, me.session_id);
      },
      meta.TxOptions());
  return result;
}

}  // namespace mm::services
