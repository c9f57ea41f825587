#include "services/orders.hpp"

#include "core/error.hpp"
#include "core/store_calendar.hpp"
#include "core/validation.hpp"
#include "services/cache_versions.hpp"
#include "services/order_reader.hpp"
#include "services/order_state.hpp"

namespace mm::services {
namespace {

namespace json = boost::json;
using core::Error;
using core::FieldError;

std::string At(std::size_t i, std::string_view field) {
  return "items[" + std::to_string(i) + "]." + std::string(field);
}

void CheckLength(std::vector<FieldError>& bad, const std::string& campo,
                 const std::optional<std::string>& v, std::size_t min, std::size_t max) {
  if (!v) return;
  const std::size_t n = core::CodePoints(*v);
  if (n < min || n > max) {
    bad.push_back({campo, "longitud",
                   min > 1 ? "Debe tener entre " + std::to_string(min) + " y " +
                                 std::to_string(max) + " caracteres."
                           : "Debe tener como máximo " + std::to_string(max) + " caracteres."});
  }
}

void CheckDate(std::vector<FieldError>& bad, const std::string& campo,
               const std::optional<std::string>& v) {
  if (v && !core::ParseDate(*v)) {
    bad.push_back({campo, "formato", "Tiene que ser una fecha AAAA-MM-DD."});
  }
}

// The address, delivery and note fields every order body and patch shares.
void CheckFields(std::vector<FieldError>& bad, const std::optional<std::string>& direccion,
                 const std::optional<std::string>& edificio, const std::optional<std::string>& piso,
                 const std::optional<std::string>& departamento,
                 const std::optional<std::string>& horario, const std::optional<std::string>& fecha,
                 const std::optional<std::string>& obs,
                 const std::optional<std::string>& internas) {
  CheckLength(bad, "direccion_entrega", direccion, 3, 200);
  CheckLength(bad, "edificio", edificio, 1, 20);
  CheckLength(bad, "piso", piso, 1, 20);
  CheckLength(bad, "departamento", departamento, 1, 20);
  CheckLength(bad, "horario_entrega_preferido", horario, 1, 40);
  CheckDate(bad, "fecha_entrega_estimada", fecha);
  CheckLength(bad, "observaciones", obs, 1, 500);
  CheckLength(bad, "observaciones_internas", internas, 1, 500);
}

template <typename T>
std::optional<T> Flat(const Nullable<T>& v) {
  return v ? *v : std::nullopt;
}

template <typename T>
void Apply(std::optional<T>& field, const Nullable<T>& v) {
  if (v) field = *v;
}

}  // namespace

core::Status ValidateOrder(const NewOrder& in) {
  std::vector<FieldError> bad;
  if (!in.cliente_id && !in.cliente_nombre) {
    bad.push_back({"cliente_nombre", "requerido", "Indicá el cliente o su nombre."});
  }
  CheckLength(bad, "cliente_nombre", in.cliente_nombre, 1, 120);
  CheckLength(bad, "cliente_telefono", in.cliente_telefono, 1, 40);
  if (in.tipo_entrega != "retiro" && in.tipo_entrega != "domicilio") {
    bad.push_back({"tipo_entrega", "enum", "Tiene que ser retiro o domicilio."});
  }
  // With a customer the address may come from their default one (checked in the transaction).
  if (in.tipo_entrega == "domicilio" && !in.direccion_entrega && !in.cliente_id) {
    bad.push_back(
        {"direccion_entrega", "requerido", "Un pedido a domicilio necesita la dirección."});
  }
  CheckFields(bad, in.direccion_entrega, in.edificio, in.piso, in.departamento,
              in.horario_entrega_preferido, in.fecha_entrega_estimada, in.observaciones,
              in.observaciones_internas);
  if (in.items.empty() || in.items.size() > kPedidoMaxItems) {
    bad.push_back({"items", "rango", "El pedido tiene que tener entre 1 y 100 renglones."});
  }
  for (std::size_t i = 0; i < in.items.size(); ++i) {
    const auto& l = in.items[i];
    if (l.cantidad < 1 || l.cantidad > kPedidoMaxCantidad) {
      bad.push_back({At(i, "cantidad"), "rango", "Debe estar entre 1 y 10.000."});
    }
    if (l.producto_id) {
      if (l.precio_unitario_centavos) {
        bad.push_back({At(i, "precio_unitario_centavos"), "desconocido",
                       "El precio de un producto del catálogo sale de la base: no lo mandes."});
      }
    } else {
      if (!l.descripcion) {
        bad.push_back({At(i, "descripcion"), "requerido",
                       "Un renglón sin producto necesita una descripción."});
      }
      if (!l.precio_unitario_centavos) {
        bad.push_back({At(i, "precio_unitario_centavos"), "requerido",
                       "Un renglón sin producto necesita su precio."});
      } else if (*l.precio_unitario_centavos < 0 ||
                 *l.precio_unitario_centavos > kPedidoMaxPrecio) {
        bad.push_back({At(i, "precio_unitario_centavos"), "rango",
                       "Debe estar entre 0 y 10.000.000.000 centavos."});
      }
    }
    CheckLength(bad, At(i, "descripcion"), l.descripcion, 1, 120);
    CheckLength(bad, At(i, "observaciones"), l.observaciones, 1, 200);
  }
  if (!bad.empty()) return Error::Validation(std::move(bad));
  return core::Ok{};
}

core::Status ValidateOrderPatch(const OrderPatch& in) {
  std::vector<FieldError> bad;
  if (in.Empty()) {
    bad.push_back({"body", "requerido", "Indicá al menos un campo para modificar."});
  }
  if (in.tipo_entrega && *in.tipo_entrega != "retiro" && *in.tipo_entrega != "domicilio") {
    bad.push_back({"tipo_entrega", "enum", "Tiene que ser retiro o domicilio."});
  }
  CheckFields(bad, Flat(in.direccion_entrega), Flat(in.edificio), Flat(in.piso),
              Flat(in.departamento), Flat(in.horario_entrega_preferido),
              Flat(in.fecha_entrega_estimada), Flat(in.observaciones),
              Flat(in.observaciones_internas));
  if (!bad.empty()) return Error::Validation(std::move(bad));
  return core::Ok{};
}

core::Result<json::object> Orders::Update(const RequestMeta& meta, const std::string& id,
                                          const OrderPatch& in) {
  if (auto ok = ValidateOrderPatch(in); !ok.ok()) return ok.error();
  return env_.db.Write(
      [&](store::Tx& tx) -> core::Result<json::object> {
        const auto now = env_.clock.Now();
        auto o = order_store::Find(tx, id, true);
        if (!o) return Error::NotFound("pedido");
        if (in.version && *in.version != o->version) return StaleVersion(o->version);
        if (o->estado != "pendiente" && o->estado != "preparando") {
          return order_state::Refused(
              o->estado, "El pedido ya está " + o->estado + ": no se puede modificar.");
        }
        OrderRow next = *o;
        if (in.tipo_entrega) next.tipo_entrega = *in.tipo_entrega;
        Apply(next.direccion_entrega, in.direccion_entrega);
        Apply(next.edificio, in.edificio);
        Apply(next.piso, in.piso);
        Apply(next.departamento, in.departamento);
        Apply(next.horario_entrega_preferido, in.horario_entrega_preferido);
        Apply(next.fecha_entrega_estimada, in.fecha_entrega_estimada);
        Apply(next.observaciones, in.observaciones);
        Apply(next.observaciones_internas, in.observaciones_internas);
        if (next.tipo_entrega == "domicilio" && !next.direccion_entrega) {
          return Error::Validation(
              {{"direccion_entrega", "requerido", "Un pedido a domicilio necesita la dirección."}});
        }
        order_store::Update(tx, next, now);
        BumpCacheVersion(tx, order_state::kCacheNamespace, now);
        return std::move(*ReadOrderJson(tx, id, now));
      },
      meta.TxOptions());
}

core::Result<json::object> Orders::SetItemPrepared(const RequestMeta& meta,
                                                   const std::string& item_id, bool preparado) {
  return env_.db.Write(
      [&](store::Tx& tx) -> core::Result<json::object> {
        const auto now = env_.clock.Now();
        auto item = order_store::FindItem(tx, item_id);
        if (!item) return Error::NotFound("pedido_item");
        // L4: the order, so the checklist never changes under a transition to listo.
        auto o = order_store::Find(tx, item->pedido_id, true);
        if (o->estado != "pendiente" && o->estado != "preparando") {
          return order_state::Refused(o->estado, "El pedido ya está " + o->estado +
                                                     ": no se puede cambiar la preparación.");
        }
        item = order_store::FindItem(tx, item_id);
        if (item->preparado != preparado) {
          order_store::SetItemPrepared(tx, item_id, preparado, meta.principal.user_id, now);
          BumpCacheVersion(tx, order_state::kCacheNamespace, now);
          item = order_store::FindItem(tx, item_id);
        }
        return OrderItemStateJson(tx, *item);
      },
      meta.TxOptions());
}

core::Result<json::array> Orders::List(const OrderFilter& filter, std::int64_t* total,
                                       const store::TxOptions& options) {
  return env_.db.Read(
      [&](store::Tx& tx) -> core::Result<json::array> {
        json::array out;
        for (const auto& r : order_store::List(tx, filter, total)) out.push_back(OrderListJson(r));
        return out;
      },
      options);
}

core::Result<json::object> Orders::Get(const std::string& id, const store::TxOptions& options) {
  return env_.db.Read(
      [&](store::Tx& tx) -> core::Result<json::object> {
        auto o = ReadOrderJson(tx, id, env_.clock.Now());
        if (!o) return Error::NotFound("pedido");
        return std::move(*o);
      },
      options);
}

}  // namespace mm::services
