// Repository functions for sales (domain.md §1.4): the rows a sale reads to price itself (lots
// without a lock for the quote, offers now and at an instant, the price history), the rows it
// writes (ventas, venta_items, venta_pagos), and the reads a void or return starts from (the sale
// with its items and payments, optionally locked, and the lots each item took).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/store_calendar.hpp"
#include "services/sale_pricing.hpp"
#include "services/stock_ledger.hpp"
#include "store/tx.hpp"

namespace mm::services::sale_store {

// --- Pricing reads ---

// The row's lots without a lock, in FEFO order for `today` (the quote's view of LockLots).
std::vector<stock::Lot> ReadLots(store::Tx& tx, const stock::StockRow& row, core::Date today);

struct OfferRow {
  std::string id;
  std::optional<std::string> lote_id;
  std::int64_t precio_oferta_centavos = 0;
};

// The active offer of the product at the location: activa and vence_en > now. No lock (offers are
// L4; the sale holds L5+ already, and a deactivation racing the sale is harmless).
std::optional<OfferRow> ActiveOffer(store::Tx& tx, std::string_view producto_id,
                                    std::string_view ubicacion_id, core::Timestamp now);
// The offer in force at instant t (creado_en ≤ t < min(vence_en, desactivada_en)); the latest
// created when several were.
std::optional<OfferRow> OfferAt(store::Tx& tx, std::string_view producto_id,
                                std::string_view ubicacion_id, core::Timestamp t);
// The units the lot held at instant t: `current` minus the lot deltas of movements after t.
std::int64_t LotUnitsAt(store::Tx& tx, std::string_view lote_id, std::int64_t current,
                        core::Timestamp t);
// The sale price in force at t (sale_pricing::PriceAt over precios_historicos).
std::int64_t PriceAt(store::Tx& tx, std::string_view producto_id, std::int64_t current,
                     core::Timestamp t);

// --- Writes ---

struct NewVenta {
  std::string id;
  std::int64_t numero = 0;
  std::string sesion_caja_id;
  std::string ubicacion_id;
  std::string usuario_id;
  std::optional<std::string> cliente_id;
  std::int64_t total_centavos = 0;
  bool riesgo_confirmado = false;
  std::optional<core::Timestamp> creado_offline_en;
  std::optional<core::Timestamp> catalogo_generado_en;
  std::optional<std::string> observaciones;
};
void InsertVenta(store::Tx& tx, const NewVenta& v, core::Timestamp now);

struct NewVentaItem {
  std::string id;
  std::string venta_id;
  std::string producto_id;
  std::string producto_nombre;
  std::string producto_sku;
  std::string unidad;
  std::int64_t cantidad = 0;
  std::int64_t precio_lista_centavos = 0;
  std::int64_t precio_unitario_centavos = 0;
  std::optional<std::string> oferta_id;
  std::optional<std::string> reserva_id;
  std::int64_t subtotal_centavos = 0;
  std::optional<std::int64_t> costo_unitario_centavos;
};
void InsertItem(store::Tx& tx, const NewVentaItem& it, core::Timestamp now);

struct NewVentaPago {
  std::string id;
  std::string venta_id;
  std::string metodo;
  std::int64_t monto_centavos = 0;
  std::optional<std::int64_t> recibido_centavos;  // efectivo only
  std::int64_t vuelto_centavos = 0;
  std::optional<std::string> referencia;
};
void InsertPago(store::Tx& tx, const NewVentaPago& p, core::Timestamp now);

// --- Reads of a recorded sale (voids, returns, the reader) ---

struct VentaRow {
  std::string id;
  std::int64_t numero = 0;
  std::string sesion_caja_id;
  std::string ubicacion_id;
  std::string usuario_id;
  std::string usuario_nombre;
  std::optional<std::string> cliente_id;
  std::optional<std::string> cliente_nombre;
  std::optional<std::int64_t> cliente_saldo_centavos;  // the customer's balance now
  std::string estado;                                  // completada | anulada
  std::int64_t total_centavos = 0;
  std::int64_t devuelto_centavos = 0;
  bool riesgo_confirmado = false;
  std::optional<core::Timestamp> creado_offline_en;
  std::optional<core::Timestamp> catalogo_generado_en;
  std::optional<std::string> observaciones;
  core::Timestamp creado_en;
};

struct VentaItemRow {
  std::string id;
  std::string producto_id;
  std::string producto_nombre;
  std::string producto_sku;
  std::string unidad;
  std::int64_t cantidad = 0;
  std::int64_t precio_lista_centavos = 0;
  std::int64_t precio_unitario_centavos = 0;
  std::optional<std::string> oferta_id;
  std::optional<std::string> reserva_id;
  std::int64_t subtotal_centavos = 0;
  std::optional<std::int64_t> costo_unitario_centavos;
  std::int64_t cantidad_devuelta = 0;
  std::int64_t monto_devuelto_centavos = 0;
};

struct VentaPagoRow {
  std::string id;
  std::string metodo;
  std::int64_t monto_centavos = 0;
  std::optional<std::int64_t> recibido_centavos;
  std::int64_t vuelto_centavos = 0;
  std::optional<std::string> referencia;
  std::int64_t monto_reintegrado_centavos = 0;
};

struct Venta {
  VentaRow venta;
  std::vector<VentaItemRow> items;  // ascending id
  std::vector<VentaPagoRow> pagos;  // in the order efectivo, debito, credito, transferencia, qr,
                                    // cuenta_corriente
};

// The sale with its items and payments; nullopt when it does not exist. `lock`: FOR UPDATE on the
// venta row and its items (L4; PostgreSQL only), for a void or a return.
std::optional<Venta> FindVenta(store::Tx& tx, std::string_view id, bool lock = false);

// The lots each item of the sale took, per venta_item_id: positive quantities, from the item's
// `venta` movements (movimiento_lotes), in the order they were taken. A void or return puts the
// units back into these lots.
std::map<std::string, std::vector<stock::LotDelta>> ItemLots(store::Tx& tx,
                                                             std::string_view venta_id);

struct DevolucionItemRow {
  std::string venta_item_id;
  std::int64_t cantidad = 0;
  std::int64_t monto_centavos = 0;
};
struct ReintegroRow {
  std::string metodo;
  std::int64_t monto_centavos = 0;
};
struct DevolucionRow {
  std::string id;
  std::int64_t numero = 0;
  std::string tipo;  // anulacion | devolucion
  bool reingresa_stock = true;
  std::optional<std::string> sesion_caja_id;
  std::string usuario_id;
  std::string usuario_nombre;
  std::string motivo;
  std::int64_t total_centavos = 0;
  core::Timestamp creado_en;
  std::vector<DevolucionItemRow> items;
  std::vector<ReintegroRow> reintegros;
};

// The voids and returns of the sale, oldest first, with their items and reintegros.
std::vector<DevolucionRow> Devoluciones(store::Tx& tx, std::string_view venta_id);

}  // namespace mm::services::sale_store
