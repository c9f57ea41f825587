#include "services/user_store.hpp"

#include "core/normalize.hpp"

namespace mm::services {
namespace {

constexpr std::string_view kColumns = R"sql(
  u.id, u.email, u.nombre, u.rol, u.origen, u.password_hash, u.activo, u.debe_cambiar_password,
  u.tokens_invalidados_en, u.ultimo_login_en, u.version, u.creado_en, u.externo_iss,
  u.externo_sub)sql";

UserRow Map(const store::Row& r) {
  UserRow u;
  u.id = r.Text(0);
  u.email = r.Text(1);
  u.nombre = r.Text(2);
  u.rol = core::ParseRole(r.Text(3)).value_or(core::Role::kUsuario);
  u.origen = r.Text(4);
  u.password_hash = r.OptText(5);
  u.activo = r.Bool(6);
  u.debe_cambiar_password = r.Bool(7);
  u.tokens_invalidados_en = r.Time(8);
  u.ultimo_login_en = r.OptTime(9);
  u.version = r.Int(10);
  u.creado_en = r.Time(11);
  u.externo_iss = r.OptText(12);
  u.externo_sub = r.OptText(13);
  return u;
}

std::string Select(std::string_view where) {
  return "SELECT" + std::string(kColumns) + " FROM usuarios u " + std::string(where);
}

}  // namespace

core::Timestamp TruncateToSeconds(core::Timestamp t) {
  return std::chrono::time_point_cast<std::chrono::microseconds>(
      std::chrono::floor<std::chrono::seconds>(t));
}

namespace user_store {

std::optional<UserRow> FindById(store::Tx& tx, const std::string& id, bool for_update) {
  std::string sql = Select("WHERE u.id = $1");
  if (for_update && tx.dialect() == store::Dialect::kPostgres) sql += " FOR UPDATE";
  auto row = tx.QueryOne(sql, {id});
  if (!row) return std::nullopt;
  return Map(*row);
}

std::optional<UserRow> FindByEmail(store::Tx& tx, const std::string& email) {
  auto row = tx.QueryOne(Select("WHERE u.email = $1"), {email});
  if (!row) return std::nullopt;
  return Map(*row);
}

std::optional<UserRow> FindByExternal(store::Tx& tx, const std::string& iss, const std::string& sub,
                                      bool for_update) {
  std::string sql = Select("WHERE u.externo_iss = $1 AND u.externo_sub = $2");
  if (for_update && tx.dialect() == store::Dialect::kPostgres) sql += " FOR UPDATE";
  auto row = tx.QueryOne(sql, {iss, sub});
  if (!row) return std::nullopt;
  return Map(*row);
}

std::vector<UserRow> List(store::Tx& tx, const UserFilter& f, std::int64_t* total) {
  std::string where = "WHERE 1 = 1";
  std::vector<store::Value> params;
  for (const auto& t : f.tokens) {
    params.emplace_back("%" + t + "%");
    where += " AND u.busqueda_normalizado LIKE $" + std::to_string(params.size());
  }
  if (!f.roles.empty()) {
    where += " AND u.rol IN (";
    for (std::size_t i = 0; i < f.roles.size(); ++i) {
      params.emplace_back(std::string(core::RoleName(f.roles[i])));
      where += (i ? ", $" : "$") + std::to_string(params.size());
    }
    where += ")";
  }
  if (f.activo) {
    params.emplace_back(*f.activo);
    where += " AND u.activo = $" + std::to_string(params.size());
  }
  if (total) {
    *total = tx.Query("SELECT COUNT(*) FROM usuarios u " + where, params).front().Int(0);
  }
  std::string order = f.sort == "email"        ? "u.email"
                      : f.sort == "-creado_en" ? "u.creado_en DESC"
                                               : "u.busqueda_normalizado";
  params.emplace_back(static_cast<std::int64_t>(f.limit));
  std::string sql =
      Select(where) + " ORDER BY " + order + ", u.id LIMIT $" + std::to_string(params.size());
  params.emplace_back(static_cast<std::int64_t>(f.offset));
  sql += " OFFSET $" + std::to_string(params.size());
  std::vector<UserRow> out;
  for (const auto& r : tx.Query(sql, params)) out.push_back(Map(r));
  return out;
}

std::int64_t CountActiveAdmins(store::Tx& tx) {
  return tx.QueryOne("SELECT COUNT(*) FROM usuarios WHERE rol = 'admin' AND activo = $1", {true})
      ->Int(0);
}

void Insert(store::Tx& tx, const UserRow& u, core::Timestamp now) {
  tx.Exec(R"sql(
INSERT INTO usuarios (id, email, nombre, busqueda_normalizado, rol, origen, password_hash, activo,
                      debe_cambiar_password, tokens_invalidados_en, password_cambiada_en, version,
                      creado_en, actualizado_en, externo_iss, externo_sub)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 0, $12, $12, $13, $14))sql",
          {u.id, u.email, u.nombre, core::NormalizeSearch(u.nombre + " " + u.email),
           core::RoleName(u.rol), u.origen, u.password_hash, u.activo, u.debe_cambiar_password,
           u.tokens_invalidados_en, u.password_hash ? store::Value(now) : store::Value(), now,
           u.externo_iss, u.externo_sub});
}

bool Update(store::Tx& tx, const UserRow& u, core::Timestamp now) {
  return tx.Exec(R"sql(
UPDATE usuarios SET nombre = $2, busqueda_normalizado = $3, rol = $4, password_hash = $5,
  activo = $6, debe_cambiar_password = $7, tokens_invalidados_en = $8, version = version + 1,
  actualizado_en = $9
WHERE id = $1 AND version = $10)sql",
                 {u.id, u.nombre, core::NormalizeSearch(u.nombre + " " + u.email),
                  core::RoleName(u.rol), u.password_hash, u.activo, u.debe_cambiar_password,
                  u.tokens_invalidados_en, now, u.version}) == 1;
}

void SetLastLogin(store::Tx& tx, const std::string& id, core::Timestamp now) {
  tx.Exec("UPDATE usuarios SET ultimo_login_en = $2 WHERE id = $1", {id, now});
}

std::int64_t RevokeSessions(store::Tx& tx, const std::string& user_id, core::Timestamp now,
                            const std::string& except_session) {
  return tx.Exec(R"sql(
UPDATE refresh_tokens SET revocado_en = $2
WHERE usuario_id = $1 AND revocado_en IS NULL AND usado_en IS NULL AND expira_en > $2
  AND sesion_id <> $3)sql",
                 {user_id, now,
                  except_session.empty() ? std::string("00000000-0000-0000-0000-000000000000")
                                         : except_session});
}

}  // namespace user_store

boost::json::object UserJson(const UserRow& u) {
  boost::json::object o{{"id", u.id},
                        {"email", u.email},
                        {"nombre", u.nombre},
                        {"rol", core::RoleName(u.rol)},
                        {"activo", u.activo},
                        {"origen", u.origen},
                        {"debe_cambiar_password", u.debe_cambiar_password},
                        {"version", u.version},
                        {"creado_en", core::FormatApiTimestamp(u.creado_en)}};
  o["desbloqueo_en"] = u.desbloqueo_en
                           ? boost::json::value(core::FormatApiTimestamp(*u.desbloqueo_en))
                           : boost::json::value(nullptr);
  o["ultimo_login_en"] = u.ultimo_login_en
                             ? boost::json::value(core::FormatApiTimestamp(*u.ultimo_login_en))
                             : boost::json::value(nullptr);
  return o;
}

}  // namespace mm::services
