// Orders::Create (domain.md §2.4 "Create order"): customer snapshot, catalogue lines merged and
// priced from the database, free-text lines, and with reservar_stock one hold per catalogue line
// taken under the stock-row locks.
#include <algorithm>
#include <map>

#include "core/error.hpp"
#include "core/money.hpp"
#include "core/uuid.hpp"
#include "services/cache_versions.hpp"
#include "services/credit_ledger.hpp"
#include "services/human_number.hpp"
#include "services/order_reader.hpp"
#include "services/order_state.hpp"
#include "services/orders.hpp"
#include "services/reservation_store.hpp"
#include "services/stock_ledger.hpp"

namespace mm::services {
namespace {

namespace json = boost::json;
using core::Error;
using core::ErrorCode;

// One product of the order: its lines merged.
struct CatalogLine {
  std::string producto_id;
  std::size_t first_index = 0;
  std::int64_t cantidad = 0;
  std::optional<std::string> observaciones;  // the first line's that has one
  stock::ProductInfo product;
};

std::vector<CatalogLine> MergeCatalogLines(const NewOrder& in) {
  std::map<std::string, CatalogLine> by_product;
  for (std::size_t i = 0; i < in.items.size(); ++i) {
    const auto& l = in.items[i];
    if (!l.producto_id) continue;
    auto [it, inserted] = by_product.try_emplace(*l.producto_id);
    if (inserted) {
      it->second.producto_id = *l.producto_id;
      it->second.first_index = i;
    }
    it->second.cantidad += l.cantidad;
    if (!it->second.observaciones) it->second.observaciones = l.observaciones;
  }
  std::vector<CatalogLine> out;
  for (auto& [id, line] : by_product) out.push_back(std::move(line));
  return out;  // ascending producto_id: the lock order of L5 and L6
}

std::string Campo(const CatalogLine& l) {
  return "items[" + std::to_string(l.first_index) + "].producto_id";
}

// The snapshot of the order's customer fields: the body's when given, else the customer's.
void FillFromCustomer(OrderRow& o, const NewOrder& in, const CustomerSnapshot* c) {
  o.cliente_nombre = in.cliente_nombre ? *in.cliente_nombre : (c ? c->nombre : std::string());
  o.cliente_telefono =
      in.cliente_telefono ? in.cliente_telefono : (c ? c->telefono : std::optional<std::string>());
  o.direccion_entrega = in.direccion_entrega;
  o.edificio = in.edificio;
  o.piso = in.piso;
  o.departamento = in.departamento;
  // A delivery without an address of its own goes to the customer's default address.
  if (in.tipo_entrega == "domicilio" && !in.direccion_entrega && c && c->direccion_default) {
    o.direccion_entrega = c->direccion_default;
    if (!o.edificio) o.edificio = c->edificio;
    if (!o.piso) o.piso = c->piso;
    if (!o.departamento) o.departamento = c->departamento;
  }
}

}  // namespace

core::Result<IdempotentReply> Orders::Create(const std::optional<IdempotencyKey>& key,
                                             const RequestMeta& meta, const NewOrder& in) {
  if (!key) return Error(ErrorCode::kIdempotencyKeyRequired);
  if (auto ok = ValidateOrder(in); !ok.ok()) return ok.error();
  return idempotency_.Run(key, meta, [&](store::Tx& tx) -> core::Result<Outcome> {
    const auto now = env_.clock.Now();
    OrderRow o;
    o.id = core::NewUuidV4(env_.random);
    o.cliente_id = in.cliente_id;
    o.tipo_entrega = in.tipo_entrega;
    // L3: the customer, so it is not deactivated under the order.
    std::optional<CustomerSnapshot> snapshot;
    if (in.cliente_id) {
      auto c = credit::LockCustomer(tx, *in.cliente_id);
      if (!c) return Error::ReferenceNotFound("cliente_id");
      if (auto ok = credit::RequireActive(*c); !ok.ok()) return ok.error();
      snapshot = order_store::FindCustomerSnapshot(tx, *in.cliente_id);
    }
    FillFromCustomer(o, in, snapshot ? &*snapshot : nullptr);
    if (o.tipo_entrega == "domicilio" && !o.direccion_entrega) {
      return Error::Validation({{"direccion_entrega", "requerido",
                                 "Un pedido a domicilio necesita la dirección (el cliente no "
                                 "tiene una cargada)."}});
    }
    o.horario_entrega_preferido = in.horario_entrega_preferido;
    o.fecha_entrega_estimada = in.fecha_entrega_estimada;
    o.observaciones = in.observaciones;
    o.observaciones_internas = in.observaciones_internas;
    o.creado_por = meta.principal.user_id;
    o.creado_en = now;
    o.actualizado_en = now;

    // L5: productos FOR SHARE in ascending id, so none is deactivated or repriced under us.
    auto lines = MergeCatalogLines(in);
    for (auto& l : lines) {
      auto p = stock::LockProduct(tx, l.producto_id, stock::Lock::kShare);
      if (!p) return Error::ReferenceNotFound(Campo(l));
      l.product = *p;
    }
    for (const auto& l : lines) {
      const auto& p = l.product;
      if (!p.activo) {
        return Error(ErrorCode::kProductInactive, "El producto " + p.nombre + " está desactivado.",
                     json::object{{"producto_id", p.id}});
      }
      if (p.precio_venta_centavos <= 0) {
        return Error(ErrorCode::kProductWithoutPrice,
                     "El producto " + p.nombre + " no tiene precio de venta.",
                     json::object{{"producto_id", p.id}});
      }
    }
    o.ubicacion_id = stock::SalesLocationId(tx);
    // L6: the stock rows in ascending product id; Σ holds after each lock.
    if (in.reservar_stock) {
      std::vector<stock::Shortage> shortages;
      for (const auto& l : lines) {
        auto row = stock::LockStockRow(tx, env_.random, l.producto_id, o.ubicacion_id, now);
        const std::int64_t reservado = stock::Reserved(tx, l.producto_id, o.ubicacion_id, now);
        const std::int64_t disponible = std::max<std::int64_t>(0, row.cantidad - reservado);
        if (l.cantidad > disponible) {
          shortages.push_back({l.producto_id, l.product.nombre, disponible, l.cantidad});
        }
      }
      if (!shortages.empty()) return stock::InsufficientStock(shortages);
    }

    // The lines and the total.
    std::vector<OrderItemRow> items;
    for (const auto& l : lines) {
      OrderItemRow i;
      i.id = core::NewUuidV4(env_.random);
      i.producto_id = l.producto_id;
      i.descripcion = l.product.nombre;
      i.producto_sku = l.product.sku;
      i.unidad = l.product.unidad;
      i.cantidad = l.cantidad;
      i.precio_unitario_centavos = l.product.precio_venta_centavos;
      i.subtotal_centavos =
          core::LineAmount(l.cantidad, i.precio_unitario_centavos, l.product.unidad);
      i.observaciones = l.observaciones;
      items.push_back(std::move(i));
    }
    for (const auto& l : in.items) {
      if (l.producto_id) continue;
      OrderItemRow i;
      i.id = core::NewUuidV4(env_.random);
      i.descripcion = *l.descripcion;
      i.cantidad = l.cantidad;
      i.precio_unitario_centavos = *l.precio_unitario_centavos;
      i.subtotal_centavos = core::LineAmount(l.cantidad, i.precio_unitario_centavos, "u");
      i.observaciones = l.observaciones;
      items.push_back(std::move(i));
    }
    for (const auto& i : items) o.total_centavos += i.subtotal_centavos;
    if (o.total_centavos > core::kMaxCentavos) {
      return Error::Validation(
          {{"items", "rango", "El total del pedido supera $ 1.000.000.000,00."}});
    }
    o.estado_pago = DerivedPaymentState(o.total_centavos, 0);

    // Writes: the order (L4, new), its lines and the holds.
    o.numero = NextHumanNumber(tx, "pedidos", "pedidos_numero_seq");
    order_store::Insert(tx, o);
    bool held = false;
    for (auto& i : items) {
      i.pedido_id = o.id;
      i.creado_en = now;
      i.actualizado_en = now;
      order_store::InsertItem(tx, i);
      if (!in.reservar_stock || !i.producto_id) continue;
      ReservationRow r;
      r.id = core::NewUuidV4(env_.random);
      r.producto_id = *i.producto_id;
      r.ubicacion_id = o.ubicacion_id;
      r.cantidad = i.cantidad;
      r.referencia = "Pedido " + std::to_string(o.numero);
      r.pedido_id = o.id;
      r.pedido_item_id = i.id;
      r.usuario_id = meta.principal.user_id;
      r.creado_en = now;
      r.actualizado_en = now;
      reservation_store::Insert(tx, r);
      held = true;
    }
    auto data = ReadOrderJson(tx, o.id, now);
    BumpCacheVersion(tx, order_state::kCacheNamespace, now);
    // Last: the row every stock write shares.
    if (held) BumpCacheVersion(tx, "stock", now);
    return Outcome{201, std::move(*data), o.id};
  });
}

}  // namespace mm::services
