#include "services/location_store.hpp"

#include "core/normalize.hpp"
#include "services/catalog_common.hpp"

namespace mm::services {
namespace {

constexpr std::string_view kSelect =
    "SELECT id, nombre, es_venta, activo, creado_en, actualizado_en FROM ubicaciones ";

LocationRow Map(const store::Row& r) {
  LocationRow l;
  l.id = r.Text(0);
  l.nombre = r.Text(1);
  l.es_venta = r.Bool(2);
  l.activo = r.Bool(3);
  l.creado_en = r.Time(4);
  l.actualizado_en = r.Time(5);
  return l;
}

}  // namespace

namespace location_store {

std::optional<LocationRow> FindById(store::Tx& tx, const std::string& id, bool for_update) {
  std::string sql = std::string(kSelect) + "WHERE id = $1";
  if (for_update) sql += ForUpdate(tx);
  auto row = tx.QueryOne(sql, {id});
  if (!row) return std::nullopt;
  return Map(*row);
}

std::optional<std::string> FindByNormalizedName(store::Tx& tx,
                                                const std::string& nombre_normalizado) {
  auto row =
      tx.QueryOne("SELECT id FROM ubicaciones WHERE nombre_normalizado = $1", {nombre_normalizado});
  if (!row) return std::nullopt;
  return row->Text(0);
}

std::optional<LocationRow> FindSalesLocation(store::Tx& tx) {
  auto row = tx.QueryOne(std::string(kSelect) + "WHERE es_venta = $1", {true});
  if (!row) return std::nullopt;
  return Map(*row);
}

std::vector<LocationRow> List(store::Tx& tx, std::optional<bool> activo) {
  std::vector<store::Value> params;
  std::string sql(kSelect);
  if (activo) sql += "WHERE activo = " + Param(params, *activo) + " ";
  sql += tx.dialect() == store::Dialect::kPostgres ? "ORDER BY nombre_normalizado COLLATE \"C\", id"
                                                   : "ORDER BY nombre_normalizado, id";
  std::vector<LocationRow> out;
  for (const auto& r : tx.Query(sql, params)) out.push_back(Map(r));
  return out;
}

void Insert(store::Tx& tx, const LocationRow& l) {
  tx.Exec(R"sql(
INSERT INTO ubicaciones (id, nombre, nombre_normalizado, es_venta, activo, creado_en,
                         actualizado_en)
VALUES ($1, $2, $3, $4, $5, $6, $7))sql",
          {l.id, l.nombre, core::NormalizeSearch(l.nombre), l.es_venta, l.activo, l.creado_en,
           l.actualizado_en});
}

void Update(store::Tx& tx, const LocationRow& l, core::Timestamp now) {
  tx.Exec(R"sql(
UPDATE ubicaciones SET nombre = $2, nombre_normalizado = $3, es_venta = $4, activo = $5,
  actualizado_en = $6
WHERE id = $1)sql",
          {l.id, l.nombre, core::NormalizeSearch(l.nombre), l.es_venta, l.activo, now});
}

void ClearSalesFlag(store::Tx& tx, const std::string& except_id, core::Timestamp now) {
  tx.Exec(
      "UPDATE ubicaciones SET es_venta = $1, actualizado_en = $2 WHERE es_venta = $3 AND id <> $4",
      {false, now, true, except_id});
}

std::int64_t StockOnHand(store::Tx& tx, const std::string& id) {
  return tx
      .QueryOne("SELECT COALESCE(SUM(cantidad), 0) FROM stock_deposito WHERE ubicacion_id = $1",
                {id})
      ->Int(0);
}

}  // namespace location_store

boost::json::object LocationJson(const LocationRow& l) {
  return boost::json::object{
      {"id", l.id}, {"nombre", l.nombre}, {"es_venta", l.es_venta}, {"activo", l.activo}};
}

}  // namespace mm::services
