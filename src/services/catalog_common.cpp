#include "services/catalog_common.hpp"

#include <array>
#include <utility>

namespace mm::services {

core::Error Duplicate(std::string_view campo, std::string message) {
  core::Error e(core::ErrorCode::kDuplicate, std::move(message));
  e.details["campo"] = campo;
  return e;
}

core::Error StaleVersion(std::int64_t actual) {
  core::Error e(core::ErrorCode::kVersionConflict,
                "Alguien más cambió este registro. Recargá para ver la versión actual.");
  e.details["version_actual"] = actual;
  return e;
}

core::Error InvalidField(std::string campo, std::string regla, std::string mensaje) {
  return core::Error::Validation({{std::move(campo), std::move(regla), std::move(mensaje)}});
}

std::optional<std::string> DuplicateFieldOf(const store::DbError& e) {
  if (e.kind() != store::DbError::Kind::kUniqueViolation) return std::nullopt;
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 7> kMap = {{
      {"productos_sku_unico", "sku"},
      {"productos_codigo_barras_unico", "codigo_barras"},
      {"categorias_codigo_unico", "codigo"},
      {"proveedores_nombre_unico", "nombre"},
      {"proveedores_cuit_unico", "cuit"},
      {"ubicaciones_nombre_unico", "nombre"},
      {"producto_aliases_unico", "alias"},
  }};
  for (const auto& [constraint, campo] : kMap) {
    if (e.constraint() == constraint) return std::string(campo);
  }
  return std::nullopt;
}

std::string_view ForUpdate(const store::Tx& tx) {
  return tx.dialect() == store::Dialect::kPostgres ? " FOR UPDATE" : "";
}

void LockTableForWriters(store::Tx& tx, std::string_view table) {
  if (tx.dialect() != store::Dialect::kPostgres) return;
  tx.Exec("LOCK TABLE " + std::string(table) + " IN SHARE ROW EXCLUSIVE MODE");
}

std::optional<std::string> ActingUser(const RequestMeta& meta) {
  if (meta.principal.user_id.empty()) return std::nullopt;
  return meta.principal.user_id;
}

std::string Param(std::vector<store::Value>& params, store::Value v) {
  params.push_back(std::move(v));
  return "$" + std::to_string(params.size());
}

boost::json::value JsonOrNull(const std::optional<std::string>& v) {
  return v ? boost::json::value(*v) : boost::json::value(nullptr);
}

boost::json::value JsonOrNull(const std::optional<std::int64_t>& v) {
  return v ? boost::json::value(*v) : boost::json::value(nullptr);
}

}  // namespace mm::services
