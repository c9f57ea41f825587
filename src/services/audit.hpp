// Audit rows (domain.md §1.8), written in the transaction of the effect they record.
#pragma once

#include <optional>
#include <string>

#include <boost/json/object.hpp>

#include "core/audit_action.hpp"
#include "services/context.hpp"
#include "store/tx.hpp"

namespace mm::services {

struct AuditEntry {
  core::AuditAction accion;
  std::string entidad_tipo;
  std::optional<std::string> entidad_id;
  core::AuditLevel nivel = core::AuditLevel::kInfo;
  boost::json::object detalles;  // before/after values; never secrets, hashes or tokens
};

// Writes one audit row. Details over 16 KB are replaced by a note saying they were cut.
void RecordAudit(store::Tx& tx, Env& env, const RequestMeta& meta, const AuditEntry& entry);

}  // namespace mm::services
