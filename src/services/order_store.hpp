// Repository functions for customer orders (domain.md §1.5 pedidos, pedido_items, pedido_pagos):
// the rows an order operation reads and writes, the search text with its FTS row, and the list
// query. Callers own the transaction and the lock order (pedidos is L4 of domain.md §0).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "store/tx.hpp"

namespace mm::services {

struct OrderRow {
  std::string id;
  std::int64_t numero = 0;
  std::optional<std::string> cliente_id;
  std::string cliente_nombre;
  std::optional<std::string> cliente_telefono;
  std::string tipo_entrega = "retiro";  // retiro | domicilio
  std::optional<std::string> direccion_entrega;
  std::optional<std::string> edificio;
  std::optional<std::string> piso;
  std::optional<std::string> departamento;
  std::optional<std::string> horario_entrega_preferido;
  std::string ubicacion_id;
  std::string estado = "pendiente";  // pendiente | preparando | listo | entregado | cancelado
  std::string estado_pago = "pendiente";
  std::int64_t total_centavos = 0;
  std::int64_t pagado_centavos = 0;
  std::optional<std::string> fecha_entrega_estimada;  // YYYY-MM-DD
  std::optional<std::string> observaciones;
  std::optional<std::string> observaciones_internas;
  std::string creado_por;
  std::optional<std::string> preparado_por;
  std::optional<std::string> entregado_por;
  std::optional<std::string> cancelado_por;
  std::optional<core::Timestamp> preparando_en;
  std::optional<core::Timestamp> listo_en;
  std::optional<core::Timestamp> entregado_en;
  std::optional<core::Timestamp> cancelado_en;
  std::optional<std::string> motivo_cancelacion;
  std::int64_t version = 0;
  core::Timestamp creado_en;
  core::Timestamp actualizado_en;
};

struct OrderItemRow {
  std::string id;
  std::string pedido_id;
  std::optional<std::string> producto_id;  // null = free-text line (no stock effect)
  std::string descripcion;
  std::optional<std::string> producto_sku;
  std::optional<std::string> unidad;  // set iff producto_id
  std::int64_t cantidad = 0;
  std::int64_t precio_unitario_centavos = 0;
  std::int64_t subtotal_centavos = 0;
  bool preparado = false;
  std::optional<core::Timestamp> preparado_en;
  std::optional<std::string> preparado_por;
  std::optional<std::string> observaciones;
  core::Timestamp creado_en;
  core::Timestamp actualizado_en;
};

struct OrderPaymentRow {
  std::string id;
  std::string pedido_id;
  std::string tipo = "pago";  // pago | reembolso
  std::string metodo;
  std::int64_t monto_centavos = 0;
  std::optional<std::string> sesion_caja_id;    // efectivo
  std::optional<std::string> cc_movimiento_id;  // cuenta_corriente
  std::string usuario_id;
  std::optional<std::string> referencia;
  core::Timestamp creado_en;
};

// What an order snapshots from its customer.
struct CustomerSnapshot {
  std::string nombre;
  std::optional<std::string> telefono;
  std::optional<std::string> direccion_default;
  std::optional<std::string> edificio;
  std::optional<std::string> piso;
  std::optional<std::string> departamento;
};

struct OrderFilter {
  std::vector<std::string> estados;
  std::vector<std::string> estados_pago;
  std::optional<std::string> cliente_id;
  std::optional<std::string> tipo_entrega;
  std::optional<std::string> q;  // raw; a numeric q also matches numero exactly
  std::optional<core::Timestamp> desde;
  std::optional<core::Timestamp> hasta;
  std::string sort = "-creado_en";  // -creado_en | fecha_entrega_estimada (id breaks ties)
  int limit = 50;
  int offset = 0;
};

struct OrderListRow {
  OrderRow order;
  std::int64_t items_count = 0;
  std::int64_t items_preparados = 0;
};

// estado_pago derived from the amounts (the table's CHECK): pagado when pagado = total, parcial
// when 0 < pagado < total, else pendiente.
[[nodiscard]] std::string DerivedPaymentState(std::int64_t total, std::int64_t pagado);

namespace order_store {

// `for_update` locks the row (PostgreSQL FOR UPDATE; SQLite's one writer already serialises).
std::optional<OrderRow> Find(store::Tx& tx, const std::string& id, bool for_update = false);
// Inserts the row (busqueda_normalizado from cliente_nombre and cliente_telefono) and, on
// SQLite, its pedidos_fts row.
void Insert(store::Tx& tx, const OrderRow& o);
// Writes every mutable column of `o` with version + 1, where the stored version is o.version.
// False when the row changed under the caller (never under its lock).
bool Update(store::Tx& tx, const OrderRow& o, core::Timestamp now);

// The order's lines: catalogue lines first, then free-text ones, each by descripcion.
std::vector<OrderItemRow> Items(store::Tx& tx, const std::string& pedido_id);
std::optional<OrderItemRow> FindItem(store::Tx& tx, const std::string& id);
void InsertItem(store::Tx& tx, const OrderItemRow& i);
// preparado with its stamps (cleared when false).
void SetItemPrepared(store::Tx& tx, const std::string& id, bool preparado,
                     const std::string& usuario_id, core::Timestamp now);

std::vector<OrderPaymentRow> Payments(store::Tx& tx, const std::string& pedido_id);
void InsertPayment(store::Tx& tx, const OrderPaymentRow& p);

// The ids of the order's reservations (every state), oldest first.
std::vector<std::string> ReservationIds(store::Tx& tx, const std::string& pedido_id);
// The ids of its reservations still activa (FOR UPDATE is the caller's, via LockReservations).
std::vector<std::string> ActiveReservationIds(store::Tx& tx, const std::string& pedido_id);

// The customer's name, phone and default address; nullopt when the id names no customer.
std::optional<CustomerSnapshot> FindCustomerSnapshot(store::Tx& tx, const std::string& id);

std::vector<OrderListRow> List(store::Tx& tx, const OrderFilter& f, std::int64_t* total);

}  // namespace order_store
}  // namespace mm::services
