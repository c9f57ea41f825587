#include "api/system_api.hpp"

#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>

#include "api/schema.hpp"
#include "core/hash.hpp"
#include "core/validation.hpp"
#include "obs/log.hpp"

namespace mm::api {
namespace {

namespace json = boost::json;
using core::ErrorCode;

constexpr std::size_t kClientErrorBodyLimit = 16 * 1024;

json::object Str(std::size_t max) { return json::object{{"type", "string"}, {"maxLength", max}}; }

}  // namespace

void SystemApi::Register(RouteTable& table) {
  Route healthz;
  healthz.method = "GET";
  healthz.path = "/healthz";
  healthz.access = Access::Public();
  healthz.no_rate_limit = true;
  healthz.skip_auth = true;
  healthz.operation_id = "getHealthz";
  healthz.summary = "El proceso está vivo";
  healthz.tag = "sistema";
  healthz.response_schema = ObjectSchema({{"estado", json::object{{"const", "ok"}}},
                                          {"version", json::object{{"type", "string"}}},
                                          {"instancia", json::object{{"type", "string"}}}},
                                         {"estado", "version", "instancia"});
  healthz.handler = [this](Request&) -> Reply {
    return JsonReply::Ok(
        json::object{{"estado", "ok"}, {"version", MM_VERSION}, {"instancia", instance_id}});
  };
  table.Add(std::move(healthz));

  Route readyz;
  readyz.method = "GET";
  readyz.path = "/readyz";
  readyz.access = Access::Public();
  readyz.no_rate_limit = true;
  readyz.skip_auth = true;
  readyz.operation_id = "getReadyz";
  readyz.summary = "La instancia puede atender: base de datos, migraciones";
  readyz.tag = "sistema";
  readyz.errors = {ErrorCode::kNotReady};
  json::object check_schema = ObjectSchema({{"nombre", json::object{{"type", "string"}}},
                                            {"ok", json::object{{"type", "boolean"}}},
                                            {"ms", json::object{{"type", "integer"}}}},
                                           {"nombre", "ok", "ms"});
  readyz.response_schema =
      ObjectSchema({{"estado", json::object{{"const", "listo"}}},
                    {"checks", json::object{{"type", "array"}, {"items", check_schema}}}},
                   {"estado", "checks"});
  readyz.handler = [this](Request&) -> Reply {
    json::array checks;
    bool all = true;
    for (const auto& c : readiness->Check()) {
      all = all && c.ok;
      checks.push_back(json::object{{"nombre", c.nombre}, {"ok", c.ok}, {"ms", c.ms}});
    }
    if (!all) {
      core::Error e(ErrorCode::kNotReady, {}, json::object{{"checks", std::move(checks)}});
      e.retry_after_s = 1;
      return e;
    }
    return JsonReply::Ok(json::object{{"estado", "listo"}, {"checks", std::move(checks)}});
  };
  table.Add(std::move(readyz));

  Route metrics_route;
  metrics_route.method = "GET";
  metrics_route.path = "/metrics";
  metrics_route.access = Access::Public();
  metrics_route.no_rate_limit = true;
  metrics_route.skip_auth = true;
  metrics_route.operation_id = "getMetrics";
  metrics_route.summary =
      "Métricas en formato de texto de Prometheus (desde obs.metrics_allow_cidrs o con "
      "obs.metrics_token)";
  metrics_route.tag = "sistema";
  metrics_route.enveloped = false;
  metrics_route.content_type = "text/plain";
  metrics_route.response_schema = json::object{{"type", "string"}};
  metrics_route.errors = {ErrorCode::kNotFound};
  metrics_route.handler = [this](Request& req) -> Reply {
    bool allowed = core::AnyContains(metrics_allow, req.client_ip);
    if (!allowed && !metrics_token.empty()) {
      auto auth = req.Header("Authorization");
      std::string expected = "Bearer " + metrics_token;
      // Compare digests so the time taken says nothing about the token.
      allowed = auth && core::Sha256Hex(*auth) == core::Sha256Hex(expected);
    }
    if (!allowed) return core::Error(ErrorCode::kNotFound);
    return RawReply{200,
                    "text/plain; version=0.0.4; charset=utf-8",
                    metrics->Render(),
                    {{"Cache-Control", "no-store"}}};
  };
  table.Add(std::move(metrics_route));

  Route openapi;
  openapi.method = "GET";
  openapi.path = "/api/openapi.json";
  openapi.access = Access::Public();
  openapi.operation_id = "getOpenApi";
  openapi.summary = "Este documento OpenAPI 3.1";
  openapi.tag = "sistema";
  openapi.enveloped = false;
  openapi.response_schema = json::object{{"type", "object"}};
  openapi.handler = [this](Request&) -> Reply {
    return RawReply{200,
                    "application/json; charset=utf-8",
                    openapi_json,
                    {{"Cache-Control", "public, max-age=300"}}};
  };
  table.Add(std::move(openapi));

  Route client_errors;
  client_errors.method = "POST";
  client_errors.path = "/api/client-errors";
  client_errors.access = Access::Public();
  client_errors.body = BodyKind::kJson;
  client_errors.body_limit = kClientErrorBodyLimit;
  client_errors.operation_id = "postClientError";
  client_errors.summary = "Reporte de un error del frontend";
  client_errors.tag = "sistema";
  client_errors.success_status = 202;
  client_errors.request_schema = ObjectSchema(
      {{"mensaje", json::object{{"type", "string"}, {"minLength", 1}, {"maxLength", 1000}}},
       {"error_id", Str(64)},
       {"origen", json::object{{"type", "string"},
                               {"enum", json::array{"error_boundary", "api", "query", "otro"}}}},
       {"ruta", Str(200)},
       {"request_id", Str(128)},
       {"build_id", Str(64)},
       {"nivel", json::object{{"type", "string"}, {"enum", json::array{"error", "warning"}}}},
       {"stack", Str(8000)}},
      {"mensaje"});
  client_errors.response_schema =
      ObjectSchema({{"recibido", json::object{{"const", true}}}}, {"recibido"});
  client_errors.handler = [this](Request& req) -> Reply {
    core::ObjectReader in(req.JsonObject());
    auto mensaje = in.Str("mensaje", {.required = true, .min = 1, .max = 1000, .multiline = true});
    auto error_id = in.Str("error_id", {.max = 64});
    auto origen = in.Enum("origen", false, {"error_boundary", "api", "query", "otro"});
    auto ruta = in.Str("ruta", {.max = 200});
    auto request_id = in.Str("request_id", {.max = 128});
    auto build_id = in.Str("build_id", {.max = 64});
    auto nivel = in.Enum("nivel", false, {"error", "warning"});
    auto stack = in.Str("stack", {.max = 8000, .multiline = true});
    in.RejectUnknown();
    if (!in.ok()) return in.ToError();
    std::string nivel_s = nivel.value_or("error");
    metrics
        ->Counter("mm_client_errors_total", "Errors reported by the web app.", {{"nivel", nivel_s}})
        .Increment();
    obs::Log log(nivel_s == "warning" ? obs::Level::kWarn : obs::Level::kError, "client_error");
    log.Str("mensaje", *mensaje)
        .Str("error_id", error_id.value_or(""))
        .Str("origen", origen.value_or("otro"))
        .Str("ruta", ruta.value_or(""))
        .Str("client_request_id", request_id.value_or(""))
        .Str("build_id", build_id.value_or(""));
    if (req.principal.authenticated()) {
      log.Str("usuario_hash",
              core::Sha256Hex("mm-client-error:" + req.principal.user_id).substr(0, 16));
    }
    if (client_stack && stack) log.Str("stack", *stack);
    return JsonReply::Ok(json::object{{"recibido", true}}, 202);
  };
  table.Add(std::move(client_errors));
}

}  // namespace mm::api
