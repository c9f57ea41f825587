#include "services/users.hpp"

#include "core/uuid.hpp"
#include "services/audit.hpp"
#include "services/cache_versions.hpp"
#include "services/password_hasher.hpp"
#include "services/password_policy.hpp"
#include "store/db_error.hpp"

namespace mm::services {
namespace {

using core::AuditAction;
using core::Error;
using core::ErrorCode;

Error Duplicate(std::string_view campo) {
  Error e(ErrorCode::kDuplicate, "Ya existe un usuario con ese email.");
  e.details["campo"] = campo;
  return e;
}

Error Stale(std::int64_t actual) {
  Error e(ErrorCode::kVersionConflict);
  e.details["version_actual"] = actual;
  return e;
}

}  // namespace

Users::Users(Env& env, const PasswordHasher& hasher, Idempotency& idempotency,
             UserStateCache& cache)
    : env_(env), hasher_(hasher), idempotency_(idempotency), cache_(cache) {}

std::string Users::GeneratePassword() {
  static constexpr char kAlphabet[] = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789";
  while (true) {
    std::string p;
    for (int i = 0; i < 16; ++i) p += kAlphabet[env_.random.NextU64() % (sizeof kAlphabet - 1)];
    if (CheckNewPassword(p, "", std::nullopt).ok()) return p;
  }
}

void Users::FillLock(store::Tx& tx, UserRow& u) {
  LoginLockout probe({});
  u.desbloqueo_en = probe.LockedUntil(tx, u.email, env_.clock.Now());
}

void Users::Changed(store::Tx& tx) {
  BumpCacheVersion(tx, "usuarios", env_.clock.Now());
  tx.OnCommit([this] { cache_.Invalidate(); });
}

core::Result<IdempotentReply> Users::Create(const std::optional<IdempotencyKey>& key,
                                            const RequestMeta& meta, const NewUser& input) {
  std::optional<std::string> generated;
  std::string password;
  if (input.password) {
    auto policy = CheckNewPassword(*input.password, input.email, std::nullopt);
    if (!policy.ok()) return policy.error();
    password = *input.password;
  } else {
    generated = GeneratePassword();
    password = *generated;
  }
  std::string hash = hasher_.Hash(password);
  return idempotency_.Run(key, meta, [&](store::Tx& tx) -> core::Result<Outcome> {
    if (user_store::FindByEmail(tx, input.email)) return Duplicate("email");
    auto now = env_.clock.Now();
    UserRow u;
    u.id = core::NewUuidV4(env_.random);
    u.email = input.email;
    u.nombre = input.nombre;
    u.rol = input.rol;
    u.password_hash = hash;
    u.debe_cambiar_password = input.must_change_password;
    u.tokens_invalidados_en = TruncateToSeconds(now);
    u.creado_en = now;
    try {
      user_store::Insert(tx, u, now);
    } catch (const store::DbError& e) {
      if (e.kind() == store::DbError::Kind::kUniqueViolation) return Duplicate("email");
      throw;
    }
    RecordAudit(
        tx, env_, meta,
        AuditEntry{AuditAction::kUsuarioCreado, "usuario", u.id, core::AuditLevel::kInfo,
                   boost::json::object{{"email", u.email}, {"rol", core::RoleName(u.rol)}}});
    Changed(tx);
    boost::json::object data{{"usuario", UserJson(u)}};
    if (generated) data["password_temporal"] = *generated;
    return Outcome{201, std::move(data), u.id};
  });
}

core::Result<std::vector<UserRow>> Users::List(const UserFilter& filter, std::int64_t* total) {
  return env_.db.Read([&](store::Tx& tx) -> core::Result<std::vector<UserRow>> {
    auto rows = user_store::List(tx, filter, total);
    for (auto& u : rows) FillLock(tx, u);
    return rows;
  });
}

core::Result<UserRow> Users::Get(const std::string& id) {
  return env_.db.Read([&](store::Tx& tx) -> core::Result<UserRow> {
    auto u = user_store::FindById(tx, id);
    if (!u) return Error::NotFound("usuario");
    FillLock(tx, *u);
    return *u;
  });
}

core::Result<UserRow> Users::Update(const RequestMeta& meta, const std::string& id,
                                    const UserPatch& patch) {
  return env_.db.Write(
      [&](store::Tx& tx) -> core::Result<UserRow> {
        auto u = user_store::FindById(tx, id, true);
        if (!u) return Error::NotFound("usuario");
        if (patch.version && *patch.version != u->version) return Stale(u->version);
        auto now = env_.clock.Now();
        UserRow before = *u;
        bool loses_admin =
            before.rol == core::Role::kAdmin && before.activo &&
            ((patch.rol && *patch.rol != core::Role::kAdmin) || (patch.activo && !*patch.activo));
        if (loses_admin && user_store::CountActiveAdmins(tx) <= 1) {
          return Error(ErrorCode::kLastAdmin);
        }
        std::vector<AuditEntry> audits;
        if (patch.nombre && *patch.nombre != before.nombre) {
          u->nombre = *patch.nombre;
          audits.push_back({AuditAction::kUsuarioEditado,
                            "usuario",
                            id,
                            core::AuditLevel::kInfo,
                            {{"antes", before.nombre}, {"despues", u->nombre}}});
        }
        if (patch.rol && *patch.rol != before.rol) {
          u->rol = *patch.rol;
          // The user's current tokens die; the next refresh carries the new role (decision 18).
          u->tokens_invalidados_en = TruncateToSeconds(now);
          audits.push_back(
              {AuditAction::kRolCambiado,
               "usuario",
               id,
               core::AuditLevel::kWarning,
               {{"antes", core::RoleName(before.rol)}, {"despues", core::RoleName(u->rol)}}});
        }
        if (patch.activo && *patch.activo != before.activo) {
          u->activo = *patch.activo;
          if (!u->activo) {
            u->tokens_invalidados_en = TruncateToSeconds(now);
            user_store::RevokeSessions(tx, id, now);
          }
          audits.push_back(
              {u->activo ? AuditAction::kUsuarioReactivado : AuditAction::kUsuarioDesactivado,
               "usuario",
               id,
               core::AuditLevel::kWarning,
               {}});
        }
        if (audits.empty()) {
          FillLock(tx, *u);
          return *u;
        }
        if (!user_store::Update(tx, *u, now)) return Stale(u->version);
        ++u->version;
        for (const auto& a : audits) RecordAudit(tx, env_, meta, a);
        Changed(tx);
        FillLock(tx, *u);
        return *u;
      },
      meta.TxOptions());
}

core::Result<IdempotentReply> Users::ResetPassword(const std::optional<IdempotencyKey>& key,
                                                   const RequestMeta& meta, const std::string& id,
                                                   const std::optional<std::string>& password) {
  auto current = Get(id);
  if (!current.ok()) return current.error();
  std::optional<std::string> generated;
  std::string chosen;
  if (password) {
    auto policy = CheckNewPassword(*password, current->email, std::nullopt);
    if (!policy.ok()) return policy.error();
    chosen = *password;
  } else {
    generated = GeneratePassword();
    chosen = *generated;
  }
  std::string hash = hasher_.Hash(chosen);
  return idempotency_.Run(key, meta, [&](store::Tx& tx) -> core::Result<Outcome> {
    auto u = user_store::FindById(tx, id, true);
    if (!u) return Error::NotFound("usuario");
    if (u->origen != "local") {
      return Error::Conflict("usuario_externo",
                             "Ese usuario ingresa con un proveedor externo: no tiene contraseña.");
    }
    auto now = env_.clock.Now();
    u->password_hash = hash;
    u->debe_cambiar_password = true;
    u->tokens_invalidados_en = TruncateToSeconds(now);
    if (!user_store::Update(tx, *u, now)) return Stale(u->version);
    user_store::RevokeSessions(tx, id, now);
    RecordAudit(tx, env_, meta, AuditEntry{AuditAction::kPasswordRestablecida, "usuario", id});
    Changed(tx);
    boost::json::object data;
    if (generated) data["password_temporal"] = *generated;
    return Outcome{200, std::move(data), {}};
  });
}

core::Result<std::int64_t> Users::RevokeSessions(const RequestMeta& meta, const std::string& id) {
  return env_.db.Write(
      [&](store::Tx& tx) -> core::Result<std::int64_t> {
        auto u = user_store::FindById(tx, id, true);
        if (!u) return Error::NotFound("usuario");
        auto now = env_.clock.Now();
        std::int64_t sessions = tx.QueryOne(R"sql(
SELECT COUNT(DISTINCT sesion_id) FROM refresh_tokens
WHERE usuario_id = $1 AND revocado_en IS NULL AND usado_en IS NULL AND expira_en > $2)sql",
                                            {id, now})
                                    ->Int(0);
        user_store::RevokeSessions(tx, id, now);
        u->tokens_invalidados_en = TruncateToSeconds(now);
        if (!user_store::Update(tx, *u, now)) return Stale(u->version);
        RecordAudit(
            tx, env_, meta,
            AuditEntry{AuditAction::kSesionesRevocadas, "usuario", id, core::AuditLevel::kWarning,
                       boost::json::object{{"sesiones", sessions}}});
        Changed(tx);
        return sessions;
      },
      meta.TxOptions());
}

core::Status Users::Unlock(const RequestMeta& meta, const std::string& id) {
  return env_.db.Write(
      [&](store::Tx& tx) -> core::Status {
        auto u = user_store::FindById(tx, id);
        if (!u) return Error::NotFound("usuario");
        LoginLockout({}).Clear(tx, u->email);
        RecordAudit(tx, env_, meta, AuditEntry{AuditAction::kUsuarioDesbloqueado, "usuario", id});
        return core::Ok{};
      },
      meta.TxOptions());
}

boost::json::array Users::Dropdown() {
  return env_.db.Read([](store::Tx& tx) {
    boost::json::array out;
    for (const auto& r : tx.Query("SELECT id, nombre, rol FROM usuarios WHERE activo = $1 "
                                  "ORDER BY busqueda_normalizado, id LIMIT 500",
                                  {true})) {
      out.push_back(
          boost::json::object{{"id", r.Text(0)}, {"nombre", r.Text(1)}, {"rol", r.Text(2)}});
    }
    return out;
  });
}

}  // namespace mm::services
