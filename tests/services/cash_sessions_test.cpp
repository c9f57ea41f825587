// Cash sessions on both backends: one open session at a time (also under concurrent opens), cash
// in and out, the arqueo arithmetic (opening + cash sales − cash refunds ± movements = expected),
// the close with and without a difference, the tolerance (warning audit, outbox row, bitácora
// note), the per-row role rule, and bad input that changes nothing.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "cash_fixture.hpp"
#include "core/money_text.hpp"
#include "support/test_env.hpp"

namespace mm::services {
namespace {

namespace json = boost::json;
using core::ErrorCode;

class CashSessionsTest : public CashTest {
 protected:
  // A return of `cantidad` units of one line as waste (no stock moves), refunded `monto` in cash
  // from the open session: the rows a return writes, for the arithmetic of the arqueo.
  void CashRefund(const BookedSale& s, std::size_t item, std::int64_t cantidad,
                  std::int64_t monto) {
    db_->Write([&](store::Tx& tx) {
      auto now = clock_.Now();
      auto session = cash::LockOpen(tx, cash::Hold::kShare);
      std::string id = core::NewUuidV4(random_);
      tx.Exec(R"sql(
INSERT INTO devoluciones (id, numero, venta_id, tipo, reingresa_stock, sesion_caja_id, usuario_id,
                          motivo, total_centavos, creado_en)
VALUES ($1, $2, $3, 'devolucion', $4, $5, $6, 'Vencido', $7, $8))sql",
              {id, NextHumanNumber(tx, "devoluciones", "devoluciones_numero_seq"), s.id, false,
               session->id, kVero, monto, now});
      tx.Exec(
          "INSERT INTO devolucion_items (devolucion_id, venta_item_id, cantidad, monto_centavos) "
          "VALUES ($1, $2, $3, $4)",
          {id, s.item_ids.at(item), cantidad, monto});
      tx.Exec(
          "INSERT INTO devolucion_reintegros (devolucion_id, metodo, monto_centavos) VALUES ($1, "
          "'efectivo', $2)",
          {id, monto});
      tx.Exec(
          "UPDATE venta_items SET cantidad_devuelta = cantidad_devuelta + $2, "
          "monto_devuelto_centavos = monto_devuelto_centavos + $3 WHERE id = $1",
          {s.item_ids.at(item), cantidad, monto});
      tx.Exec(
          "UPDATE venta_pagos SET monto_reintegrado_centavos = monto_reintegrado_centavos + $2 "
          "WHERE venta_id = $1 AND metodo = 'efectivo'",
          {s.id, monto});
      tx.Exec("UPDATE ventas SET devuelto_centavos = devuelto_centavos + $2 WHERE id = $1",
              {s.id, monto});
      cash::CashFlow flow;
      flow.sesion_id = session->id;
      flow.tipo = "devolucion";
      flow.monto_centavos = -monto;
      flow.venta_id = s.id;
      flow.devolucion_id = id;
      flow.usuario_id = kVero;
      cash::RecordFlow(tx, random_, flow, now);
    });
  }

  void Tick() { clock_.Advance(std::chrono::minutes(1)); }

  // Rows every write of this file may touch.
  std::vector<std::int64_t> Footprint() {
    return {Count("sesiones_caja"),
            Count("movimientos_caja"),
            Count("idempotency_keys"),
            Count("audit_log"),
            Count("bitacora_turnos"),
            Count("notification_outbox"),
            Scalar("SELECT COUNT(*) FROM sesiones_caja WHERE estado = 'cerrada'")};
  }

  void Recipient() {
    Exec(R"sql(
INSERT INTO notification_recipients (id, event_type, channel, address, active, creado_en,
                                     actualizado_en)
VALUES ('f0000000-0000-4000-8000-000000000001', 'cash_difference', 'email',
        'duenio@tienda.local', $1, $2, $2))sql",
         {true, clock_.Now()});
  }
};

TEST_P(CashSessionsTest, OpeningMakesTheSessionCurrentAndASecondOpenIsRefused) {
  EXPECT_TRUE(cash_->Current()->is_null());
  auto r = Open(50000, kVero, "Cambio del día", "abrir-1");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->status, 201);
  auto s = Data(r);
  EXPECT_EQ(I(s.at("numero")), 1);
  EXPECT_EQ(S(s.at("estado")), "abierta");
  EXPECT_EQ(I(s.at("monto_inicial_centavos")), 50000);
  EXPECT_EQ(S(s.at("abierta_por").at("id")), kVero);
  EXPECT_EQ(S(s.at("abierta_por").at("nombre")), "Vero Ventas");
  EXPECT_EQ(S(s.at("observaciones")), "Cambio del día");
  EXPECT_EQ(S(cash_->Current()->at("id")), S(s.at("id")));
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM audit_log WHERE accion = 'caja_abierta'"), 1);

  // The same key replays the same session; a new key is refused while it is open.
  auto again = Open(50000, kVero, "Cambio del día", "abrir-1");
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->replayed);
  EXPECT_EQ(again->data_json, r->data_json);
  auto before = Footprint();
  auto other = Open(1000, kOtro);
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.error().code, ErrorCode::kCashSessionAlreadyOpen);
  EXPECT_EQ(S(other.error().details.at("sesion_id")), S(s.at("id")));
  EXPECT_EQ(Footprint(), before);

  // Once closed, the next session gets the next number.
  ASSERT_TRUE(Close(50000).ok());
  EXPECT_TRUE(cash_->Current()->is_null());
  auto next = Data(Open(0, kOtro));
  EXPECT_EQ(I(next.at("numero")), 2);
}

TEST_P(CashSessionsTest, ConcurrentOpensLeaveExactlyOneSession) {
  const int n = static_cast<int>(testing::Scaled(8, 2));
  std::atomic<int> created{0};
  std::atomic<int> refused{0};
  std::atomic<int> other{0};
  std::vector<std::string> refused_ids(n);
  std::vector<std::thread> threads;
  for (int i = 0; i < n; ++i) {
    threads.emplace_back([&, i] {
      OpenCashInput in{1000 + i, std::nullopt};
      auto key = Key("POST /api/caja/apertura", kVero, "concurrente-" + std::to_string(i),
                     std::to_string(i));
      auto r = cash_->Open(key, Meta(), in);
      if (r.ok() && r->status == 201) {
        ++created;
      } else if (!r.ok() && r.error().code == ErrorCode::kCashSessionAlreadyOpen) {
        ++refused;
        const auto& id = r.error().details.at("sesion_id");
        if (id.is_string()) refused_ids[i] = S(id);
      } else {
        ++other;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(created.load(), 1);
  EXPECT_EQ(refused.load(), n - 1);
  EXPECT_EQ(other.load(), 0);
  EXPECT_EQ(Count("sesiones_caja"), 1);
  auto winner = S(cash_->Current()->at("id"));
  for (int i = 0; i < n; ++i) {
    if (!refused_ids[i].empty()) {
      EXPECT_EQ(refused_ids[i], winner);
    }
  }
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM audit_log WHERE accion = 'caja_abierta'"), 1);
}

TEST_P(CashSessionsTest, ExpectedCashIsOpeningPlusCashSalesMinusCashRefundsPlusOrMinusMovements) {
  ASSERT_TRUE(Open(10000).ok());
  Tick();
  // Yerba at $3,33: 3 units = 999. Cheese by weight: 250 g at $123,45/kg = 3086.25 → 3086.
  auto t1 = SaleTotal({{kYerba, 3}});
  auto s1 = BookSale({{kYerba, 3}}, {{"efectivo", t1, 1}});
  auto t2 = SaleTotal({{kQueso, 250}});
  ASSERT_EQ(t2, 3086);
  auto s2 = BookSale({{kQueso, 250}}, {{"debito", t2}});
  auto t3 = SaleTotal({{kYerba, 2}, {kQueso, 100}});
  auto s3 = BookSale({{kYerba, 2}, {kQueso, 100}}, {{"efectivo", 500, 0}, {"qr", t3 - 500}});
  Tick();
  ASSERT_TRUE(Move("ingreso", 2000, kVero, "Cambio del banco").ok());
  ASSERT_TRUE(Move("retiro", 1500, kAdmin, "Pago a proveedor").ok());
  Tick();
  CashRefund(s1, 0, 1, 333);
  (void)s2;
  (void)s3;

  const std::int64_t esperado = 10000 + t1 + 500 - 333 + 2000 - 1500;
  auto a = Arqueo();
  EXPECT_EQ(I(a.at("monto_inicial_centavos")), 10000);
  EXPECT_EQ(I(a.at("ventas_efectivo_centavos")), t1 + 500);
  EXPECT_EQ(I(a.at("devoluciones_efectivo_centavos")), 333);
  EXPECT_EQ(I(a.at("anulaciones_efectivo_centavos")), 0);
  EXPECT_EQ(I(a.at("cobros_cc_efectivo_centavos")), 0);
  EXPECT_EQ(I(a.at("cobros_pedidos_efectivo_centavos")), 0);
  EXPECT_EQ(I(a.at("reembolsos_pedidos_efectivo_centavos")), 0);
  EXPECT_EQ(I(a.at("ingresos_centavos")), 2000);
  EXPECT_EQ(I(a.at("retiros_centavos")), 1500);
  EXPECT_EQ(I(a.at("efectivo_esperado_centavos")), esperado);
  EXPECT_TRUE(a.at("efectivo_contado_centavos").is_null());
  EXPECT_TRUE(a.at("diferencia_centavos").is_null());
  json::array metodos{
      json::object{{"metodo", "efectivo"}, {"cantidad", 2}, {"total_centavos", t1 + 500}},
      json::object{{"metodo", "debito"}, {"cantidad", 1}, {"total_centavos", t2}},
      json::object{{"metodo", "qr"}, {"cantidad", 1}, {"total_centavos", t3 - 500}}};
  EXPECT_EQ(a.at("ventas_por_metodo"), metodos);
  EXPECT_EQ(
      db_->Read([&](store::Tx& tx) { return cash::ExpectedCash(tx, S(a.at("sesion").at("id"))); }),
      esperado);

  // Counted exactly: no difference, no observaciones needed, nothing announced.
  Recipient();
  Tick();
  auto closed = Data(Close(esperado));
  EXPECT_EQ(S(closed.at("sesion").at("estado")), "cerrada");
  EXPECT_EQ(S(closed.at("sesion").at("cerrada_por").at("id")), kVero);
  EXPECT_EQ(I(closed.at("sesion").at("efectivo_esperado_centavos")), esperado);
  EXPECT_EQ(I(closed.at("sesion").at("diferencia_centavos")), 0);
  EXPECT_EQ(I(closed.at("arqueo").at("efectivo_contado_centavos")), esperado);
  EXPECT_EQ(I(closed.at("arqueo").at("diferencia_centavos")), 0);
  EXPECT_EQ(closed.at("arqueo").at("ventas_por_metodo"), metodos);
  EXPECT_EQ(Count("notification_outbox"), 0);
  EXPECT_EQ(Count("bitacora_turnos"), 0);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM audit_log WHERE accion = 'caja_cerrada' AND nivel = "
                   "'info'"),
            1);
  // The stored resumen keeps the per-method totals and the cash figures.
  auto resumen = json::parse(db_->Read([&](store::Tx& tx) {
                   return tx.QueryOne("SELECT resumen FROM sesiones_caja")->Text(0);
                 })).as_object();
  EXPECT_EQ(resumen.at("ventas_por_metodo"), metodos);
  EXPECT_EQ(I(resumen.at("efectivo_esperado_centavos")), esperado);
  EXPECT_EQ(I(resumen.at("devoluciones_por_metodo").at(0).at("total_centavos")), 333);

  // A closed session's arqueo keeps its figures; with no session open there is no default one.
  auto past = Arqueo(kVero, S(closed.at("sesion").at("id")));
  EXPECT_EQ(I(past.at("efectivo_esperado_centavos")), esperado);
  EXPECT_EQ(I(past.at("efectivo_contado_centavos")), esperado);
  auto none = cash_->Arqueo(Meta(), std::nullopt);
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().code, ErrorCode::kNotFound);
}

TEST_P(CashSessionsTest, ARetiroAboveTheExpectedCashIsRefused) {
  ASSERT_TRUE(Open(1000).ok());
  ASSERT_TRUE(Move("ingreso", 500).ok());
  auto before = Footprint();
  auto r = Move("retiro", 1501);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kConflict);
  EXPECT_EQ(S(r.error().details.at("motivo")), "efectivo_insuficiente");
  EXPECT_EQ(Footprint(), before);
  // Exactly the expected cash may leave the drawer.
  auto ok = Data(Move("retiro", 1500));
  EXPECT_EQ(I(ok.at("monto_centavos")), -1500);
  EXPECT_EQ(S(ok.at("tipo")), "retiro");
  EXPECT_EQ(I(ok.at("efectivo_esperado_centavos")), 0);
  auto r2 = Move("retiro", 1);
  ASSERT_FALSE(r2.ok());
  EXPECT_EQ(r2.error().code, ErrorCode::kConflict);
}

TEST_P(CashSessionsTest, WithoutAnOpenSessionMovementsAndTheCloseAreRefused) {
  auto before = Footprint();
  for (auto r : {Move("ingreso", 100), Move("retiro", 100), Close(0)}) {
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::kCashSessionClosed);
  }
  EXPECT_EQ(Footprint(), before);
  ASSERT_TRUE(Open(100).ok());
  ASSERT_TRUE(Close(100).ok());
  auto after = Footprint();
  auto r = Move("ingreso", 100);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kCashSessionClosed);
  EXPECT_EQ(Footprint(), after);
}

TEST_P(CashSessionsTest, ADifferenceNeedsObservacionesAndWithinToleranceIsOnlyAudited) {
  Recipient();
  ASSERT_TRUE(Open(10000).ok());
  auto before = Footprint();
  for (std::optional<std::string> obs :
       {std::optional<std::string>{}, std::optional<std::string>{"no"}}) {
    auto r = Close(9000, kVero, obs);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::kValidationError);
    EXPECT_EQ(Footprint(), before);
  }
  EXPECT_FALSE(cash_->Current()->is_null());
  // −$10,00 is exactly the default tolerance (1000): not above it.
  auto closed = Data(Close(9000, kVero, "Faltó cambio"));
  EXPECT_EQ(I(closed.at("sesion").at("diferencia_centavos")), -1000);
  EXPECT_EQ(S(closed.at("sesion").at("observaciones")), "Faltó cambio");
  EXPECT_EQ(Count("notification_outbox"), 0);
  EXPECT_EQ(Count("bitacora_turnos"), 0);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM audit_log WHERE accion = 'caja_cerrada' AND nivel = "
                   "'info'"),
            1);
}

TEST_P(CashSessionsTest, ADifferenceAboveToleranceIsAWarningAShiftNoteAndANotification) {
  Recipient();
  ASSERT_TRUE(Open(10000, kVero).ok());
  auto t = SaleTotal({{kYerba, 5}});
  BookSale({{kYerba, 5}}, {{"efectivo", t, 0}});
  const std::int64_t esperado = 10000 + t;
  Tick();
  // The admin closes the cashier's session, $15,00 short.
  auto closed = Data(Close(esperado - 1500, kAdmin, "Billete falso\nrevisar cámaras"));
  const std::string id = S(closed.at("sesion").at("id"));
  EXPECT_EQ(I(closed.at("sesion").at("diferencia_centavos")), -1500);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM audit_log WHERE accion = 'caja_cerrada' AND nivel = "
                   "'warning'"),
            1);

  db_->Read([&](store::Tx& tx) {
    auto note = tx.QueryOne("SELECT usuario_id, nota FROM bitacora_turnos");
    ASSERT_TRUE(note.has_value());
    EXPECT_EQ(note->Text(0), kAdmin);
    EXPECT_NE(note->Text(1).find("Faltante $ 15,00"), std::string::npos) << note->Text(1);
    EXPECT_NE(note->Text(1).find("Billete falso"), std::string::npos);
    auto ev = tx.QueryOne(
        "SELECT event_type, dedupe_key, subject, body_text, recipient FROM notification_outbox");
    ASSERT_TRUE(ev.has_value());
    EXPECT_EQ(ev->Text("event_type"), "cash_difference");
    EXPECT_NE(ev->Text("dedupe_key").find("caja:" + id), std::string::npos);
    EXPECT_EQ(ev->Text("subject"), "[Mini Market] Diferencia de caja: Faltante $ 15,00");
    const auto& body = ev->Text("body_text");
    for (const std::string& part :
         {std::string("Sesión N°: 1"), std::string("Abrió: Vero Ventas"),
          std::string("Cerró: Ana Admin"), "Esperado: " + core::FormatPesos(esperado),
          "Contado: " + core::FormatPesos(esperado - 1500), std::string("Faltante $ 15,00"),
          std::string("Billete falso")}) {
      EXPECT_NE(body.find(part), std::string::npos) << part << " not in " << body;
    }
    EXPECT_EQ(ev->Text("recipient"), "duenio@tienda.local");
  });

  // A surplus reads "Sobrante".
  ASSERT_TRUE(Open(0, kOtro).ok());
  auto surplus = Data(Close(2001, kOtro, "Sobró"));
  EXPECT_EQ(I(surplus.at("sesion").at("diferencia_centavos")), 2001);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM notification_outbox WHERE subject = '[Mini Market] "
                   "Diferencia de caja: Sobrante $ 20,01'"),
            1);
  EXPECT_EQ(Count("bitacora_turnos"), 2);
}

TEST_P(CashSessionsTest, ACashierClosesOnlyASessionItOpened) {
  ASSERT_TRUE(Open(100, kVero).ok());
  auto before = Footprint();
  auto r = Close(100, kOtro);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kForbidden);
  EXPECT_EQ(Footprint(), before);
  // Any cashier may move cash in the open session.
  ASSERT_TRUE(Move("ingreso", 50, kOtro).ok());
  auto own = Data(Close(150, kVero));
  EXPECT_EQ(S(own.at("sesion").at("estado")), "cerrada");
}

TEST_P(CashSessionsTest, TheCloseReplaysWithItsKey) {
  ASSERT_TRUE(Open(100).ok());
  auto first = Close(100, kVero, std::nullopt, "cierre-1");
  ASSERT_TRUE(first.ok());
  auto again = Close(100, kVero, std::nullopt, "cierre-1");
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->replayed);
  EXPECT_EQ(again->data_json, first->data_json);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM audit_log WHERE accion = 'caja_cerrada'"), 1);
}

TEST_P(CashSessionsTest, BadInputIsRefusedBeforeAnythingChanges) {
  ASSERT_TRUE(Open(100).ok());
  auto before = Footprint();
  auto expect400 = [&](const core::Result<IdempotentReply>& r, const std::string& campo) {
    ASSERT_FALSE(r.ok()) << campo;
    EXPECT_EQ(r.error().code, ErrorCode::kValidationError) << campo;
    EXPECT_NE(json::serialize(r.error().details).find(campo), std::string::npos)
        << json::serialize(r.error().details);
  };
  expect400(Open(-1), "monto_inicial_centavos");
  expect400(Open(kMaxMontoCaja + 1), "monto_inicial_centavos");
  expect400(Open(0, kVero, std::string(201, 'x')), "observaciones");
  expect400(Move("prestamo", 100), "tipo");
  expect400(Move("ingreso", 0), "monto_centavos");
  expect400(Move("retiro", -5), "monto_centavos");
  expect400(Move("ingreso", kMaxMontoCaja + 1), "monto_centavos");
  expect400(Move("ingreso", 100, kVero, "ab"), "motivo");
  expect400(Move("ingreso", 100, kVero, std::string(201, 'x')), "motivo");
  expect400(Close(-1), "efectivo_contado_centavos");
  expect400(Close(100, kVero, std::string(501, 'x')), "observaciones");
  EXPECT_EQ(Footprint(), before);
  EXPECT_FALSE(cash_->Current()->is_null());
}

TEST_P(CashSessionsTest, CashiersListAndReadOnlyTheirOwnSessions) {
  auto s1 = Data(Open(100, kVero));
  Tick();
  ASSERT_TRUE(Move("ingreso", 25, kOtro, "Cambio").ok());
  ASSERT_TRUE(Close(125, kVero).ok());
  Tick();
  auto s2 = Data(Open(200, kOtro));
  const std::string id1 = S(s1.at("id"));
  const std::string id2 = S(s2.at("id"));

  std::int64_t total = 0;
  auto all = cash_->List(Meta(kAdmin), {}, &total);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(total, 2);
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ(S(all->at(0).at("id")), id2);  // newest first
  EXPECT_EQ(S(all->at(1).at("id")), id1);

  auto own = cash_->List(Meta(kVero), {}, &total);
  ASSERT_TRUE(own.ok());
  EXPECT_EQ(total, 1);
  ASSERT_EQ(own->size(), 1u);
  EXPECT_EQ(S(own->at(0).at("id")), id1);
  EXPECT_EQ(I(own->at(0).at("efectivo_contado_centavos")), 125);

  CashSessionFilter by_user;
  by_user.usuario_id = kOtro;
  auto filtered = cash_->List(Meta(kAdmin), by_user, &total);
  ASSERT_TRUE(filtered.ok());
  EXPECT_EQ(total, 1);
  EXPECT_EQ(S(filtered->at(0).at("id")), id2);

  auto detail = cash_->Get(Meta(kVero), id1);
  ASSERT_TRUE(detail.ok());
  ASSERT_EQ(detail->at("movimientos").as_array().size(), 1u);
  const auto& m = detail->at("movimientos").at(0);
  EXPECT_EQ(S(m.at("tipo")), "ingreso");
  EXPECT_EQ(I(m.at("monto_centavos")), 25);
  EXPECT_EQ(S(m.at("usuario").at("nombre")), "Otro Cajero");
  EXPECT_EQ(I(detail->at("arqueo").at("efectivo_esperado_centavos")), 125);

  auto foreign = cash_->Get(Meta(kVero), id2);
  ASSERT_FALSE(foreign.ok());
  EXPECT_EQ(foreign.error().code, ErrorCode::kForbidden);
  EXPECT_TRUE(cash_->Get(Meta(kAdmin), id2).ok());
  auto missing = cash_->Get(Meta(kAdmin), "e0000000-0000-4000-8000-00000000000e");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);

  // The open session's arqueo is any cashier's; a closed one only its opener's.
  EXPECT_TRUE(cash_->Arqueo(Meta(kVero), std::nullopt).ok());
  auto closed_foreign = cash_->Arqueo(Meta(kOtro), id1);
  ASSERT_FALSE(closed_foreign.ok());
  EXPECT_EQ(closed_foreign.error().code, ErrorCode::kForbidden);
}

MM_INSTANTIATE_BACKENDS(CashSessionsTest);

}  // namespace
}  // namespace mm::services
