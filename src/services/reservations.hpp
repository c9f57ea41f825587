// Reservations (domain.md §1.2 stock_reservado, §2.1 "Reserve stock", "Cancel reservation",
// "Expire reservations"; api.md §7.3; hardening.md WS1): holds on stock at one location. A hold
// counts against availability while it is effectively active (stock::EffectivelyActive) and stops
// counting the instant it passes expira_en; the expiry sweep only writes down what readers already
// ignore. Consumption by a sale or a delivered order lives with those operations.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "core/error.hpp"
#include "core/result.hpp"
#include "services/context.hpp"
#include "services/idempotency.hpp"
#include "services/reservation_store.hpp"

namespace mm::services {

inline constexpr std::int64_t kReservaMaxCantidad = 100'000;
inline constexpr std::int64_t kReservaMinutosMin = 5;
inline constexpr std::int64_t kReservaMinutosMax = 10'080;
inline constexpr std::int64_t kReservaMinutosDefecto = 1'440;

struct NewReservation {
  std::string producto_id;
  std::optional<std::string> ubicacion_id;              // default: the sales location
  std::int64_t cantidad = 0;                            // 1..100 000
  std::optional<std::string> referencia;                // ≤ 120 characters
  std::int64_t expira_en_min = kReservaMinutosDefecto;  // 5..10 080
};

// Step 1 of the template: 400 VALIDATION_ERROR listing every bad field.
core::Status ValidateReservation(const NewReservation& in);

class Reservations {
 public:
  Reservations(Env& env, Idempotency& idempotency) : env_(env), idempotency_(idempotency) {}

  // POST /api/reservas. The key is required (400 IDEMPOTENCY_KEY_REQUIRED) and resolved before
  // any stock read. 201 {reserva, disponible_restante}; 409 INSUFFICIENT_STOCK (one item),
  // PRODUCT_INACTIVE, CONFLICT ubicacion_inactiva; 422 REFERENCE_NOT_FOUND producto_id |
  // ubicacion_id.
  core::Result<IdempotentReply> Create(const std::optional<IdempotencyKey>& key,
                                       const RequestMeta& meta, const NewReservation& in);
  core::Result<boost::json::array> List(const ReservationFilter& filter, std::int64_t* total,
                                        const store::TxOptions& options = {});
  // 404 NOT_FOUND (recurso reserva).
  core::Result<boost::json::object> Get(const std::string& id,
                                        const store::TxOptions& options = {});
  // POST /api/reservas/:id/cancelar (key optional). Only an effectively active reservation that
  // belongs to no order; else 409 INVALID_STATE_TRANSITION {estado_actual, permitidos}. 200
  // reserva.
  core::Result<IdempotentReply> Cancel(const std::optional<IdempotencyKey>& key,
                                       const RequestMeta& meta, const std::string& id,
                                       const std::optional<std::string>& motivo);
  // The reservation_expiry job's sweep: every activa row with expira_en ≤ now becomes vencida
  // (vencida_en = now). No stock lock: expiry only raises availability. Returns how many.
  // `options` lets the job set its own statement timeout.
  std::int64_t ExpireDue(core::Timestamp now, const store::TxOptions& options = {});

 private:
  Env& env_;
  Idempotency& idempotency_;
};

// The reservation as api.md §7.3 shows it: {id, producto_id, ubicacion_id, cantidad, estado,
// referencia, expira_en, creado_en, usuario:{id, nombre}} plus pedido_id, venta_id,
// consumida_en, cancelada_en, cancelada_por:{id, nombre}, motivo_cancelacion and vencida_en when
// set. `estado` is the effective one at `now`: an activa row past expira_en no longer counts
// anywhere, so it reads as vencida before the sweep stamps it.
[[nodiscard]] boost::json::object ReservationJson(const ReservationRow& r, core::Timestamp now);

}  // namespace mm::services
