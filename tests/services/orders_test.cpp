// Customer orders (domain.md §1.5, §2.4; api.md §10.2; I24–I25) on both databases: creation
// priced from the database with one hold per catalogue line, the state machine with its
// refusals, delivery that consumes the holds and takes the stock FEFO (kardex `pedido`),
// cancellation that releases them, the preparation checklist, payments through the drawer and
// the credit ledger, and bad input that leaves no trace. The stock, sale, credit and order
// invariants hold after every test.
#include <gtest/gtest.h>

#include "core/money.hpp"
#include "core/normalize.hpp"
#include "sale_fixture.hpp"
#include "services/cash_register.hpp"
#include "services/order_payments.hpp"
#include "services/orders.hpp"
#include "services/reservations.hpp"
#include "support/credit_invariants.hpp"

namespace mm::services {
namespace {

namespace json = boost::json;

std::int64_t I(const json::value& v) { return v.as_int64(); }
std::string S(const json::value& v) { return std::string(v.as_string()); }

class OrdersTest : public SaleTest {
 protected:
  void SetUp() override {
    SaleTest::SetUp();
    orders_ = std::make_unique<Orders>(*env_, *idem_);
    payments_ = std::make_unique<OrderPayments>(*env_, *idem_);
    reservations_ = std::make_unique<Reservations>(*env_, *idem_);
  }

  void TearDown() override {
    SaleTest::TearDown();
    EXPECT_EQ(testing::CreditInvariantViolations(*db_), std::vector<std::string>{});
    EXPECT_EQ(testing::OrderInvariantViolations(*db_), std::vector<std::string>{});
  }

  std::string Customer(const std::string& nombre, std::int64_t limite, bool activo = true,
                       std::optional<std::string> direccion = std::nullopt) {
    std::string id = core::NewUuidV4(random_);
    Exec(R"sql(
INSERT INTO clientes (id, nombre, busqueda_normalizado, telefono, direccion_default, piso,
                      limite_credito_centavos, activo, version, creado_en, actualizado_en)
VALUES ($1, $2, $3, '11 4444-5555', $4, $5, $6, $7, 0, $8, $8))sql",
         {id, nombre, core::NormalizeSearch(nombre), direccion,
          direccion ? store::Value(std::string("3")) : store::Value(), limite, activo,
          clock_.Now()});
    return id;
  }

  static NewOrderItem Line(const std::string& producto, std::int64_t n) {
    NewOrderItem i;
    i.producto_id = producto;
    i.cantidad = n;
    return i;
  }
  static NewOrderItem Free(const std::string& descripcion, std::int64_t n, std::int64_t precio) {
    NewOrderItem i;
    i.descripcion = descripcion;
    i.cantidad = n;
    i.precio_unitario_centavos = precio;
    return i;
  }
  static NewOrder Order(std::vector<NewOrderItem> items, bool reservar = true) {
    NewOrder o;
    o.cliente_nombre = "Marta Gómez";
    o.cliente_telefono = "11 5555-0000";
    o.reservar_stock = reservar;
    o.items = std::move(items);
    return o;
  }

  IdempotencyKey NewKey(const std::string& scope, const char* user = kCajero) {
    const std::string k = "o-" + std::to_string(++keys_);
    return IdempotencyKey{scope, user, k, "fp-" + k};
  }

  core::Result<IdempotentReply> Create(const NewOrder& in) {
    return orders_->Create(NewKey("POST /api/pedidos"), Meta(), in);
  }
  json::object CreateOk(const NewOrder& in) {
    auto r = Create(in);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : std::string(r.error().Message()));
    if (!r.ok()) return {};
    EXPECT_EQ(r->status, 201);
    return json::parse(r->data_json).as_object();
  }

  core::Result<IdempotentReply> Move(const std::string& id, const std::string& estado,
                                     std::optional<std::int64_t> version = std::nullopt,
                                     std::optional<std::string> motivo = std::nullopt) {
    OrderStateChange c{estado, version, std::move(motivo)};
    return orders_->ChangeState(std::nullopt, Meta(), id, c);
  }
  json::object MoveOk(const std::string& id, const std::string& estado,
                      std::optional<std::string> motivo = std::nullopt) {
    auto r = Move(id, estado, std::nullopt, std::move(motivo));
    EXPECT_TRUE(r.ok()) << estado << ": " << (r.ok() ? "" : std::string(r.error().Message()));
    if (!r.ok()) return {};
    return json::parse(r->data_json).as_object();
  }

  void TickAll(const json::object& pedido) {
    for (const auto& i : pedido.at("items").as_array()) {
      auto r = orders_->SetItemPrepared(Meta(), S(i.at("id")), true);
      ASSERT_TRUE(r.ok()) << r.error().Message();
    }
  }

  core::Result<IdempotentReply> Pay(const std::string& id, const std::string& metodo,
                                    std::int64_t monto, const std::string& tipo = "pago") {
    OrderPaymentInput in{tipo, metodo, monto, std::nullopt};
    return payments_->Register(NewKey("POST /api/pedidos/:id/pagos"), Meta(), id, in);
  }

  std::map<std::string, std::int64_t> OrderSnapshot() {
    auto s = Snapshot();
    for (const char* t : {"pedidos", "pedido_items", "pedido_pagos", "stock_reservado",
                          "cuentas_corrientes_movimientos"}) {
      s[t] = Scalar(std::string("SELECT COUNT(*) FROM ") + t);
    }
    s["pagado"] = Scalar("SELECT COALESCE(SUM(pagado_centavos), 0) FROM pedidos");
    s["versiones"] = Scalar("SELECT COALESCE(SUM(version), 0) FROM pedidos");
    s["saldos"] = Scalar("SELECT COALESCE(SUM(saldo_centavos), 0) FROM clientes");
    return s;
  }

  std::int64_t Available(const std::string& producto) {
    return db_->Read([&](store::Tx& tx) {
      auto row = stock::FindStockRow(tx, producto, kPrincipal);
      return (row ? row->cantidad : 0) - stock::Reserved(tx, producto, kPrincipal, clock_.Now());
    });
  }

  std::unique_ptr<Orders> orders_;
  std::unique_ptr<OrderPayments> payments_;
  std::unique_ptr<Reservations> reservations_;
};

TEST_P(OrdersTest, CreatesPricedFromTheDatabaseMergedWithOneHoldPerCatalogueLine) {
  auto yerba = Product("Yerba 1 kg", 150000, 90000);
  auto queso = Product("Queso por peso", 1234500, 700000, "g");
  Stock(yerba, 20);
  Stock(queso, 5000);
  auto o = CreateOk(
      Order({Line(yerba, 2), Line(queso, 250), Line(yerba, 3), Free("Bolsa de hielo", 2, 80000)}));
  const std::int64_t queso_subtotal = core::LineAmount(250, 1234500, "g");
  EXPECT_EQ(I(o.at("total_centavos")), 5 * 150000 + queso_subtotal + 2 * 80000);
  EXPECT_EQ(S(o.at("estado")), "pendiente");
  EXPECT_EQ(S(o.at("estado_pago")), "pendiente");
  EXPECT_EQ(I(o.at("numero")), 1);
  EXPECT_EQ(S(o.at("cliente_nombre")), "Marta Gómez");
  const auto& items = o.at("items").as_array();
  ASSERT_EQ(items.size(), 3u);  // the yerba lines merged
  std::map<std::string, json::object> by_desc;
  for (const auto& i : items) by_desc[S(i.at("descripcion"))] = i.as_object();
  EXPECT_EQ(I(by_desc["Yerba 1 kg"].at("cantidad")), 5);
  EXPECT_EQ(I(by_desc["Yerba 1 kg"].at("precio_unitario_centavos")), 150000);
  EXPECT_EQ(I(by_desc["Queso por peso"].at("subtotal_centavos")), queso_subtotal);
  EXPECT_TRUE(by_desc["Bolsa de hielo"].at("producto_id").is_null());
  EXPECT_EQ(I(by_desc["Bolsa de hielo"].at("subtotal_centavos")), 160000);
  const auto& reservas = o.at("reservas").as_array();
  ASSERT_EQ(reservas.size(), 2u);
  for (const auto& r : reservas) {
    EXPECT_EQ(S(r.at("estado")), "activa");
    EXPECT_TRUE(r.at("expira_en").is_null());
    EXPECT_EQ(S(r.at("referencia")), "Pedido 1");
    EXPECT_EQ(S(r.at("pedido_id")), S(o.at("id")));
    const std::string producto = S(r.at("producto_id"));
    const auto& item = producto == yerba ? by_desc["Yerba 1 kg"] : by_desc["Queso por peso"];
    EXPECT_EQ(S(r.at("pedido_item_id")), S(item.at("id")));
    EXPECT_EQ(I(r.at("cantidad")), I(item.at("cantidad")));
  }
  EXPECT_EQ(Available(yerba), 15);
  EXPECT_EQ(Available(queso), 4750);
  EXPECT_EQ(Qty(yerba), 20);  // a hold moves no stock
  // The next order takes the next number.
  auto o2 = CreateOk(Order({Free("Encargo", 1, 100)}));
  EXPECT_EQ(I(o2.at("numero")), 2);
  EXPECT_TRUE(o2.at("reservas").as_array().empty());
}

TEST_P(OrdersTest, ReplayWithTheSameKeyCreatesOneOrder) {
  auto yerba = Product("Yerba", 1000, 500);
  Stock(yerba, 10);
  auto in = Order({Line(yerba, 4)});
  IdempotencyKey key{"POST /api/pedidos", kCajero, "same", "fp-same"};
  auto a = orders_->Create(key, Meta(), in);
  auto b = orders_->Create(key, Meta(), in);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_FALSE(a->replayed);
  EXPECT_TRUE(b->replayed);
  EXPECT_EQ(a->data_json, b->data_json);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM pedidos"), 1);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM stock_reservado"), 1);
  EXPECT_EQ(Available(yerba), 6);
}

TEST_P(OrdersTest, BadInputAndRefusalsLeaveNoTrace) {
  auto yerba = Product("Yerba", 1000, 500);
  auto apagado = Product("Discontinuado", 1000, 500, "u", false);
  auto sin_precio = Product("Sin precio", 0, 500);
  Stock(yerba, 10);
  auto inactivo = Customer("Cliente Inactivo", 0, false);
  const auto before = OrderSnapshot();
  auto code = [](const core::Result<IdempotentReply>& r) { return Code(r); };

  auto priced = Line(yerba, 1);
  priced.precio_unitario_centavos = 1;
  auto r = Create(Order({priced}));
  EXPECT_EQ(code(r), "VALIDATION_ERROR");
  EXPECT_EQ(S(r.error().details.at("campos").as_array()[0].at("campo")),
            "items[0].precio_unitario_centavos");

  auto no_price = Free("Algo", 1, 0);
  no_price.precio_unitario_centavos.reset();
  auto no_desc = Free("", 1, 100);
  no_desc.descripcion.reset();
  r = Create(Order({no_price, no_desc}));
  EXPECT_EQ(code(r), "VALIDATION_ERROR");
  EXPECT_EQ(r.error().details.at("campos").as_array().size(), 2u);

  auto domicilio = Order({Line(yerba, 1)});
  domicilio.tipo_entrega = "domicilio";
  r = Create(domicilio);
  EXPECT_EQ(code(r), "VALIDATION_ERROR");
  EXPECT_EQ(S(r.error().details.at("campos").as_array()[0].at("campo")), "direccion_entrega");
  // A customer without a default address does not supply one.
  domicilio.cliente_id = Customer("Sin Dirección", 0);
  EXPECT_EQ(code(Create(domicilio)), "VALIDATION_ERROR");

  EXPECT_EQ(code(Create(Order({}))), "VALIDATION_ERROR");
  EXPECT_EQ(code(Create(Order({Line(yerba, 0)}))), "VALIDATION_ERROR");
  EXPECT_EQ(code(Create(Order({Line(apagado, 1)}))), "PRODUCT_INACTIVE");
  EXPECT_EQ(code(Create(Order({Line(sin_precio, 1)}))), "PRODUCT_WITHOUT_PRICE");
  r = Create(Order({Line(yerba, 1), Line(kUnknown, 1)}));
  EXPECT_EQ(code(r), "REFERENCE_NOT_FOUND");
  EXPECT_EQ(S(r.error().details.at("campo")), "items[1].producto_id");
  auto with_customer = Order({Line(yerba, 1)});
  with_customer.cliente_id = kUnknown;
  r = Create(with_customer);
  EXPECT_EQ(code(r), "REFERENCE_NOT_FOUND");
  EXPECT_EQ(S(r.error().details.at("campo")), "cliente_id");
  with_customer.cliente_id = inactivo;
  EXPECT_EQ(code(Create(with_customer)), "CUSTOMER_INACTIVE");
  EXPECT_EQ(code(orders_->Create(std::nullopt, Meta(), Order({Line(yerba, 1)}))),
            "IDEMPOTENCY_KEY_REQUIRED");
  EXPECT_EQ(OrderSnapshot(), before);
}

TEST_P(OrdersTest, InsufficientStockListsEveryShortProductAndChangesNothing) {
  auto a = Product("Arroz", 1000, 500);
  auto b = Product("Fideos", 1000, 500);
  auto c = Product("Aceite", 1000, 500);
  Stock(a, 3);
  Stock(b, 10);
  CreateOk(Order({Line(b, 8)}));  // holds 8 of 10
  const auto before = OrderSnapshot();
  auto r = Create(Order({Line(a, 5), Line(b, 3), Line(c, 1)}));
  ASSERT_EQ(Code(r), "INSUFFICIENT_STOCK");
  const auto& items = r.error().details.at("items").as_array();
  ASSERT_EQ(items.size(), 3u);
  std::map<std::string, std::pair<std::int64_t, std::int64_t>> got;
  for (const auto& i : items) {
    got[S(i.at("producto_id"))] = {I(i.at("disponible")), I(i.at("solicitado"))};
  }
  EXPECT_EQ(got[a], std::make_pair(std::int64_t{3}, std::int64_t{5}));
  EXPECT_EQ(got[b], std::make_pair(std::int64_t{2}, std::int64_t{3}));
  EXPECT_EQ(got[c], std::make_pair(std::int64_t{0}, std::int64_t{1}));
  EXPECT_EQ(OrderSnapshot(), before);
  // Without reserving, the same order is accepted and holds nothing.
  auto o = CreateOk(Order({Line(a, 5), Line(b, 3), Line(c, 1)}, false));
  EXPECT_TRUE(o.at("reservas").as_array().empty());
  EXPECT_EQ(Available(b), 2);
}

TEST_P(OrdersTest, CustomerPrefillsTheSnapshotAndTheDeliveryAddress) {
  auto yerba = Product("Yerba", 1000, 500);
  Stock(yerba, 10);
  auto cliente = Customer("Rosa Pérez", 0, true, "Av. Siempreviva 742");
  NewOrder in = Order({Line(yerba, 1)});
  in.cliente_id = cliente;
  in.cliente_nombre.reset();
  in.cliente_telefono.reset();
  in.tipo_entrega = "domicilio";
  auto o = CreateOk(in);
  EXPECT_EQ(S(o.at("cliente_id")), cliente);
  EXPECT_EQ(S(o.at("cliente_nombre")), "Rosa Pérez");
  EXPECT_EQ(S(o.at("cliente_telefono")), "11 4444-5555");
  EXPECT_EQ(S(o.at("direccion_entrega")), "Av. Siempreviva 742");
  EXPECT_EQ(S(o.at("piso")), "3");
  // The body's own address wins over the default one.
  in.direccion_entrega = "Calle Falsa 123";
  o = CreateOk(in);
  EXPECT_EQ(S(o.at("direccion_entrega")), "Calle Falsa 123");
  EXPECT_TRUE(o.at("piso").is_null());
}

TEST_P(OrdersTest, FullLifecycleConsumesTheHoldsAndTakesTheStockFefo) {
  auto leche = Product("Leche", 1200, 800);
  auto pan = Product("Pan", 500, 200);
  Stock(leche, 4, "L-TARDE", "2026-12-20");
  Stock(leche, 4, "L-PRONTO", "2026-12-05");
  Stock(pan, 10);
  auto o = CreateOk(Order({Line(leche, 6), Line(pan, 2), Free("Envoltorio", 1, 0)}));
  const std::string id = S(o.at("id"));
  EXPECT_EQ(I(o.at("version")), 0);
  auto p = MoveOk(id, "preparando");
  EXPECT_EQ(S(p.at("estado")), "preparando");
  EXPECT_FALSE(p.at("preparando_en").is_null());
  EXPECT_EQ(S(p.at("preparado_por").at("id")), kCajero);
  EXPECT_EQ(I(p.at("version")), 1);
  // listo needs every line prepared.
  auto first = S(o.at("items").as_array()[0].at("id"));
  ASSERT_TRUE(orders_->SetItemPrepared(Meta(), first, true).ok());
  auto r = Move(id, "listo");
  ASSERT_EQ(Code(r), "INVALID_STATE_TRANSITION");
  EXPECT_EQ(r.error().details.at("items_sin_preparar").as_array().size(), 2u);
  TickAll(o);
  auto l = MoveOk(id, "listo");
  EXPECT_FALSE(l.at("listo_en").is_null());
  EXPECT_EQ(Qty(leche), 8);
  auto e = MoveOk(id, "entregado");
  EXPECT_EQ(S(e.at("estado")), "entregado");
  EXPECT_EQ(S(e.at("entregado_por").at("id")), kCajero);
  EXPECT_EQ(I(e.at("version")), 3);
  for (const auto& h : e.at("reservas").as_array()) EXPECT_EQ(S(h.at("estado")), "consumida");
  EXPECT_EQ(Qty(leche), 2);
  EXPECT_EQ(Qty(pan), 8);
  // FEFO: the lot that expires first is emptied first.
  EXPECT_EQ(LotQty(leche, "L-PRONTO"), 0);
  EXPECT_EQ(LotQty(leche, "L-TARDE"), 2);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM movimientos_deposito WHERE tipo = 'pedido'"), 2);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM movimiento_lotes ml JOIN movimientos_deposito m ON "
                   "m.id = ml.movimiento_id WHERE m.tipo = 'pedido'"),
            3);
  EXPECT_EQ(Available(leche), 2);
  // Terminal.
  r = Move(id, "cancelado", std::nullopt, "Ya no lo quiere");
  ASSERT_EQ(Code(r), "INVALID_STATE_TRANSITION");
  EXPECT_EQ(S(r.error().details.at("estado_actual")), "entregado");
  EXPECT_TRUE(r.error().details.at("permitidos").as_array().empty());
}

TEST_P(OrdersTest, DeliveryWithoutAHoldTakesAvailableStockOrRefuses) {
  auto yerba = Product("Yerba", 1000, 500);
  Stock(yerba, 5);
  auto o = CreateOk(Order({Line(yerba, 4)}, false));
  const std::string id = S(o.at("id"));
  MoveOk(id, "preparando");
  TickAll(o);
  MoveOk(id, "listo");
  // Someone else holds 3 of the 5 meanwhile.
  NewReservation hold;
  hold.producto_id = yerba;
  hold.cantidad = 3;
  auto h =
      reservations_->Create(IdempotencyKey{"POST /api/reservas", kCajero, "h", "h"}, Meta(), hold);
  ASSERT_TRUE(h.ok());
  const auto before = OrderSnapshot();
  auto r = Move(id, "entregado");
  ASSERT_EQ(Code(r), "INSUFFICIENT_STOCK");
  const auto& item = r.error().details.at("items").as_array()[0];
  EXPECT_EQ(I(item.at("disponible")), 2);
  EXPECT_EQ(I(item.at("solicitado")), 4);
  EXPECT_EQ(OrderSnapshot(), before);
  const std::string hold_id = S(json::parse(h->data_json).at("reserva").at("id"));
  ASSERT_TRUE(reservations_->Cancel(std::nullopt, Meta(), hold_id, std::nullopt).ok());
  MoveOk(id, "entregado");
  EXPECT_EQ(Qty(yerba), 1);
}

TEST_P(OrdersTest, CancelReleasesTheHolds) {
  auto yerba = Product("Yerba", 1000, 500);
  Stock(yerba, 5);
  auto o = CreateOk(Order({Line(yerba, 5)}));
  EXPECT_EQ(Available(yerba), 0);
  auto r = Move(S(o.at("id")), "cancelado");
  EXPECT_EQ(Code(r), "VALIDATION_ERROR");  // motivo required
  auto c = MoveOk(S(o.at("id")), "cancelado", "El cliente no vino");
  EXPECT_EQ(S(c.at("estado")), "cancelado");
  EXPECT_EQ(S(c.at("motivo_cancelacion")), "El cliente no vino");
  EXPECT_EQ(S(c.at("cancelado_por").at("id")), kCajero);
  EXPECT_EQ(S(c.at("reservas").as_array()[0].at("estado")), "cancelada");
  EXPECT_EQ(Available(yerba), 5);
  EXPECT_EQ(Qty(yerba), 5);
}

TEST_P(OrdersTest, CancelWithPaymentsNeedsTheRefundFirst) {
  OpenSession();
  auto yerba = Product("Yerba", 1000, 500);
  Stock(yerba, 5);
  auto o = CreateOk(Order({Line(yerba, 2)}));
  const std::string id = S(o.at("id"));
  ASSERT_TRUE(Pay(id, "efectivo", 1500).ok());
  const auto before = OrderSnapshot();
  auto r = Move(id, "cancelado", std::nullopt, "Se arrepintió");
  ASSERT_EQ(Code(r), "INVALID_STATE_TRANSITION");
  EXPECT_EQ(S(r.error().details.at("motivo")), "tiene_pagos");
  EXPECT_EQ(OrderSnapshot(), before);
  ASSERT_TRUE(Pay(id, "efectivo", 1500, "reembolso").ok());
  MoveOk(id, "cancelado", "Se arrepintió");
  EXPECT_EQ(Available(yerba), 5);
  // A cancelled order accepts only refunds.
  r = Pay(id, "debito", 100);
  EXPECT_EQ(Code(r), "INVALID_STATE_TRANSITION");
  EXPECT_EQ(db_->Read([](store::Tx& tx) { return cash::ExpectedCash(tx, kSesion); }), 10000);
}

TEST_P(OrdersTest, RefusesOtherEdgesAndStaleVersions) {
  auto o = CreateOk(Order({Free("Torta", 1, 50000)}));
  const std::string id = S(o.at("id"));
  auto r = Move(id, "listo");
  ASSERT_EQ(Code(r), "INVALID_STATE_TRANSITION");
  EXPECT_EQ(S(r.error().details.at("estado_actual")), "pendiente");
  EXPECT_EQ(r.error().details.at("permitidos"),
            json::value(json::array{"preparando", "cancelado"}));
  EXPECT_EQ(Code(Move(id, "entregado")), "INVALID_STATE_TRANSITION");
  EXPECT_EQ(Code(Move(id, "pendiente")), "INVALID_STATE_TRANSITION");
  r = Move(id, "preparando", 7);
  ASSERT_EQ(Code(r), "VERSION_CONFLICT");
  EXPECT_EQ(I(r.error().details.at("version_actual")), 0);
  ASSERT_TRUE(Move(id, "preparando", 0).ok());
  // The same request again (a second clerk with the version they read) is refused.
  EXPECT_EQ(Code(Move(id, "preparando", 0)), "VERSION_CONFLICT");
  EXPECT_EQ(Code(Move(id, "preparando")), "INVALID_STATE_TRANSITION");
  EXPECT_EQ(Code(Move(kUnknown, "preparando")), "NOT_FOUND");
}

TEST_P(OrdersTest, ItemChecklistStampsAndNeedsAnOpenOrder) {
  auto o = CreateOk(Order({Free("Torta", 1, 50000)}));
  const std::string item = S(o.at("items").as_array()[0].at("id"));
  auto t = orders_->SetItemPrepared(Meta(), item, true);
  ASSERT_TRUE(t.ok());
  EXPECT_TRUE(t->at("preparado").as_bool());
  EXPECT_EQ(S(t->at("preparado_por").at("id")), kCajero);
  EXPECT_FALSE(t->at("preparado_en").is_null());
  t = orders_->SetItemPrepared(Meta(), item, false);
  ASSERT_TRUE(t.ok());
  EXPECT_FALSE(t->at("preparado").as_bool());
  EXPECT_TRUE(t->at("preparado_por").is_null());
  EXPECT_TRUE(t->at("preparado_en").is_null());
  EXPECT_EQ(orders_->SetItemPrepared(Meta(), kUnknown, true).error().code,
            core::ErrorCode::kNotFound);
  MoveOk(S(o.at("id")), "cancelado", "Sin stock de torta");
  auto r = orders_->SetItemPrepared(Meta(), item, true);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, core::ErrorCode::kInvalidStateTransition);
}

TEST_P(OrdersTest, PaymentsAddUpAndStayWithinTheTotal) {
  OpenSession(5000);
  auto o = CreateOk(Order({Free("Torta", 1, 10000)}));
  const std::string id = S(o.at("id"));
  auto r = Pay(id, "efectivo", 4000);
  ASSERT_TRUE(r.ok()) << r.error().Message();
  EXPECT_EQ(r->status, 201);
  auto d = json::parse(r->data_json).as_object();
  EXPECT_EQ(I(d.at("pedido").at("pagado_centavos")), 4000);
  EXPECT_EQ(S(d.at("pedido").at("estado_pago")), "parcial");
  EXPECT_EQ(S(d.at("pago").at("sesion_caja_id")), kSesion);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM movimientos_caja WHERE tipo = 'pago_pedido' AND "
                   "monto_centavos = 4000 AND pedido_id IS NOT NULL"),
            1);
  EXPECT_EQ(db_->Read([](store::Tx& tx) { return cash::ExpectedCash(tx, kSesion); }), 9000);
  ASSERT_TRUE(Pay(id, "transferencia", 5000).ok());
  const auto before = OrderSnapshot();
  r = Pay(id, "debito", 1001);
  ASSERT_EQ(Code(r), "PAYMENT_EXCEEDS_TOTAL");
  EXPECT_EQ(I(r.error().details.at("saldo_pendiente_centavos")), 1000);
  r = Pay(id, "efectivo", 9001, "reembolso");
  ASSERT_EQ(Code(r), "CONFLICT");
  EXPECT_EQ(S(r.error().details.at("motivo")), "reembolso_excede_pagado");
  r = Pay(id, "cuenta_corriente", 100);  // the order has no customer
  EXPECT_EQ(Code(r), "VALIDATION_ERROR");
  EXPECT_EQ(Code(Pay(kUnknown, "debito", 100)), "NOT_FOUND");
  EXPECT_EQ(OrderSnapshot(), before);
  r = Pay(id, "debito", 1000);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(S(json::parse(r->data_json).at("pedido").at("estado_pago")), "pagado");
  ASSERT_TRUE(Pay(id, "efectivo", 3000, "reembolso").ok());
  EXPECT_EQ(db_->Read([](store::Tx& tx) { return cash::ExpectedCash(tx, kSesion); }), 6000);
  auto g = orders_->Get(id);
  ASSERT_TRUE(g.ok());
  EXPECT_EQ(I(g->at("pagado_centavos")), 7000);
  EXPECT_EQ(S(g->at("estado_pago")), "parcial");
  EXPECT_EQ(g->at("pagos").as_array().size(), 4u);
}

TEST_P(OrdersTest, CashNeedsAnOpenSession) {
  auto o = CreateOk(Order({Free("Torta", 1, 10000)}));
  const auto before = OrderSnapshot();
  EXPECT_EQ(Code(Pay(S(o.at("id")), "efectivo", 100)), "CASH_SESSION_CLOSED");
  EXPECT_EQ(OrderSnapshot(), before);
  EXPECT_TRUE(Pay(S(o.at("id")), "qr", 100).ok());
}

TEST_P(OrdersTest, CreditAccountPaymentIsALedgerChargeWithinTheLimit) {
  auto cliente = Customer("Rosa Pérez", 15000);
  NewOrder in = Order({Free("Torta", 1, 20000)});
  in.cliente_id = cliente;
  auto o = CreateOk(in);
  const std::string id = S(o.at("id"));
  auto r = Pay(id, "cuenta_corriente", 12000);
  ASSERT_TRUE(r.ok()) << r.error().Message();
  auto pago = json::parse(r->data_json).at("pago").as_object();
  EXPECT_FALSE(pago.at("cc_movimiento_id").is_null());
  EXPECT_TRUE(pago.at("sesion_caja_id").is_null());
  EXPECT_EQ(Scalar("SELECT saldo_centavos FROM clientes WHERE id = '" + cliente + "'"), 12000);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM cuentas_corrientes_movimientos WHERE tipo = 'cargo' "
                   "AND monto_centavos = 12000 AND pedido_id IS NOT NULL"),
            1);
  const auto before = OrderSnapshot();
  r = Pay(id, "cuenta_corriente", 3001);
  ASSERT_EQ(Code(r), "CREDIT_LIMIT_EXCEEDED");
  EXPECT_EQ(I(r.error().details.at("excedente_centavos")), 1);
  EXPECT_EQ(OrderSnapshot(), before);
  // A cc refund credits the account back (ledger devolucion).
  ASSERT_TRUE(Pay(id, "cuenta_corriente", 2000, "reembolso").ok());
  EXPECT_EQ(Scalar("SELECT saldo_centavos FROM clientes WHERE id = '" + cliente + "'"), 10000);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM cuentas_corrientes_movimientos WHERE tipo = "
                   "'devolucion' AND monto_centavos = -2000"),
            1);
}

TEST_P(OrdersTest, PatchChangesDeliveryOnlyWhileOpen) {
  auto o = CreateOk(Order({Free("Torta", 1, 10000)}));
  const std::string id = S(o.at("id"));
  OrderPatch p;
  p.tipo_entrega = "domicilio";
  auto r = orders_->Update(Meta(), id, p);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, core::ErrorCode::kValidationError);
  p.direccion_entrega = std::optional<std::string>("Belgrano 380");
  p.observaciones_internas = std::optional<std::string>("Tocar timbre 2");
  p.fecha_entrega_estimada = std::optional<std::string>("2026-12-01");
  p.version = 0;
  r = orders_->Update(Meta(), id, p);
  ASSERT_TRUE(r.ok()) << r.error().Message();
  EXPECT_EQ(S(r->at("tipo_entrega")), "domicilio");
  EXPECT_EQ(S(r->at("direccion_entrega")), "Belgrano 380");
  EXPECT_EQ(S(r->at("fecha_entrega_estimada")), "2026-12-01");
  EXPECT_EQ(I(r->at("version")), 1);
  r = orders_->Update(Meta(), id, p);  // version 0 is stale now
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, core::ErrorCode::kVersionConflict);
  OrderPatch clear;
  clear.observaciones_internas = std::optional<std::string>();
  r = orders_->Update(Meta(), id, clear);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->at("observaciones_internas").is_null());
  MoveOk(id, "preparando");
  ASSERT_TRUE(orders_->SetItemPrepared(Meta(), S(o.at("items").as_array()[0].at("id")), true).ok());
  MoveOk(id, "listo");
  r = orders_->Update(Meta(), id, clear);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, core::ErrorCode::kInvalidStateTransition);
}

TEST_P(OrdersTest, ListFiltersSearchesAndCounts) {
  auto cliente = Customer("Rosa Pérez", 0);
  NewOrder a = Order({Free("Torta", 1, 10000), Free("Velas", 2, 500)});
  a.cliente_id = cliente;
  a.cliente_nombre.reset();
  a.cliente_telefono.reset();
  auto oa = CreateOk(a);
  clock_.Advance(std::chrono::minutes(1));
  NewOrder b = Order({Free("Pan dulce", 1, 9000)});
  b.cliente_nombre = "Ñandú Martínez";
  b.cliente_telefono = "11 2222-3333";
  b.tipo_entrega = "domicilio";
  b.direccion_entrega = "Av. Rivadavia 1000";
  auto ob = CreateOk(b);
  ASSERT_TRUE(
      orders_->SetItemPrepared(Meta(), S(oa.at("items").as_array()[0].at("id")), true).ok());
  MoveOk(S(ob.at("id")), "preparando");

  auto list = [&](OrderFilter f) {
    std::int64_t total = 0;
    auto r = orders_->List(f, &total);
    EXPECT_TRUE(r.ok());
    std::vector<std::int64_t> numeros;
    for (const auto& o : *r) numeros.push_back(I(o.at("numero")));
    EXPECT_EQ(total, static_cast<std::int64_t>(numeros.size()));
    return numeros;
  };
  OrderFilter f;
  EXPECT_EQ(list(f), (std::vector<std::int64_t>{2, 1}));
  f.estados = {"preparando"};
  EXPECT_EQ(list(f), (std::vector<std::int64_t>{2}));
  f = {};
  f.cliente_id = cliente;
  EXPECT_EQ(list(f), (std::vector<std::int64_t>{1}));
  f = {};
  f.tipo_entrega = "domicilio";
  EXPECT_EQ(list(f), (std::vector<std::int64_t>{2}));
  f = {};
  f.q = "nandu";
  EXPECT_EQ(list(f), (std::vector<std::int64_t>{2}));
  f.q = "ROSA per";
  EXPECT_EQ(list(f), (std::vector<std::int64_t>{1}));
  f.q = "2222";
  EXPECT_EQ(list(f), (std::vector<std::int64_t>{2}));
  f.q = "1";  // both phones contain a 1; numero 1 comes first
  auto numeros = list(f);
  ASSERT_FALSE(numeros.empty());
  EXPECT_EQ(numeros.front(), 1);
  f.q = "2";
  EXPECT_EQ(list(f).front(), 2);
  f = {};
  f.estados_pago = {"pagado"};
  EXPECT_TRUE(list(f).empty());
  std::int64_t total = 0;
  auto rows = orders_->List(OrderFilter{}, &total);
  ASSERT_TRUE(rows.ok());
  const auto& first = (*rows)[1].as_object();  // numero 1
  EXPECT_EQ(I(first.at("items_count")), 2);
  EXPECT_EQ(I(first.at("items_preparados")), 1);
  EXPECT_EQ(S(first.at("cliente_nombre")), "Rosa Pérez");
  EXPECT_EQ(orders_->Get(kUnknown).error().code, core::ErrorCode::kNotFound);
}

MM_INSTANTIATE_BACKENDS(OrdersTest);

}  // namespace
}  // namespace mm::services
