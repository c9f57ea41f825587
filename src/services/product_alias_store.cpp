#include "services/product_alias_store.hpp"

#include "core/normalize.hpp"
#include "core/uuid.hpp"
#include "services/cache_versions.hpp"
#include "services/text_search.hpp"

namespace mm::services {
namespace {

constexpr std::string_view kFts = "producto_aliases_fts";

constexpr std::string_view kSelect = R"sql(
SELECT id, producto_id, proveedor_id, alias_texto, alias_normalizado, origen, confianza, activo,
       creado_por, creado_en, actualizado_en
FROM producto_aliases )sql";

AliasRow Map(const store::Row& r) {
  AliasRow a;
  a.id = r.Text(0);
  a.producto_id = r.Text(1);
  a.proveedor_id = r.OptText(2);
  a.alias_texto = r.Text(3);
  a.alias_normalizado = r.Text(4);
  a.origen = r.Text(5);
  a.confianza = r.Text(6);
  a.activo = r.Bool(7);
  a.creado_por = r.OptText(8);
  a.creado_en = r.Time(9);
  a.actualizado_en = r.Time(10);
  return a;
}

}  // namespace

namespace product_alias_store {

AliasRow Add(store::Tx& tx, core::Random& random, const NewAlias& alias, core::Timestamp now,
             bool* created) {
  std::string normalized = core::NormalizeSearch(alias.texto);
  // The UNIQUE index treats a null supplier as a value (global scope).
  auto existing =
      alias.proveedor_id
          ? tx.QueryOne(std::string(kSelect) + "WHERE alias_normalizado = $1 AND proveedor_id = $2",
                        {normalized, *alias.proveedor_id})
          : tx.QueryOne(
                std::string(kSelect) + "WHERE alias_normalizado = $1 AND proveedor_id IS NULL",
                {normalized});
  if (existing) {
    if (created) *created = false;
    return Map(*existing);
  }
  AliasRow a;
  a.id = core::NewUuidV4(random);
  a.producto_id = alias.producto_id;
  a.proveedor_id = alias.proveedor_id;
  a.alias_texto = alias.texto;
  a.alias_normalizado = normalized;
  a.origen = alias.origen;
  a.confianza = alias.confianza;
  a.creado_por = alias.creado_por;
  a.creado_en = now;
  a.actualizado_en = now;
  tx.Exec(R"sql(
INSERT INTO producto_aliases (id, producto_id, proveedor_id, alias_texto, alias_normalizado,
                              origen, confianza, activo, creado_por, creado_en, actualizado_en)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10))sql",
          {a.id, a.producto_id, a.proveedor_id, a.alias_texto, a.alias_normalizado, a.origen,
           a.confianza, true, a.creado_por, now});
  WriteFtsRow(tx, kFts, a.id, normalized, true);
  BumpCacheVersion(tx, "catalogo", now);
  if (created) *created = true;
  return a;
}

std::optional<AliasRow> FindById(store::Tx& tx, const std::string& id) {
  auto row = tx.QueryOne(std::string(kSelect) + "WHERE id = $1", {id});
  if (!row) return std::nullopt;
  return Map(*row);
}

std::vector<AliasRow> OfProduct(store::Tx& tx, const std::string& producto_id) {
  std::vector<AliasRow> out;
  for (const auto& r :
       tx.Query(std::string(kSelect) + "WHERE producto_id = $1 ORDER BY alias_normalizado, id",
                {producto_id})) {
    out.push_back(Map(r));
  }
  return out;
}

bool SetActive(store::Tx& tx, const std::string& id, bool activo, core::Timestamp now) {
  if (tx.Exec("UPDATE producto_aliases SET activo = $2, actualizado_en = $3 WHERE id = $1",
              {id, activo, now}) == 0) {
    return false;
  }
  BumpCacheVersion(tx, "catalogo", now);
  return true;
}

}  // namespace product_alias_store

}  // namespace mm::services
