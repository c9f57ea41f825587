// The kardex read model (api.md §7.2): movimientos_deposito rows with their product, location,
// lots, origin, supplier and user, filtered and paged. Used by GET /api/kardex (and its alias)
// and by the movement routes, which answer with the rows they wrote.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "services/context.hpp"
#include "store/database.hpp"
#include "store/tx.hpp"

namespace mm::services {

struct KardexFilter {
  std::optional<std::string> producto_id;
  std::optional<std::string> ubicacion_id;
  std::vector<std::string> tipos;  // empty = every tipo
  std::optional<std::string> usuario_id;
  std::optional<std::string> lote_id;     // movements that touched this lot
  std::optional<std::string> referencia;  // an orden de compra, recepción or transferencia id
  std::optional<core::Timestamp> desde;   // creado_en ≥
  std::optional<core::Timestamp> hasta;   // creado_en ≤
  std::vector<std::string> ids;           // only these movements (empty = no restriction)
  bool ascending = false;                 // sort creado_en (default -creado_en); then id
  int limit = 50;                         // ≤ 0 = every row (CSV)
  int offset = 0;
};

struct KardexLot {
  std::string id;
  std::string lote;
  std::optional<std::string> fecha_vencimiento;
  std::int64_t cantidad = 0;  // this movement's delta on the lot
};

struct KardexRow {
  std::string id;
  core::Timestamp creado_en;
  std::string tipo;
  std::string producto_id, producto_nombre, producto_sku;
  std::string ubicacion_id, ubicacion_nombre;
  std::vector<KardexLot> lotes;
  std::int64_t cantidad = 0;  // signed delta
  std::int64_t cantidad_anterior = 0;
  std::int64_t cantidad_nueva = 0;
  std::optional<std::string> motivo, observaciones;
  std::string origen_tipo = "manual";  // manual | orden_compra (venta, pedido, … later)
  std::optional<std::string> origen_id;
  std::optional<std::int64_t> origen_numero;
  std::optional<std::string> proveedor_id, proveedor_nombre;
  std::optional<std::string> usuario_id, usuario_nombre;
  std::optional<std::string> transferencia_id;
};

// The rows matching `f` in its order, and (when `total` is given) how many match in all.
std::vector<KardexRow> QueryKardex(store::Tx& tx, const KardexFilter& f,
                                   std::int64_t* total = nullptr);

// One kardex row as api.md §7.2 shows it: {id, creado_en, tipo, producto:{id,nombre,sku},
// ubicacion:{id,nombre}, lote ({id, lote, fecha_vencimiento} when the movement touched exactly one
// lot, else null), lotes[{id, lote, fecha_vencimiento, cantidad}], cantidad, cantidad_anterior,
// cantidad_nueva, motivo, observaciones, origen:{tipo,id,numero}, proveedor? {id,nombre},
// usuario {id,nombre} | null, transferencia_id}.
boost::json::object KardexRowJson(const KardexRow& r);

class Kardex {
 public:
  explicit Kardex(Env& env) : env_(env) {}
  core::Result<std::vector<KardexRow>> List(const KardexFilter& f, std::int64_t* total,
                                            const store::TxOptions& options = {});
  [[nodiscard]] core::Timestamp Now() const { return env_.clock.Now(); }

 private:
  Env& env_;
};

}  // namespace mm::services
