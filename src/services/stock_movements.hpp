// Register movement and Transfer (domain.md §2.1, api.md §7.2): entrada, salida, ajuste (a
// count, which may release the newest reservations that no longer fit) and transferencia, each
// one transaction under the idempotency layer, built on the stock engine (stock_ledger.hpp) in
// the lock order of domain.md §0. Every effect writes its kardex rows, audit rows, the `stock`
// cache bump and, for released reservations, one outbox event each.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "core/result.hpp"
#include "core/store_calendar.hpp"
#include "services/context.hpp"
#include "services/idempotency.hpp"
#include "services/outbox.hpp"
#include "services/stock_ledger.hpp"
#include "store/tx.hpp"

namespace mm::services {

struct MovementInput {
  std::string tipo;  // entrada | salida | ajuste | transferencia
  std::string producto_id;
  std::optional<std::string> ubicacion_id;          // default: the sales location
  std::optional<std::string> ubicacion_destino_id;  // transferencia only
  // entrada, salida, transferencia: 1..1 000 000; ajuste: the counted quantity, 0..1 000 000
  std::int64_t cantidad = 0;
  std::optional<std::string> motivo;  // 3..200; required for salida and ajuste
  std::optional<std::string> observaciones;
  // entrada only
  std::optional<std::string> lote;               // ≤ 40; none = ''
  std::optional<std::string> fecha_vencimiento;  // YYYY-MM-DD
  std::optional<std::string> proveedor_id;
  std::optional<std::int64_t> costo_unitario_centavos;  // 1..10^10
  // salida, ajuste, transferencia
  std::optional<std::string> lote_id;
};

// Syntactic and cross-field rules that need no database (step 1 of the template): 400
// VALIDATION_ERROR listing every bad field. `today` is the store day (expiry ≥ today − 1 year).
core::Status ValidateMovement(const MovementInput& in, core::Date today);

struct StockMovementOptions {
  std::int64_t movimiento_grande_umbral = 100;  // |delta| ≥ this → audit movimiento_grande
};

// An effectively active reservation, as a count sees it (and releases it).
struct ReservationHold {
  std::string id;
  std::int64_t cantidad = 0;
  std::optional<std::string> referencia;
  std::optional<std::string> pedido_id;
  core::Timestamp creado_en;
};

// The stock of one row after the operation.
struct StockAfter {
  std::string ubicacion_id;
  std::int64_t cantidad = 0;
  std::int64_t reservado = 0;
};

// What one operation did, before it is shaped into an answer.
struct MovementResult {
  bool sin_cambios = false;
  std::vector<std::string> movement_ids;  // in order: origin first for a transfer
  std::vector<StockAfter> stock;
  std::vector<ReservationHold> released;
  std::optional<stock::Lot> lote;  // the lot an entrada went into
  bool lote_default = true;        // that lot is the default one ('' without expiry)
  bool costo_registrado = false;
};

class StockMovements {
 public:
  StockMovements(Env& env, Idempotency& idempotency, Outbox& outbox,
                 StockMovementOptions options = {});

  // POST /api/deposito/movimiento. 201 {movimientos[], stock[], reservas_liberadas[]}, or 200
  // {sin_cambios:true, stock[]} for a count equal to the current quantity.
  core::Result<IdempotentReply> Register(const std::optional<IdempotencyKey>& key,
                                         const RequestMeta& meta, const MovementInput& in);
  // POST /api/deposito/ingreso: an entrada answered as 201 {movimiento, lote?, costo_registrado}.
  core::Result<IdempotentReply> Ingreso(const std::optional<IdempotencyKey>& key,
                                        const RequestMeta& meta, const MovementInput& in);

  // The effect alone inside the caller's write transaction (validation included).
  core::Result<MovementResult> Apply(store::Tx& tx, const RequestMeta& meta,
                                     const MovementInput& in);

 private:
  struct Refs;  // the product and locations, checked

  // Apply without the `stock` cache bump. The bump updates one row that every stock write
  // shares, so it is taken last, right before the key row is stored and the commit: the shorter
  // that row stays locked, the more movements per second (bench/README.md).
  core::Result<MovementResult> Perform(store::Tx& tx, const RequestMeta& meta,
                                       const MovementInput& in);
  void Changed(store::Tx& tx, const MovementResult& r);

  core::Result<Refs> CheckRefs(store::Tx& tx, const MovementInput& in, bool lock_for_cost);
  core::Result<MovementResult> Entrada(store::Tx& tx, const RequestMeta& meta,
                                       const MovementInput& in, const Refs& refs);
  core::Result<MovementResult> Salida(store::Tx& tx, const RequestMeta& meta,
                                      const MovementInput& in, const Refs& refs);
  core::Result<MovementResult> Ajuste(store::Tx& tx, const RequestMeta& meta,
                                      const MovementInput& in, const Refs& refs);
  core::Result<MovementResult> Transfer(store::Tx& tx, const RequestMeta& meta,
                                        const MovementInput& in, const Refs& refs);
  // Keeps `active` (oldest first) while their running sum fits in `nueva`; cancels the first
  // that does not fit and every later one, each audited and announced. Returns those released.
  std::vector<ReservationHold> ReleaseReservations(store::Tx& tx, const RequestMeta& meta,
                                                   const Refs& refs,
                                                   const std::vector<ReservationHold>& active,
                                                   std::int64_t nueva,
                                                   const std::string& movimiento_id);
  void AuditLarge(store::Tx& tx, const RequestMeta& meta, const Refs& refs,
                  const stock::MovementRecord& m);

  Env& env_;
  Idempotency& idempotency_;
  Outbox& outbox_;
  StockMovementOptions options_;
};

// {ubicacion_id, cantidad, reservado, disponible}
boost::json::object StockAfterJson(const StockAfter& s);
// {id, cantidad, referencia, pedido_id?}
boost::json::object ReleasedJson(const ReservationHold& r);

}  // namespace mm::services
