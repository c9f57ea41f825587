// The sale as the API shows it (api.md §9.1 "Venta"): header, items, payments, and the voids and
// returns other operations recorded against it (`devoluciones[]`, `anulacion?`). Used by the
// answer of POST /api/ventas, GET /api/ventas/:id, and by the void and return operations.
#pragma once

#include <optional>
#include <string_view>

#include <boost/json/object.hpp>

#include "services/sale_store.hpp"
#include "store/tx.hpp"

namespace mm::services {

// {id, numero, creado_en, estado, creado_offline_en?, catalogo_generado_en?,
// cliente:{id, nombre, saldo_centavos (the balance now)} or null,
// usuario:{id,nombre}, sesion_caja_id, ubicacion_id, items[], pagos[], total_centavos,
// efectivo_recibido_centavos?, vuelto_centavos?, devuelto_centavos, riesgo_confirmado,
// observaciones, devoluciones[], anulacion}
boost::json::object VentaJson(const sale_store::Venta& v,
                              const std::vector<sale_store::DevolucionRow>& devoluciones);
// {id, numero, tipo, creado_en, motivo, total_centavos, reingresa_stock, sesion_caja_id,
// usuario:{id,nombre}, items:[{venta_item_id, cantidad, monto_centavos}],
// reintegros:[{metodo, monto_centavos}]}
boost::json::object DevolucionJson(const sale_store::DevolucionRow& d);

// Reads the sale and its voids/returns in `tx`; nullopt when it does not exist.
std::optional<boost::json::object> ReadVentaJson(store::Tx& tx, std::string_view venta_id);

}  // namespace mm::services
