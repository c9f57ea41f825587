// Register movement and Transfer (domain.md §2.1, api.md §7.2) on both databases: entradas into
// lots, salidas FEFO under the reservations, counts that release the newest holds, transfers as
// pairs, idempotent replays, and bad input that leaves no trace.
#include <gtest/gtest.h>

#include <set>

#include "services/kardex.hpp"
#include "stock_movement_fixture.hpp"

namespace mm::services {
namespace {

namespace json = boost::json;

std::int64_t I(const json::value& v) { return v.as_int64(); }
std::string S(const json::value& v) { return std::string(v.as_string()); }

TEST_P(StockMovementTest, EntradaAddsToItsLotAndAnswersTheKardexRow) {
  const auto cache = Snapshot().at("cache_stock");
  auto a = MoveOk(Entrada(kLeche, 10, kDeposito, "L1", "2026-12-20"));
  ASSERT_FALSE(a.empty());
  const auto& m = a.at("movimientos").at(0).as_object();
  EXPECT_EQ(S(m.at("tipo")), "entrada");
  EXPECT_EQ(I(m.at("cantidad")), 10);
  EXPECT_EQ(I(m.at("cantidad_anterior")), 0);
  EXPECT_EQ(I(m.at("cantidad_nueva")), 10);
  EXPECT_EQ(S(m.at("producto").at("nombre")), "Leche 1 L");
  EXPECT_EQ(S(m.at("producto").at("sku")), "LEC-1");
  EXPECT_EQ(S(m.at("ubicacion").at("nombre")), "Depósito");
  EXPECT_EQ(S(m.at("lote").at("lote")), "L1");
  EXPECT_EQ(S(m.at("lote").at("fecha_vencimiento")), "2026-12-20");
  EXPECT_EQ(S(m.at("origen").at("tipo")), "manual");
  EXPECT_TRUE(m.at("origen").at("id").is_null());
  EXPECT_EQ(S(m.at("usuario").at("nombre")), "Dora Depósito");
  EXPECT_EQ(S(m.at("creado_en")), "2026-11-29T12:00:00.000Z");
  const auto& st = a.at("stock").at(0).as_object();
  EXPECT_EQ(S(st.at("ubicacion_id")), kDeposito);
  EXPECT_EQ(I(st.at("cantidad")), 10);
  EXPECT_EQ(I(st.at("disponible")), 10);
  EXPECT_TRUE(a.at("reservas_liberadas").as_array().empty());

  // Same (lote, fecha): same lot. Same lote, other date: another lot.
  MoveOk(Entrada(kLeche, 5, kDeposito, "L1", "2026-12-20"));
  MoveOk(Entrada(kLeche, 3, kDeposito, "L1", "2026-12-27"));
  EXPECT_EQ(Qty(kLeche, kDeposito), 18);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM stock_lotes"), 2);
  EXPECT_EQ(Scalar("SELECT MAX(cantidad) FROM stock_lotes"), 15);
  // No location: the sales location.
  MoveOk(Entrada(kArroz, 4, nullptr));
  EXPECT_EQ(Qty(kArroz, kPrincipal), 4);
  EXPECT_EQ(Snapshot().at("cache_stock"), cache + 4);
}

TEST_P(StockMovementTest, EntradaNeedsARecentExpiryForProductsThatControlIt) {
  auto before = Snapshot();
  auto missing = Move(Entrada(kLeche, 10, kDeposito, "L1"));
  ASSERT_EQ(Code(missing), "VALIDATION_ERROR");
  EXPECT_EQ(missing.error().details.at("campos").at(0).at("campo"), "fecha_vencimiento");
  // Today is 2026-11-29: a year back is the limit.
  EXPECT_EQ(Code(Move(Entrada(kLeche, 10, kDeposito, "L1", "2025-11-28"))), "VALIDATION_ERROR");
  EXPECT_EQ(Code(Move(Entrada(kLeche, 10, kDeposito, "L1", "2026-13-01"))), "VALIDATION_ERROR");
  EXPECT_EQ(Snapshot(), before);
  EXPECT_EQ(Code(Move(Entrada(kLeche, 10, kDeposito, "L1", "2025-11-29"))), "OK");
}

TEST_P(StockMovementTest, IngresoWithACostRecordsThePurchaseCost) {
  MovementInput in = Entrada(kArroz, 12, kDeposito, "A-7", "2027-03-01");
  in.proveedor_id = kProveedor;
  in.costo_unitario_centavos = 98000;
  auto r = movements_->Ingreso(KeyFor("ingreso-1", in), Meta(), in);
  ASSERT_TRUE(r.ok()) << r.error().Message();
  EXPECT_EQ(r->status, 201);
  EXPECT_EQ(r->resource_id, kArroz);
  auto data = json::parse(r->data_json).as_object();
  EXPECT_TRUE(data.at("costo_registrado").as_bool());
  EXPECT_EQ(S(data.at("lote").at("lote")), "A-7");
  EXPECT_EQ(I(data.at("lote").at("cantidad")), 12);
  EXPECT_EQ(S(data.at("movimiento").at("proveedor").at("nombre")), "Distribuidora Sur");
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM precios_compra WHERE origen = 'recepcion' AND "
                   "costo_unitario_centavos = 98000"),
            1);
  EXPECT_EQ(Scalar("SELECT costo_centavos FROM productos WHERE id = 'c0000000-0000-4000-8000-"
                   "000000000002'"),
            98000);
  // Without a cost nor a lot: nothing about costs, and no lote in the answer (the default lot).
  MovementInput plain = Entrada(kArroz, 1, kDeposito);
  auto p = movements_->Ingreso(KeyFor("ingreso-2", plain), Meta(), plain);
  ASSERT_TRUE(p.ok());
  auto pd = json::parse(p->data_json).as_object();
  EXPECT_FALSE(pd.at("costo_registrado").as_bool());
  EXPECT_FALSE(pd.contains("lote"));
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM precios_compra"), 1);
}

TEST_P(StockMovementTest, SalidaGoesFefoAndNeverBelowTheReservations) {
  MoveOk(Entrada(kLeche, 10, kDeposito, "B", "2026-12-20"));
  MoveOk(Entrada(kLeche, 5, kDeposito, "A", "2026-12-05"));
  Reserve(kLeche, kDeposito, 4, clock_.Now());
  // Available: 15 − 4 = 11.
  auto before = Snapshot();
  auto no = Move(Salida(kLeche, 12, kDeposito));
  ASSERT_EQ(Code(no), "INSUFFICIENT_STOCK");
  const auto& item = no.error().details.at("items").at(0);
  EXPECT_EQ(S(item.at("producto_id")), kLeche);
  EXPECT_EQ(I(item.at("disponible")), 11);
  EXPECT_EQ(I(item.at("solicitado")), 12);
  EXPECT_EQ(Snapshot(), before);

  auto out = MoveOk(Salida(kLeche, 7, kDeposito));
  const auto& lotes = out.at("movimientos").at(0).at("lotes").as_array();
  ASSERT_EQ(lotes.size(), 2u);
  std::map<std::string, std::int64_t> taken;
  for (const auto& l : lotes) taken[S(l.at("lote"))] = I(l.at("cantidad"));
  EXPECT_EQ(taken, (std::map<std::string, std::int64_t>{{"A", -5}, {"B", -2}}));
  EXPECT_TRUE(out.at("movimientos").at(0).at("lote").is_null());  // several lots
  EXPECT_EQ(I(out.at("stock").at(0).at("reservado")), 4);
  EXPECT_EQ(I(out.at("stock").at(0).at("disponible")), 4);
  EXPECT_EQ(S(out.at("movimientos").at(0).at("motivo")), "Merma");

  // A given lot: only from it, and only up to it.
  MoveOk(Entrada(kLeche, 6, kDeposito, "C", "2026-12-01"));
  auto [lot_b, qty_b] = LotOf(kLeche, kDeposito, "B");
  ASSERT_EQ(qty_b, 8);
  auto from_b = MoveOk(Salida(kLeche, 3, kDeposito, lot_b));
  EXPECT_EQ(S(from_b.at("movimientos").at(0).at("lote").at("id")), lot_b);
  EXPECT_EQ(LotOf(kLeche, kDeposito, "B").second, 5);
  EXPECT_EQ(LotOf(kLeche, kDeposito, "C").second, 6);
  auto too_much = Move(Salida(kLeche, 6, kDeposito, lot_b));
  ASSERT_EQ(Code(too_much), "INSUFFICIENT_STOCK");
  EXPECT_EQ(I(too_much.error().details.at("items").at(0).at("disponible")), 5);
}

TEST_P(StockMovementTest, OutflowsUseExpiredLotsLast) {
  MoveOk(Entrada(kLeche, 3, kDeposito, "VIEJO", "2026-11-20"));  // expired already
  MoveOk(Entrada(kLeche, 4, kDeposito, "NUEVO", "2027-01-10"));
  auto out = MoveOk(Salida(kLeche, 5, kDeposito));
  std::map<std::string, std::int64_t> taken;
  for (const auto& l : out.at("movimientos").at(0).at("lotes").as_array()) {
    taken[S(l.at("lote"))] = I(l.at("cantidad"));
  }
  EXPECT_EQ(taken, (std::map<std::string, std::int64_t>{{"NUEVO", -4}, {"VIEJO", -1}}));
}

TEST_P(StockMovementTest, AjusteEqualToTheStockChangesNothing) {
  MoveOk(Entrada(kArroz, 8, kDeposito));
  auto before = Snapshot();
  auto r = Move(Ajuste(kArroz, 8, kDeposito));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->status, 200);
  auto d = json::parse(r->data_json).as_object();
  EXPECT_TRUE(d.at("sin_cambios").as_bool());
  EXPECT_EQ(I(d.at("stock").at(0).at("cantidad")), 8);
  EXPECT_FALSE(d.contains("movimientos"));
  EXPECT_EQ(Snapshot(), before);
  // A count of 0 where nothing was ever stocked creates no row either.
  auto zero = Move(Ajuste(kArroz, 0, kPrincipal));
  ASSERT_TRUE(zero.ok());
  EXPECT_EQ(zero->status, 200);
  EXPECT_EQ(Snapshot(), before);
}

TEST_P(StockMovementTest, AjusteDownGoesFefoUpToTheDefaultLotAndCanReachZero) {
  MoveOk(Entrada(kLeche, 5, kDeposito, "A", "2026-12-05"));
  MoveOk(Entrada(kLeche, 5, kDeposito, "B", "2026-12-20"));
  auto down = MoveOk(Ajuste(kLeche, 3, kDeposito));
  const auto& m = down.at("movimientos").at(0).as_object();
  EXPECT_EQ(S(m.at("tipo")), "ajuste");
  EXPECT_EQ(I(m.at("cantidad")), -7);
  EXPECT_EQ(S(m.at("motivo")), "Conteo físico");
  EXPECT_EQ(LotOf(kLeche, kDeposito, "A").second, 0);
  EXPECT_EQ(LotOf(kLeche, kDeposito, "B").second, 3);

  auto up = MoveOk(Ajuste(kLeche, 10, kDeposito));
  EXPECT_EQ(I(up.at("movimientos").at(0).at("cantidad")), 7);
  EXPECT_EQ(LotOf(kLeche, kDeposito, "").second, 7);  // '' without expiry
  EXPECT_EQ(LotOf(kLeche, kDeposito, "B").second, 3);

  auto zero = MoveOk(Ajuste(kLeche, 0, kDeposito));
  EXPECT_EQ(I(zero.at("movimientos").at(0).at("cantidad_nueva")), 0);
  EXPECT_EQ(Qty(kLeche, kDeposito), 0);
  // Each count is audited.
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM audit_log WHERE accion = 'stock_ajustado'"), 3);
}

TEST_P(StockMovementTest, AjusteOfOneLotCountsThatLot) {
  MoveOk(Entrada(kLeche, 5, kDeposito, "A", "2026-12-05"));
  MoveOk(Entrada(kLeche, 5, kDeposito, "B", "2026-12-20"));
  auto [lot_b, _] = LotOf(kLeche, kDeposito, "B");
  auto r = MoveOk(Ajuste(kLeche, 9, kDeposito, lot_b));
  EXPECT_EQ(I(r.at("movimientos").at(0).at("cantidad")), 4);
  EXPECT_EQ(LotOf(kLeche, kDeposito, "B").second, 9);
  EXPECT_EQ(Qty(kLeche, kDeposito), 14);
  MoveOk(Ajuste(kLeche, 1, kDeposito, lot_b));
  EXPECT_EQ(LotOf(kLeche, kDeposito, "A").second, 5);
  EXPECT_EQ(Qty(kLeche, kDeposito), 6);
  auto same = Move(Ajuste(kLeche, 1, kDeposito, lot_b));
  ASSERT_TRUE(same.ok());
  EXPECT_EQ(same->status, 200);
}

TEST_P(StockMovementTest, AHoldReleasedByACountThatReadTheClockFirstIsNotStampedBeforeItExists) {
  // A count reads the clock once, before its locks; a reservation committed between that reading
  // and the count's lock is released by it. Its cancelada_en must not precede its creation (I9).
  MoveOk(Entrada(kArroz, 5, kDeposito));
  const auto later = clock_.Now() + std::chrono::milliseconds(250);
  auto hold = Reserve(kArroz, kDeposito, 4, later);
  MoveOk(Ajuste(kArroz, 1, kDeposito));  // at clock_.Now(), before the hold's creado_en
  EXPECT_EQ(db_->Read([&](store::Tx& tx) {
    auto row = tx.QueryOne(
        "SELECT estado, cancelada_en, actualizado_en FROM stock_reservado WHERE id = $1", {hold});
    return row->Text(0) + (row->Time(1) == later ? " en su creación" : " en otro momento") +
           (row->Time(2) == later ? "" : " (actualizado_en distinto)");
  }),
            "cancelada en su creación");
  EXPECT_EQ(testing::StockInvariantViolations(*db_, clock_.Now()), std::vector<std::string>{});
}

TEST_P(StockMovementTest, ACountBelowTheReservationsReleasesExactlyTheNewestThatDoNotFit) {
  Exec(R"sql(
INSERT INTO notification_recipients (id, event_type, channel, address, active, creado_en,
                                     actualizado_en)
VALUES ('f0000000-0000-4000-8000-000000000001', 'reservation_released', 'email',
        'encargado@tienda.local', $1, $2, $2))sql",
       {true, clock_.Now()});
  MoveOk(Entrada(kArroz, 12, kDeposito));
  auto t0 = clock_.Now() - std::chrono::hours(5);
  // Oldest first: r1 (4), then r2a/r2b at the same instant ordered by id (3 each), then r3 (1).
  auto r1 = Reserve(kArroz, kDeposito, 4, t0);
  auto r2a = Reserve(kArroz, kDeposito, 3, t0 + std::chrono::hours(1),
                     "10000000-0000-4000-8000-00000000000a");
  auto r2b = Reserve(kArroz, kDeposito, 1, t0 + std::chrono::hours(1),
                     "10000000-0000-4000-8000-00000000000b");
  auto r3 = Reserve(kArroz, kDeposito, 1, t0 + std::chrono::hours(2));
  // Not effectively active (expired) and another location: never touched.
  auto expired = Reserve(kArroz, kDeposito, 2, t0, std::nullopt, clock_.Now());
  MoveOk(Entrada(kArroz, 3, kPrincipal));
  auto elsewhere = Reserve(kArroz, kPrincipal, 2, t0);

  // Count 6: r1 (4) fits, r2a (4 + 3 = 7) does not: r2a and every newer hold go, even r2b,
  // whose 1 unit would have fitted after r1 alone.
  auto r = MoveOk(Ajuste(kArroz, 6, kDeposito));
  std::set<std::string> released;
  for (const auto& x : r.at("reservas_liberadas").as_array()) {
    released.insert(S(x.at("id")));
    EXPECT_TRUE(x.as_object().contains("referencia"));
  }
  EXPECT_EQ(released, (std::set<std::string>{r2a, r2b, r3}));
  EXPECT_EQ(I(r.at("stock").at(0).at("cantidad")), 6);
  EXPECT_EQ(I(r.at("stock").at(0).at("reservado")), 4);
  EXPECT_EQ(I(r.at("stock").at(0).at("disponible")), 2);

  auto estado = [&](const std::string& id) {
    return db_->Read([&](store::Tx& tx) {
      auto row = tx.QueryOne(
          "SELECT estado, cancelada_por, motivo_cancelacion, cancelada_en FROM stock_reservado "
          "WHERE id = $1",
          {id});
      return row->Text(0) + "|" + row->OptText(1).value_or("") + "|" +
             row->OptText(2).value_or("") + "|" + (row->OptTime(3) ? "t" : "");
    });
  };
  for (const auto& id : {r2a, r2b, r3}) {
    EXPECT_EQ(estado(id), std::string("cancelada|") + kUser + "|stock insuficiente tras conteo|t");
  }
  for (const auto& id : {r1, expired, elsewhere}) EXPECT_EQ(estado(id), "activa|||");
  // One warning audit row and one outbox event per release.
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM audit_log WHERE accion = 'reserva_liberada_por_conteo' "
                   "AND nivel = 'warning'"),
            3);
  for (const auto& id : {r2a, r2b, r3}) {
    auto n = db_->Read([&](store::Tx& tx) {
      return tx
          .QueryOne(
              "SELECT COUNT(*) FROM notification_outbox WHERE event_type = "
              "'reservation_released' AND dedupe_key LIKE $1 AND recipient = "
              "'encargado@tienda.local' AND subject = '[Mini Market] Reserva liberada: "
              "Arroz 1 kg'",
              {"reserva_liberada:" + id + "|email|%"})
          ->Int(0);
    });
    EXPECT_EQ(n, 1) << id;
    auto audits = db_->Read([&](store::Tx& tx) {
      return tx
          .QueryOne(
              "SELECT COUNT(*) FROM audit_log WHERE accion = 'reserva_liberada_por_conteo' "
              "AND entidad_id = $1",
              {id})
          ->Int(0);
    });
    EXPECT_EQ(audits, 1) << id;
  }
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM notification_outbox"), 3);
  // The count above the holds releases nothing more.
  auto again = MoveOk(Ajuste(kArroz, 5, kDeposito));
  EXPECT_TRUE(again.at("reservas_liberadas").as_array().empty());
  EXPECT_EQ(estado(r1), "activa|||");
  // And to zero: the last one goes too.
  auto zero = MoveOk(Ajuste(kArroz, 0, kDeposito));
  ASSERT_EQ(zero.at("reservas_liberadas").as_array().size(), 1u);
  EXPECT_EQ(S(zero.at("reservas_liberadas").at(0).at("id")), r1);
}

TEST_P(StockMovementTest, TransferWritesAPairAndKeepsLotsAndTheirFirstReceipt) {
  MoveOk(Entrada(kLeche, 5, kPrincipal, "A", "2026-12-05"));
  clock_.Advance(std::chrono::minutes(1));
  MoveOk(Entrada(kLeche, 10, kPrincipal, "B", "2026-12-20"));
  clock_.Advance(std::chrono::minutes(1));
  MoveOk(Entrada(kLeche, 2, kDeposito, "A", "2026-12-05"));  // received later there
  clock_.Advance(std::chrono::minutes(1));

  auto r = MoveOk(Transfer(kLeche, 7, kPrincipal, kDeposito));
  const auto& movs = r.at("movimientos").as_array();
  ASSERT_EQ(movs.size(), 2u);
  EXPECT_EQ(S(movs.at(0).at("ubicacion").at("id")), kPrincipal);
  EXPECT_EQ(I(movs.at(0).at("cantidad")), -7);
  EXPECT_EQ(S(movs.at(1).at("ubicacion").at("id")), kDeposito);
  EXPECT_EQ(I(movs.at(1).at("cantidad")), 7);
  EXPECT_EQ(S(movs.at(0).at("transferencia_id")), S(movs.at(1).at("transferencia_id")));
  EXPECT_EQ(S(movs.at(0).at("tipo")), "transferencia");
  EXPECT_EQ(I(r.at("stock").at(0).at("cantidad")), 8);
  EXPECT_EQ(I(r.at("stock").at(1).at("cantidad")), 9);
  EXPECT_EQ(LotOf(kLeche, kDeposito, "A").second, 7);
  EXPECT_EQ(LotOf(kLeche, kDeposito, "B").second, 2);
  EXPECT_EQ(LotOf(kLeche, kPrincipal, "A").second, 0);
  EXPECT_EQ(LotOf(kLeche, kPrincipal, "B").second, 8);
  // The destination lot A keeps the earliest receipt (the origin's), B gets the origin's.
  auto ingreso = [&](const char* u, const char* lote) {
    return db_->Read([&](store::Tx& tx) {
      return tx
          .QueryOne(
              "SELECT l.ingresado_en FROM stock_lotes l JOIN stock_deposito s ON s.id = "
              "l.stock_id WHERE s.producto_id = $1 AND s.ubicacion_id = $2 AND l.lote = $3",
              {kLeche, u, lote})
          ->Time(0);
    });
  };
  EXPECT_EQ(ingreso(kDeposito, "A"), ingreso(kPrincipal, "A"));
  EXPECT_EQ(ingreso(kDeposito, "B"), ingreso(kPrincipal, "B"));
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM audit_log WHERE accion = 'transferencia'"), 1);

  // From a given lot, and back the other way.
  auto [lot_b, _] = LotOf(kLeche, kDeposito, "B");
  auto back = MoveOk(Transfer(kLeche, 2, kDeposito, kPrincipal, lot_b));
  EXPECT_EQ(LotOf(kLeche, kPrincipal, "B").second, 10);
  EXPECT_EQ(LotOf(kLeche, kDeposito, "A").second, 7);
  EXPECT_EQ(S(back.at("movimientos").at(0).at("lote").at("id")), lot_b);
}

TEST_P(StockMovementTest, TransferNeedsAvailableStockAtTheOriginAndTwoPlaces) {
  MoveOk(Entrada(kArroz, 5, kPrincipal));
  Reserve(kArroz, kPrincipal, 3, clock_.Now());
  auto before = Snapshot();
  auto r = Move(Transfer(kArroz, 3, kPrincipal, kDeposito));
  ASSERT_EQ(Code(r), "INSUFFICIENT_STOCK");
  EXPECT_EQ(I(r.error().details.at("items").at(0).at("disponible")), 2);
  EXPECT_EQ(Code(Move(Transfer(kArroz, 1, kPrincipal, kPrincipal))), "VALIDATION_ERROR");
  // Origin omitted = the sales location, so the same place again.
  EXPECT_EQ(Code(Move(Transfer(kArroz, 1, nullptr, kPrincipal))), "VALIDATION_ERROR");
  MovementInput no_dest = Transfer(kArroz, 1, kPrincipal, kDeposito);
  no_dest.ubicacion_destino_id.reset();
  EXPECT_EQ(Code(Move(no_dest)), "VALIDATION_ERROR");
  EXPECT_EQ(Code(Move(Transfer(kArroz, 1, kPrincipal, kCerrada))), "CONFLICT");
  EXPECT_EQ(Code(Move(Transfer(kArroz, 1, kPrincipal, kUnknown))), "REFERENCE_NOT_FOUND");
  EXPECT_EQ(Snapshot(), before);
  EXPECT_EQ(Code(Move(Transfer(kArroz, 2, kPrincipal, kDeposito))), "OK");
}

TEST_P(StockMovementTest, UnknownAndInactiveReferencesChangeNothing) {
  MoveOk(Entrada(kArroz, 5, kDeposito));
  MoveOk(Entrada(kLeche, 5, kPrincipal, "X", "2026-12-10"));
  auto [lot_elsewhere, _] = LotOf(kLeche, kPrincipal, "X");
  auto before = Snapshot();
  auto campo = [](const core::Result<IdempotentReply>& r) {
    return r.ok() ? "" : std::string(r.error().details.at("campo").as_string());
  };
  auto unknown_product = Move(Entrada(kUnknown, 1, kDeposito));
  EXPECT_EQ(Code(unknown_product), "REFERENCE_NOT_FOUND");
  EXPECT_EQ(campo(unknown_product), "producto_id");
  auto unknown_location = Move(Salida(kArroz, 1, kUnknown));
  EXPECT_EQ(Code(unknown_location), "REFERENCE_NOT_FOUND");
  EXPECT_EQ(campo(unknown_location), "ubicacion_id");
  MovementInput supplier = Entrada(kArroz, 1, kDeposito);
  supplier.proveedor_id = kUnknown;
  EXPECT_EQ(campo(Move(supplier)), "proveedor_id");
  EXPECT_EQ(campo(Move(Salida(kArroz, 1, kDeposito, kUnknown))), "lote_id");
  // A lot of another product and location is unknown here.
  EXPECT_EQ(campo(Move(Salida(kArroz, 1, kDeposito, lot_elsewhere))), "lote_id");
  EXPECT_EQ(campo(Move(Ajuste(kArroz, 1, kDeposito, lot_elsewhere))), "lote_id");
  EXPECT_EQ(campo(Move(Transfer(kArroz, 1, kDeposito, kPrincipal, lot_elsewhere))), "lote_id");

  EXPECT_EQ(Code(Move(Entrada(kViejo, 1, kDeposito))), "PRODUCT_INACTIVE");
  EXPECT_EQ(Code(Move(Ajuste(kViejo, 1, kDeposito))), "PRODUCT_INACTIVE");
  auto closed = Move(Entrada(kArroz, 1, kCerrada));
  ASSERT_EQ(Code(closed), "CONFLICT");
  EXPECT_EQ(closed.error().details.at("motivo"), "ubicacion_inactiva");
  EXPECT_EQ(Snapshot(), before);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM idempotency_keys"), 2);  // only the two entradas
}

TEST_P(StockMovementTest, BadInputIsA400WithTheFieldAndChangesNothing) {
  MoveOk(Entrada(kArroz, 5, kDeposito));
  auto before = Snapshot();
  auto fields = [](const core::Result<IdempotentReply>& r) {
    std::set<std::string> out;
    if (r.ok() || r.error().code != core::ErrorCode::kValidationError) return out;
    for (const auto& c : r.error().details.at("campos").as_array()) {
      out.insert(std::string(c.at("campo").as_string()));
    }
    return out;
  };
  using F = std::set<std::string>;
  EXPECT_EQ(fields(Move(Entrada(kArroz, 0, kDeposito))), F{"cantidad"});
  EXPECT_EQ(fields(Move(Salida(kArroz, -3, kDeposito))), F{"cantidad"});
  EXPECT_EQ(fields(Move(Entrada(kArroz, 1'000'001, kDeposito))), F{"cantidad"});
  EXPECT_EQ(fields(Move(Ajuste(kArroz, -1, kDeposito))), F{"cantidad"});
  EXPECT_EQ(fields(Move(Transfer(kArroz, 0, kDeposito, kPrincipal))), F{"cantidad"});
  MovementInput no_motivo = Salida(kArroz, 1, kDeposito);
  no_motivo.motivo.reset();
  EXPECT_EQ(fields(Move(no_motivo)), F{"motivo"});
  MovementInput count_no_motivo = Ajuste(kArroz, 1, kDeposito);
  count_no_motivo.motivo = "no";
  EXPECT_EQ(fields(Move(count_no_motivo)), F{"motivo"});
  MovementInput tipo = Entrada(kArroz, 1, kDeposito);
  tipo.tipo = "robo";
  EXPECT_EQ(fields(Move(tipo)), F{"tipo"});
  MovementInput cost = Entrada(kArroz, 1, kDeposito);
  cost.costo_unitario_centavos = 0;
  EXPECT_EQ(fields(Move(cost)), F{"costo_unitario_centavos"});
  MovementInput salida_lote = Salida(kArroz, 1, kDeposito);
  salida_lote.lote = "L1";
  EXPECT_EQ(fields(Move(salida_lote)), F{"lote"});
  EXPECT_EQ(Snapshot(), before);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM idempotency_keys"), 1);
}

TEST_P(StockMovementTest, EveryWriteReplaysWithItsKeyAndRefusesAnotherBody) {
  MoveOk(Entrada(kLeche, 20, kPrincipal, "A", "2026-12-05"));
  Reserve(kLeche, kPrincipal, 15, clock_.Now());
  std::vector<MovementInput> ops = {Entrada(kLeche, 3, kPrincipal, "B", "2026-12-20"),
                                    Salida(kLeche, 2, kPrincipal),
                                    Transfer(kLeche, 2, kPrincipal, kDeposito),
                                    Ajuste(kLeche, 12, kPrincipal)};  // releases the hold
  int i = 0;
  for (const auto& in : ops) {
    SCOPED_TRACE(in.tipo);
    std::string key = "replay-" + std::to_string(++i);
    auto first = movements_->Register(KeyFor(key, in), Meta(), in);
    ASSERT_TRUE(first.ok()) << first.error().Message();
    EXPECT_FALSE(first->replayed);
    auto movs = Scalar("SELECT COUNT(*) FROM movimientos_deposito");
    auto snap = Snapshot();
    clock_.Advance(std::chrono::seconds(1));
    auto again = movements_->Register(KeyFor(key, in), Meta(), in);
    ASSERT_TRUE(again.ok());
    EXPECT_TRUE(again->replayed);
    EXPECT_EQ(again->status, first->status);
    EXPECT_EQ(again->data_json, first->data_json);
    EXPECT_EQ(again->original_request_id, "req-" + std::to_string(requests_ - 1));
    EXPECT_EQ(Scalar("SELECT COUNT(*) FROM movimientos_deposito"), movs);
    EXPECT_EQ(Snapshot(), snap);
    MovementInput other = in;
    other.cantidad += 1;
    EXPECT_EQ(Code(movements_->Register(KeyFor(key, other), Meta(), other)),
              "IDEMPOTENCY_KEY_REUSED");
    EXPECT_EQ(Snapshot(), snap);
  }
  // The count released the hold exactly once.
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM stock_reservado WHERE estado = 'cancelada'"), 1);
  // A failed attempt stores nothing: the same key works once the cause is fixed.
  MovementInput big = Salida(kLeche, 50, kPrincipal);
  EXPECT_EQ(Code(movements_->Register(KeyFor("later", big), Meta(), big)), "INSUFFICIENT_STOCK");
  MovementInput ok = Salida(kLeche, 1, kPrincipal);
  EXPECT_EQ(Code(movements_->Register(KeyFor("later", ok), Meta(), ok)), "OK");
}

TEST_P(StockMovementTest, LargeMovementsAreAuditedFromTheThreshold) {
  MoveOk(Entrada(kArroz, 99, kDeposito));
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM audit_log WHERE accion = 'movimiento_grande'"), 0);
  MoveOk(Entrada(kArroz, 100, kDeposito));
  MoveOk(Ajuste(kArroz, 400, kDeposito));                // +201
  MoveOk(Transfer(kArroz, 150, kDeposito, kPrincipal));  // one audit for the pair
  MoveOk(Salida(kArroz, 10, kPrincipal));                // small
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM audit_log WHERE accion = 'movimiento_grande' AND "
                   "nivel = 'warning'"),
            3);
}

TEST_P(StockMovementTest, KardexFiltersSortsAndPages) {
  MoveOk(Entrada(kLeche, 5, kPrincipal, "A", "2026-12-05"));
  clock_.Advance(std::chrono::hours(30));
  MoveOk(Entrada(kArroz, 8, kDeposito));
  clock_.Advance(std::chrono::minutes(1));
  auto t = MoveOk(Transfer(kLeche, 2, kPrincipal, kDeposito));
  clock_.Advance(std::chrono::minutes(1));
  ASSERT_TRUE(movements_
                  ->Register(KeyFor("otro", Salida(kArroz, 1, kDeposito)), Meta(kOtherUser),
                             Salida(kArroz, 1, kDeposito))
                  .ok());
  Kardex kardex(*env_);
  auto list = [&](KardexFilter f) {
    std::int64_t total = -1;
    auto rows = kardex.List(f, &total);
    std::vector<std::string> out;
    for (const auto& r : *rows) out.push_back(r.tipo + ":" + std::to_string(r.cantidad));
    out.push_back("total=" + std::to_string(total));
    return out;
  };
  using V = std::vector<std::string>;
  // Newest first; the pair shares one instant, so its order is by id.
  auto all = list({});
  ASSERT_EQ(all.size(), 6u);
  EXPECT_EQ(all[0], "salida:-1");
  EXPECT_EQ((std::set<std::string>{all[1], all[2]}),
            (std::set<std::string>{"transferencia:2", "transferencia:-2"}));
  EXPECT_EQ((V{all[3], all[4], all[5]}), (V{"entrada:8", "entrada:5", "total=5"}));
  KardexFilter asc;
  asc.ascending = true;
  asc.limit = 2;
  asc.offset = 1;
  auto page = list(asc);
  ASSERT_EQ(page.size(), 3u);
  EXPECT_EQ(page[0], "entrada:8");
  EXPECT_EQ(page[2], "total=5");
  KardexFilter leche;
  leche.producto_id = kLeche;
  leche.tipos = {"transferencia"};
  EXPECT_EQ(list(leche).back(), "total=2");
  KardexFilter at_dep;
  at_dep.ubicacion_id = kDeposito;
  at_dep.tipos = {"entrada", "salida"};
  EXPECT_EQ(list(at_dep), (V{"salida:-1", "entrada:8", "total=2"}));
  KardexFilter by_user;
  by_user.usuario_id = kOtherUser;
  EXPECT_EQ(list(by_user), (V{"salida:-1", "total=1"}));
  KardexFilter by_ref;
  by_ref.referencia = S(t.at("movimientos").at(0).at("transferencia_id"));
  EXPECT_EQ(list(by_ref).back(), "total=2");
  KardexFilter by_lot;
  by_lot.lote_id = LotOf(kLeche, kPrincipal, "A").first;
  EXPECT_EQ(list(by_lot), (V{"transferencia:-2", "entrada:5", "total=2"}));
  KardexFilter first_day;
  first_day.hasta = core::ParseTimestamp("2026-11-29T23:59:59Z");
  EXPECT_EQ(list(first_day), (V{"entrada:5", "total=1"}));
  KardexFilter later;
  later.desde = core::ParseTimestamp("2026-11-30T00:00:00Z");
  EXPECT_EQ(list(later).back(), "total=4");
}

MM_INSTANTIATE_BACKENDS(StockMovementTest);

}  // namespace
}  // namespace mm::services
