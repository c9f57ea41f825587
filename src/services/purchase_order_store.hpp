// SQL over the purchasing tables (domain.md §1.3): ordenes_compra, ordenes_compra_lineas,
// recepciones and recepcion_lineas. Callers own the transaction and the lock order.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/clock.hpp"
#include "store/tx.hpp"

namespace mm::services {

struct PurchaseOrderRow {
  std::string id;
  std::int64_t numero = 0;
  std::string proveedor_id;
  std::string proveedor_nombre;
  std::string ubicacion_id;
  std::string ubicacion_nombre;
  std::string estado = "pendiente";
  std::optional<std::string> fecha_estimada;  // YYYY-MM-DD
  std::int64_t total_estimado_centavos = 0;
  std::optional<std::string> observaciones;
  std::string creado_por;
  std::string creado_por_nombre;
  std::optional<core::Timestamp> cancelada_en;
  std::optional<std::string> motivo_cancelacion;
  std::int64_t version = 0;
  core::Timestamp creado_en;
  core::Timestamp actualizado_en;
  std::int64_t lineas_count = 0;  // filled by List only
};

struct PurchaseOrderLineRow {
  std::string id;
  std::string orden_id;
  std::string producto_id;
  std::string producto_nombre;
  std::string producto_sku;
  std::string producto_unidad = "u";
  std::int64_t cantidad = 0;
  std::int64_t cantidad_recibida = 0;
  std::optional<std::int64_t> costo_unitario_centavos;
  core::Timestamp creado_en;

  [[nodiscard]] std::int64_t pendiente() const { return cantidad - cantidad_recibida; }
};

struct ReceptionLineRow {
  std::string id;
  std::string recepcion_id;
  std::string linea_id;
  std::string producto_id;
  std::string lote_id;
  std::string lote;                              // '' = none
  std::optional<std::string> fecha_vencimiento;  // of the lot
  std::int64_t cantidad = 0;
  std::optional<std::int64_t> costo_unitario_centavos;
  core::Timestamp creado_en;
};

struct ReceptionRow {
  std::string id;
  std::string orden_id;
  std::string ubicacion_id;
  std::string ubicacion_nombre;
  std::string usuario_id;
  std::string usuario_nombre;
  std::optional<std::string> remito;
  std::optional<std::string> observaciones;
  core::Timestamp creado_en;
  std::vector<ReceptionLineRow> lineas;
};

struct PurchaseOrderFilter {
  std::vector<std::string> estados;
  std::optional<std::string> proveedor_id;
  std::optional<std::string> producto_id;  // orders with a line for it
  std::optional<core::Timestamp> desde;    // creado_en ≥
  std::optional<core::Timestamp> hasta;    // creado_en ≤
  // (field, descending) with field creado_en | fecha_estimada; default -creado_en; id is appended.
  std::vector<std::pair<std::string, bool>> sort;
  int limit = 50;
  int offset = 0;
};

namespace purchase_order_store {

// The next human number: nextval of ordenes_compra_numero_seq on PostgreSQL, MAX(numero) + 1 on
// SQLite (inside the write transaction, whose one writer connection serialises it).
std::int64_t NextNumero(store::Tx& tx);

// `for_update` locks the header (PostgreSQL FOR UPDATE OF the order only; SQLite's writer already
// serialises).
std::optional<PurchaseOrderRow> Find(store::Tx& tx, const std::string& id, bool for_update = false);
// The order's lines in ascending producto_id (the lock order of api.md §8).
std::vector<PurchaseOrderLineRow> Lines(store::Tx& tx, const std::string& orden_id,
                                        bool for_update = false);
std::vector<ReceptionRow> Receptions(store::Tx& tx, const std::string& orden_id);
std::vector<PurchaseOrderRow> List(store::Tx& tx, const PurchaseOrderFilter& f,
                                   std::int64_t* total);

void Insert(store::Tx& tx, const PurchaseOrderRow& o);
void InsertLine(store::Tx& tx, const PurchaseOrderLineRow& l);
// Writes fecha_estimada and observaciones; version + 1. False when `version` is stale.
bool UpdateHeader(store::Tx& tx, const PurchaseOrderRow& o, core::Timestamp now);
// estado, cancelada_en, motivo_cancelacion; version + 1.
void SetState(store::Tx& tx, const PurchaseOrderRow& o, core::Timestamp now);
void AddReceived(store::Tx& tx, const std::string& linea_id, std::int64_t cantidad,
                 core::Timestamp now);

void InsertReception(store::Tx& tx, const ReceptionRow& r);
void InsertReceptionLine(store::Tx& tx, const ReceptionLineRow& l);

}  // namespace purchase_order_store
}  // namespace mm::services
