// The stock engine every stock change goes through (domain.md §1.2, §2.1; I1–I5): locks in the
// global order of domain.md §0 (L5 productos → L6 stock_deposito → L7 stock_lotes → L8
// stock_reservado), FEFO allocation across lots, and the kardex row with before/after and the
// per-row sequence. Operations (movements, receipts, sales, orders) compose these steps inside
// their own write transaction; nothing here commits.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/random.hpp"
#include "core/store_calendar.hpp"
#include "store/tx.hpp"

namespace mm::services::stock {

// The sales location written on first start (decision 30).
inline constexpr std::string_view kPrincipalId = "00000000-0000-4000-8000-000000000001";

enum class Lock { kNone, kShare, kUpdate };

struct ProductInfo {
  std::string id;
  std::string nombre;
  std::string sku;
  std::string unidad;
  bool activo = true;
  bool controla_vencimiento = false;
  std::int64_t precio_venta_centavos = 0;
  std::optional<std::int64_t> costo_centavos;
  std::optional<std::string> proveedor_principal_id;
};

struct LocationInfo {
  std::string id;
  std::string nombre;
  bool es_venta = false;
  bool activo = true;
};

struct StockRow {
  std::string id;
  std::string producto_id;
  std::string ubicacion_id;
  std::int64_t cantidad = 0;
  std::int64_t stock_minimo = 0;
  std::optional<std::int64_t> stock_maximo;
  std::int64_t secuencia = 0;
};

struct Lot {
  std::string id;
  std::string stock_id;
  std::string lote;                              // '' = none
  std::optional<std::string> fecha_vencimiento;  // YYYY-MM-DD; null = does not expire
  std::int64_t cantidad = 0;
  core::Timestamp ingresado_en;
};

// One lot's share of a movement (negative out, positive in).
struct LotDelta {
  std::string lote_id;
  std::int64_t delta = 0;
};

struct MovementSpec {
  std::string tipo;  // entrada, recepcion, salida, ajuste, transferencia, venta, pedido, …
  std::optional<std::string> motivo;
  std::optional<std::string> observaciones;
  std::optional<std::string> proveedor_id;
  std::optional<std::string> orden_compra_id;
  std::optional<std::string> recepcion_id;
  std::optional<std::string> transferencia_id;
  std::optional<std::string> venta_id;        // venta, anulacion and devolucion movements
  std::optional<std::string> venta_item_id;   // the sale line the units belong to
  std::optional<std::string> devolucion_id;   // anulacion and devolucion movements
  std::optional<std::string> pedido_id;       // pedido movements (an order's delivery)
  std::optional<std::string> pedido_item_id;  // the order line the units belong to
  std::optional<std::string> usuario_id;      // null = system job
  std::vector<LotDelta> lots;                 // Σ delta = the movement's delta (≠ 0)
};

struct MovementRecord {
  std::string id;
  std::string producto_id;
  std::string ubicacion_id;
  std::string tipo;
  std::int64_t delta = 0;
  std::int64_t anterior = 0;
  std::int64_t nueva = 0;
  std::int64_t secuencia = 0;
  core::Timestamp creado_en;
  std::vector<LotDelta> lots;
};

// One product short of stock: the item of 409 INSUFFICIENT_STOCK's details.items[].
struct Shortage {
  std::string producto_id;
  std::string nombre;
  std::int64_t disponible = 0;
  std::int64_t solicitado = 0;
};

// 409 INSUFFICIENT_STOCK {items: [{producto_id, disponible, solicitado}]} listing every short
// product (api.md §2).
core::Error InsufficientStock(const std::vector<Shortage>& items);

// L5. nullopt when the product does not exist.
std::optional<ProductInfo> LockProduct(store::Tx& tx, std::string_view id, Lock mode);
std::optional<LocationInfo> FindLocation(store::Tx& tx, std::string_view id);
// The location the POS sells from (exactly one; the Principal seed guarantees it).
std::string SalesLocationId(store::Tx& tx);

// L6. Creates the row race-free (INSERT … ON CONFLICT DO NOTHING) when missing, then locks it.
StockRow LockStockRow(store::Tx& tx, core::Random& random, std::string_view producto_id,
                      std::string_view ubicacion_id, core::Timestamp now);
// A read without lock or creation; nullopt when the row does not exist.
std::optional<StockRow> FindStockRow(store::Tx& tx, std::string_view producto_id,
                                     std::string_view ubicacion_id);

// L7. The row's lots, locked, in FEFO order for the store day `today`: unexpired lots by
// (fecha_vencimiento ASC NULLS LAST, ingresado_en, id), then expired lots in the same order.
std::vector<Lot> LockLots(store::Tx& tx, const StockRow& row, core::Date today);
// Sorts lots into that FEFO order (for lots read without a lock, e.g. by a quote).
void SortFefo(std::vector<Lot>& lots, core::Date today);
// True when the lot's expiry date is before `today` (domain.md §0 "vencido").
bool IsExpired(const Lot& lot, core::Date today);

// The SQL condition "effectively active" (domain.md §1.2) on stock_reservado aliased `alias`
// ("" for none), with `now_param` the placeholder bound to the operation's now (e.g. "$3"): the one
// definition every availability query uses.
std::string EffectivelyActive(std::string_view alias, std::string_view now_param);

// Σ cantidad of effectively active reservations (estado activa and not past expira_en) at the
// location. In PostgreSQL call it after the stock row lock so it sees every earlier holder.
std::int64_t Reserved(store::Tx& tx, std::string_view producto_id, std::string_view ubicacion_id,
                      core::Timestamp now);

// The lot (lote, fecha_vencimiento) of the row, created with cantidad 0 when missing; `lots` is
// the locked list, extended when a lot is created. `ingresado_en` is used only on creation.
std::string EnsureLot(store::Tx& tx, core::Random& random, const StockRow& row,
                      std::vector<Lot>& lots, std::string_view lote,
                      const std::optional<std::string>& fecha_vencimiento,
                      core::Timestamp ingresado_en, core::Timestamp now);

// Splits an outflow of `cantidad` over `fefo` (already in FEFO order) or only over `lote_id`.
// Returns negative deltas, or nullopt when the lots hold less than `cantidad` (or the lot is not
// one of the row's).
std::optional<std::vector<LotDelta>> PlanOutflow(const std::vector<Lot>& fefo,
                                                 std::int64_t cantidad,
                                                 const std::optional<std::string>& lote_id);

// Writes the movement: lot quantities, the stock row (cantidad, secuencia + 1,
// ultimo_movimiento_en), the kardex row and its movimiento_lotes. `row` and `lots` are updated in
// place. Throws std::logic_error when the deltas would take a lot or the row below zero (callers
// check availability first; the CHECK constraints are the last line).
MovementRecord ApplyMovement(store::Tx& tx, core::Random& random, StockRow& row,
                             std::vector<Lot>& lots, const MovementSpec& spec, core::Timestamp now);

}  // namespace mm::services::stock
