#include "api/probe_api.hpp"

#include <thread>

#include <boost/json/object.hpp>

#include "core/validation.hpp"
#include "services/cache_versions.hpp"

namespace mm::api {
namespace {
namespace json = boost::json;
}

void ProbeApi::Register(RouteTable& table) {
  Route efectos;
  efectos.method = "POST";
  efectos.path = "/api/_pruebas/efectos";
  efectos.access = Access::Public();
  efectos.idempotency = Idempotency::kRequired;
  efectos.body = BodyKind::kJson;
  efectos.operation_id = "postPruebaEfecto";
  efectos.summary = "Solo pruebas: un efecto idempotente";
  efectos.tag = "pruebas";
  efectos.success_status = 201;
  efectos.handler = [this](Request& req) -> Reply {
    core::ObjectReader in(req.JsonObject());
    auto ns = in.Str("namespace", {.required = true, .min = 1, .max = 60});
    auto demora = in.Int("demora_ms", false, 0, 5000);
    in.RejectUnknown();
    if (!in.ok()) return in.ToError();
    auto result = idempotency->Run(
        KeyFor(req), req.Meta(), [&](store::Tx& tx) -> core::Result<services::Outcome> {
          auto version = services::BumpCacheVersion(tx, "prueba:" + *ns, env->clock.Now());
          if (demora && *demora > 0)
            std::this_thread::sleep_for(std::chrono::milliseconds(*demora));
          return services::Outcome{201, json::object{{"namespace", *ns}, {"version", version}},
                                   *ns};
        });
    return ToReply(std::move(result), "/api/_pruebas/efectos");
  };
  table.Add(std::move(efectos));

  Route ocupar;
  ocupar.method = "GET";
  ocupar.path = "/api/_pruebas/ocupar";
  ocupar.access = Access::Public();
  ocupar.operation_id = "getPruebaOcupar";
  ocupar.summary = "Solo pruebas: retiene una conexión de lectura";
  ocupar.tag = "pruebas";
  ocupar.query = {QueryParamDoc{"ms", "integer", "milisegundos (0–5000)", true}};
  ocupar.handler = [this](Request& req) -> Reply {
    auto text = req.QueryParam("ms");
    int ms = -1;
    if (text) {
      try {
        ms = std::stoi(std::string(*text));
      } catch (...) {
        ms = -1;
      }
    }
    if (ms < 0 || ms > 5000) {
      return core::Error::Validation({{"ms", "rango", "Debe estar entre 0 y 5000."}});
    }
    env->db.Read(
        [&](store::Tx& tx) {
          tx.QueryOne("SELECT 1");
          std::this_thread::sleep_for(std::chrono::milliseconds(ms));
        },
        req.Meta().TxOptions());
    return JsonReply::Ok(json::object{{"ocupado_ms", ms}});
  };
  table.Add(std::move(ocupar));
}

}  // namespace mm::api
