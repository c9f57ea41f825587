// Voids and returns on both backends, on sales recorded by the Sales service: what a void or a
// return restores is exactly what the sale took (lots and stock rows), a repeated void replays
// with its key and is refused with a new one, partial returns refund exact remainders, returns
// never refund more than was paid, waste moves no stock, a cash refund needs an open session, the
// role rules, and bad input that changes nothing. The stock and sale invariants hold after every
// test (CashTest::TearDown).
#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <thread>

#include "cash_fixture.hpp"
#include "services/sale_refunds.hpp"
#include "services/sales.hpp"
#include "support/test_env.hpp"

namespace mm::services {
namespace {

namespace json = boost::json;
using core::ErrorCode;

class SaleRefundsTest : public CashTest {
 protected:
  static constexpr const char* kLeche = "c0000000-0000-4000-8000-0000000000d1";

  void SetUp() override {
    CashTest::SetUp();
    // Leche in three lots: A expires first, then B, then the lot without expiry.
    Product(kLeche, "Leche 1 L", "LEC-1", "u", 1000);
    AddLot(kLeche, "A", "2026-12-05", 3);
    AddLot(kLeche, "B", "2026-12-20", 3);
    AddLot(kLeche, "", std::nullopt, 4);
    sales_ = std::make_unique<Sales>(*env_, *idem_, SalesOptions{72});
    refunds_ = std::make_unique<SaleRefunds>(*env_, *idem_);
  }

  void AddLot(const char* producto, const std::string& lote, std::optional<std::string> fecha,
              std::int64_t n) {
    db_->Write([&](store::Tx& tx) {
      auto now = clock_.Now();
      auto row = stock::LockStockRow(tx, random_, producto, kPrincipal, now);
      auto lots = stock::LockLots(tx, row, core::StoreCalendar::Default().DayOf(now));
      auto lot = stock::EnsureLot(tx, random_, row, lots, lote, fecha, now, now);
      stock::MovementSpec spec;
      spec.tipo = "entrada";
      spec.lots = {{lot, n}};
      stock::ApplyMovement(tx, random_, row, lots, spec, now);
    });
  }

  // lot code → quantity, and the row's quantity under "*".
  std::map<std::string, std::int64_t> Stock(const char* producto) {
    return db_->Read([&](store::Tx& tx) {
      std::map<std::string, std::int64_t> out;
      for (const auto& r :
           tx.Query("SELECT l.lote, l.cantidad FROM stock_lotes l JOIN stock_deposito s ON s.id = "
                    "l.stock_id WHERE s.producto_id = $1 AND s.ubicacion_id = $2",
                    {std::string(producto), std::string(kPrincipal)})) {
        out[r.Text(0)] = r.Int(1);
      }
      out["*"] = tx.QueryOne(
                       "SELECT cantidad FROM stock_deposito WHERE producto_id = $1 AND "
                       "ubicacion_id = $2",
                       {std::string(producto), std::string(kPrincipal)})
                     ->Int(0);
      return out;
    });
  }

  // Records a sale through the Sales service; returns its JSON.
  json::object Sell(std::vector<sale_pricing::LineIn> items, std::vector<SalePayment> pagos,
                    const char* user = kVero) {
    NewSale in;
    in.items = std::move(items);
    in.pagos = std::move(pagos);
    std::string fp = std::to_string(++keys_);
    auto r = sales_->Record(Key("POST /api/ventas", user, "venta-" + fp, fp), Meta(user), in);
    return Data(r);
  }
  // The total of a line set (the quote).
  std::int64_t Total(std::vector<sale_pricing::LineIn> items) {
    NewSale in;
    in.items = std::move(items);
    auto q = sales_->Quote(Meta(), in);
    EXPECT_TRUE(q.ok());
    return q.ok() ? I(q->at("total_centavos")) : 0;
  }

  core::Result<IdempotentReply> Void(const std::string& venta, const char* user = kVero,
                                     std::optional<std::string> key = std::nullopt,
                                     std::string motivo = "Cliente arrepentido") {
    VoidInput in{motivo};
    return refunds_->Void(
        Key("POST /api/ventas/:id/anular", user, key.value_or(NextKey()), venta + "|" + motivo),
        Meta(user), venta, in);
  }
  core::Result<IdempotentReply> Return(const std::string& venta, std::vector<ReturnItemInput> items,
                                       bool restock = true, const char* user = kVero,
                                       std::string motivo = "Vencido") {
    ReturnInput in{std::move(items), restock, motivo};
    std::string fp = venta + "|" + std::to_string(++keys_);
    return refunds_->Return(Key("POST /api/ventas/:id/devoluciones", user, NextKey(), fp),
                            Meta(user), venta, in);
  }

  static std::string ItemId(const json::object& venta, std::size_t i) {
    return S(venta.at("items").at(i).at("id"));
  }

  // Rows a void or a return writes.
  std::vector<std::int64_t> Footprint() {
    return {Count("devoluciones"),
            Count("devolucion_items"),
            Count("devolucion_reintegros"),
            Count("movimientos_caja"),
            Count("movimientos_deposito"),
            Count("idempotency_keys"),
            Count("audit_log"),
            Scalar("SELECT COALESCE(SUM(devuelto_centavos), 0) FROM ventas"),
            Scalar("SELECT COUNT(*) FROM ventas WHERE estado = 'anulada'"),
            Scalar("SELECT COALESCE(SUM(cantidad_devuelta), 0) FROM venta_items"),
            Scalar("SELECT COALESCE(SUM(monto_reintegrado_centavos), 0) FROM venta_pagos"),
            Scalar("SELECT COALESCE(SUM(cantidad), 0) FROM stock_lotes")};
  }

  std::unique_ptr<Sales> sales_;
  std::unique_ptr<SaleRefunds> refunds_;
};

TEST_P(SaleRefundsTest, AVoidPutsBackExactlyWhatTheSaleTookAndRefundsEveryMethod) {
  ASSERT_TRUE(Open(10000).ok());
  const auto before = Stock(kLeche);
  const auto yerba_before = Stock(kYerba);
  // 5 Leche: 3 from A, 2 from B (FEFO); 2 Yerba. Paid part cash, part debit.
  const auto total = Total({{kLeche, 5}, {kYerba, 2}});
  auto venta = Sell({{kLeche, 5}, {kYerba, 2}}, {{"efectivo", 2000}, {"debito", total - 2000}});
  auto sold = Stock(kLeche);
  EXPECT_EQ(sold["A"], 0);
  EXPECT_EQ(sold["B"], 1);
  EXPECT_EQ(sold[""], 4);

  auto r = Void(S(venta.at("id")));
  ASSERT_TRUE(r.ok()) << r.error().Message();
  EXPECT_EQ(r->status, 200);
  auto v = Data(r);
  EXPECT_EQ(S(v.at("estado")), "anulada");
  EXPECT_EQ(I(v.at("devuelto_centavos")), total);
  EXPECT_EQ(Stock(kLeche), before);
  EXPECT_EQ(Stock(kYerba), yerba_before);
  for (const auto& it : v.at("items").as_array()) {
    EXPECT_EQ(I(it.at("devuelto")), I(it.at("cantidad")));
  }
  for (const auto& p : v.at("pagos").as_array()) {
    EXPECT_EQ(I(p.at("monto_reintegrado_centavos")), I(p.at("monto_centavos")));
  }
  ASSERT_FALSE(v.at("anulacion").is_null());
  EXPECT_EQ(I(v.at("anulacion").at("total_centavos")), total);

  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM movimientos_deposito WHERE tipo = 'anulacion'"), 2);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM devolucion_reintegros"), 2);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM audit_log WHERE accion = 'venta_anulada' AND nivel = "
                   "'warning'"),
            1);
  // The cash share left the drawer of the open session.
  auto a = Arqueo();
  EXPECT_EQ(I(a.at("anulaciones_efectivo_centavos")), 2000);
  EXPECT_EQ(I(a.at("devoluciones_efectivo_centavos")), 0);
  EXPECT_EQ(I(a.at("efectivo_esperado_centavos")), 10000);
}

TEST_P(SaleRefundsTest, ARepeatedVoidReplaysWithItsKeyAndIsRefusedWithANewOne) {
  ASSERT_TRUE(Open(0).ok());
  auto venta = Sell({{kYerba, 1}}, {{"efectivo", 333}});
  const std::string id = S(venta.at("id"));
  auto first = Void(id, kVero, "anular-1");
  ASSERT_TRUE(first.ok());
  auto again = Void(id, kVero, "anular-1");
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->replayed);
  EXPECT_EQ(again->data_json, first->data_json);
  auto before = Footprint();
  auto other = Void(id, kVero, "anular-2");
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.error().code, ErrorCode::kInvalidStateTransition);
  EXPECT_EQ(S(other.error().details.at("estado_actual")), "anulada");
  EXPECT_EQ(Footprint(), before);
  EXPECT_EQ(Count("devoluciones"), 1);
}

TEST_P(SaleRefundsTest, WhoMayVoidAndWhen) {
  ASSERT_TRUE(Open(0, kVero).ok());
  auto venta = Sell({{kYerba, 1}}, {{"debito", 333}}, kVero);
  const std::string id = S(venta.at("id"));
  auto before = Footprint();
  // Another cashier's sale: 403.
  auto foreign = Void(id, kOtro);
  ASSERT_FALSE(foreign.ok());
  EXPECT_EQ(foreign.error().code, ErrorCode::kForbidden);
  auto missing = Void("e0000000-0000-4000-8000-00000000000e", kAdmin);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
  auto bad = Void(id, kVero, std::nullopt, "no");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, ErrorCode::kValidationError);
  EXPECT_EQ(Footprint(), before);

  // A sale with a return cannot be voided.
  auto other = Sell({{kYerba, 2}}, {{"debito", 666}}, kVero);
  ASSERT_TRUE(Return(S(other.at("id")), {{ItemId(other, 0), 1}}).ok());
  auto partial = Void(S(other.at("id")), kAdmin);
  ASSERT_FALSE(partial.ok());
  EXPECT_EQ(partial.error().code, ErrorCode::kInvalidStateTransition);

  // Once its session is closed: the cashier gets 403, the admin 409 (use a return).
  ASSERT_TRUE(Close(0, kVero).ok());
  ASSERT_TRUE(Open(0, kVero).ok());
  before = Footprint();
  auto closed_v = Void(id, kVero);
  ASSERT_FALSE(closed_v.ok());
  EXPECT_EQ(closed_v.error().code, ErrorCode::kForbidden);
  auto closed_a = Void(id, kAdmin);
  ASSERT_FALSE(closed_a.ok());
  EXPECT_EQ(closed_a.error().code, ErrorCode::kInvalidStateTransition);
  EXPECT_EQ(Footprint(), before);
  // A return still works.
  EXPECT_TRUE(Return(id, {{ItemId(venta, 0), 1}}).ok());
}

TEST_P(SaleRefundsTest, PartialReturnsRefundExactRemainders) {
  ASSERT_TRUE(Open(0).ok());
  // 300 g of cheese at $123,45/kg = 3703.5 → 3704, which 3 does not divide.
  auto venta = Sell({{kQueso, 300}}, {{"efectivo", 3704}});
  const std::string id = S(venta.at("id"));
  ASSERT_EQ(I(venta.at("total_centavos")), 3704);
  const std::string item = ItemId(venta, 0);
  std::vector<std::int64_t> refunds;
  for (int i = 0; i < 3; ++i) {
    auto r = Data(Return(id, {{item, 100}}));
    EXPECT_EQ(I(r.at("items").at(0).at("cantidad")), 100);
    refunds.push_back(I(r.at("total_centavos")));
    EXPECT_EQ(S(r.at("reintegros").at(0).at("metodo")), "efectivo");
    EXPECT_EQ(I(r.at("reintegros").at(0).at("monto_centavos")), refunds.back());
  }
  EXPECT_EQ(refunds, (std::vector<std::int64_t>{1234, 1235, 1235}));
  EXPECT_EQ(ReturnLineRefund(3704, 0, 300, 0, 100), 1234);
  EXPECT_EQ(ReturnLineRefund(3704, 2469, 300, 200, 100), 1235);  // the exact remainder
  auto got = sales_->Get(Meta(), id);
  ASSERT_TRUE(got.ok());
  const auto& v = *got;
  EXPECT_EQ(I(v.at("devuelto_centavos")), 3704);
  EXPECT_EQ(I(v.at("items").at(0).at("monto_devuelto_centavos")), 3704);
  EXPECT_EQ(v.at("devoluciones").as_array().size(), 3u);
  // Nothing is left to return.
  auto more = Return(id, {{item, 1}});
  ASSERT_FALSE(more.ok());
  EXPECT_EQ(more.error().code, ErrorCode::kReturnExceedsSold);
  EXPECT_EQ(I(more.error().details.at("items").at(0).at("disponible")), 0);
  EXPECT_EQ(I(Arqueo().at("efectivo_esperado_centavos")), 0);
}

TEST_P(SaleRefundsTest, ReturnsFillCashFirstAndNeverRefundMoreThanWasPaid) {
  ASSERT_TRUE(Open(0).ok());
  // 6 Yerba = 1998: 500 cash, the rest by QR.
  auto venta = Sell({{kYerba, 6}}, {{"qr", 1498}, {"efectivo", 500}});
  const std::string id = S(venta.at("id"));
  const std::string item = ItemId(venta, 0);
  // 2 units = 666: cash first (500), then QR (166).
  auto r1 = Data(Return(id, {{item, 2}}));
  EXPECT_EQ(r1.at("reintegros"),
            (json::array{json::object{{"metodo", "efectivo"}, {"monto_centavos", 500}},
                         json::object{{"metodo", "qr"}, {"monto_centavos", 166}}}));
  // Asking for more than is left lists the line; nothing changes.
  auto before = Footprint();
  auto over = Return(id, {{item, 5}});
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.error().code, ErrorCode::kReturnExceedsSold);
  const auto& x = over.error().details.at("items").at(0);
  EXPECT_EQ(S(x.at("venta_item_id")), item);
  EXPECT_EQ(I(x.at("disponible")), 4);
  EXPECT_EQ(I(x.at("solicitado")), 5);
  EXPECT_EQ(Footprint(), before);
  // The rest goes to QR only, and the sale is refunded exactly what was paid.
  auto r2 = Data(Return(id, {{item, 4}}));
  EXPECT_EQ(r2.at("reintegros"),
            (json::array{json::object{{"metodo", "qr"}, {"monto_centavos", 1332}}}));
  db_->Read([&](store::Tx& tx) {
    for (const auto& p : tx.Query(
             "SELECT metodo, monto_centavos, monto_reintegrado_centavos FROM venta_pagos WHERE "
             "venta_id = $1",
             {id})) {
      EXPECT_EQ(p.Int(1), p.Int(2)) << p.Text(0);
    }
  });
  EXPECT_EQ(I(Arqueo().at("devoluciones_efectivo_centavos")), 500);
}

TEST_P(SaleRefundsTest, RestockedUnitsGoBackToTheLotsTheSaleTookLastTakenFirst) {
  ASSERT_TRUE(Open(0).ok());
  const auto before = Stock(kLeche);
  // 6 Leche: A 3, B 3.
  auto venta = Sell({{kLeche, 6}}, {{"debito", 6000}});
  const std::string id = S(venta.at("id"));
  const std::string item = ItemId(venta, 0);
  auto s0 = Stock(kLeche);
  EXPECT_EQ(s0["A"], 0);
  EXPECT_EQ(s0["B"], 0);
  // 2 back: both into B (taken last).
  ASSERT_TRUE(Return(id, {{item, 2}}).ok());
  auto s1 = Stock(kLeche);
  EXPECT_EQ(s1["A"], 0);
  EXPECT_EQ(s1["B"], 2);
  // 1 as waste: no stock moves, but it comes off B's share.
  ASSERT_TRUE(Return(id, {{item, 1}}, false).ok());
  EXPECT_EQ(Stock(kLeche), s1);
  // The last 3 restocked: A's 3 (B's share is used up).
  ASSERT_TRUE(Return(id, {{item, 3}}).ok());
  auto s2 = Stock(kLeche);
  EXPECT_EQ(s2["A"], 3);
  EXPECT_EQ(s2["B"], 2);
  EXPECT_EQ(s2["*"], before.at("*") - 1);  // the waste unit
}

TEST_P(SaleRefundsTest, AWasteReturnMovesNoStock) {
  ASSERT_TRUE(Open(0).ok());
  auto venta = Sell({{kLeche, 2}}, {{"efectivo", 2000}});
  const auto sold = Stock(kLeche);
  const auto kardex = Count("movimientos_deposito");
  auto r = Data(Return(S(venta.at("id")), {{ItemId(venta, 0), 2}}, false));
  EXPECT_FALSE(r.at("reingresa_stock").as_bool());
  EXPECT_EQ(I(r.at("total_centavos")), 2000);
  EXPECT_EQ(Stock(kLeche), sold);
  EXPECT_EQ(Count("movimientos_deposito"), kardex);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM audit_log WHERE accion = 'devolucion'"), 1);
}

TEST_P(SaleRefundsTest, ACashRefundNeedsAnOpenSession) {
  ASSERT_TRUE(Open(0).ok());
  auto cash = Sell({{kYerba, 1}}, {{"efectivo", 333}});
  auto card = Sell({{kYerba, 1}}, {{"credito", 333}});
  ASSERT_TRUE(Close(333).ok());
  auto before = Footprint();
  auto r = Return(S(cash.at("id")), {{ItemId(cash, 0), 1}});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kCashSessionClosed);
  EXPECT_EQ(Footprint(), before);
  // A card refund needs no drawer.
  auto ok = Data(Return(S(card.at("id")), {{ItemId(card, 0), 1}}));
  EXPECT_TRUE(ok.at("sesion_caja_id").is_null());
  // With the next session open, the cash leaves that drawer.
  ASSERT_TRUE(Open(1000).ok());
  ASSERT_TRUE(Return(S(cash.at("id")), {{ItemId(cash, 0), 1}}).ok());
  EXPECT_EQ(I(Arqueo().at("efectivo_esperado_centavos")), 1000 - 333);
}

TEST_P(SaleRefundsTest, ReturnRefusalsChangeNothing) {
  ASSERT_TRUE(Open(0).ok());
  auto venta = Sell({{kYerba, 2}}, {{"debito", 666}});
  auto other = Sell({{kLeche, 1}}, {{"debito", 1000}});
  const std::string id = S(venta.at("id"));
  const std::string item = ItemId(venta, 0);
  auto before = Footprint();
  auto expect = [&](const core::Result<IdempotentReply>& r, ErrorCode code) {
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, code) << r.error().Message();
    EXPECT_EQ(Footprint(), before);
  };
  expect(Return(id, {{ItemId(other, 0), 1}}), ErrorCode::kReferenceNotFound);
  expect(Return("e0000000-0000-4000-8000-00000000000e", {{item, 1}}), ErrorCode::kNotFound);
  expect(Return(id, {}), ErrorCode::kValidationError);
  expect(Return(id, {{item, 0}}), ErrorCode::kValidationError);
  expect(Return(id, {{item, 1}, {item, 1}}), ErrorCode::kValidationError);
  expect(Return(id, {{item, 1}}, true, kVero, "ab"), ErrorCode::kValidationError);
  expect(Return(id, {{item, 3}}), ErrorCode::kReturnExceedsSold);
  // A voided sale has nothing to return.
  ASSERT_TRUE(Void(id).ok());
  before = Footprint();
  auto r = Return(id, {{item, 1}});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidStateTransition);
  EXPECT_EQ(S(r.error().details.at("estado_actual")), "anulada");
  EXPECT_EQ(Footprint(), before);
}

TEST_P(SaleRefundsTest, TheArqueoCountsSalesVoidsReturnsAndMovements) {
  ASSERT_TRUE(Open(5000).ok());
  auto a = Sell({{kYerba, 3}}, {{"efectivo", 999}});
  auto b = Sell({{kLeche, 2}}, {{"efectivo", 1500}, {"debito", 500}});
  auto c = Sell({{kYerba, 1}}, {{"efectivo", 333}});
  ASSERT_TRUE(Move("ingreso", 700).ok());
  ASSERT_TRUE(Move("retiro", 200).ok());
  ASSERT_TRUE(Void(S(c.at("id"))).ok());                                // −333 cash
  ASSERT_TRUE(Return(S(a.at("id")), {{ItemId(a, 0), 1}}).ok());         // −333 cash
  ASSERT_TRUE(Return(S(b.at("id")), {{ItemId(b, 0), 2}}, false).ok());  // −1500 cash, −500 debit
  auto q = Arqueo();
  EXPECT_EQ(I(q.at("ventas_efectivo_centavos")), 999 + 1500 + 333);
  EXPECT_EQ(I(q.at("anulaciones_efectivo_centavos")), 333);
  EXPECT_EQ(I(q.at("devoluciones_efectivo_centavos")), 333 + 1500);
  EXPECT_EQ(I(q.at("ingresos_centavos")), 700);
  EXPECT_EQ(I(q.at("retiros_centavos")), 200);
  const std::int64_t esperado = 5000 + 999 + 1500 + 333 - 333 - 333 - 1500 + 700 - 200;
  EXPECT_EQ(I(q.at("efectivo_esperado_centavos")), esperado);
  auto closed = Data(Close(esperado));
  EXPECT_EQ(I(closed.at("sesion").at("diferencia_centavos")), 0);
}

TEST_P(SaleRefundsTest, ConcurrentVoidsAndReturnsNeverRefundTwice) {
  ASSERT_TRUE(Open(0).ok());
  const auto before = Stock(kLeche);
  const int n = static_cast<int>(testing::Scaled(8, 4));
  // n cashiers' retries of a void with different keys: one void.
  auto venta = Sell({{kLeche, 5}}, {{"efectivo", 5000}});
  const std::string id = S(venta.at("id"));
  std::atomic<int> voided{0};
  std::atomic<int> refused{0};
  std::atomic<int> other{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < n; ++i) {
    threads.emplace_back([&, i] {
      auto r = refunds_->Void(
          Key("POST /api/ventas/:id/anular", kAdmin, "void-" + std::to_string(i), id), Meta(kAdmin),
          id, VoidInput{"Duplicada"});
      if (r.ok()) {
        ++voided;
      } else if (r.error().code == ErrorCode::kInvalidStateTransition) {
        ++refused;
      } else {
        ++other;
      }
    });
  }
  for (auto& t : threads) t.join();
  threads.clear();
  EXPECT_EQ(voided.load(), 1);
  EXPECT_EQ(refused.load(), n - 1);
  EXPECT_EQ(other.load(), 0);
  EXPECT_EQ(Stock(kLeche), before);

  // n returns of 1 unit each on a line of 3: exactly 3 succeed, the rest exceed what was sold.
  auto three = Sell({{kLeche, 3}}, {{"efectivo", 3000}});
  const std::string id3 = S(three.at("id"));
  const std::string item = ItemId(three, 0);
  std::atomic<int> returned{0};
  std::atomic<int> exceeded{0};
  for (int i = 0; i < n; ++i) {
    threads.emplace_back([&, i] {
      ReturnInput in{{{item, 1}}, true, "Devuelto"};
      auto r = refunds_->Return(
          Key("POST /api/ventas/:id/devoluciones", kVero, "ret-" + std::to_string(i), id3),
          Meta(kVero), id3, in);
      if (r.ok()) {
        ++returned;
      } else if (r.error().code == ErrorCode::kReturnExceedsSold) {
        ++exceeded;
      } else {
        ++other;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(returned.load(), 3);
  EXPECT_EQ(exceeded.load(), n - 3);
  EXPECT_EQ(other.load(), 0);
  EXPECT_EQ(Stock(kLeche), before);
  EXPECT_EQ(I(Arqueo().at("efectivo_esperado_centavos")), 0);
}

MM_INSTANTIATE_BACKENDS(SaleRefundsTest);

}  // namespace
}  // namespace mm::services
