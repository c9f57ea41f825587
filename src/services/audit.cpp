#include "services/audit.hpp"

#include <boost/json/serialize.hpp>

#include "core/uuid.hpp"

namespace mm::services {
namespace {

constexpr std::size_t kMaxDetails = 16 * 1024;

constexpr std::string_view kInsert = R"sql(
INSERT INTO audit_log (id, usuario_id, rol, accion, entidad_tipo, entidad_id, nivel, request_id,
                       ip, user_agent, detalles, creado_en)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12))sql";

std::optional<std::string> OrNull(const std::string& s) {
  if (s.empty()) return std::nullopt;
  return s;
}

}  // namespace

void RecordAudit(store::Tx& tx, Env& env, const RequestMeta& meta, const AuditEntry& entry) {
  std::string detalles = boost::json::serialize(entry.detalles);
  if (detalles.size() > kMaxDetails) {
    detalles = boost::json::serialize(boost::json::object{{"recortado", true}});
  }
  std::optional<std::string> rol;
  if (meta.principal.role) rol = std::string(core::RoleName(*meta.principal.role));
  tx.Exec(kInsert, {core::NewUuidV4(env.random), OrNull(meta.principal.user_id), rol,
                    core::AuditActionName(entry.accion), entry.entidad_tipo, entry.entidad_id,
                    core::AuditLevelName(entry.nivel), OrNull(meta.request_id), OrNull(meta.ip),
                    OrNull(meta.user_agent.substr(0, 500)), detalles, env.clock.Now()});
}

}  // namespace mm::services
