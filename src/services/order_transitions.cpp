// Orders::ChangeState (domain.md §2.4 "Change order state"; I25). The order row is locked first
// (L4) and its state read after the lock, so of two clerks moving the same order one wins and
// the other gets 409.
#include <algorithm>

#include <boost/json/array.hpp>

#include "core/error.hpp"
#include "core/validation.hpp"
#include "services/cache_versions.hpp"
#include "services/catalog_common.hpp"
#include "services/order_delivery.hpp"
#include "services/order_reader.hpp"
#include "services/order_state.hpp"
#include "services/orders.hpp"

namespace mm::services {
namespace {

namespace json = boost::json;
using core::Error;

}  // namespace

core::Status ValidateStateChange(const OrderStateChange& in) {
  std::vector<core::FieldError> bad;
  static const std::vector<std::string> kEstados = {"pendiente", "preparando", "listo", "entregado",
                                                    "cancelado"};
  if (std::find(kEstados.begin(), kEstados.end(), in.estado) == kEstados.end()) {
    bad.push_back(
        {"estado", "enum", "Tiene que ser pendiente, preparando, listo, entregado o cancelado."});
  }
  if (in.estado == "cancelado" && !in.motivo) {
    bad.push_back({"motivo", "requerido", "Indicá por qué se cancela el pedido."});
  }
  if (in.motivo) {
    const auto n = core::CodePoints(*in.motivo);
    if (n < 3 || n > 200) {
      bad.push_back({"motivo", "longitud", "Debe tener entre 3 y 200 caracteres."});
    }
  }
  if (!bad.empty()) return Error::Validation(std::move(bad));
  return core::Ok{};
}

core::Result<IdempotentReply> Orders::ChangeState(const std::optional<IdempotencyKey>& key,
                                                  const RequestMeta& meta, const std::string& id,
                                                  const OrderStateChange& in) {
  if (auto ok = ValidateStateChange(in); !ok.ok()) return ok.error();
  return idempotency_.Run(key, meta, [&](store::Tx& tx) -> core::Result<Outcome> {
    const auto now = env_.clock.Now();
    const std::string& user = meta.principal.user_id;
    // L4, and the state as it is under the lock.
    auto o = order_store::Find(tx, id, true);
    if (!o) return Error::NotFound("pedido");
    if (in.version && *in.version != o->version) return StaleVersion(o->version);
    if (!order_state::Allows(o->estado, in.estado)) {
      return order_state::Refused(
          o->estado, o->estado == in.estado
                         ? "El pedido ya está " + o->estado + "."
                         : "Un pedido " + o->estado + " no puede pasar a " + in.estado + ".");
    }
    OrderRow next = *o;
    next.estado = in.estado;
    bool stock_changed = false;
    if (in.estado == "preparando") {
      next.preparando_en = now;
      next.preparado_por = user;
    } else if (in.estado == "listo") {
      json::array sin_preparar;
      for (const auto& i : order_store::Items(tx, id)) {
        if (!i.preparado) {
          sin_preparar.push_back(json::object{{"id", i.id}, {"descripcion", i.descripcion}});
        }
      }
      if (!sin_preparar.empty()) {
        return order_state::Refused(
            o->estado, "Faltan preparar " + std::to_string(sin_preparar.size()) + " renglones.",
            json::object{{"items_sin_preparar", std::move(sin_preparar)}});
      }
      next.listo_en = now;
      next.preparado_por = user;
    } else if (in.estado == "entregado") {
      auto moved = DeliverOrder(tx, env_.random, *o, user, now);
      if (!moved.ok()) return moved.error();
      stock_changed = *moved > 0;
      next.entregado_en = now;
      next.entregado_por = user;
    } else if (in.estado == "cancelado") {
      if (o->pagado_centavos > 0) {
        return order_state::Refused(
            o->estado, "El pedido tiene pagos: registrá los reembolsos antes de cancelarlo.",
            json::object{{"motivo", "tiene_pagos"}, {"pagado_centavos", o->pagado_centavos}});
      }
      stock_changed = ReleaseOrderHolds(tx, *o, user, *in.motivo, now) > 0;
      next.cancelado_en = now;
      next.cancelado_por = user;
      next.motivo_cancelacion = in.motivo;
    }
    order_store::Update(tx, next, now);
    auto data = ReadOrderJson(tx, id, now);
    BumpCacheVersion(tx, order_state::kCacheNamespace, now);
    // Last: the row every stock write shares.
    if (stock_changed) BumpCacheVersion(tx, "stock", now);
    return Outcome{200, std::move(*data), {}};
  });
}

}  // namespace mm::services
