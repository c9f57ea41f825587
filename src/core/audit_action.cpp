#include "core/audit_action.hpp"

#include <array>
#include <utility>

namespace mm::core {
namespace {

struct Entry {
  AuditAction action;
  std::string_view name;
};

constexpr std::array kActions = std::to_array<Entry>({
    {AuditAction::kPrecioAplicado, "precio_aplicado"},
    {AuditAction::kCostoRegistrado, "costo_registrado"},
    {AuditAction::kStockAjustado, "stock_ajustado"},
    {AuditAction::kMovimientoGrande, "movimiento_grande"},
    {AuditAction::kTransferencia, "transferencia"},
    {AuditAction::kRecepcionOc, "recepcion_oc"},
    {AuditAction::kOrdenCompraCreada, "orden_compra_creada"},
    {AuditAction::kOrdenCompraCancelada, "orden_compra_cancelada"},
    {AuditAction::kVentaAnulada, "venta_anulada"},
    {AuditAction::kDevolucion, "devolucion"},
    {AuditAction::kVentaLoteVencido, "venta_lote_vencido"},
    {AuditAction::kRiesgoPerdidaConfirmado, "riesgo_perdida_confirmado"},
    {AuditAction::kCajaAbierta, "caja_abierta"},
    {AuditAction::kCajaCerrada, "caja_cerrada"},
    {AuditAction::kLimiteCreditoCambiado, "limite_credito_cambiado"},
    {AuditAction::kCcAjuste, "cc_ajuste"},
    {AuditAction::kOfertaCreada, "oferta_creada"},
    {AuditAction::kOfertaDesactivada, "oferta_desactivada"},
    {AuditAction::kTareaCompletada, "tarea_completada"},
    {AuditAction::kTareaCancelada, "tarea_cancelada"},
    {AuditAction::kProductoDesactivado, "producto_desactivado"},
    {AuditAction::kReservaLiberadaPorConteo, "reserva_liberada_por_conteo"},
    {AuditAction::kMatchConfirmado, "match_confirmado"},
    {AuditAction::kMatchRechazado, "match_rechazado"},
    {AuditAction::kJobEjecutadoManual, "job_ejecutado_manual"},
    {AuditAction::kJobPausado, "job_pausado"},
    {AuditAction::kJobReanudado, "job_reanudado"},
    {AuditAction::kBreakerReset, "breaker_reset"},
    {AuditAction::kNotificacionReintentada, "notificacion_reintentada"},
    {AuditAction::kDestinatarioCambiado, "destinatario_cambiado"},
    {AuditAction::kAjustesCambiados, "ajustes_cambiados"},
    {AuditAction::kClavesRotadas, "claves_rotadas"},
    {AuditAction::kRefreshReutilizado, "refresh_reutilizado"},
    {AuditAction::kUsuarioCreado, "usuario_creado"},
    {AuditAction::kUsuarioEditado, "usuario_editado"},
    {AuditAction::kRolCambiado, "rol_cambiado"},
    {AuditAction::kUsuarioDesactivado, "usuario_desactivado"},
    {AuditAction::kUsuarioReactivado, "usuario_reactivado"},
    {AuditAction::kPasswordRestablecida, "password_restablecida"},
    {AuditAction::kPasswordCambiada, "password_cambiada"},
    {AuditAction::kSesionesRevocadas, "sesiones_revocadas"},
    {AuditAction::kUsuarioDesbloqueado, "usuario_desbloqueado"},
    {AuditAction::kLoteCorregido, "lote_corregido"},
});

constexpr std::array<AuditAction, kActions.size()> ActionList() {
  std::array<AuditAction, kActions.size()> out{};
  for (std::size_t i = 0; i < kActions.size(); ++i) out[i] = kActions[i].action;
  return out;
}
constexpr auto kActionList = ActionList();

constexpr bool InOrder() {
  for (std::size_t i = 0; i < kActions.size(); ++i) {
    if (static_cast<std::size_t>(kActions[i].action) != i) return false;
  }
  return true;
}
static_assert(InOrder(), "kActions must follow the enum's order");

}  // namespace

std::string_view AuditActionName(AuditAction action) {
  return kActions.at(static_cast<std::size_t>(action)).name;
}

std::optional<AuditAction> ParseAuditAction(std::string_view name) {
  for (const auto& e : kActions) {
    if (e.name == name) return e.action;
  }
  return std::nullopt;
}

std::span<const AuditAction> AllAuditActions() { return kActionList; }

std::string_view AuditLevelName(AuditLevel level) {
  switch (level) {
    case AuditLevel::kInfo:
      return "info";
    case AuditLevel::kWarning:
      return "warning";
    case AuditLevel::kCritical:
      return "critical";
  }
  return "info";
}

}  // namespace mm::core
