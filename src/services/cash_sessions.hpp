// Cash sessions (domain.md §1.4, §2.3; api.md §9.2): open the store's one register with a float,
// cash in and out, close with the count (arqueo: expected vs counted, observaciones required when
// they differ), and the reads of the till and the owner. A difference above the store's tolerance
// is audited as a warning, noted in the shift log (bitacora_turnos) and queued as a
// `cash_difference` notification (jobs.md §4.5). Built on services/cash_register.hpp.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "core/error.hpp"
#include "core/result.hpp"
#include "services/context.hpp"
#include "services/idempotency.hpp"
#include "services/outbox.hpp"
#include "services/store_settings.hpp"
#include "store/tx.hpp"

namespace mm::services {

inline constexpr std::int64_t kMaxMontoCaja = 10'000'000'000;  // 10^10 (api.md §9.2)

struct OpenCashInput {
  std::int64_t monto_inicial_centavos = 0;   // 0..10^10
  std::optional<std::string> observaciones;  // ≤ 200
};

struct CashMoveInput {
  std::string tipo;                 // ingreso | retiro
  std::int64_t monto_centavos = 0;  // 1..10^10, always positive here; a retiro is stored negative
  std::string motivo;               // 3..200
};

struct CloseCashInput {
  std::int64_t efectivo_contado_centavos = 0;  // 0..10^11
  // ≤ 500, multi-line; required (3..500) whenever the count differs from the expected cash.
  std::optional<std::string> observaciones;
};

struct CashSessionFilter {
  std::optional<core::Timestamp> desde;   // abierta_en ≥
  std::optional<core::Timestamp> hasta;   // abierta_en ≤
  std::optional<std::string> usuario_id;  // abierta_por
  int limit = 30;
  int offset = 0;
};

// Step 1 of the transaction template: 400 VALIDATION_ERROR listing every bad field.
[[nodiscard]] std::vector<core::FieldError> CheckOpenCash(const OpenCashInput& in);
[[nodiscard]] std::vector<core::FieldError> CheckCashMove(const CashMoveInput& in);
[[nodiscard]] std::vector<core::FieldError> CheckCloseCash(const CloseCashInput& in);

class CashSessions {
 public:
  CashSessions(Env& env, Idempotency& idempotency, Outbox& outbox, StoreSettings& settings)
      : env_(env), idempotency_(idempotency), outbox_(outbox), settings_(settings) {}

  // 201 sesion; 409 CASH_SESSION_ALREADY_OPEN {sesion_id}.
  core::Result<IdempotentReply> Open(const std::optional<IdempotencyKey>& key,
                                     const RequestMeta& meta, const OpenCashInput& in);
  // 201 movimiento; 409 CASH_SESSION_CLOSED, CONFLICT efectivo_insuficiente.
  core::Result<IdempotentReply> Move(const std::optional<IdempotencyKey>& key,
                                     const RequestMeta& meta, const CashMoveInput& in);
  // 200 {sesion, arqueo}; 400 (observaciones when the count differs), 403 (V closing a session
  // another user opened), 409 CASH_SESSION_CLOSED.
  core::Result<IdempotentReply> Close(const std::optional<IdempotencyKey>& key,
                                      const RequestMeta& meta, const CloseCashInput& in);

  // The open session, or null.
  core::Result<boost::json::value> Current();
  // The arqueo of `sesion_id` (default: the open one); 404 when unknown or none is open; 403 for
  // V asking for a closed session it did not open.
  core::Result<boost::json::object> Arqueo(const RequestMeta& meta,
                                           const std::optional<std::string>& sesion_id);
  // Newest first. V sees only the sessions it opened.
  core::Result<boost::json::array> List(const RequestMeta& meta, const CashSessionFilter& filter,
                                        std::int64_t* total);
  // The session with movimientos[] (oldest first) and arqueo; 404; 403 for V and a session it did
  // not open.
  core::Result<boost::json::object> Get(const RequestMeta& meta, const std::string& id);

 private:
  void AnnounceDifference(store::Tx& tx, const RequestMeta& meta, const boost::json::object& sesion,
                          std::int64_t esperado, std::int64_t contado,
                          const std::optional<std::string>& observaciones, core::Timestamp now);

  Env& env_;
  Idempotency& idempotency_;
  Outbox& outbox_;
  StoreSettings& settings_;
};

// Reads shared with the sales, void and return services (inside their transaction).
namespace cash_reads {
// {id, numero, estado, abierta_por:{id,nombre}, abierta_en, monto_inicial_centavos,
// cerrada_por:{id,nombre}|null, cerrada_en, efectivo_esperado_centavos, efectivo_contado_centavos,
// diferencia_centavos, observaciones}; nullopt when unknown.
std::optional<boost::json::object> Session(store::Tx& tx, const std::string& id);
// The arqueo of api.md §9.2 for the session (whose JSON is `sesion`): every figure from its cash
// flows and its sales' payments, so efectivo_esperado = monto_inicial + ventas − devoluciones −
// anulaciones + cobros − reembolsos + ingresos − retiros.
boost::json::object Arqueo(store::Tx& tx, const boost::json::object& sesion);
}  // namespace cash_reads

}  // namespace mm::services
