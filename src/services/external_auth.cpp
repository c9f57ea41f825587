#include "services/external_auth.hpp"

#include "core/hash.hpp"

#include <stdexcept>

#include "core/uuid.hpp"
#include "core/validation.hpp"
#include "obs/log.hpp"
#include "services/audit.hpp"
#include "services/cache_versions.hpp"
#include "services/user_store.hpp"
#include "store/db_error.hpp"

namespace mm::services {
namespace {

using core::ErrorCode;
using std::chrono::seconds;

constexpr std::size_t kMaxNombre = 80;  // code points, as for local users (api.md §3.5)

std::int64_t UnixSeconds(core::Timestamp t) {
  return std::chrono::floor<seconds>(t).time_since_epoch().count();
}

// The first kMaxNombre code points of valid UTF-8 text.
std::string CutNombre(std::string_view text) {
  std::size_t cps = 0, i = 0;
  while (i < text.size() && cps < kMaxNombre) {
    auto c = static_cast<unsigned char>(text[i]);
    i += c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    ++cps;
  }
  return std::string(text.substr(0, std::min(i, text.size())));
}

void Changed(store::Tx& tx, Env& env, UserStateCache& users) {
  BumpCacheVersion(tx, "usuarios", env.clock.Now());
  tx.OnCommit([&users] { users.Invalidate(); });
}

}  // namespace

ExternalAuth::ExternalAuth(Env& env, ExternalTokens& tokens, JwksCache& keys, UserStateCache& users,
                           std::size_t cache_entries)
    : env_(env), tokens_(tokens), keys_(keys), users_(users), cache_(cache_entries) {}

core::Result<ExternalPrincipal> ExternalAuth::Authenticate(std::string_view token,
                                                           const RequestMeta& meta) {
  if (token.size() > tokens_.options().max_token_bytes) {
    return core::Error(ErrorCode::kUnauthorized, "Tu sesión no es válida. Ingresá de nuevo.");
  }
  Sha256Digest digest = core::Sha256(token);
  if (auto hit = cache_.Get(digest)) {
    hits_.fetch_add(1, std::memory_order_relaxed);
    if (env_.clock.Now() >= hit->expires_at + tokens_.options().leeway) {
      cache_.Erase(digest);
      return core::Error(ErrorCode::kTokenExpired);
    }
    // The issuer may have withdrawn the key since (seen at the last JWKS fetch).
    if (!keys_.Published(hit->kid)) {
      cache_.Erase(digest);
      return core::Error(ErrorCode::kUnauthorized, "Tu sesión no es válida. Ingresá de nuevo.");
    }
    return std::move(hit->principal);
  }
  auto id = tokens_.Verify(token);
  if (!id.ok()) return id.error();
  auto user_id = Resolve(*id, meta);
  if (!user_id.ok()) return user_id.error();
  ExternalPrincipal p{std::move(user_id.value()), id->role, id->issued_at};
  cache_.Put(digest, Cached{p, id->expires_at, id->kid});
  return p;
}

core::Result<std::string> ExternalAuth::Resolve(const ExternalIdentity& id,
                                                const RequestMeta& meta) {
  try {
    return ResolveOnce(id, meta);
  } catch (const store::DbError& e) {
    // Two first uses of the same identity at once (PostgreSQL): the loser finds the row now.
    if (e.kind() != store::DbError::Kind::kUniqueViolation) throw;
  }
  return ResolveOnce(id, meta);
}

core::Result<std::string> ExternalAuth::ResolveOnce(const ExternalIdentity& id,
                                                    const RequestMeta& meta) {
  const std::string& iss = tokens_.options().issuer;
  // The common case, a known user whose role has not changed, only reads.
  auto known =
      env_.db.Read([&](store::Tx& tx) { return user_store::FindByExternal(tx, iss, id.subject); },
                   meta.TxOptions());
  auto settled = [&](const UserRow& u) {
    return u.rol == id.role || !u.activo ||
           UnixSeconds(id.issued_at) < UnixSeconds(u.tokens_invalidados_en);
  };
  if (known && settled(*known)) return known->id;

  return env_.db.Write(
      [&](store::Tx& tx) -> core::Result<std::string> {
        auto now = env_.clock.Now();
        auto row = user_store::FindByExternal(tx, iss, id.subject, true);
        if (row) {
          if (settled(*row)) return row->id;
          UserRow before = *row;
          row->rol = id.role;
          // Tokens issued before this one carry the old role: they stop working.
          row->tokens_invalidados_en = TruncateToSeconds(id.issued_at);
          if (!user_store::Update(tx, *row, now)) {
            throw std::logic_error("external user changed under its row lock");
          }
          RequestMeta as_user = meta;
          as_user.principal.user_id = row->id;
          as_user.principal.role = id.role;
          RecordAudit(tx, env_, as_user,
                      AuditEntry{core::AuditAction::kRolCambiado,
                                 "usuario",
                                 row->id,
                                 core::AuditLevel::kWarning,
                                 {{"antes", core::RoleName(before.rol)},
                                  {"despues", core::RoleName(row->rol)},
                                  {"origen", "emisor_externo"}}});
          Changed(tx, env_, users_);
          return row->id;
        }

        if (!id.email) {
          return core::Error(ErrorCode::kForbidden,
                             "El proveedor de identidad no informó un email válido para tu "
                             "cuenta.");
        }
        if (user_store::FindByEmail(tx, *id.email)) {
          obs::Log(obs::Level::kWarn, "usuario_externo_email_en_uso").Str("sub", id.subject);
          return core::Error(ErrorCode::kForbidden,
                             "Ya hay un usuario con el email de tu cuenta externa. Pedile a un "
                             "administrador que lo revise.");
        }
        UserRow u;
        u.id = core::NewUuidV4(env_.random);
        u.email = *id.email;
        u.nombre = CutNombre(id.name.value_or(*id.email));
        u.rol = id.role;
        u.origen = "externo";
        u.externo_iss = iss;
        u.externo_sub = id.subject;
        // No token of this identity was ever refused: none is void yet.
        u.tokens_invalidados_en = core::Timestamp{};
        u.creado_en = now;
        user_store::Insert(tx, u, now);
        Changed(tx, env_, users_);
        obs::Log(obs::Level::kInfo, "usuario_externo_creado")
            .Str("usuario_id", u.id)
            .Str("rol", core::RoleName(u.rol));
        return u.id;
      },
      meta.TxOptions());
}

}  // namespace mm::services
