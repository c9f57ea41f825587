#include "app/routes.hpp"

namespace mm::app {

void RegisterRoutes(api::RouteTable& table, Apis& apis, bool test_routes) {
  apis.system.Register(table);
  apis.auth.Register(table);
  apis.users.Register(table);
  apis.productos.Register(table);
  apis.categorias.Register(table);
  apis.proveedores.Register(table);
  apis.ubicaciones.Register(table);
  apis.stock.Register(table);
  apis.lotes.Register(table);
  apis.ordenes_compra.Register(table);
  apis.deposito.Register(table);
  apis.config_tienda.Register(table);
  apis.precios.Register(table);
  apis.caja.Register(table);
  apis.devoluciones.Register(table);
  apis.ofertas.Register(table);
  apis.pos.Register(table);
  apis.search.Register(table);
  apis.reservas.Register(table);
  apis.ventas.Register(table);
  apis.ventas_consulta.Register(table);
  apis.pedidos.Register(table);
  apis.clientes.Register(table);
  apis.cuentas_corrientes.Register(table);
  if (test_routes) apis.probe.Register(table);
}

}  // namespace mm::app
