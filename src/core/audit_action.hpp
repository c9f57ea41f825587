// The closed list of audit actions (domain.md §1.8). The database has no CHECK on
// audit_log.accion (decision 29); this enum is the only way to name an action.
#pragma once

#include <optional>
#include <span>
#include <string_view>

namespace mm::core {

enum class AuditAction {
  kPrecioAplicado,
  kCostoRegistrado,
  kStockAjustado,
  kMovimientoGrande,
  kTransferencia,
  kRecepcionOc,
  kOrdenCompraCreada,
  kOrdenCompraCancelada,
  kVentaAnulada,
  kDevolucion,
  kVentaLoteVencido,
  kRiesgoPerdidaConfirmado,
  kCajaAbierta,
  kCajaCerrada,
  kLimiteCreditoCambiado,
  kCcAjuste,
  kOfertaCreada,
  kOfertaDesactivada,
  kTareaCompletada,
  kTareaCancelada,
  kProductoDesactivado,
  kReservaLiberadaPorConteo,
  kMatchConfirmado,
  kMatchRechazado,
  kJobEjecutadoManual,
  kJobPausado,
  kJobReanudado,
  kBreakerReset,
  kNotificacionReintentada,
  kDestinatarioCambiado,
  kAjustesCambiados,
  kClavesRotadas,
  kRefreshReutilizado,
  kUsuarioCreado,
  kUsuarioEditado,
  kRolCambiado,
  kUsuarioDesactivado,
  kUsuarioReactivado,
  kPasswordRestablecida,
  kPasswordCambiada,
  kSesionesRevocadas,
  kUsuarioDesbloqueado,
  kLoteCorregido,  // PATCH /api/lotes/:id (code or expiry corrected; quantities never)
};

[[nodiscard]] std::string_view AuditActionName(AuditAction action);
[[nodiscard]] std::optional<AuditAction> ParseAuditAction(std::string_view name);
[[nodiscard]] std::span<const AuditAction> AllAuditActions();

enum class AuditLevel { kInfo, kWarning, kCritical };
[[nodiscard]] std::string_view AuditLevelName(AuditLevel level);

}  // namespace mm::core
