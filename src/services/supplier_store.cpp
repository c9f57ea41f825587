#include "services/supplier_store.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "core/normalize.hpp"
#include "services/catalog_common.hpp"
#include "services/text_search.hpp"

namespace mm::services {
namespace {

constexpr std::string_view kFts = "proveedores_fts";

constexpr std::string_view kColumns = R"sql(
  s.id, s.nombre, s.razon_social, s.cuit, s.contacto, s.telefono, s.email, s.whatsapp_e164,
  s.direccion, s.sitio_web, s.categorias_ofrecidas, s.notas, s.activo, s.version, s.creado_en,
  s.actualizado_en)sql";

std::vector<std::string> ParseList(const std::string& text) {
  std::vector<std::string> out;
  boost::system::error_code ec;
  auto v = boost::json::parse(text, ec);
  if (ec || !v.is_array()) return out;
  for (const auto& e : v.as_array()) {
    if (e.is_string()) out.emplace_back(e.as_string());
  }
  return out;
}

std::string SerializeList(const std::vector<std::string>& items) {
  boost::json::array a;
  for (const auto& s : items) a.emplace_back(s);
  return boost::json::serialize(a);
}

SupplierRow Map(const store::Row& r) {
  SupplierRow s;
  s.id = r.Text(0);
  s.nombre = r.Text(1);
  s.razon_social = r.OptText(2);
  s.cuit = r.OptText(3);
  s.contacto = r.OptText(4);
  s.telefono = r.OptText(5);
  s.email = r.OptText(6);
  s.whatsapp_e164 = r.OptText(7);
  s.direccion = r.OptText(8);
  s.sitio_web = r.OptText(9);
  s.categorias_ofrecidas = ParseList(r.Text(10));
  s.notas = r.OptText(11);
  s.activo = r.Bool(12);
  s.version = r.Int(13);
  s.creado_en = r.Time(14);
  s.actualizado_en = r.Time(15);
  return s;
}

std::string CountProducts() {
  return "(SELECT COUNT(*) FROM productos p WHERE p.proveedor_principal_id = s.id AND "
         "p.activo = TRUE)";
}

}  // namespace

namespace supplier_store {

std::optional<SupplierRow> FindById(store::Tx& tx, const std::string& id, bool for_update) {
  std::string sql = "SELECT" + std::string(kColumns) + ", " + CountProducts() +
                    " FROM proveedores s WHERE s.id = $1";
  if (for_update && tx.dialect() == store::Dialect::kPostgres) sql += " FOR UPDATE OF s";
  auto row = tx.QueryOne(sql, {id});
  if (!row) return std::nullopt;
  auto s = Map(*row);
  s.productos_count = row->Int(16);
  return s;
}

std::optional<std::string> FindActiveByNormalizedName(store::Tx& tx,
                                                      const std::string& nombre_normalizado) {
  auto row = tx.QueryOne("SELECT id FROM proveedores WHERE nombre_normalizado = $1 AND activo = $2",
                         {nombre_normalizado, true});
  if (!row) return std::nullopt;
  return row->Text(0);
}

std::optional<std::string> FindByCuit(store::Tx& tx, const std::string& cuit) {
  auto row = tx.QueryOne("SELECT id FROM proveedores WHERE cuit = $1", {cuit});
  if (!row) return std::nullopt;
  return row->Text(0);
}

std::vector<SupplierRow> List(store::Tx& tx, const SupplierFilter& f, std::int64_t* total) {
  std::vector<store::Value> params;
  std::string where = " WHERE 1 = 1";
  if (f.activo) where += " AND s.activo = " + Param(params, *f.activo);
  if (!f.tokens.empty()) {
    where += " AND " +
             ContainsAll(tx.dialect(), {"s.nombre_normalizado", "s.id", kFts}, f.tokens, params);
  }
  if (total) {
    *total = tx.Query("SELECT COUNT(*) FROM proveedores s" + where, params).front().Int(0);
  }
  std::string order = tx.dialect() == store::Dialect::kPostgres
                          ? " ORDER BY s.nombre_normalizado COLLATE \"C\", s.id"
                          : " ORDER BY s.nombre_normalizado, s.id";
  std::string sql = "SELECT" + std::string(kColumns) + ", " + CountProducts() +
                    " FROM proveedores s" + where + order;
  sql += " LIMIT " + Param(params, static_cast<std::int64_t>(f.limit));
  sql += " OFFSET " + Param(params, static_cast<std::int64_t>(f.offset));
  std::vector<SupplierRow> out;
  for (const auto& r : tx.Query(sql, params)) {
    out.push_back(Map(r));
    out.back().productos_count = r.Int(16);
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> Dropdown(store::Tx& tx) {
  std::string order = tx.dialect() == store::Dialect::kPostgres
                          ? " ORDER BY nombre_normalizado COLLATE \"C\", id"
                          : " ORDER BY nombre_normalizado, id";
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& r : tx.Query("SELECT id, nombre FROM proveedores WHERE activo = $1" + order +
                                    " LIMIT " + std::to_string(kDropdownMax),
                                {true})) {
    out.emplace_back(r.Text(0), r.Text(1));
  }
  return out;
}

std::vector<SupplierProduct> MainProducts(store::Tx& tx, const std::string& id) {
  std::string order = tx.dialect() == store::Dialect::kPostgres
                          ? " ORDER BY nombre_normalizado COLLATE \"C\", id"
                          : " ORDER BY nombre_normalizado, id";
  std::vector<SupplierProduct> out;
  for (const auto& r : tx.Query(
           "SELECT id, nombre, sku, codigo_barras, precio_venta_centavos, costo_centavos, activo "
           "FROM productos WHERE proveedor_principal_id = $1 AND activo = $2" +
               order + " LIMIT " + std::to_string(kProductsMax),
           {id, true})) {
    out.push_back(SupplierProduct{r.Text(0), r.Text(1), r.Text(2), r.OptText(3), r.Int(4),
                                  r.OptInt(5), r.Bool(6)});
  }
  return out;
}

void Insert(store::Tx& tx, const SupplierRow& s) {
  std::string normalized = core::NormalizeSearch(s.nombre);
  tx.Exec(R"sql(
INSERT INTO proveedores (id, nombre, nombre_normalizado, razon_social, cuit, contacto, telefono,
                         email, whatsapp_e164, direccion, sitio_web, categorias_ofrecidas, notas,
                         activo, version, creado_en, actualizado_en)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, 0, $15, $16))sql",
          {s.id, s.nombre, normalized, s.razon_social, s.cuit, s.contacto, s.telefono, s.email,
           s.whatsapp_e164, s.direccion, s.sitio_web, SerializeList(s.categorias_ofrecidas),
           s.notas, s.activo, s.creado_en, s.actualizado_en});
  WriteFtsRow(tx, kFts, s.id, normalized, true);
}

bool Update(store::Tx& tx, const SupplierRow& s, core::Timestamp now) {
  std::string normalized = core::NormalizeSearch(s.nombre);
  bool written =
      tx.Exec(R"sql(
UPDATE proveedores SET nombre = $2, nombre_normalizado = $3, razon_social = $4, cuit = $5,
  contacto = $6, telefono = $7, email = $8, whatsapp_e164 = $9, direccion = $10, sitio_web = $11,
  categorias_ofrecidas = $12, notas = $13, activo = $14, version = version + 1,
  actualizado_en = $15
WHERE id = $1 AND version = $16)sql",
              {s.id, s.nombre, normalized, s.razon_social, s.cuit, s.contacto, s.telefono, s.email,
               s.whatsapp_e164, s.direccion, s.sitio_web, SerializeList(s.categorias_ofrecidas),
               s.notas, s.activo, now, s.version}) == 1;
  if (written) WriteFtsRow(tx, kFts, s.id, normalized, false);
  return written;
}

}  // namespace supplier_store

boost::json::object SupplierJson(const SupplierRow& s) {
  boost::json::array categorias;
  for (const auto& c : s.categorias_ofrecidas) categorias.emplace_back(c);
  return boost::json::object{{"id", s.id},
                             {"nombre", s.nombre},
                             {"razon_social", JsonOrNull(s.razon_social)},
                             {"cuit", JsonOrNull(s.cuit)},
                             {"contacto", JsonOrNull(s.contacto)},
                             {"telefono", JsonOrNull(s.telefono)},
                             {"email", JsonOrNull(s.email)},
                             {"whatsapp_e164", JsonOrNull(s.whatsapp_e164)},
                             {"direccion", JsonOrNull(s.direccion)},
                             {"sitio_web", JsonOrNull(s.sitio_web)},
                             {"categorias_ofrecidas", std::move(categorias)},
                             {"notas", JsonOrNull(s.notas)},
                             {"productos_count", s.productos_count},
                             // The shortage notebook (productos_faltantes) comes with the jobs
                             // issue; until then no supplier has pending shortages.
                             {"faltantes_pendientes", 0},
                             {"activo", s.activo},
                             {"version", s.version},
                             {"creado_en", core::FormatApiTimestamp(s.creado_en)},
                             {"actualizado_en", core::FormatApiTimestamp(s.actualizado_en)}};
}

}  // namespace mm::services
