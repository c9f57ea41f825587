#include "api/auth_api.hpp"

#include <boost/json/serialize.hpp>

#include "api/schema.hpp"
#include "core/validation.hpp"

namespace mm::api {
namespace {

namespace json = boost::json;
using core::ErrorCode;

constexpr std::string_view kCookie = "mm_refresh";

std::string CookieHeader(const std::string& token, std::int64_t max_age, bool secure) {
  return std::string(kCookie) + "=" + token + "; Path=/api/auth; HttpOnly; SameSite=Strict;" +
         (secure ? " Secure;" : "") + " Max-Age=" + std::to_string(max_age);
}

std::optional<std::string> CookieValue(const Request& req) {
  auto header = req.Header("Cookie");
  if (!header) return std::nullopt;
  std::string_view rest = *header;
  while (!rest.empty()) {
    auto semi = rest.find(';');
    std::string_view part = rest.substr(0, semi);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    if (part.starts_with(kCookie) && part.size() > kCookie.size() && part[kCookie.size()] == '=') {
      return std::string(part.substr(kCookie.size() + 1));
    }
    if (semi == std::string_view::npos) break;
    rest.remove_prefix(semi + 1);
  }
  return std::nullopt;
}

json::object SessionJson(const services::SessionTokens& t, bool in_body) {
  json::object o{
      {"access_token", t.access_token},
      {"token_type", "Bearer"},
      {"expires_in", t.expires_in},
      {"refresh_expires_in", t.refresh_expires_in},
      {"usuario", json::object{{"id", t.user.id},
                               {"email", t.user.email},
                               {"nombre", t.user.nombre},
                               {"rol", core::RoleName(t.user.rol)},
                               {"debe_cambiar_password", t.user.debe_cambiar_password}}}};
  if (in_body) o["refresh_token"] = t.refresh_token;
  return o;
}

// The answer of login, refresh and password change: tokens in the body, the refresh token also
// (always) in the HttpOnly cookie.
Reply SessionReply(const services::SessionTokens& t, bool in_body, bool secure) {
  JsonReply out = JsonReply::Ok(SessionJson(t, in_body));
  out.headers.emplace_back("Set-Cookie",
                           CookieHeader(t.refresh_token, t.refresh_expires_in, secure));
  return out;
}

const json::object& SessionSchema() {
  static const json::object s =
      ObjectSchema({{"access_token", {{"type", "string"}}},
                    {"token_type", {{"const", "Bearer"}}},
                    {"expires_in", {{"type", "integer"}}},
                    {"refresh_expires_in", {{"type", "integer"}}},
                    {"refresh_token", {{"type", "string"}}},
                    {"usuario", {{"type", "object"}}}},
                   {"access_token", "token_type", "expires_in", "refresh_expires_in", "usuario"});
  return s;
}

}  // namespace

void AuthApi::Register(RouteTable& table) {
  Route login;
  login.method = "POST";
  login.path = "/api/auth/login";
  login.access = Access::Public();
  login.body = BodyKind::kJson;
  login.operation_id = "login";
  login.summary = "Ingreso con email y contraseña";
  login.tag = "auth";
  login.request_schema =
      ObjectSchema({{"email", {{"type", "string"}, {"format", "email"}}},
                    {"password", {{"type", "string"}, {"minLength", 1}, {"maxLength", 256}}},
                    {"refresh_en_cuerpo", {{"type", "boolean"}}}},
                   {"email", "password"});
  login.response_schema = SessionSchema();
  login.errors = {ErrorCode::kInvalidCredentials, ErrorCode::kLoginLocked};
  login.handler = [this](Request& req) -> Reply {
    core::ObjectReader in(req.JsonObject());
    auto email = in.Email("email", true);
    auto password = in.Str("password", {.required = true, .min = 1, .max = 256});
    auto in_body = in.Bool("refresh_en_cuerpo", false);
    in.RejectUnknown();
    if (!in.ok()) return in.ToError();
    auto r = sessions->Login(req.Meta(), *email, *password);
    if (!r.ok()) return r.error();
    return SessionReply(*r, in_body.value_or(false), cookie_secure);
  };
  table.Add(std::move(login));

  // Refresh and logout read the token from the body first, then from the cookie; the cookie is
  // honoured only with an Origin (the pipeline already refused foreign ones): a CSRF guard.
  auto token_from = [](Request& req, core::ObjectReader& in,
                       std::optional<std::string>& token) -> std::optional<core::Error> {
    token = in.Str("refresh_token", {.max = 200});
    if (!token) {
      token = CookieValue(req);
      if (token && !req.Header("Origin")) {
        return core::Error(ErrorCode::kCorsOriginNotAllowed,
                           "La cookie de sesión solo se acepta desde la aplicación.");
      }
    }
    return std::nullopt;
  };

  Route refresh;
  refresh.method = "POST";
  refresh.path = "/api/auth/refresh";
  refresh.access = Access::Public();
  refresh.body = BodyKind::kJson;
  refresh.empty_body_ok = true;
  refresh.during_password_change = true;
  refresh.operation_id = "refreshSession";
  refresh.summary = "Rota el refresh token y entrega un token de acceso nuevo";
  refresh.tag = "auth";
  refresh.request_schema = ObjectSchema(
      {{"refresh_token", {{"type", "string"}}}, {"refresh_en_cuerpo", {{"type", "boolean"}}}});
  refresh.response_schema = SessionSchema();
  refresh.errors = {ErrorCode::kRefreshTokenInvalid, ErrorCode::kRefreshTokenReused,
                    ErrorCode::kCorsOriginNotAllowed};
  refresh.handler = [this, token_from](Request& req) -> Reply {
    core::ObjectReader in(req.JsonObject());
    std::optional<std::string> token;
    auto in_body = in.Bool("refresh_en_cuerpo", false);
    auto csrf = token_from(req, in, token);
    in.RejectUnknown();
    if (!in.ok()) return in.ToError();
    if (csrf) return *csrf;
    if (!token) return core::Error(ErrorCode::kRefreshTokenInvalid);
    auto r = sessions->Refresh(req.Meta(), *token);
    if (!r.ok()) return r.error();
    return SessionReply(*r, in_body.value_or(false), cookie_secure);
  };
  table.Add(std::move(refresh));

  Route logout;
  logout.method = "POST";
  logout.path = "/api/auth/logout";
  logout.access = Access::Public();
  logout.body = BodyKind::kJson;
  logout.empty_body_ok = true;
  logout.during_password_change = true;
  logout.operation_id = "logout";
  logout.summary = "Cierra la sesión del refresh token (o la del token de acceso)";
  logout.tag = "auth";
  logout.request_schema = ObjectSchema({{"refresh_token", {{"type", "string"}}}});
  logout.response_schema =
      ObjectSchema({{"sesion_cerrada", {{"const", true}}}}, {"sesion_cerrada"});
  logout.handler = [this, token_from](Request& req) -> Reply {
    core::ObjectReader in(req.JsonObject());
    std::optional<std::string> token;
    auto csrf = token_from(req, in, token);
    in.RejectUnknown();
    if (!in.ok()) return in.ToError();
    if (csrf) token.reset();  // a cookie without Origin is ignored; the bearer's sid still counts
    sessions->Logout(req.Meta(), token, req.principal.session_id);
    JsonReply out = JsonReply::Ok(json::object{{"sesion_cerrada", true}});
    out.headers.emplace_back("Set-Cookie", CookieHeader("", 0, cookie_secure));
    return out;
  };
  table.Add(std::move(logout));

  Route me;
  me.method = "GET";
  me.path = "/api/auth/me";
  me.access = Access::All();
  me.during_password_change = true;
  me.operation_id = "getMe";
  me.summary = "El usuario de la sesión";
  me.tag = "auth";
  me.response_schema = ObjectSchema({{"id", {{"type", "string"}}},
                                     {"email", {{"type", "string"}}},
                                     {"nombre", {{"type", "string"}}},
                                     {"rol", {{"type", "string"}}},
                                     {"origen", {{"type", "string"}}},
                                     {"debe_cambiar_password", {{"type", "boolean"}}},
                                     {"creado_en", {{"type", "string"}}}});
  me.handler = [this](Request& req) -> Reply {
    auto u = users->Get(req.principal.user_id);
    if (!u.ok()) return core::Error(ErrorCode::kUnauthorized);
    return JsonReply::Ok(json::object{{"id", u->id},
                                      {"email", u->email},
                                      {"nombre", u->nombre},
                                      {"rol", core::RoleName(u->rol)},
                                      {"origen", u->origen},
                                      {"debe_cambiar_password", u->debe_cambiar_password},
                                      {"creado_en", core::FormatApiTimestamp(u->creado_en)}});
  };
  table.Add(std::move(me));

  Route password;
  password.method = "POST";
  password.path = "/api/auth/password";
  password.access = Access::All();
  password.body = BodyKind::kJson;
  password.during_password_change = true;
  password.operation_id = "changeOwnPassword";
  password.summary = "Cambia la contraseña propia; cierra las otras sesiones";
  password.tag = "auth";
  password.request_schema =
      ObjectSchema({{"password_actual", {{"type", "string"}, {"minLength", 1}, {"maxLength", 256}}},
                    {"password_nueva", {{"type", "string"}, {"minLength", 10}, {"maxLength", 128}}},
                    {"refresh_en_cuerpo", {{"type", "boolean"}}}},
                   {"password_actual", "password_nueva"});
  password.response_schema = SessionSchema();
  password.errors = {ErrorCode::kCurrentPasswordInvalid, ErrorCode::kPasswordTooWeak,
                     ErrorCode::kConflict};
  password.handler = [this](Request& req) -> Reply {
    core::ObjectReader in(req.JsonObject());
    auto actual = in.Str("password_actual", {.required = true, .min = 1, .max = 256});
    // The policy (length, dictionary) is the service's, so its message says which rule failed.
    auto nueva = in.Str("password_nueva", {.required = true, .min = 1, .max = 256});
    auto in_body = in.Bool("refresh_en_cuerpo", false);
    in.RejectUnknown();
    if (!in.ok()) return in.ToError();
    auto r = sessions->ChangePassword(req.Meta(), *actual, *nueva);
    if (!r.ok()) return r.error();
    return SessionReply(*r, in_body.value_or(false), cookie_secure);
  };
  table.Add(std::move(password));

  Route jwks;
  jwks.method = "GET";
  jwks.path = "/.well-known/jwks.json";
  jwks.access = Access::Public();
  jwks.operation_id = "getJwks";
  jwks.summary = "Claves públicas que verifican los tokens de acceso vigentes";
  jwks.tag = "auth";
  jwks.enveloped = false;
  jwks.response_schema = ObjectSchema({{"keys", {{"type", "array"}}}}, {"keys"});
  jwks.handler = [this](Request&) -> Reply {
    return RawReply{200,
                    "application/json; charset=utf-8",
                    json::serialize(keys->Jwks()),
                    {{"Cache-Control", "public, max-age=300"}}};
  };
  table.Add(std::move(jwks));
}

}  // namespace mm::api
