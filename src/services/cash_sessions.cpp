#include "services/cash_sessions.hpp"

#include <boost/json/serialize.hpp>

#include "core/money.hpp"
#include "core/money_text.hpp"
#include "core/uuid.hpp"
#include "core/validation.hpp"
#include "services/audit.hpp"
#include "services/cache_versions.hpp"
#include "services/cash_register.hpp"
#include "services/human_number.hpp"
#include "services/notification_body.hpp"
#include "store/db_error.hpp"

namespace mm::services {
namespace {

namespace json = boost::json;
using core::Error;
using core::ErrorCode;
using core::FieldError;

Error AlreadyOpen(const std::optional<std::string>& sesion_id) {
  Error e(ErrorCode::kCashSessionAlreadyOpen,
          "Ya hay una caja abierta. Cerrala antes de abrir otra.");
  e.details["sesion_id"] = sesion_id ? json::value(*sesion_id) : json::value(nullptr);
  return e;
}

Error Forbidden(std::string msg) { return Error(ErrorCode::kForbidden, std::move(msg)); }

bool IsAdmin(const RequestMeta& meta) { return meta.principal.role == core::Role::kAdmin; }

std::string Text(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

std::string UserName(store::Tx& tx, const std::string& id) {
  auto r = tx.QueryOne("SELECT nombre FROM usuarios WHERE id = $1", {id});
  return r ? r->Text(0) : std::string("(usuario desconocido)");
}

constexpr std::string_view kInsertSession = R"sql(
INSERT INTO sesiones_caja (id, numero, estado, abierta_por, abierta_en, monto_inicial_centavos,
                           observaciones, creado_en, actualizado_en)
VALUES ($1, $2, 'abierta', $3, $4, $5, $6, $4, $4))sql";

constexpr std::string_view kCloseSession = R"sql(
UPDATE sesiones_caja
SET estado = 'cerrada', cerrada_por = $2, cerrada_en = $3, efectivo_esperado_centavos = $4,
    efectivo_contado_centavos = $5, diferencia_centavos = $6, resumen = $7, observaciones = $8,
    actualizado_en = $3
WHERE id = $1 AND estado = 'abierta')sql";

}  // namespace

std::vector<FieldError> CheckOpenCash(const OpenCashInput& in) {
  std::vector<FieldError> errors;
  if (in.monto_inicial_centavos < 0 || in.monto_inicial_centavos > kMaxMontoCaja) {
    errors.push_back({"monto_inicial_centavos", "rango", "Debe estar entre 0 y 10000000000."});
  }
  if (in.observaciones && core::CodePoints(*in.observaciones) > 200) {
    errors.push_back({"observaciones", "longitud", "Hasta 200 caracteres."});
  }
  return errors;
}

std::vector<FieldError> CheckCashMove(const CashMoveInput& in) {
  std::vector<FieldError> errors;
  if (in.tipo != "ingreso" && in.tipo != "retiro") {
    errors.push_back({"tipo", "enum", "Debe ser ingreso o retiro."});
  }
  if (in.monto_centavos < 1 || in.monto_centavos > kMaxMontoCaja) {
    errors.push_back({"monto_centavos", "rango", "Debe estar entre 1 y 10000000000."});
  }
  auto n = core::CodePoints(core::Trim(in.motivo));
  if (n < 3 || n > 200) {
    errors.push_back({"motivo", n == 0 ? "requerido" : "longitud", "Entre 3 y 200 caracteres."});
  }
  return errors;
}

std::vector<FieldError> CheckCloseCash(const CloseCashInput& in) {
  std::vector<FieldError> errors;
  if (in.efectivo_contado_centavos < 0 || in.efectivo_contado_centavos > core::kMaxCentavos) {
    errors.push_back({"efectivo_contado_centavos", "rango", "Debe estar entre 0 y 100000000000."});
  }
  if (in.observaciones && core::CodePoints(*in.observaciones) > 500) {
    errors.push_back({"observaciones", "longitud", "Hasta 500 caracteres."});
  }
  return errors;
}

core::Result<IdempotentReply> CashSessions::Open(const std::optional<IdempotencyKey>& key,
                                                 const RequestMeta& meta, const OpenCashInput& in) {
  if (auto errors = CheckOpenCash(in); !errors.empty()) return Error::Validation(errors);
  auto reply = idempotency_.Run(key, meta, [&](store::Tx& tx) -> core::Result<Outcome> {
    if (auto open = cash::FindOpen(tx)) return AlreadyOpen(open->id);
    const auto now = env_.clock.Now();
    const std::string id = core::NewUuidV4(env_.random);
    const auto numero = NextHumanNumber(tx, "sesiones_caja", "sesiones_caja_numero_seq");
    try {
      tx.Exec(kInsertSession, {id, numero, meta.principal.user_id, now, in.monto_inicial_centavos,
                               in.observaciones});
    } catch (const store::DbError& e) {
      // A concurrent opener won (PostgreSQL; the partial UNIQUE is the backstop). Its id is read
      // after this transaction rolled back.
      if (e.kind() == store::DbError::Kind::kUniqueViolation &&
          (e.constraint().empty() || e.constraint() == "sesiones_caja_una_abierta")) {
        return AlreadyOpen(std::nullopt);
      }
      throw;
    }
    AuditEntry audit;
    audit.accion = core::AuditAction::kCajaAbierta;
    audit.entidad_tipo = "sesion_caja";
    audit.entidad_id = id;
    audit.detalles =
        json::object{{"numero", numero},
                     {"monto_inicial_centavos", in.monto_inicial_centavos},
                     {"observaciones",
                      in.observaciones ? json::value(*in.observaciones) : json::value(nullptr)}};
    RecordAudit(tx, env_, meta, audit);
    BumpCacheVersion(tx, "ventas", now);
    auto sesion = cash_reads::Session(tx, id);
    return Outcome{201, std::move(*sesion), id};
  });
  if (!reply.ok() && reply.error().code == ErrorCode::kCashSessionAlreadyOpen &&
      reply.error().details.at("sesion_id").is_null()) {
    auto open = env_.db.Read([&](store::Tx& tx) { return cash::FindOpen(tx); });
    return AlreadyOpen(open ? std::optional<std::string>(open->id) : std::nullopt);
  }
  return reply;
}

core::Result<IdempotentReply> CashSessions::Move(const std::optional<IdempotencyKey>& key,
                                                 const RequestMeta& meta, const CashMoveInput& in) {
  if (auto errors = CheckCashMove(in); !errors.empty()) return Error::Validation(errors);
  const bool retiro = in.tipo == "retiro";
  return idempotency_.Run(key, meta, [&](store::Tx& tx) -> core::Result<Outcome> {
    auto open = cash::LockOpen(tx, retiro ? cash::Hold::kUpdate : cash::Hold::kShare);
    if (!open.ok()) return open.error();
    if (retiro) {
      const auto disponible = cash::ExpectedCash(tx, open->id);
      if (in.monto_centavos > disponible) {
        Error e = Error::Conflict(
            "efectivo_insuficiente",
            "No hay tanto efectivo en la caja: se esperan " + core::FormatPesos(disponible) + ".");
        e.details["efectivo_esperado_centavos"] = disponible;
        return e;
      }
    }
    const auto now = env_.clock.Now();
    cash::CashFlow flow;
    flow.sesion_id = open->id;
    flow.tipo = in.tipo;
    flow.monto_centavos = retiro ? -in.monto_centavos : in.monto_centavos;
    flow.usuario_id = meta.principal.user_id;
    flow.motivo = std::string(core::Trim(in.motivo));
    const std::string id = cash::RecordFlow(tx, env_.random, flow, now);
    BumpCacheVersion(tx, "ventas", now);
    json::object out{{"id", id},
                     {"sesion_id", open->id},
                     {"tipo", in.tipo},
                     {"monto_centavos", flow.monto_centavos},
                     {"motivo", *flow.motivo},
                     {"usuario", json::object{{"id", meta.principal.user_id},
                                              {"nombre", UserName(tx, meta.principal.user_id)}}},
                     {"efectivo_esperado_centavos", cash::ExpectedCash(tx, open->id)},
                     {"creado_en", core::FormatApiTimestamp(now)}};
    // Location: the session the movement belongs to (a movement has no path of its own).
    return Outcome{201, std::move(out), open->id};
  });
}

core::Result<IdempotentReply> CashSessions::Close(const std::optional<IdempotencyKey>& key,
                                                  const RequestMeta& meta,
                                                  const CloseCashInput& in) {
  if (auto errors = CheckCloseCash(in); !errors.empty()) return Error::Validation(errors);
  return idempotency_.Run(key, meta, [&](store::Tx& tx) -> core::Result<Outcome> {
    // FOR UPDATE: waits for the sales and refunds that hold the session FOR SHARE.
    auto open = cash::LockOpen(tx, cash::Hold::kUpdate);
    if (!open.ok()) return open.error();
    if (!IsAdmin(meta) && open->abierta_por != meta.principal.user_id) {
      return Forbidden("Solo podés cerrar una caja que abriste vos. Pedile a un administrador.");
    }
    const auto esperado = cash::ExpectedCash(tx, open->id);
    const auto contado = in.efectivo_contado_centavos;
    const auto diferencia = contado - esperado;
    if (diferencia != 0) {
      const auto n = in.observaciones ? core::CodePoints(*in.observaciones) : 0;
      if (n < 3) {
        return Error::Validation(
            {{"observaciones", n == 0 ? "requerido" : "longitud",
              "El efectivo contado difiere del esperado (" + core::FormatPesos(diferencia) +
                  "): explicá la diferencia (3 a 500 caracteres)."}});
      }
    }
    const auto now = env_.clock.Now();
    auto before = cash_reads::Session(tx, open->id);
    json::object resumen = cash_reads::Arqueo(tx, *before);
    resumen.erase("sesion");
    resumen.erase("efectivo_contado_centavos");
    resumen.erase("diferencia_centavos");

    // The opening note stays; the closing one follows it.
    std::optional<std::string> observaciones = in.observaciones;
    if (auto apertura = before->if_contains("observaciones");
        apertura && apertura->is_string() && !apertura->as_string().empty()) {
      std::string joined = "Apertura: " + std::string(apertura->as_string());
      if (in.observaciones) joined += "\nCierre: " + *in.observaciones;
      observaciones = std::move(joined);
    }
    tx.Exec(kCloseSession, {open->id, meta.principal.user_id, now, esperado, contado, diferencia,
                            json::serialize(resumen), observaciones});

    const auto settings = settings_.Get(tx);
    const std::int64_t magnitud = diferencia < 0 ? -diferencia : diferencia;
    const bool excede = magnitud > settings.tolerancia_caja_centavos;

    auto sesion = cash_reads::Session(tx, open->id);
    AuditEntry audit;
    audit.accion = core::AuditAction::kCajaCerrada;
    audit.entidad_tipo = "sesion_caja";
    audit.entidad_id = open->id;
    audit.nivel = excede ? core::AuditLevel::kWarning : core::AuditLevel::kInfo;
    audit.detalles =
        json::object{{"numero", open->numero},
                     {"efectivo_esperado_centavos", esperado},
                     {"efectivo_contado_centavos", contado},
                     {"diferencia_centavos", diferencia},
                     {"tolerancia_caja_centavos", settings.tolerancia_caja_centavos},
                     {"observaciones",
                      in.observaciones ? json::value(*in.observaciones) : json::value(nullptr)}};
    RecordAudit(tx, env_, meta, audit);
    if (excede) {
      AnnounceDifference(tx, meta, *sesion, esperado, contado, in.observaciones, now);
    }
    BumpCacheVersion(tx, "ventas", now);
    json::object arqueo = cash_reads::Arqueo(tx, *sesion);
    arqueo.erase("sesion");
    json::object out{{"sesion", std::move(*sesion)}, {"arqueo", std::move(arqueo)}};
    return Outcome{200, std::move(out), open->id};
  });
}

void CashSessions::AnnounceDifference(store::Tx& tx, const RequestMeta& meta,
                                      const json::object& sesion, std::int64_t esperado,
                                      std::int64_t contado,
                                      const std::optional<std::string>& observaciones,
                                      core::Timestamp now) {
  const std::int64_t diferencia = contado - esperado;
  const std::string tipo = diferencia > 0 ? "Sobrante" : "Faltante";
  const std::string monto = core::FormatPesos(diferencia < 0 ? -diferencia : diferencia);
  const std::string id = Text(sesion, "id");
  const std::string numero = std::to_string(sesion.at("numero").as_int64());
  const std::string abrio = Text(sesion.at("abierta_por").as_object(), "nombre");
  const std::string cerro = Text(sesion.at("cerrada_por").as_object(), "nombre");
  const std::string obs = observaciones.value_or("(sin observaciones)");

  // The shift log: a note by the closing user with the difference and the observaciones.
  std::string nota = "Cierre de caja N° " + numero + " con diferencia: " + tipo + " " + monto +
                     " (esperado " + core::FormatPesos(esperado) + ", contado " +
                     core::FormatPesos(contado) + "). Observaciones: " + obs;
  tx.Exec("INSERT INTO bitacora_turnos (id, usuario_id, nota, creado_en) VALUES ($1, $2, $3, $4)",
          {core::NewUuidV4(env_.random), meta.principal.user_id, nota, now});

  // jobs.md §4.5 `cash_difference`; composed here until the template renderer exists (as the
  // stock count does for `reservation_released`).
  const std::vector<std::pair<std::string, std::string>> fields = {
      {"Sesión N°", numero},
      {"Abrió", abrio},
      {"Cerró", cerro},
      {"Esperado", core::FormatPesos(esperado)},
      {"Contado", core::FormatPesos(contado)},
      {"Diferencia", tipo + " " + monto},
      {"Observaciones", obs}};
  auto body =
      ComposeNotificationBody("Se cerró la caja con una diferencia mayor a la tolerancia.", fields);

  OutboxEvent ev;
  ev.event_type = "cash_difference";
  ev.event_key = "caja:" + id;
  ev.subject = "[Mini Market] Diferencia de caja: " + tipo + " " + monto;
  ev.body_text = std::move(body.text);
  ev.body_html = std::move(body.html);
  ev.payload = json::object{
      {"sesion_id", id},
      {"numero", sesion.at("numero")},
      {"abierta_por", abrio},
      {"cerrada_por", cerro},
      {"efectivo_esperado_centavos", esperado},
      {"efectivo_contado_centavos", contado},
      {"diferencia_centavos", diferencia},
      {"tipo", diferencia > 0 ? "sobrante" : "faltante"},
      {"observaciones", observaciones ? json::value(*observaciones) : json::value(nullptr)}};
  outbox_.Enqueue(tx, ev);
}

core::Result<json::value> CashSessions::Current() {
  return env_.db.Read([&](store::Tx& tx) -> core::Result<json::value> {
    auto open = cash::FindOpen(tx);
    if (!open) return json::value(nullptr);
    auto s = cash_reads::Session(tx, open->id);
    if (!s) return json::value(nullptr);
    return json::value(std::move(*s));
  });
}

core::Result<json::object> CashSessions::Arqueo(const RequestMeta& meta,
                                                const std::optional<std::string>& sesion_id) {
  return env_.db.Read([&](store::Tx& tx) -> core::Result<json::object> {
    std::optional<json::object> sesion;
    if (sesion_id) {
      sesion = cash_reads::Session(tx, *sesion_id);
    } else if (auto open = cash::FindOpen(tx)) {
      sesion = cash_reads::Session(tx, open->id);
    }
    if (!sesion) return Error::NotFound("sesion_caja");
    // The open session's arqueo is the till's (any cashier counts it); a closed one, its opener's.
    if (!IsAdmin(meta) && Text(*sesion, "estado") != "abierta" &&
        Text(sesion->at("abierta_por").as_object(), "id") != meta.principal.user_id) {
      return Forbidden("Solo podés ver el arqueo de una caja que abriste vos.");
    }
    return cash_reads::Arqueo(tx, *sesion);
  });
}

core::Result<json::object> CashSessions::Get(const RequestMeta& meta, const std::string& id) {
  return env_.db.Read([&](store::Tx& tx) -> core::Result<json::object> {
    auto sesion = cash_reads::Session(tx, id);
    if (!sesion) return Error::NotFound("sesion_caja");
    if (!IsAdmin(meta) &&
        Text(sesion->at("abierta_por").as_object(), "id") != meta.principal.user_id) {
      return Forbidden("Solo podés ver las cajas que abriste vos.");
    }
    json::array movimientos;
    for (const auto& r : tx.Query(R"sql(
SELECT m.id, m.tipo, m.monto_centavos, m.venta_id, m.devolucion_id, m.usuario_id, u.nombre,
       m.motivo, m.creado_en
FROM movimientos_caja m JOIN usuarios u ON u.id = m.usuario_id
WHERE m.sesion_id = $1 ORDER BY m.creado_en, m.id)sql",
                                  {id})) {
      auto opt = [](const std::optional<std::string>& s) {
        return s ? json::value(*s) : json::value(nullptr);
      };
      movimientos.push_back(json::object{
          {"id", r.Text("id")},
          {"tipo", r.Text("tipo")},
          {"monto_centavos", r.Int("monto_centavos")},
          {"venta_id", opt(r.OptText("venta_id"))},
          {"devolucion_id", opt(r.OptText("devolucion_id"))},
          {"usuario", json::object{{"id", r.Text("usuario_id")}, {"nombre", r.Text("nombre")}}},
          {"motivo", opt(r.OptText("motivo"))},
          {"creado_en", core::FormatApiTimestamp(r.Time("creado_en"))}});
    }
    json::object arqueo = cash_reads::Arqueo(tx, *sesion);
    arqueo.erase("sesion");
    json::object out = std::move(*sesion);
    out["movimientos"] = std::move(movimientos);
    out["arqueo"] = std::move(arqueo);
    return out;
  });
}

}  // namespace mm::services
