#include "services/demo_orders.hpp"

#include <boost/json/parse.hpp>

#include <optional>
#include <string>
#include <vector>

#include "core/store_calendar.hpp"
#include "services/demo_users.hpp"
#include "services/stock_ledger.hpp"
#include "services/user_store.hpp"

namespace mm::services {
namespace {

namespace json = boost::json;

struct Plan {
  std::string deposito, ventas;
  std::string jorge, rosa;                                  // demo customers
  std::vector<std::pair<std::string, std::int64_t>> shelf;  // product id, unit price
};

std::optional<Plan> Read(store::Tx& tx) {
  if (tx.QueryOne("SELECT id FROM pedidos LIMIT 1")) return std::nullopt;
  auto deposito = user_store::FindByEmail(tx, DemoUserEmails().at(1));
  auto ventas = user_store::FindByEmail(tx, DemoUserEmails().at(2));
  auto jorge = tx.QueryOne("SELECT id FROM clientes WHERE nombre = 'Jorge Fernández'");
  auto rosa = tx.QueryOne("SELECT id FROM clientes WHERE nombre = 'Rosa Benítez'");
  if (!deposito || !ventas || !jorge || !rosa) return std::nullopt;
  Plan plan{deposito->id, ventas->id, jorge->Text(0), rosa->Text(0), {}};
  // Well-stocked everyday products of the generated catalogue (SKU P-…, never a fixture).
  for (const auto& r : tx.Query(
           "SELECT p.id, p.precio_venta_centavos FROM productos p JOIN stock_deposito s ON "
           "s.producto_id = p.id WHERE s.ubicacion_id = $1 AND s.cantidad >= 20 AND p.activo AND "
           "p.unidad = 'u' AND p.precio_venta_centavos > 0 AND p.sku LIKE 'P-%' ORDER BY p.sku "
           "LIMIT 5",
           {std::string(stock::kPrincipalId)})) {
    plan.shelf.emplace_back(r.Text(0), r.Int(1));
  }
  if (plan.shelf.size() < 5) return std::nullopt;
  return plan;
}

NewOrderItem Line(const std::string& producto_id, std::int64_t cantidad) {
  NewOrderItem i;
  i.producto_id = producto_id;
  i.cantidad = cantidad;
  return i;
}

}  // namespace

int WriteDemoOrders(Env& env, Orders& orders, OrderPayments& payments) {
  auto plan = env.db.Read([](store::Tx& tx) { return Read(tx); });
  if (!plan) return 0;
  const auto ventas = DemoMeta(plan->ventas, core::Role::kVentas);
  const auto deposito = DemoMeta(plan->deposito, core::Role::kDeposito);
  const auto today = core::StoreCalendar::Default().DayOf(env.clock.Now());
  int n = 0;
  // Creates the order; returns its id and its lines' ids.
  auto create = [&](const NewOrder& in) -> std::optional<json::object> {
    IdempotencyKey key{"POST /api/pedidos", plan->ventas, "demo-pedido-" + std::to_string(n + 1),
                       "demo-data"};
    auto r = orders.Create(key, ventas, in);
    if (!r.ok()) return std::nullopt;
    ++n;
    return json::parse(r->data_json).as_object();
  };
  auto move = [&](const std::string& id, const char* estado) {
    OrderStateChange change;
    change.estado = estado;
    return orders.ChangeState(std::nullopt, deposito, id, change).ok();
  };
  auto prepare_all = [&](const json::object& o) {
    for (const auto& item : o.at("items").as_array()) {
      (void)orders.SetItemPrepared(deposito, std::string(item.at("id").as_string()), true);
    }
  };
  auto pay_all = [&](const json::object& o, const char* metodo, const char* referencia) {
    OrderPaymentInput pago;
    pago.metodo = metodo;
    pago.monto_centavos = o.at("total_centavos").as_int64();
    pago.referencia = referencia;
    const std::string id(o.at("id").as_string());
    IdempotencyKey key{"POST /api/pedidos/:id/pagos", plan->ventas, "demo-pago-" + id, "demo-data"};
    (void)payments.Register(key, ventas, id, pago);
  };

  // 1. A regular's delivery for tomorrow, still pending: its stock is held.
  NewOrder jorge;
  jorge.cliente_id = plan->jorge;
  jorge.tipo_entrega = "domicilio";
  jorge.horario_entrega_preferido = "De 18 a 20";
  jorge.fecha_entrega_estimada = core::FormatDate(core::AddDays(today, 1));
  jorge.observaciones = "Tocar timbre de abajo.";
  jorge.items = {Line(plan->shelf[0].first, 2), Line(plan->shelf[1].first, 1)};
  NewOrderItem hielo;
  hielo.descripcion = "Bolsa de hielo 2 kg";
  hielo.cantidad = 1;
  hielo.precio_unitario_centavos = 150000;
  jorge.items.push_back(hielo);
  (void)create(jorge);

  // 2. A WhatsApp pickup, ready on the counter and paid by transfer.
  NewOrder carla;
  carla.cliente_nombre = "Carla Suárez";
  carla.cliente_telefono = "11 5032-7788";
  carla.observaciones_internas = "Avisar por WhatsApp cuando esté listo.";
  carla.items = {Line(plan->shelf[2].first, 3), Line(plan->shelf[3].first, 2)};
  if (auto o = create(carla)) {
    const std::string id(o->at("id").as_string());
    if (move(id, "preparando")) {
      prepare_all(*o);
      (void)move(id, "listo");
    }
    pay_all(*o, "transferencia", "Transferencia de Carla");
  }

  // 3. A pickup already delivered and paid by QR: its stock left as a `pedido` movement.
  NewOrder rosa;
  rosa.cliente_id = plan->rosa;
  rosa.items = {Line(plan->shelf[4].first, 1)};
  if (auto o = create(rosa)) {
    const std::string id(o->at("id").as_string());
    pay_all(*o, "qr", "QR Mercado Pago");
    if (move(id, "preparando")) {
      prepare_all(*o);
      if (move(id, "listo")) (void)move(id, "entregado");
    }
  }
  return n;
}

}  // namespace mm::services
