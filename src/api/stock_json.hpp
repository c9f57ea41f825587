// JSON shapes of the stock read models (api.md §7.1), shared by /api/stock and /api/lotes.
#pragma once

#include <boost/json/object.hpp>

#include "services/stock_queries.hpp"

namespace mm::api {

// {id, lote (null when none), fecha_vencimiento, cantidad, dias_para_vencer, ingresado_en};
// `context` adds stock_id, producto {id, nombre, sku} and ubicacion {id, nombre}.
[[nodiscard]] boost::json::object LotJson(const services::LotView& l, bool context);
// {id, producto {id, nombre, sku, codigo_barras, categoria}, ubicacion {id, nombre}, cantidad,
// reservado, disponible, stock_minimo, stock_maximo, nivel, proximo_vencimiento} and `lotes`
// when `with_lots`.
[[nodiscard]] boost::json::object StockJson(const services::StockView& s, bool with_lots);
// StockJson plus deficit, porcentaje (disponible × 100 / minimo) and proveedor_principal.
[[nodiscard]] boost::json::object LowStockJson(const services::StockView& s);

// JSON Schemas for the OpenAPI document.
[[nodiscard]] boost::json::object LotSchema(bool context);
[[nodiscard]] boost::json::object StockSchema();

}  // namespace mm::api
