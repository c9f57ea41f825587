// Customer orders (pedidos; domain.md §1.5, §2.4 "Create order", "Change order state"; api.md
// §10.2; I24–I25): an order for pickup or delivery, priced from the database, that holds its
// catalogue lines' stock with reservations of its own until delivery takes the stock (kardex
// `pedido`) or a cancellation releases them. Payments live in order_payments.hpp.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "core/result.hpp"
#include "services/catalog_common.hpp"
#include "services/context.hpp"
#include "services/idempotency.hpp"
#include "services/order_store.hpp"

namespace mm::services {

inline constexpr std::size_t kPedidoMaxItems = 100;
inline constexpr std::int64_t kPedidoMaxCantidad = 10'000;
inline constexpr std::int64_t kPedidoMaxPrecio = 10'000'000'000;  // 10^10 per unit

struct NewOrderItem {
  std::optional<std::string> producto_id;  // catalogue line; else a free-text line
  std::optional<std::string> descripcion;  // 1–120; required for free-text lines
  std::int64_t cantidad = 0;               // 1–10 000
  // Required for free-text lines, refused on catalogue lines (their price is the database's).
  std::optional<std::int64_t> precio_unitario_centavos;
  std::optional<std::string> observaciones;  // ≤ 200
};

struct NewOrder {
  std::optional<std::string> cliente_id;      // prefills the snapshot
  std::optional<std::string> cliente_nombre;  // 1–120; required without cliente_id
  std::optional<std::string> cliente_telefono;
  std::string tipo_entrega = "retiro";           // retiro | domicilio
  std::optional<std::string> direccion_entrega;  // 3–200; required for domicilio
  std::optional<std::string> edificio;
  std::optional<std::string> piso;
  std::optional<std::string> departamento;
  std::optional<std::string> horario_entrega_preferido;
  std::optional<std::string> fecha_entrega_estimada;  // YYYY-MM-DD
  std::optional<std::string> observaciones;
  std::optional<std::string> observaciones_internas;
  bool reservar_stock = true;
  std::vector<NewOrderItem> items;  // 1–100
};

// PATCH /api/pedidos/:id: absent fields stay; Nullable null clears.
struct OrderPatch {
  std::optional<std::string> tipo_entrega;
  Nullable<std::string> direccion_entrega;
  Nullable<std::string> edificio;
  Nullable<std::string> piso;
  Nullable<std::string> departamento;
  Nullable<std::string> horario_entrega_preferido;
  Nullable<std::string> fecha_entrega_estimada;
  Nullable<std::string> observaciones;
  Nullable<std::string> observaciones_internas;
  std::optional<std::int64_t> version;

  [[nodiscard]] bool Empty() const {
    return !tipo_entrega && !direccion_entrega && !edificio && !piso && !departamento &&
           !horario_entrega_preferido && !fecha_entrega_estimada && !observaciones &&
           !observaciones_internas;
  }
};

struct OrderStateChange {
  std::string estado;  // preparando | listo | entregado | cancelado (others are refused)
  std::optional<std::int64_t> version;
  std::optional<std::string> motivo;  // 3–200, required for cancelado
};

// Step 1 of the template: 400 VALIDATION_ERROR listing every bad field.
core::Status ValidateOrder(const NewOrder& in);
core::Status ValidateOrderPatch(const OrderPatch& in);
core::Status ValidateStateChange(const OrderStateChange& in);

class Orders {
 public:
  Orders(Env& env, Idempotency& idempotency) : env_(env), idempotency_(idempotency) {}

  // POST /api/pedidos (key required). 201 pedido. 400 (a price on a catalogue line, domicilio
  // without address), 409 INSUFFICIENT_STOCK (when reserving; every short product),
  // PRODUCT_INACTIVE, PRODUCT_WITHOUT_PRICE, CUSTOMER_INACTIVE, 422 REFERENCE_NOT_FOUND
  // (cliente_id, items[i].producto_id).
  core::Result<IdempotentReply> Create(const std::optional<IdempotencyKey>& key,
                                       const RequestMeta& meta, const NewOrder& in);
  // PATCH /api/pedidos/:id: only pendiente or preparando. 200 pedido; 404, 409
  // INVALID_STATE_TRANSITION, VERSION_CONFLICT.
  core::Result<boost::json::object> Update(const RequestMeta& meta, const std::string& id,
                                           const OrderPatch& in);
  // PUT /api/pedidos/:id/estado (key optional). 200 pedido; 404, 409 VERSION_CONFLICT,
  // INVALID_STATE_TRANSITION {estado_actual, permitidos} (or {items_sin_preparar} for listo, or
  // motivo tiene_pagos for cancelado), INSUFFICIENT_STOCK (entregado).
  core::Result<IdempotentReply> ChangeState(const std::optional<IdempotencyKey>& key,
                                            const RequestMeta& meta, const std::string& id,
                                            const OrderStateChange& in);
  // PUT /api/pedidos/items/:id. 200 {id, preparado, preparado_por, preparado_en}; 404, 409
  // INVALID_STATE_TRANSITION (order not pendiente/preparando).
  core::Result<boost::json::object> SetItemPrepared(const RequestMeta& meta,
                                                    const std::string& item_id, bool preparado);

  core::Result<boost::json::array> List(const OrderFilter& filter, std::int64_t* total,
                                        const store::TxOptions& options = {});
  // 404 NOT_FOUND (recurso pedido).
  core::Result<boost::json::object> Get(const std::string& id,
                                        const store::TxOptions& options = {});

 private:
  Env& env_;
  Idempotency& idempotency_;
};

}  // namespace mm::services
