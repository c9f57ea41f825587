// The stock and lot read models (domain.md §3 "nivel de stock", "stock bajo", "vencimientos";
// api.md §7.1) and the two corrections on them (set stock levels, correct a lot).
//
// Every list is one SQL statement per page, identical on both databases: the effectively active
// reservations (estado 'activa' and not past expira_en) are summed by one grouped subquery
// joined to the stock rows, `disponible` = cantidad − reservado clamped at 0, and `nivel` is the
// rule of core/stock_level.hpp written as a SQL CASE (StockLevelSql) so that filters, counts and
// sorting by level happen in the database. Active products only, as every read model.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "core/result.hpp"
#include "core/stock_level.hpp"
#include "core/store_calendar.hpp"
#include "services/context.hpp"

namespace mm::services {

// One lot as the read models show it.
struct LotView {
  std::string id;
  std::string stock_id;
  std::string producto_id;
  std::string producto_nombre;
  std::string producto_sku;
  std::string ubicacion_id;
  std::string ubicacion_nombre;
  std::string lote;                              // '' = none
  std::optional<std::string> fecha_vencimiento;  // YYYY-MM-DD; null = does not expire
  std::int64_t cantidad = 0;
  core::Timestamp ingresado_en;
  std::optional<int> dias_para_vencer;  // fecha − today (store day); null without expiry
  // The product's offer in force at this location when it covers this lot (names it or names
  // no lot): {id, descuento_bp, precio_oferta_centavos, vence_en}. GET /api/lotes only.
  std::optional<boost::json::object> oferta_activa;
};

// One stock_deposito row with its availability and level.
struct StockView {
  std::string id;
  std::string producto_id;
  std::string producto_nombre;
  std::string producto_sku;
  std::optional<std::string> codigo_barras;
  std::optional<std::string> categoria_id;
  std::optional<std::string> categoria_nombre;
  std::string ubicacion_id;
  std::string ubicacion_nombre;
  std::int64_t cantidad = 0;
  std::int64_t reservado = 0;   // Σ effectively active reservations at this location
  std::int64_t disponible = 0;  // max(0, cantidad − reservado)
  std::int64_t stock_minimo = 0;
  std::optional<std::int64_t> stock_maximo;
  core::StockLevel nivel = core::StockLevel::kAgotado;
  std::optional<std::string> proximo_vencimiento;  // earliest expiry among lots with stock
  std::optional<std::string> proveedor_id;         // the product's main supplier
  std::optional<std::string> proveedor_nombre;
  std::vector<LotView> lotes;  // only when asked for
};

struct StockFilter {
  std::optional<std::string> producto_id;
  std::optional<std::string> ubicacion_id;
  std::optional<std::string> categoria_id;
  std::optional<std::string> q;  // the product search (api.md §1.5), already trimmed
  std::vector<core::StockLevel> niveles;
  bool incluir_lotes = false;
  // Fields of cantidad | nombre | nivel | fecha_vencimiento, each optionally with '-'. Empty:
  // relevance when q is given, else nombre.
  std::vector<std::string> sort;
  int limit = 100;
  int offset = 0;
  bool all = false;  // every matching row (CSV): limit and offset ignored
};

struct StockSummary {
  std::int64_t total = 0;
  std::int64_t agotado = 0;
  std::int64_t muy_bajo = 0;
  std::int64_t bajo = 0;
  std::int64_t normal = 0;
};

struct LowStockFilter {
  std::optional<std::string> ubicacion_id;
  std::optional<std::string> proveedor_id;
  int limit = 100;
  int offset = 0;
};

struct ProductStockView {
  std::string producto_id;
  std::int64_t total = 0;
  std::int64_t reservado = 0;
  std::int64_t disponible = 0;
  std::vector<StockView> ubicaciones;  // each with its lots that hold stock
};

struct LotFilter {
  std::optional<std::string> producto_id;
  std::optional<std::string> ubicacion_id;
  std::optional<int> vence_en_dias;  // expiry ≤ today + n (lots without expiry excluded)
  std::optional<bool> vencidos;      // true: expiry < today; false: no expiry or ≥ today
  bool con_stock = true;             // cantidad > 0
  std::vector<std::string> sort;     // fecha_vencimiento | cantidad, each optionally with '-'
  int limit = 100;
  int offset = 0;
  bool all = false;
};

struct StockLevelsPatch {
  std::optional<std::int64_t> stock_minimo;
  bool set_maximo = false;  // stock_maximo was sent (null clears it)
  std::optional<std::int64_t> stock_maximo;
};

struct LotPatch {
  std::optional<std::string> lote;  // new code ('' = none); nullopt = unchanged
  bool set_fecha = false;           // fecha_vencimiento was sent (null = does not expire)
  std::optional<std::string> fecha_vencimiento;
};

// The `nivel` rule of core::StockLevelOf as a SQL expression over two integer expressions,
// giving the core::StockLevel value (0 agotado … 3 normal). The same text on both databases.
[[nodiscard]] std::string StockLevelSql(const std::string& disponible, const std::string& minimo);

class StockQueries {
 public:
  explicit StockQueries(Env& env);

  // The clock's reading (the CSV file name carries the store day).
  [[nodiscard]] core::Timestamp Now() const { return env_.clock.Now(); }

  // GET /api/stock. `total` is the exact count of matching rows; with `cap` > 0 and more rows
  // than it, no rows are read (the caller answers that the export is too large).
  core::Result<std::vector<StockView>> List(const StockFilter& filter, std::int64_t* total,
                                            const store::TxOptions& options = {},
                                            std::int64_t cap = 0);
  // GET /api/stock/resumen: rows per level.
  core::Result<StockSummary> Summary(const std::optional<std::string>& ubicacion_id,
                                     const store::TxOptions& options = {});
  // GET /api/stock/minimo: monitored rows (stock_minimo > 0) at agotado, muy_bajo or bajo, most
  // urgent first, then by product name.
  core::Result<std::vector<StockView>> BelowMinimum(const LowStockFilter& filter,
                                                    std::int64_t* total,
                                                    const store::TxOptions& options = {});
  // GET /api/stock/producto/:id: 404 for an unknown product (an inactive one is still shown).
  core::Result<ProductStockView> ForProduct(const std::string& producto_id,
                                            const store::TxOptions& options = {});
  // GET /api/lotes.
  core::Result<std::vector<LotView>> Lots(const LotFilter& filter, std::int64_t* total,
                                          const store::TxOptions& options = {},
                                          std::int64_t cap = 0);

  // PATCH /api/stock/:id (domain.md "Set stock levels"): locks the row; 404; a maximum below the
  // minimum (as sent, or as stored when only one is sent) is a 400. Bumps `stock`.
  core::Result<StockView> SetLevels(const RequestMeta& meta, const std::string& stock_id,
                                    const StockLevelsPatch& patch);
  // PATCH /api/lotes/:id: corrects the lot code or expiry, never quantities. Locks the stock row
  // then the lot (L6 → L7); 404; 409 DUPLICATE {campo:"lote"} when another lot of the same row
  // already has that (lote, fecha_vencimiento). Audited (lote_corregido) and bumps `stock` when
  // something changed.
  core::Result<LotView> CorrectLot(const RequestMeta& meta, const std::string& lot_id,
                                   const LotPatch& patch);

 private:
  [[nodiscard]] core::Date Today() const;

  Env& env_;
};

}  // namespace mm::services
