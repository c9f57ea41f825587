#include "services/store_settings.hpp"

#include <set>
#include <stdexcept>

#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "core/error.hpp"
#include "core/validation.hpp"
#include "services/audit.hpp"
#include "services/cache_versions.hpp"

namespace mm::services {
namespace {

namespace json = boost::json;

constexpr std::string_view kSelect = R"sql(
SELECT nombre, direccion, cuit, telefono, pie_ticket, markup_defecto_bp, redondeo_centavos,
       denominaciones_centavos, tolerancia_caja_centavos, version, actualizado_por, actualizado_en
FROM ajustes_tienda WHERE id = $1)sql";

constexpr std::string_view kInsert = R"sql(
INSERT INTO ajustes_tienda (id, nombre, markup_defecto_bp, redondeo_centavos,
                            denominaciones_centavos, tolerancia_caja_centavos, version,
                            creado_en, actualizado_en)
VALUES ($1, $2, $3, $4, $5, $6, 0, $7, $7)
ON CONFLICT (id) DO NOTHING)sql";

constexpr std::string_view kUpdate = R"sql(
UPDATE ajustes_tienda
SET nombre = $2, direccion = $3, cuit = $4, telefono = $5, pie_ticket = $6,
    markup_defecto_bp = $7, redondeo_centavos = $8, denominaciones_centavos = $9,
    tolerancia_caja_centavos = $10, version = version + 1, actualizado_por = $11,
    actualizado_en = $12
WHERE id = $1 AND version = $13)sql";

std::string DenominationsText(const std::vector<std::int64_t>& v) {
  json::array a;
  for (auto d : v) a.push_back(d);
  return json::serialize(a);
}

std::vector<std::int64_t> ParseDenominations(const std::string& text) {
  std::vector<std::int64_t> out;
  auto v = json::parse(text);
  for (const auto& d : v.as_array()) out.push_back(d.to_number<std::int64_t>());
  return out;
}

json::value OptJson(const std::optional<std::string>& s) {
  if (!s) return nullptr;
  return json::value(*s);
}

json::array DenominationsJson(const std::vector<std::int64_t>& v) {
  json::array a;
  for (auto d : v) a.push_back(d);
  return a;
}

}  // namespace

std::vector<std::string> CheckStoreSettingsDefaults(const StoreSettingsDefaults& d) {
  std::vector<std::string> problems;
  if (core::CodePoints(d.nombre) < 1 || core::CodePoints(d.nombre) > 120) {
    problems.push_back("store.nombre debe tener entre 1 y 120 caracteres");
  }
  if (d.markup_defecto_bp < 0 || d.markup_defecto_bp > 100000) {
    problems.push_back("precios.markup_defecto_bp debe estar entre 0 y 100000");
  }
  if (d.redondeo_centavos < 1 || d.redondeo_centavos > 100000) {
    problems.push_back("precios.redondeo_centavos debe estar entre 1 y 100000");
  }
  if (d.tolerancia_caja_centavos < 0 || d.tolerancia_caja_centavos > 100'000'000) {
    problems.push_back("caja.tolerancia_centavos debe estar entre 0 y 100000000");
  }
  std::set<std::int64_t> seen(d.denominaciones_centavos.begin(), d.denominaciones_centavos.end());
  bool in_range = true;
  for (auto x : d.denominaciones_centavos) in_range = in_range && x >= 1 && x <= 100'000'000;
  if (d.denominaciones_centavos.empty() || d.denominaciones_centavos.size() > 20 || !in_range ||
      seen.size() != d.denominaciones_centavos.size()) {
    problems.push_back(
        "caja.denominaciones_centavos debe tener entre 1 y 20 valores distintos de 1 a 100000000");
  }
  return problems;
}

StoreSettingsRow SettingsFromDefaults(const StoreSettingsDefaults& d) {
  StoreSettingsRow r;
  r.nombre = d.nombre;
  r.markup_defecto_bp = d.markup_defecto_bp;
  r.redondeo_centavos = d.redondeo_centavos;
  r.denominaciones_centavos = d.denominaciones_centavos;
  r.tolerancia_caja_centavos = d.tolerancia_caja_centavos;
  return r;
}

namespace store_settings {

std::optional<StoreSettingsRow> Read(store::Tx& tx, bool for_update) {
  std::string sql(kSelect);
  if (for_update && tx.dialect() == store::Dialect::kPostgres) sql += " FOR UPDATE";
  auto row = tx.QueryOne(sql, {kStoreSettingsId});
  if (!row) return std::nullopt;
  StoreSettingsRow r;
  r.nombre = row->Text("nombre");
  r.direccion = row->OptText("direccion");
  r.cuit = row->OptText("cuit");
  r.telefono = row->OptText("telefono");
  r.pie_ticket = row->OptText("pie_ticket");
  r.markup_defecto_bp = row->Int("markup_defecto_bp");
  r.redondeo_centavos = row->Int("redondeo_centavos");
  r.denominaciones_centavos = ParseDenominations(row->Text("denominaciones_centavos"));
  r.tolerancia_caja_centavos = row->Int("tolerancia_caja_centavos");
  r.version = row->Int("version");
  r.actualizado_por = row->OptText("actualizado_por");
  r.actualizado_en = row->Time("actualizado_en");
  return r;
}

void Insert(store::Tx& tx, const StoreSettingsDefaults& d, core::Timestamp now) {
  tx.Exec(kInsert, {kStoreSettingsId, d.nombre, d.markup_defecto_bp, d.redondeo_centavos,
                    DenominationsText(d.denominaciones_centavos), d.tolerancia_caja_centavos, now});
}

}  // namespace store_settings

Seed StoreSettingsSeed(StoreSettingsDefaults defaults) {
  return Seed{"ajustes_tienda",
              [](store::Tx& tx) {
                return tx
                    .QueryOne("SELECT id FROM ajustes_tienda WHERE id = $1", {kStoreSettingsId})
                    .has_value();
              },
              [defaults = std::move(defaults)](store::Tx& tx, Env& env) {
                auto problems = CheckStoreSettingsDefaults(defaults);
                if (!problems.empty()) {
                  std::string msg = "no se pueden sembrar los ajustes de la tienda:";
                  for (const auto& p : problems) msg += " " + p + ";";
                  throw std::invalid_argument(msg);
                }
                store_settings::Insert(tx, defaults, env.clock.Now());
              }};
}

StoreSettings::StoreSettings(Env& env, StoreSettingsDefaults defaults)
    : env_(env), defaults_(std::move(defaults)) {}

StoreSettingsRow StoreSettings::Get(store::Tx& tx) {
  if (auto row = store_settings::Read(tx)) return *row;
  return SettingsFromDefaults(defaults_);
}

core::Result<StoreSettingsRow> StoreSettings::Get() {
  return env_.db.Read([&](store::Tx& tx) -> core::Result<StoreSettingsRow> { return Get(tx); });
}

core::Result<StoreSettingsRow> StoreSettings::Update(const RequestMeta& meta,
                                                     const StoreSettingsPatch& patch) {
  return env_.db.Write(
      [&](store::Tx& tx) -> core::Result<StoreSettingsRow> {
        const auto now = env_.clock.Now();
        auto current = store_settings::Read(tx, true);
        if (!current) {
          // Never expected after first start; write the seed so the update has a row.
          store_settings::Insert(tx, defaults_, now);
          current = store_settings::Read(tx, true);
        }
        if (patch.version && *patch.version != current->version) {
          core::Error e(core::ErrorCode::kVersionConflict);
          e.details["version_actual"] = current->version;
          return e;
        }
        StoreSettingsRow next = *current;
        json::object antes;
        json::object despues;
        auto text = [&](const char* campo, std::string& field, const std::string& value) {
          if (field == value) return;
          antes[campo] = field;
          despues[campo] = value;
          field = value;
        };
        auto opt_text = [&](const char* campo, std::optional<std::string>& field,
                            const std::optional<std::string>& value) {
          if (field == value) return;
          antes[campo] = OptJson(field);
          despues[campo] = OptJson(value);
          field = value;
        };
        auto integer = [&](const char* campo, std::int64_t& field, std::int64_t value) {
          if (field == value) return;
          antes[campo] = field;
          despues[campo] = value;
          field = value;
        };
        if (patch.nombre) text("nombre", next.nombre, *patch.nombre);
        if (patch.direccion) opt_text("direccion", next.direccion, *patch.direccion);
        if (patch.cuit) opt_text("cuit", next.cuit, *patch.cuit);
        if (patch.telefono) opt_text("telefono", next.telefono, *patch.telefono);
        if (patch.pie_ticket) opt_text("pie_ticket", next.pie_ticket, *patch.pie_ticket);
        if (patch.markup_defecto_bp) {
          integer("markup_defecto_bp", next.markup_defecto_bp, *patch.markup_defecto_bp);
        }
        if (patch.redondeo_centavos) {
          integer("redondeo_centavos", next.redondeo_centavos, *patch.redondeo_centavos);
        }
        if (patch.tolerancia_caja_centavos) {
          integer("tolerancia_caja_centavos", next.tolerancia_caja_centavos,
                  *patch.tolerancia_caja_centavos);
        }
        if (patch.denominaciones_centavos &&
            *patch.denominaciones_centavos != next.denominaciones_centavos) {
          antes["denominaciones_centavos"] = DenominationsJson(next.denominaciones_centavos);
          despues["denominaciones_centavos"] = DenominationsJson(*patch.denominaciones_centavos);
          next.denominaciones_centavos = *patch.denominaciones_centavos;
        }
        if (despues.empty()) return next;

        std::optional<std::string> usuario;
        if (!meta.principal.user_id.empty()) usuario = meta.principal.user_id;
        auto changed = tx.Exec(
            kUpdate, {kStoreSettingsId, next.nombre, next.direccion, next.cuit, next.telefono,
                      next.pie_ticket, next.markup_defecto_bp, next.redondeo_centavos,
                      DenominationsText(next.denominaciones_centavos),
                      next.tolerancia_caja_centavos, usuario, now, current->version});
        if (changed != 1) {
          core::Error e(core::ErrorCode::kVersionConflict);
          e.details["version_actual"] = current->version;
          return e;
        }
        next.version = current->version + 1;
        next.actualizado_por = usuario;
        next.actualizado_en = now;
        RecordAudit(
            tx, env_, meta,
            AuditEntry{core::AuditAction::kAjustesCambiados, "ajustes_tienda",
                       std::string(kStoreSettingsId), core::AuditLevel::kInfo,
                       json::object{{"antes", std::move(antes)}, {"despues", std::move(despues)}}});
        BumpCacheVersion(tx, "config", now);
        return next;
      },
      meta.TxOptions());
}

}  // namespace mm::services
