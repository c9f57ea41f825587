// The whole route table of the product, in one place. Used by `serve` (with live services) and
// by `openapi` (without a database: handlers are never called then).
#pragma once

#include <memory>

#include "api/auth_api.hpp"
#include "api/caja_api.hpp"
#include "api/categorias_api.hpp"
#include "api/clientes_api.hpp"
#include "api/config_tienda_api.hpp"
#include "api/cuentas_corrientes_api.hpp"
#include "api/deposito_api.hpp"
#include "api/devoluciones_api.hpp"
#include "api/lotes_api.hpp"
#include "api/ofertas_api.hpp"
#include "api/ordenes_compra_api.hpp"
#include "api/pedidos_api.hpp"
#include "api/precios_api.hpp"
#include "api/pos_api.hpp"
#include "api/probe_api.hpp"
#include "api/productos_api.hpp"
#include "api/proveedores_api.hpp"
#include "api/reservas_api.hpp"
#include "api/route.hpp"
#include "api/search_api.hpp"
#include "api/stock_api.hpp"
#include "api/system_api.hpp"
#include "api/ubicaciones_api.hpp"
#include "api/users_api.hpp"
#include "api/ventas_api.hpp"
#include "api/ventas_consulta_api.hpp"

namespace mm::app {

struct Apis {
  api::SystemApi system;
  api::ProbeApi probe;
  api::AuthApi auth;
  api::UsersApi users;
  api::ProductosApi productos;
  api::CategoriasApi categorias;
  api::ProveedoresApi proveedores;
  api::UbicacionesApi ubicaciones;
  api::StockApi stock;
  api::LotesApi lotes;
  api::OrdenesCompraApi ordenes_compra;
  api::DepositoApi deposito;
  api::ConfigTiendaApi config_tienda;
  api::PreciosApi precios;
  api::CajaApi caja;
  api::DevolucionesApi devoluciones;
  api::OfertasApi ofertas;
  api::PosApi pos;
  api::SearchApi search;
  api::ReservasApi reservas;
  api::VentasApi ventas;
  api::VentasConsultaApi ventas_consulta;
  api::PedidosApi pedidos;
  api::ClientesApi clientes;
  api::CuentasCorrientesApi cuentas_corrientes;
};

// Registers every route. Test-only routes only when `test_routes`.
void RegisterRoutes(api::RouteTable& table, Apis& apis, bool test_routes);

}  // namespace mm::app
