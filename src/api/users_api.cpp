#include "api/users_api.hpp"

#include "api/idempotent_route.hpp"
#include "api/query_reader.hpp"
#include "core/normalize.hpp"
#include "core/validation.hpp"

namespace mm::api {
namespace {

namespace json = boost::json;
using core::ErrorCode;
using core::Role;

json::object UserSchema() {
  return json::object{
      {"type", "object"},
      {"required", json::array{"id", "email", "nombre", "rol", "activo", "version"}},
      {"properties",
       {{"id", {{"type", "string"}}},
        {"email", {{"type", "string"}}},
        {"nombre", {{"type", "string"}}},
        {"rol",
         {{"type", "string"}, {"enum", json::array{"admin", "deposito", "ventas", "usuario"}}}},
        {"activo", {{"type", "boolean"}}},
        {"origen", {{"type", "string"}}},
        {"debe_cambiar_password", {{"type", "boolean"}}},
        {"desbloqueo_en", {{"type", json::array{"string", "null"}}}},
        {"ultimo_login_en", {{"type", json::array{"string", "null"}}}},
        {"version", {{"type", "integer"}}}}}};
}

Access Admin() { return Access::Roles({Role::kAdmin}); }

}  // namespace

void UsersApi::Register(RouteTable& table) {
  Route list;
  list.method = "GET";
  list.path = "/api/usuarios";
  list.access = Admin();
  list.operation_id = "listUsers";
  list.summary = "Usuarios del sistema";
  list.tag = "usuarios";
  list.paginated = true;
  list.query = {{"q", "string", "nombre o email (2–80)"},
                {"rol", "string", "csv de admin|deposito|ventas|usuario"},
                {"activo", "boolean", ""},
                {"sort", "string", "nombre | email | -creado_en"},
                {"limit", "integer", "1–100 (50)"},
                {"offset", "integer", "0–1000000"}};
  list.response_schema = json::object{{"type", "array"}, {"items", UserSchema()}};
  list.handler = [this](Request& req) -> Reply {
    QueryReader q(req);
    services::UserFilter f;
    if (auto text = q.Str("q", 2, 80)) f.tokens = core::SearchTokens(*text);
    for (const auto& r : q.Csv("rol", {"admin", "deposito", "ventas", "usuario"}))
      f.roles.push_back(*core::ParseRole(r));
    f.activo = q.Bool("activo");
    f.sort = q.Enum("sort", {"nombre", "email", "-creado_en"}).value_or("nombre");
    f.limit = q.Limit(50, 100);
    f.offset = q.Offset();
    q.RejectUnknown();
    if (!q.ok()) return q.ToError();
    std::int64_t total = 0;
    auto rows = users->List(f, &total);
    if (!rows.ok()) return rows.error();
    json::array items;
    for (const auto& u : *rows) items.push_back(services::UserJson(u));
    return PageReply(items, total, f.limit, f.offset);
  };
  table.Add(std::move(list));

  Route dropdown;
  dropdown.method = "GET";
  dropdown.path = "/api/usuarios/dropdown";
  dropdown.access = Access::Roles({Role::kAdmin, Role::kDeposito, Role::kVentas});
  dropdown.operation_id = "listUsersDropdown";
  dropdown.summary = "Usuarios activos para elegir (asignar tareas)";
  dropdown.tag = "usuarios";
  dropdown.response_schema = json::object{{"type", "array"}};
  dropdown.handler = [this](Request&) -> Reply { return JsonReply::Ok(users->Dropdown()); };
  table.Add(std::move(dropdown));

  Route get;
  get.method = "GET";
  get.path = "/api/usuarios/:id";
  get.access = Admin();
  get.operation_id = "getUser";
  get.summary = "Un usuario";
  get.tag = "usuarios";
  get.response_schema = UserSchema();
  get.errors = {ErrorCode::kNotFound};
  get.handler = [this](Request& req) -> Reply {
    auto u = users->Get(req.params.at("id"));
    if (!u.ok()) return u.error();
    return JsonReply::Ok(services::UserJson(*u));
  };
  table.Add(std::move(get));

  Route create;
  create.method = "POST";
  create.path = "/api/usuarios";
  create.access = Admin();
  create.idempotency = Idempotency::kOptional;
  create.body = BodyKind::kJson;
  create.operation_id = "createUser";
  create.summary = "Crea un usuario; la contraseña temporal generada se muestra esta única vez";
  create.tag = "usuarios";
  create.success_status = 201;
  create.request_schema = json::object{
      {"type", "object"},
      {"required", json::array{"email", "nombre", "rol"}},
      {"properties",
       {{"email", {{"type", "string"}}},
        {"nombre", {{"type", "string"}, {"minLength", 1}, {"maxLength", 80}}},
        {"rol",
         {{"type", "string"}, {"enum", json::array{"admin", "deposito", "ventas", "usuario"}}}},
        {"password_temporal", {{"type", "string"}}}}}};
  create.errors = {ErrorCode::kDuplicate, ErrorCode::kPasswordTooWeak};
  create.handler = [this](Request& req) -> Reply {
    core::ObjectReader in(req.JsonObject());
    services::NewUser u;
    auto email = in.Email("email", true);
    auto nombre = in.Str("nombre", {.required = true, .min = 1, .max = 80});
    auto rol = in.Enum("rol", true, {"admin", "deposito", "ventas", "usuario"});
    u.password = in.Str("password_temporal", {.max = 256});
    in.RejectUnknown();
    if (!in.ok()) return in.ToError();
    u.email = *email;
    u.nombre = *nombre;
    u.rol = *core::ParseRole(*rol);
    return ToReply(users->Create(KeyFor(req), req.Meta(), u), "/api/usuarios");
  };
  table.Add(std::move(create));

  Route patch;
  patch.method = "PATCH";
  patch.path = "/api/usuarios/:id";
  patch.access = Admin();
  patch.body = BodyKind::kJson;
  patch.operation_id = "updateUser";
  patch.summary = "Cambia nombre, rol o estado; desactivar cierra todas sus sesiones";
  patch.tag = "usuarios";
  patch.response_schema = UserSchema();
  patch.errors = {ErrorCode::kNotFound, ErrorCode::kLastAdmin, ErrorCode::kVersionConflict};
  patch.handler = [this](Request& req) -> Reply {
    core::ObjectReader in(req.JsonObject());
    services::UserPatch p;
    p.nombre = in.Str("nombre", {.required = in.Has("nombre"), .min = 1, .max = 80});
    if (auto rol = in.Enum("rol", false, {"admin", "deposito", "ventas", "usuario"}))
      p.rol = core::ParseRole(*rol);
    p.activo = in.Bool("activo", false);
    p.version = in.Int("version", false, 0, 2'000'000'000);
    in.RejectUnknown();
    if (!in.ok()) return in.ToError();
    if (!p.nombre && !p.rol && !p.activo) {
      return core::Error::Validation(
          {{"nombre", "requerido", "Mandá al menos un campo a cambiar."}});
    }
    auto u = users->Update(req.Meta(), req.params.at("id"), p);
    if (!u.ok()) return u.error();
    return JsonReply::Ok(services::UserJson(*u));
  };
  table.Add(std::move(patch));

  Route reset;
  reset.method = "POST";
  reset.path = "/api/usuarios/:id/password";
  reset.access = Admin();
  reset.idempotency = Idempotency::kOptional;
  reset.body = BodyKind::kJson;
  reset.empty_body_ok = true;
  reset.operation_id = "resetUserPassword";
  reset.summary = "Restablece la contraseña (temporal); cierra sus sesiones";
  reset.tag = "usuarios";
  reset.errors = {ErrorCode::kNotFound, ErrorCode::kConflict, ErrorCode::kPasswordTooWeak};
  reset.handler = [this](Request& req) -> Reply {
    core::ObjectReader in(req.JsonObject());
    auto password = in.Str("password_temporal", {.max = 256});
    in.RejectUnknown();
    if (!in.ok()) return in.ToError();
    return ToReply(users->ResetPassword(KeyFor(req), req.Meta(), req.params.at("id"), password),
                   "");
  };
  table.Add(std::move(reset));

  Route revoke;
  revoke.method = "POST";
  revoke.path = "/api/usuarios/:id/cerrar-sesiones";
  revoke.access = Admin();
  revoke.operation_id = "revokeUserSessions";
  revoke.summary = "Cierra todas las sesiones del usuario";
  revoke.tag = "usuarios";
  revoke.errors = {ErrorCode::kNotFound};
  revoke.handler = [this](Request& req) -> Reply {
    auto n = users->RevokeSessions(req.Meta(), req.params.at("id"));
    if (!n.ok()) return n.error();
    return JsonReply::Ok(json::object{{"sesiones_revocadas", *n}});
  };
  table.Add(std::move(revoke));

  Route unlock;
  unlock.method = "POST";
  unlock.path = "/api/usuarios/:id/desbloquear";
  unlock.access = Admin();
  unlock.operation_id = "unlockUser";
  unlock.summary = "Levanta el bloqueo de ingreso por intentos fallidos";
  unlock.tag = "usuarios";
  unlock.errors = {ErrorCode::kNotFound};
  unlock.handler = [this](Request& req) -> Reply {
    auto r = users->Unlock(req.Meta(), req.params.at("id"));
    if (!r.ok()) return r.error();
    return JsonReply::Ok(json::object{{"desbloqueado", true}});
  };
  table.Add(std::move(unlock));
}

}  // namespace mm::api
