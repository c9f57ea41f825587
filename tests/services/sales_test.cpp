// Record POS sale and Quote sale (domain.md §2.3, api.md §9.1) on both databases: every step's
// refusal leaves no trace, FEFO across lots (an expired lot only when nothing else, audited),
// reservations consumed, offers split the lines, PRICE_CHANGED, loss risk, offline sales priced
// at their catalogue snapshot, and replays.
#include <gtest/gtest.h>

#include "sale_fixture.hpp"
#include "services/sale_store.hpp"

namespace mm::services {
namespace {

namespace json = boost::json;

std::int64_t I(const json::value& v) { return v.as_int64(); }
std::string S(const json::value& v) { return std::string(v.as_string()); }

class SalesTest : public SaleTest {};

TEST_P(SalesTest, RecordsACashSaleWithChangeKardexAndCashFlow) {
  auto p = Product("Yerba 1 kg", 250000, 150000);
  Stock(p, 10);
  OpenSession();
  auto in = Cart({{p, 3}}, 750000);
  in.efectivo_recibido_centavos = 800000;
  const auto before = Snapshot();
  auto v = SellOk(in);
  ASSERT_FALSE(v.empty());
  EXPECT_EQ(I(v.at("numero")), 1);
  EXPECT_EQ(S(v.at("estado")), "completada");
  EXPECT_EQ(I(v.at("total_centavos")), 750000);
  EXPECT_EQ(I(v.at("efectivo_recibido_centavos")), 800000);
  EXPECT_EQ(I(v.at("vuelto_centavos")), 50000);
  EXPECT_EQ(I(v.at("devuelto_centavos")), 0);
  EXPECT_FALSE(v.at("riesgo_confirmado").as_bool());
  EXPECT_EQ(S(v.at("sesion_caja_id")), kSesion);
  EXPECT_EQ(S(v.at("usuario").at("nombre")), "Carla Caja");
  EXPECT_TRUE(v.at("creado_offline_en").is_null());
  EXPECT_TRUE(v.at("anulacion").is_null());
  EXPECT_TRUE(v.at("devoluciones").as_array().empty());
  ASSERT_EQ(v.at("items").as_array().size(), 1u);
  const auto& it = v.at("items").at(0).as_object();
  EXPECT_EQ(S(it.at("producto_id")), p);
  EXPECT_EQ(I(it.at("cantidad")), 3);
  EXPECT_EQ(I(it.at("precio_lista_centavos")), 250000);
  EXPECT_EQ(I(it.at("precio_unitario_centavos")), 250000);
  EXPECT_EQ(I(it.at("subtotal_centavos")), 750000);
  EXPECT_TRUE(it.at("oferta_id").is_null());
  ASSERT_EQ(v.at("pagos").as_array().size(), 1u);
  EXPECT_EQ(S(v.at("pagos").at(0).at("metodo")), "efectivo");
  EXPECT_EQ(I(v.at("pagos").at(0).at("monto_centavos")), 750000);

  EXPECT_EQ(Qty(p), 7);
  const std::string id = S(v.at("id"));
  EXPECT_EQ(
      Scalar("SELECT COUNT(*) FROM movimientos_deposito WHERE tipo = 'venta' AND venta_id = '" +
             id + "' AND venta_item_id = '" + S(it.at("id")) + "' AND cantidad_delta = -3"),
      1);
  EXPECT_EQ(Scalar("SELECT COALESCE(SUM(monto_centavos), 0) FROM movimientos_caja WHERE tipo = "
                   "'venta' AND venta_id = '" +
                   id + "'"),
            750000);
  EXPECT_EQ(Scalar("SELECT costo_unitario_centavos FROM venta_items WHERE venta_id = '" + id + "'"),
            150000);
  EXPECT_EQ(Scalar("SELECT recibido_centavos FROM venta_pagos WHERE venta_id = '" + id + "'"),
            800000);
  const auto after = Snapshot();
  EXPECT_GT(after.at("cache"), before.at("cache"));
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM cache_versions WHERE namespace IN ('stock', 'ventas')"),
            2);

  // GET reads the same sale.
  auto got = sales_->Get(Meta(), id);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(json::serialize(*got), json::serialize(v));
  auto missing = sales_->Get(Meta(), kUnknown);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, core::ErrorCode::kNotFound);
}

TEST_P(SalesTest, MergesTheLinesOfOneProductAndSplitsPayments) {
  auto a = Product("Arroz", 100000, 50000);
  auto b = Product("Fideos", 80000, 40000);
  Stock(a, 10);
  Stock(b, 10);
  OpenSession();
  NewSale in = Cart({{b, 1}, {a, 2}, {b, 2}}, 0);
  in.pagos = {{"debito", 200000, std::string("voucher 12")}, {"efectivo", 240000, std::nullopt}};
  auto v = SellOk(in);
  ASSERT_FALSE(v.empty());
  ASSERT_EQ(v.at("items").as_array().size(), 2u);
  std::map<std::string, std::int64_t> by;
  for (const auto& i : v.at("items").as_array()) by[S(i.at("producto_id"))] = I(i.at("cantidad"));
  EXPECT_EQ(by[a], 2);
  EXPECT_EQ(by[b], 3);
  EXPECT_EQ(I(v.at("total_centavos")), 440000);
  EXPECT_EQ(Qty(a), 8);
  EXPECT_EQ(Qty(b), 7);
  // Only the cash share goes to the drawer.
  EXPECT_EQ(Scalar("SELECT SUM(monto_centavos) FROM movimientos_caja"), 240000);
  EXPECT_EQ(v.at("pagos").as_array().size(), 2u);
  EXPECT_EQ(I(v.at("vuelto_centavos")), 0);
}

TEST_P(SalesTest, BadInputAndRefusalsLeaveNoTrace) {
  auto p = Product("Aceite", 300000, 200000);
  auto off = Product("Discontinuado", 100000, 50000, "u", false);
  auto free = Product("Sin precio", 0, 50000);
  Stock(p, 5);
  Stock(free, 5);

  struct Case {
    std::string name;
    NewSale in;
    std::string code;
  };
  std::vector<Case> cases;
  // No open session first.
  const auto before = Snapshot();
  {
    auto r = Sell(Cart({{p, 1}}, 300000));
    EXPECT_EQ(Code(r), "CASH_SESSION_CLOSED");
    EXPECT_EQ(Snapshot(), before);
  }
  OpenSession();
  const auto base = Snapshot();
  cases.push_back({"carrito vacío", Cart({}, 300000), "VALIDATION_ERROR"});
  cases.push_back({"cantidad cero", Cart({{p, 0}}, 300000), "VALIDATION_ERROR"});
  cases.push_back({"cantidad negativa", Cart({{p, -2}}, 300000), "VALIDATION_ERROR"});
  cases.push_back({"producto desconocido", Cart({{kUnknown, 1}}, 300000), "REFERENCE_NOT_FOUND"});
  cases.push_back({"producto inactivo", Cart({{off, 1}}, 100000), "PRODUCT_INACTIVE"});
  cases.push_back({"sin precio", Cart({{free, 1}}, 100000), "PRODUCT_WITHOUT_PRICE"});
  cases.push_back({"pagos que no suman", Cart({{p, 1}}, 299999), "VALIDATION_ERROR"});
  cases.push_back({"sin pagos", Cart({{p, 1}}, 0), "VALIDATION_ERROR"});
  {
    NewSale in = Cart({{p, 1}}, 0);
    in.pagos = {{"debito", 300000, std::nullopt}};
    in.efectivo_recibido_centavos = 400000;
    cases.push_back({"vuelto sin efectivo", in, "VALIDATION_ERROR"});
  }
  {
    NewSale in = Cart({{p, 1}}, 300000);
    in.efectivo_recibido_centavos = 200000;
    cases.push_back({"recibido menor", in, "VALIDATION_ERROR"});
  }
  {
    NewSale in = Cart({{p, 1}}, 0);
    in.pagos = {{"qr", 100000, std::nullopt}, {"qr", 200000, std::nullopt}};
    cases.push_back({"método repetido", in, "VALIDATION_ERROR"});
  }
  {
    NewSale in = Cart({{p, 1}}, 0);
    in.pagos = {{"cuenta_corriente", 300000, std::nullopt}};
    cases.push_back({"cuenta corriente sin cliente", in, "VALIDATION_ERROR"});
    in.cliente_id = kUnknown;
    cases.push_back({"cliente desconocido", in, "REFERENCE_NOT_FOUND"});
  }
  {
    NewSale in = Cart({{p, 1}}, 300000);
    in.creado_offline_en = clock_.Now() + std::chrono::minutes(5);
    in.catalogo_generado_en = clock_.Now() - std::chrono::hours(1);
    cases.push_back({"offline en el futuro", in, "VALIDATION_ERROR"});
  }
  {
    NewSale in = Cart({{p, 1}}, 300000);
    in.creado_offline_en = clock_.Now() - std::chrono::minutes(5);
    cases.push_back({"offline sin catálogo", in, "VALIDATION_ERROR"});
  }
  cases.push_back({"stock insuficiente", Cart({{p, 6}}, 1800000), "INSUFFICIENT_STOCK"});
  for (const auto& c : cases) {
    auto r = Sell(c.in);
    EXPECT_EQ(Code(r), c.code) << c.name;
    EXPECT_EQ(Snapshot(), base) << c.name;
  }
  {
    auto r = sales_->Record(std::nullopt, Meta(), Cart({{p, 1}}, 300000));
    EXPECT_EQ(Code(r), "IDEMPOTENCY_KEY_REQUIRED");
  }
  {
    auto r = Sell(Cart({{kUnknown, 1}}, 300000));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().details.at("campo").as_string(), "items[0].producto_id");
  }
  EXPECT_EQ(Snapshot(), base);
}

TEST_P(SalesTest, InsufficientStockListsEveryShortProduct) {
  auto a = Product("A", 1000, 500);
  auto b = Product("B", 1000, 500);
  auto c = Product("C", 1000, 500);
  Stock(a, 2);
  Stock(b, 10);
  OpenSession();
  auto r = Sell(Cart({{c, 1}, {a, 3}, {b, 4}}, 8000));
  ASSERT_EQ(Code(r), "INSUFFICIENT_STOCK");
  const auto& items = r.error().details.at("items").as_array();
  ASSERT_EQ(items.size(), 2u);
  std::map<std::string, std::pair<std::int64_t, std::int64_t>> got;
  for (const auto& i : items) {
    got[S(i.at("producto_id"))] = {I(i.at("disponible")), I(i.at("solicitado"))};
  }
  EXPECT_EQ(got[a], std::make_pair(std::int64_t{2}, std::int64_t{3}));
  EXPECT_EQ(got[c], std::make_pair(std::int64_t{0}, std::int64_t{1}));
  EXPECT_EQ(Qty(a), 2);
}

TEST_P(SalesTest, TakesLotsFefo) {
  auto p = Product("Leche", 120000, 80000);
  Stock(p, 5, "TARDE", "2026-12-20");
  Stock(p, 2, "PRONTO", "2026-12-05");
  Stock(p, 4);  // no expiry: last
  OpenSession();
  auto v = SellOk(Cart({{p, 4}}, 480000));
  ASSERT_FALSE(v.empty());
  EXPECT_EQ(LotQty(p, "PRONTO"), 0);
  EXPECT_EQ(LotQty(p, "TARDE"), 3);
  EXPECT_EQ(LotQty(p, ""), 4);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM movimiento_lotes ml JOIN movimientos_deposito m ON m.id "
                   "= ml.movimiento_id WHERE m.tipo = 'venta'"),
            2);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM audit_log WHERE accion = 'venta_lote_vencido'"), 0);
}

TEST_P(SalesTest, ExpiredLotOnlyWhenNothingElseAndAudited) {
  auto p = Product("Yogur", 90000, 40000);
  Stock(p, 3, "VIEJO", "2026-11-01");  // expired on 2026-11-29
  Stock(p, 2, "NUEVO", "2027-01-10");
  OpenSession();
  ASSERT_FALSE(SellOk(Cart({{p, 2}}, 180000)).empty());
  EXPECT_EQ(LotQty(p, "VIEJO"), 3);
  EXPECT_EQ(LotQty(p, "NUEVO"), 0);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM audit_log WHERE accion = 'venta_lote_vencido'"), 0);
  auto v = SellOk(Cart({{p, 2}}, 180000));
  ASSERT_FALSE(v.empty());
  EXPECT_EQ(LotQty(p, "VIEJO"), 1);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM audit_log WHERE accion = 'venta_lote_vencido' AND "
                   "nivel = 'warning' AND entidad_id = '" +
                   S(v.at("id")) + "'"),
            1);
}

TEST_P(SalesTest, ConsumesTheNamedReservation) {
  auto p = Product("Gaseosa", 200000, 100000);
  auto q = Product("Agua", 100000, 50000);
  Stock(p, 5);
  Stock(q, 5);
  OpenSession();
  auto reserve = [&](const std::string& producto, std::int64_t n) {
    std::string id = core::NewUuidV4(random_);
    Exec(
        R"sql(
INSERT INTO stock_reservado (id, producto_id, ubicacion_id, cantidad, estado, expira_en,
                             usuario_id, creado_en, actualizado_en)
VALUES ($1, $2, $3, $4, 'activa', $5, $6, $7, $7))sql",
        {id, producto, kPrincipal, n, clock_.Now() + std::chrono::hours(1), kCajero, clock_.Now()});
    return id;
  };
  const std::string r3 = reserve(p, 3);
  // Without naming it, only 2 are available.
  EXPECT_EQ(Code(Sell(Cart({{p, 5}}, 1000000))), "INSUFFICIENT_STOCK");
  const auto base = Snapshot();
  // A reservation for more than is sold, or of another product, does not match.
  {
    NewSale in = Cart({{p, 2}}, 400000);
    in.items[0].reserva_id = r3;
    auto r = Sell(in);
    ASSERT_EQ(Code(r), "CONFLICT");
    EXPECT_EQ(r.error().details.at("motivo").as_string(), "reserva_no_coincide");
    NewSale other = Cart({{q, 3}}, 300000);
    other.items[0].reserva_id = r3;
    EXPECT_EQ(Code(Sell(other)), "CONFLICT");
    NewSale unknown = Cart({{p, 3}}, 600000);
    unknown.items[0].reserva_id = kUnknown;
    EXPECT_EQ(Code(Sell(unknown)), "REFERENCE_NOT_FOUND");
    EXPECT_EQ(Snapshot(), base);
  }
  NewSale in = Cart({{p, 4}, {p, 1}}, 1000000);
  in.items[1].reserva_id = r3;
  auto v = SellOk(in);
  ASSERT_FALSE(v.empty());
  EXPECT_EQ(Qty(p), 0);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM stock_reservado WHERE id = '" + r3 +
                   "' AND estado = 'consumida' AND consumida_en IS NOT NULL AND venta_id = '" +
                   S(v.at("id")) + "'"),
            1);
  EXPECT_EQ(S(v.at("items").at(0).at("reserva_id")), r3);
  // Consumed: it cannot be named again.
  Stock(p, 5);
  NewSale again = Cart({{p, 3}}, 600000);
  again.items[0].reserva_id = r3;
  EXPECT_EQ(Code(Sell(again)), "CONFLICT");
}

TEST_P(SalesTest, PriceChangedAnswersTheNewQuote) {
  auto p = Product("Café", 500000, 300000);
  Stock(p, 5);
  OpenSession();
  NewSale in = Cart({{p, 2}}, 1000000);
  in.total_esperado_centavos = 900000;
  const auto base = Snapshot();
  auto r = Sell(in);
  ASSERT_EQ(Code(r), "PRICE_CHANGED");
  EXPECT_EQ(I(r.error().details.at("total_centavos")), 1000000);
  EXPECT_EQ(I(r.error().details.at("cotizacion").at("total_centavos")), 1000000);
  EXPECT_EQ(r.error().details.at("cotizacion").at("items").as_array().size(), 1u);
  EXPECT_EQ(Snapshot(), base);
  in.total_esperado_centavos = 1000000;
  EXPECT_FALSE(SellOk(in).empty());
}

TEST_P(SalesTest, LossRiskNeedsConfirmationAndShowsCostOnlyToCostRoles) {
  auto p = Product("Azúcar", 100000, 100000);  // cost = price
  auto ok = Product("Sal", 50000, 20000);
  Stock(p, 5);
  Stock(ok, 5);
  OpenSession();
  NewSale in = Cart({{p, 1}, {ok, 1}}, 150000);
  const auto base = Snapshot();
  auto r = Sell(in);
  ASSERT_EQ(Code(r), "LOSS_RISK_CONFIRM_REQUIRED");
  const auto& items = r.error().details.at("items").as_array();
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(S(items[0].at("producto_id")), p);
  EXPECT_EQ(I(items[0].at("precio_unitario_centavos")), 100000);
  EXPECT_FALSE(items[0].as_object().contains("costo_reposicion_centavos"));
  auto ra = Sell(in, kAdmin);
  ASSERT_EQ(Code(ra), "LOSS_RISK_CONFIRM_REQUIRED");
  EXPECT_EQ(I(ra.error().details.at("items").at(0).at("costo_reposicion_centavos")), 100000);
  EXPECT_EQ(Snapshot(), base);
  in.confirmar_riesgo = true;
  auto v = SellOk(in);
  ASSERT_FALSE(v.empty());
  EXPECT_TRUE(v.at("riesgo_confirmado").as_bool());
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM audit_log WHERE accion = 'riesgo_perdida_confirmado' AND "
                   "entidad_id = '" +
                   S(v.at("id")) + "'"),
            1);
}

class SalesOfferTest : public SaleTest {
 protected:
  std::string Offer(const std::string& producto, std::int64_t lista, std::int64_t descuento_bp,
                    std::optional<std::string> lote_id, core::Timestamp creado,
                    core::Timestamp vence) {
    std::string id = core::NewUuidV4(random_);
    const std::int64_t precio = (lista * (10000 - descuento_bp) + 5000) / 10000;
    Exec(R"sql(
INSERT INTO ofertas (id, producto_id, ubicacion_id, lote_id, descuento_bp, precio_lista_centavos,
                     precio_oferta_centavos, motivo, activa, vence_en, creada_por, creado_en,
                     actualizado_en)
VALUES ($1, $2, $3, $4, $5, $6, $7, 'vencimiento', $8, $9, $10, $11, $11))sql",
         {id, producto, kPrincipal, lote_id, descuento_bp, lista, precio, true, vence, kAdmin,
          creado});
    return id;
  }
};

TEST_P(SalesOfferTest, AProductOfferCoversEveryUnit) {
  auto p = Product("Galletitas", 100000, 30000);
  Stock(p, 10);
  OpenSession();
  auto o =
      Offer(p, 100000, 2000, std::nullopt, clock_.Now(), clock_.Now() + std::chrono::hours(24));
  auto v = SellOk(Cart({{p, 3}}, 240000));
  ASSERT_FALSE(v.empty());
  ASSERT_EQ(v.at("items").as_array().size(), 1u);
  EXPECT_EQ(S(v.at("items").at(0).at("oferta_id")), o);
  EXPECT_EQ(I(v.at("items").at(0).at("precio_unitario_centavos")), 80000);
  EXPECT_EQ(I(v.at("items").at(0).at("precio_lista_centavos")), 100000);
  // An expired offer no longer applies.
  clock_.Advance(std::chrono::hours(25));
  auto w = SellOk(Cart({{p, 1}}, 100000));
  ASSERT_FALSE(w.empty());
  EXPECT_TRUE(w.at("items").at(0).at("oferta_id").is_null());
}

TEST_P(SalesOfferTest, ALotOfferSplitsTheLine) {
  auto p = Product("Queso", 200000, 90000);
  Stock(p, 2, "CASI", "2026-12-01");
  Stock(p, 5, "NORMAL", "2027-02-01");
  OpenSession();
  auto o =
      Offer(p, 200000, 5000, LotId(p, "CASI"), clock_.Now(), clock_.Now() + std::chrono::hours(48));
  auto v = SellOk(Cart({{p, 4}}, 2 * 100000 + 2 * 200000));
  ASSERT_FALSE(v.empty());
  const auto& items = v.at("items").as_array();
  ASSERT_EQ(items.size(), 2u);
  std::int64_t offered = 0, listed = 0;
  for (const auto& i : items) {
    if (i.at("oferta_id").is_null()) {
      listed += I(i.at("cantidad"));
      EXPECT_EQ(I(i.at("precio_unitario_centavos")), 200000);
    } else {
      offered += I(i.at("cantidad"));
      EXPECT_EQ(S(i.at("oferta_id")), o);
      EXPECT_EQ(I(i.at("precio_unitario_centavos")), 100000);
    }
  }
  EXPECT_EQ(offered, 2);
  EXPECT_EQ(listed, 2);
  EXPECT_EQ(LotQty(p, "CASI"), 0);
  // Each item's movement took its own lot.
  const std::string offer_item =
      S(items[0].at("oferta_id").is_null() ? items[1].at("id") : items[0].at("id"));
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM movimiento_lotes ml JOIN movimientos_deposito m ON m.id "
                   "= ml.movimiento_id WHERE m.venta_item_id = '" +
                   offer_item + "' AND ml.lote_id = '" + LotId(p, "CASI") + "'"),
            1);
}

TEST_P(SalesOfferTest, GramsAreRoundedHalfUpPerKilo) {
  auto p = Product("Jamón", 1234567, 500000, "g");  // per kg
  Stock(p, 5000);
  OpenSession();
  // 333 g × 12345.67 / kg = 411111.0… → 411111; 250 g → 308641.75 → 308642.
  auto v = SellOk(Cart({{p, 333}}, 411111));
  ASSERT_FALSE(v.empty());
  EXPECT_EQ(I(v.at("total_centavos")), 411111);
  auto w = SellOk(Cart({{p, 250}}, 308642));
  ASSERT_FALSE(w.empty());
  EXPECT_EQ(I(w.at("total_centavos")), 308642);
}

TEST_P(SalesOfferTest, OfflineSaleIsPricedAtItsSnapshot) {
  const auto t0 = clock_.Now();
  auto p = Product("Pan", 100000, 40000);
  Stock(p, 10);
  OpenSession();
  // Catalogue generated at t0 + 10 min; the price rose at t0 + 1 h; synced at t0 + 2 h.
  const auto snapshot = t0 + std::chrono::minutes(10);
  clock_.Set(t0 + std::chrono::hours(1));
  Exec("UPDATE productos SET precio_venta_centavos = 150000 WHERE id = $1", {p});
  Exec(R"sql(
INSERT INTO precios_historicos (id, producto_id, precio_anterior_centavos, precio_nuevo_centavos,
                                motivo, origen, aprobado_bajo_minimo, creado_en)
VALUES ($1, $2, 100000, 150000, 'Aumento', 'aplicar_precio', $3, $4))sql",
       {core::NewUuidV4(random_), p, false, clock_.Now()});
  clock_.Set(t0 + std::chrono::hours(2));
  NewSale in = Cart({{p, 2}}, 200000);
  in.creado_offline_en = t0 + std::chrono::minutes(30);
  in.catalogo_generado_en = snapshot;
  in.total_esperado_centavos = 200000;
  auto v = SellOk(in);
  ASSERT_FALSE(v.empty());
  EXPECT_EQ(I(v.at("items").at(0).at("precio_unitario_centavos")), 100000);
  EXPECT_FALSE(v.at("creado_offline_en").is_null());
  EXPECT_FALSE(v.at("catalogo_generado_en").is_null());
  // The same sale online is at the new price.
  EXPECT_EQ(I(SellOk(Cart({{p, 1}}, 150000)).at("total_centavos")), 150000);
  // A total that differs at the snapshot's prices is PRICE_CHANGED, not CONFLICT.
  NewSale wrong = in;
  wrong.total_esperado_centavos = 300000;
  wrong.pagos = {{"efectivo", 300000, std::nullopt}};
  EXPECT_EQ(Code(Sell(wrong)), "PRICE_CHANGED");
  const auto base = Snapshot();
  // A snapshot more than 72 h before the sale, or in the future: CONFLICT.
  NewSale old = in;
  old.creado_offline_en = t0 + std::chrono::hours(1);
  old.catalogo_generado_en = t0 + std::chrono::hours(1) - std::chrono::hours(73);
  auto r = Sell(old);
  ASSERT_EQ(Code(r), "CONFLICT");
  EXPECT_EQ(r.error().details.at("motivo").as_string(), "venta_offline_fuera_de_plazo");
  NewSale future = in;
  future.creado_offline_en = clock_.Now() - std::chrono::minutes(1);
  future.catalogo_generado_en = clock_.Now() + std::chrono::minutes(1);
  EXPECT_EQ(Code(Sell(future)), "CONFLICT");
  EXPECT_EQ(Snapshot(), base);
}

TEST_P(SalesOfferTest, OfflineSaleUsesTheOfferInForceAtTheSnapshot) {
  const auto t0 = clock_.Now();
  auto p = Product("Manteca", 100000, 40000);
  Stock(p, 3, "CASI", "2026-12-02");
  Stock(p, 10, "NORMAL", "2027-03-01");
  OpenSession();
  const std::string lote = LotId(p, "CASI");
  auto o = Offer(p, 100000, 3000, lote, t0, t0 + std::chrono::hours(48));
  const auto snapshot = t0 + std::chrono::minutes(5);
  // After the snapshot the offer ends and 2 units come back into the offered lot.
  clock_.Set(t0 + std::chrono::minutes(20));
  Exec(
      "UPDATE ofertas SET activa = $1, desactivada_en = $2, desactivada_por = $3, "
      "motivo_desactivacion = 'manual' WHERE id = $4",
      {false, clock_.Now(), kAdmin, o});
  Stock(p, 2, "CASI", "2026-12-02");
  EXPECT_EQ(LotQty(p, "CASI"), 5);
  // Online, the ended offer no longer applies.
  {
    auto q = sales_->Quote(Meta(), Cart({{p, 1}}, 0));
    ASSERT_TRUE(q.ok());
    EXPECT_FALSE(q->at("items").at(0).as_object().contains("oferta_id"));
  }
  clock_.Set(t0 + std::chrono::minutes(40));
  // The till sold 5 at the snapshot: 3 (the lot's units then) at 70000, 2 at 100000.
  NewSale in = Cart({{p, 5}}, 3 * 70000 + 2 * 100000);
  in.creado_offline_en = t0 + std::chrono::minutes(15);
  in.catalogo_generado_en = snapshot;
  in.total_esperado_centavos = 3 * 70000 + 2 * 100000;
  auto v = SellOk(in);
  ASSERT_FALSE(v.empty());
  std::int64_t offered = 0;
  for (const auto& i : v.at("items").as_array()) {
    if (!i.at("oferta_id").is_null()) offered += I(i.at("cantidad"));
  }
  EXPECT_EQ(offered, 3);
}

TEST_P(SalesTest, ReplayReturnsTheSameSaleAndChangesNothing) {
  auto p = Product("Vino", 400000, 200000);
  Stock(p, 5);
  OpenSession();
  NewSale in = Cart({{p, 2}}, 800000);
  auto key = Key("replay-1", in);
  auto first = sales_->Record(key, Meta(), in);
  ASSERT_TRUE(first.ok());
  const auto after_first = Snapshot();
  auto second = sales_->Record(key, Meta(), in);
  ASSERT_TRUE(second.ok());
  EXPECT_TRUE(second->replayed);
  EXPECT_EQ(second->status, 201);
  EXPECT_EQ(second->data_json, first->data_json);
  EXPECT_EQ(Snapshot(), after_first);
  EXPECT_EQ(Qty(p), 3);
  // The same key with another body.
  NewSale other = Cart({{p, 1}}, 400000);
  auto reused = sales_->Record(
      IdempotencyKey{"POST /api/ventas", kCajero, "replay-1", Fingerprint(other)}, Meta(), other);
  EXPECT_EQ(Code(reused), "IDEMPOTENCY_KEY_REUSED");
  EXPECT_EQ(Snapshot(), after_first);
}

TEST_P(SalesTest, TheReaderShowsLockedSalesTheirLotsAndTheirVoidsAndReturns) {
  auto p = Product("Mermelada", 100000, 50000);
  Stock(p, 2, "A", "2026-12-10");
  Stock(p, 5, "B", "2027-01-10");
  OpenSession();
  NewSale in = Cart({{p, 4}}, 0);
  in.pagos = {{"qr", 150000, std::nullopt}, {"efectivo", 250000, std::nullopt}};
  auto v = SellOk(in);
  ASSERT_FALSE(v.empty());
  const std::string id = S(v.at("id"));
  const std::string item = S(v.at("items").at(0).at("id"));
  db_->Write([&](store::Tx& tx) {
    auto sale = sale_store::FindVenta(tx, id, true);
    ASSERT_TRUE(sale);
    EXPECT_EQ(sale->venta.numero, I(v.at("numero")));
    ASSERT_EQ(sale->items.size(), 1u);
    ASSERT_EQ(sale->pagos.size(), 2u);
    EXPECT_EQ(sale->pagos[0].metodo, "efectivo");  // efectivo first, then the others
    auto lots = sale_store::ItemLots(tx, id);
    ASSERT_EQ(lots[item].size(), 2u);
    EXPECT_EQ(lots[item][0].delta + lots[item][1].delta, 4);
    EXPECT_TRUE(sale_store::Devoluciones(tx, id).empty());
    EXPECT_FALSE(sale_store::FindVenta(tx, kUnknown, true));
  });
  // A return and a void written as the void/return operations write them: the reader shows
  // them as devoluciones[] and anulacion.
  const std::string dev = core::NewUuidV4(random_), anul = core::NewUuidV4(random_);
  Exec(R"sql(
INSERT INTO devoluciones (id, numero, venta_id, tipo, reingresa_stock, sesion_caja_id, usuario_id,
                          motivo, total_centavos, creado_en)
VALUES ($1, 1, $3, 'devolucion', $5, $6, $7, 'Fallado', 100000, $8),
       ($2, 2, $3, 'anulacion', $5, $6, $4, 'Error de carga', 300000, $9))sql",
       {dev, anul, id, kAdmin, true, kSesion, kCajero, clock_.Now(),
        clock_.Now() + std::chrono::seconds(1)});
  Exec(
      "INSERT INTO devolucion_items (devolucion_id, venta_item_id, cantidad, monto_centavos) "
      "VALUES ($1, $2, 1, 100000)",
      {dev, item});
  Exec(
      "INSERT INTO devolucion_reintegros (devolucion_id, metodo, monto_centavos) VALUES ($1, "
      "'efectivo', 100000), ($2, 'qr', 150000), ($2, 'efectivo', 150000)",
      {dev, anul});
  auto got = sales_->Get(Meta(), id);
  ASSERT_TRUE(got.ok());
  ASSERT_EQ(got->at("devoluciones").as_array().size(), 1u);
  const auto& d = got->at("devoluciones").at(0);
  EXPECT_EQ(S(d.at("id")), dev);
  EXPECT_EQ(S(d.at("items").at(0).at("venta_item_id")), item);
  EXPECT_EQ(I(d.at("reintegros").at(0).at("monto_centavos")), 100000);
  ASSERT_TRUE(got->at("anulacion").is_object());
  EXPECT_EQ(S(got->at("anulacion").at("usuario").at("nombre")), "Ana Admin");
  EXPECT_EQ(S(got->at("anulacion").at("reintegros").at(0).at("metodo")), "efectivo");
  // Rows written by hand break the sale invariants (devuelto), so they go before TearDown.
  Exec("DELETE FROM devolucion_reintegros");
  Exec("DELETE FROM devolucion_items");
  Exec("DELETE FROM devoluciones");
}

TEST_P(SalesTest, QuotePricesLikeTheSaleAndWarnsInsteadOfRefusing) {
  auto p = Product("Harina", 100000, 100000);  // at loss risk
  auto q = Product("Levadura", 30000, 10000);
  auto off = Product("Viejo", 30000, 10000, "u", false);
  Stock(p, 1);
  Stock(q, 10);
  const auto base = Snapshot();
  auto r = sales_->Quote(Meta(), Cart({{p, 3}, {q, 2}}, 0));
  ASSERT_TRUE(r.ok()) << r.error().Message();
  EXPECT_EQ(I(r->at("total_centavos")), 360000);
  EXPECT_EQ(r->at("items").as_array().size(), 2u);
  std::set<std::string> tipos;
  for (const auto& a : r->at("advertencias").as_array()) {
    tipos.insert(S(a.at("tipo")));
    EXPECT_EQ(S(a.at("producto_id")), p);
  }
  EXPECT_EQ(tipos, (std::set<std::string>{"stock_insuficiente", "riesgo_perdida"}));
  EXPECT_EQ(Snapshot(), base);
  auto bad = sales_->Quote(Meta(), Cart({{off, 1}}, 0));
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, core::ErrorCode::kProductInactive);
  auto unknown = sales_->Quote(Meta(), Cart({{kUnknown, 1}}, 0));
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code, core::ErrorCode::kReferenceNotFound);
}

MM_INSTANTIATE_BACKENDS(SalesTest);
MM_INSTANTIATE_BACKENDS(SalesOfferTest);

}  // namespace
}  // namespace mm::services
