// Pricing (domain.md §2.5): price from cost and markup rounded by the store settings, the category
// minimum, one history row per change (I26), cost = latest precios_compra (I28), idempotency.
#include <gtest/gtest.h>

#include <map>
#include <random>

#include <boost/json/parse.hpp>

#include "core/money.hpp"
#include "pricing_fixture.hpp"
#include "services/purchase_costs.hpp"
#include "support/test_env.hpp"

namespace mm::services {
namespace {

class PricingServiceTest : public PricingTest {
 protected:
  core::Result<IdempotentReply> Apply(const std::string& producto, std::int64_t costo,
                                      std::optional<std::int64_t> markup = {},
                                      bool aprobar = false) {
    ApplyPriceInput in;
    in.producto_id = producto;
    in.costo_centavos = costo;
    in.markup_bp = markup;
    in.aprobar_bajo_minimo = aprobar;
    clock_.Advance(std::chrono::seconds(1));
    return pricing_->Apply(std::nullopt, AdminMeta(), in);
  }
  core::Result<IdempotentReply> Cost(const std::string& producto, std::int64_t costo,
                                     std::optional<std::string> proveedor = {}) {
    RecordCostInput in;
    in.producto_id = producto;
    in.costo_centavos = costo;
    in.proveedor_id = proveedor;
    clock_.Advance(std::chrono::seconds(1));
    return pricing_->RecordCost(std::nullopt, AdminMeta(), in);
  }
  void SetRounding(std::int64_t step) {
    StoreSettingsPatch p;
    p.redondeo_centavos = step;
    ASSERT_TRUE(settings_->Update(AdminMeta(), p).ok());
  }
  // Everything a failed operation must leave alone (I35).
  struct Snapshot {
    std::int64_t precio, version, historicos, compras, audits, idem, catalogo, precios;
    std::optional<std::int64_t> costo;
    bool operator==(const Snapshot&) const = default;
  };
  Snapshot Take(const std::string& producto) {
    auto p = Product(producto);
    return Snapshot{p.precio,
                    p.version,
                    Scalar("SELECT COUNT(*) FROM precios_historicos"),
                    Scalar("SELECT COUNT(*) FROM precios_compra"),
                    Scalar("SELECT COUNT(*) FROM audit_log"),
                    Scalar("SELECT COUNT(*) FROM idempotency_keys"),
                    CacheVersion("catalogo"),
                    CacheVersion("precios"),
                    p.costo};
  }
};

TEST_P(PricingServiceTest, ApplyComputesThePriceWritesHistoryCostAuditAndBumps) {
  auto prod = CreateProduct(0);
  auto r = Apply(prod, 1000, 3000);
  ASSERT_TRUE(r.ok()) << r.error().Message();
  auto d = Data(*r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(d.at("precio_calculado_centavos").as_int64(), 1300);
  EXPECT_EQ(d.at("precio_venta_centavos").as_int64(), 1300);
  EXPECT_EQ(d.at("precio_anterior_centavos").as_int64(), 0);
  EXPECT_EQ(d.at("markup_bp").as_int64(), 3000);
  EXPECT_EQ(d.at("margen_bruto_bp").as_int64(), 2307);  // floor(300 × 10000 / 1300)
  EXPECT_FALSE(d.at("sin_cambios").as_bool());

  auto p = Product(prod);
  EXPECT_EQ(p.precio, 1300);
  EXPECT_EQ(p.costo, 1000);
  EXPECT_EQ(p.version, 1);
  EXPECT_EQ(HistoryRows(prod), 1);
  EXPECT_EQ(CompraRows(prod), 1);
  EXPECT_EQ(AuditRows("precio_aplicado"), 1);
  EXPECT_GE(CacheVersion("catalogo"), 1);
  EXPECT_GE(CacheVersion("precios"), 1);
  db_->Read([&](store::Tx& tx) {
    auto h = tx.QueryOne("SELECT * FROM precios_historicos WHERE producto_id = $1", {prod});
    EXPECT_EQ(h->Int("precio_anterior_centavos"), 0);
    EXPECT_EQ(h->Int("precio_nuevo_centavos"), 1300);
    EXPECT_FALSE(h->OptInt("costo_anterior_centavos").has_value());
    EXPECT_EQ(h->Int("costo_nuevo_centavos"), 1000);
    EXPECT_EQ(h->Int("markup_bp"), 3000);
    EXPECT_FALSE(h->OptInt("variacion_bp").has_value());  // anterior 0
    EXPECT_EQ(h->Text("origen"), "aplicar_precio");
    EXPECT_EQ(h->Text("usuario_id"), admin_);
    EXPECT_FALSE(h->Bool("aprobado_bajo_minimo"));
    auto c = tx.QueryOne("SELECT * FROM precios_compra WHERE producto_id = $1", {prod});
    EXPECT_EQ(c->Int("costo_unitario_centavos"), 1000);
    EXPECT_EQ(c->Text("origen"), "manual");
  });

  // A second price: variation against the first.
  auto r2 = Apply(prod, 1000, 5000);
  ASSERT_TRUE(r2.ok());
  EXPECT_EQ(Data(*r2).at("precio_venta_centavos").as_int64(), 1500);
  EXPECT_EQ(HistoryRows(prod), 2);
  EXPECT_EQ(CompraRows(prod), 1);  // same cost: no new purchase-cost row
  db_->Read([&](store::Tx& tx) {
    auto h = tx.QueryOne(
        "SELECT variacion_bp FROM precios_historicos WHERE producto_id = $1 "
        "ORDER BY creado_en DESC LIMIT 1",
        {prod});
    EXPECT_EQ(h->Int(0), 1538);  // (1500 − 1300) × 10000 / 1300
  });
}

TEST_P(PricingServiceTest, RoundingStepComesFromTheStoreSettings) {
  SetRounding(50);
  auto prod = CreateProduct();
  auto r = Apply(prod, 1234, 3000);  // 1604.2 → 1605 → next multiple of 50
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(Data(*r).at("precio_venta_centavos").as_int64(), 1650);
  EXPECT_EQ(Product(prod).precio, 1650);
  EXPECT_EQ(core::PriceFromMarkup(1234, 3000, 50), 1650);

  auto rounded = pricing_->Round(1601);
  ASSERT_TRUE(rounded.ok());
  EXPECT_EQ(rounded->redondeado_centavos, 1650);
  EXPECT_EQ(pricing_->Round(1650)->redondeado_centavos, 1650);
  SetRounding(1);
  EXPECT_EQ(pricing_->Round(1601)->redondeado_centavos, 1601);
}

TEST_P(PricingServiceTest, DefaultMarkupChainProductThenCategoryMidpointThenSettings) {
  auto cat = CreateCategory(2000, 6000);
  auto own = CreateProduct(0, {}, 1000, cat);
  auto by_category = CreateProduct(0, {}, {}, cat);
  auto plain = CreateProduct();

  EXPECT_EQ(pricing_->Suggest(own)->fuente, "producto");
  EXPECT_EQ(pricing_->Suggest(own)->markup_sugerido_bp, 1000);
  EXPECT_EQ(pricing_->Suggest(by_category)->fuente, "categoria");
  EXPECT_EQ(pricing_->Suggest(by_category)->markup_sugerido_bp, 4000);
  EXPECT_EQ(pricing_->Suggest(plain)->fuente, "defecto");
  EXPECT_EQ(pricing_->Suggest(plain)->markup_sugerido_bp, 3000);
  auto missing = pricing_->Suggest(core::NewUuidV4(random_));
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, core::ErrorCode::kNotFound);

  // The product's own 10 % is below the category minimum of 20 %: refused without approval.
  auto refused = Apply(own, 1000);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, core::ErrorCode::kMarginBelowMinimum);
  auto r = Apply(by_category, 1000);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(Data(*r).at("markup_bp").as_int64(), 4000);
  EXPECT_EQ(Product(by_category).precio, 1400);
  ASSERT_TRUE(Apply(plain, 1000).ok());
  EXPECT_EQ(Product(plain).precio, 1300);

  // The settings default is read from the row, so an admin change applies at once.
  StoreSettingsPatch p;
  p.markup_defecto_bp = 5000;
  ASSERT_TRUE(settings_->Update(AdminMeta(), p).ok());
  EXPECT_EQ(pricing_->Suggest(plain)->markup_sugerido_bp, 5000);
}

TEST_P(PricingServiceTest, MinimumIsInheritedFromTheNearestAncestorThatSetsOne) {
  auto root = CreateCategory(2500, std::nullopt);
  auto child = CreateCategory(std::nullopt, std::nullopt, root, 2);
  auto prod = CreateProduct(0, {}, {}, child);
  auto before = Take(prod);
  auto r = Apply(prod, 1000, 2499);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, core::ErrorCode::kMarginBelowMinimum);
  EXPECT_EQ(r.error().details.at("markup_bp").as_int64(), 2499);
  EXPECT_EQ(r.error().details.at("markup_minimo_bp").as_int64(), 2500);
  EXPECT_EQ(Take(prod), before);  // nothing changed
  EXPECT_TRUE(Apply(prod, 1000, 2500).ok());
}

TEST_P(PricingServiceTest, ApprovedBelowMinimumIsFlaggedAndAuditedAsAWarning) {
  auto cat = CreateCategory(3000, 5000);
  auto prod = CreateProduct(0, {}, {}, cat);
  auto r = Apply(prod, 2000, 1000, true);
  ASSERT_TRUE(r.ok()) << r.error().Message();
  EXPECT_EQ(Product(prod).precio, 2200);
  db_->Read([&](store::Tx& tx) {
    auto h = tx.QueryOne(
        "SELECT aprobado_bajo_minimo FROM precios_historicos WHERE producto_id = $1", {prod});
    EXPECT_TRUE(h->Bool(0));
    auto a = tx.QueryOne("SELECT nivel, detalles FROM audit_log WHERE accion = 'precio_aplicado'");
    EXPECT_EQ(a->Text(0), "warning");
    auto det = boost::json::parse(a->Text(1));
    EXPECT_TRUE(det.at("aprobado_bajo_minimo").as_bool());
    EXPECT_EQ(det.at("markup_minimo_bp").as_int64(), 3000);
  });
  // Approval requested but not needed: no flag.
  auto ok = Apply(prod, 2000, 4000, true);
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM precios_historicos WHERE aprobado_bajo_minimo = " +
                   std::string(GetParam() == store::Dialect::kPostgres ? "true" : "1")),
            1);
}

TEST_P(PricingServiceTest, NoChangeAnswersSinCambiosAndWritesNoHistory) {
  auto prod = CreateProduct();
  ASSERT_TRUE(Apply(prod, 1000, 3000).ok());
  auto before = Take(prod);
  auto r = Apply(prod, 1000, 3000);
  ASSERT_TRUE(r.ok());
  auto d = Data(*r);
  EXPECT_TRUE(d.at("sin_cambios").as_bool());
  EXPECT_EQ(d.at("precio_anterior_centavos").as_int64(), 1300);
  EXPECT_EQ(d.at("precio_venta_centavos").as_int64(), 1300);
  EXPECT_EQ(Take(prod), before);

  // A different markup whose rounded price is the same is no change either.
  SetRounding(100);
  ASSERT_TRUE(Apply(prod, 1000, 3000).ok());  // 1300 is a multiple of 100: still no change
  EXPECT_EQ(HistoryRows(prod), 1);
  auto r2 = Apply(prod, 1000, 2950);  // 1295 → 1300
  ASSERT_TRUE(r2.ok());
  EXPECT_TRUE(Data(*r2).at("sin_cambios").as_bool());
  EXPECT_EQ(HistoryRows(prod), 1);
}

TEST_P(PricingServiceTest, UnknownOrInactiveProductChangesNothing) {
  auto prod = CreateProduct(500, 400);
  auto inactive = CreateProduct(500, 400, {}, {}, false);
  auto before = Take(prod);
  auto before_inactive = Take(inactive);

  auto unknown = Apply(core::NewUuidV4(random_), 1000, 3000);
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code, core::ErrorCode::kReferenceNotFound);
  EXPECT_EQ(unknown.error().details.at("campo").as_string(), "producto_id");

  auto off = Apply(inactive, 1000, 3000);
  ASSERT_FALSE(off.ok());
  EXPECT_EQ(off.error().code, core::ErrorCode::kProductInactive);
  auto off_cost = Cost(inactive, 700);
  ASSERT_FALSE(off_cost.ok());
  EXPECT_EQ(off_cost.error().code, core::ErrorCode::kProductInactive);

  auto bad_supplier = Cost(prod, 700, core::NewUuidV4(random_));
  ASSERT_FALSE(bad_supplier.ok());
  EXPECT_EQ(bad_supplier.error().code, core::ErrorCode::kReferenceNotFound);
  EXPECT_EQ(bad_supplier.error().details.at("campo").as_string(), "proveedor_id");

  EXPECT_EQ(Take(prod), before);
  EXPECT_EQ(Take(inactive), before_inactive);
}

TEST_P(PricingServiceTest, RecordCostKeepsThePriceAndReportsTheResultingMarkup) {
  auto cat = CreateCategory(2000, std::nullopt);
  auto prod = CreateProduct(0, {}, {}, cat);
  ASSERT_TRUE(Apply(prod, 1000, 3000).ok());  // 1300
  auto supplier = CreateSupplier();
  auto r = Cost(prod, 1200, supplier);
  ASSERT_TRUE(r.ok()) << r.error().Message();
  EXPECT_EQ(r->status, 201);
  EXPECT_EQ(r->resource_id, prod);
  auto d = Data(*r);
  EXPECT_EQ(d.at("costo_centavos").as_int64(), 1200);
  EXPECT_EQ(d.at("markup_bp").as_int64(), 833);  // floor(100 × 10000 / 1200)
  EXPECT_EQ(d.at("margen_bruto_bp").as_int64(), 769);
  EXPECT_EQ(d.at("markup_minimo_bp").as_int64(), 2000);
  EXPECT_TRUE(d.at("bajo_minimo").as_bool());
  auto p = Product(prod);
  EXPECT_EQ(p.precio, 1300);
  EXPECT_EQ(p.costo, 1200);
  EXPECT_EQ(HistoryRows(prod), 2);
  EXPECT_EQ(AuditRows("costo_registrado"), 1);
  db_->Read([&](store::Tx& tx) {
    auto h = tx.QueryOne(
        "SELECT * FROM precios_historicos WHERE producto_id = $1 AND origen = 'costo'", {prod});
    EXPECT_EQ(h->Int("precio_anterior_centavos"), 1300);
    EXPECT_EQ(h->Int("precio_nuevo_centavos"), 1300);
    EXPECT_EQ(h->Int("costo_anterior_centavos"), 1000);
    EXPECT_EQ(h->Int("costo_nuevo_centavos"), 1200);
    auto c = tx.QueryOne(
        "SELECT proveedor_id FROM precios_compra WHERE producto_id = $1 "
        "ORDER BY creado_en DESC LIMIT 1",
        {prod});
    EXPECT_EQ(c->Text(0), supplier);
  });

  // The same cost again: a purchase-cost row (a new purchase), but no history row (I26).
  auto same = Cost(prod, 1200);
  ASSERT_TRUE(same.ok());
  EXPECT_EQ(CompraRows(prod), 3);
  EXPECT_EQ(HistoryRows(prod), 2);

  // Cost 0 is allowed here (a gift); the markup is then undefined.
  auto zero = Cost(prod, 0);
  ASSERT_TRUE(zero.ok());
  EXPECT_TRUE(Data(*zero).at("markup_bp").is_null());
  EXPECT_EQ(Product(prod).costo, 0);
}

TEST_P(PricingServiceTest, RecordPurchaseCostFromAReceiptWritesOneHistoryRowPerChange) {
  auto prod = CreateProduct(1500, 1000);
  const auto version = Product(prod).version;
  PurchaseCost c{prod, std::nullopt, 1100, "recepcion", std::nullopt, "", "recepcion"};
  auto r = db_->Write([&](store::Tx& tx) { return RecordPurchaseCost(tx, *env_, AdminMeta(), c); });
  EXPECT_EQ(r.costo_anterior, 1000);
  EXPECT_TRUE(r.cambio);
  EXPECT_EQ(Product(prod).version, version + 1);
  clock_.Advance(std::chrono::seconds(1));
  auto again =
      db_->Write([&](store::Tx& tx) { return RecordPurchaseCost(tx, *env_, AdminMeta(), c); });
  EXPECT_FALSE(again.cambio);
  EXPECT_EQ(Product(prod).version, version + 1);  // no change, no version bump
  EXPECT_EQ(HistoryRows(prod), 1);
  EXPECT_EQ(CompraRows(prod), 2);
  db_->Read([&](store::Tx& tx) {
    auto h = tx.QueryOne("SELECT origen, motivo, markup_bp FROM precios_historicos");
    EXPECT_EQ(h->Text(0), "recepcion");
    EXPECT_FALSE(h->Text(1).empty());
    EXPECT_EQ(h->Int(2), 3636);  // floor(400 × 10000 / 1100)
  });
}

TEST_P(PricingServiceTest, IdempotentReplayOfApplyAndCost) {
  auto prod = CreateProduct();
  IdempotencyKey key{"POST /api/precios/aplicar", admin_, "k-aplicar-1", "fp-1"};
  ApplyPriceInput in{prod, 1000, 3000, false, std::nullopt};
  auto first = pricing_->Apply(key, AdminMeta(), in);
  ASSERT_TRUE(first.ok());
  // The replay answers the stored outcome even though a new apply would now be "sin cambios".
  auto replay = pricing_->Apply(key, AdminMeta(), in);
  ASSERT_TRUE(replay.ok());
  EXPECT_TRUE(replay->replayed);
  EXPECT_EQ(replay->data_json, first->data_json);
  EXPECT_EQ(HistoryRows(prod), 1);
  EXPECT_EQ(AuditRows("precio_aplicado"), 1);

  IdempotencyKey other = key;
  other.fingerprint = "fp-2";
  auto reused = pricing_->Apply(other, AdminMeta(), ApplyPriceInput{prod, 2000, 3000, false, {}});
  ASSERT_FALSE(reused.ok());
  EXPECT_EQ(reused.error().code, core::ErrorCode::kIdempotencyKeyReused);
  EXPECT_EQ(Product(prod).costo, 1000);

  IdempotencyKey ckey{"POST /api/precios/costo", admin_, "k-costo-1", "fp-c"};
  RecordCostInput cin{prod, 1100, std::nullopt, std::string("factura 0001")};
  auto c1 = pricing_->RecordCost(ckey, AdminMeta(), cin);
  ASSERT_TRUE(c1.ok());
  auto c2 = pricing_->RecordCost(ckey, AdminMeta(), cin);
  ASSERT_TRUE(c2.ok());
  EXPECT_TRUE(c2->replayed);
  EXPECT_EQ(c2->status, 201);
  EXPECT_EQ(CompraRows(prod), 2);
  EXPECT_EQ(HistoryRows(prod), 2);
}

TEST_P(PricingServiceTest, ResultingPriceAboveTheMoneyLimitIsRefused) {
  auto prod = CreateProduct();
  auto before = Take(prod);
  auto r = Apply(prod, 10'000'000'000, 100'000);  // 1.1 × 10^11 > 10^11
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, core::ErrorCode::kValidationError);
  EXPECT_EQ(Take(prod), before);
}

TEST_P(PricingServiceTest, HistoryIsNewestFirstFilteredAndPaginated) {
  auto prod = CreateProduct();
  ASSERT_TRUE(Apply(prod, 1000, 1000).ok());
  clock_.Advance(std::chrono::hours(48));
  ASSERT_TRUE(Apply(prod, 1000, 2000).ok());
  ASSERT_TRUE(Cost(prod, 900).ok());
  std::int64_t total = 0;
  auto all = pricing_->History(prod, PriceHistoryFilter{}, &total);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(total, 3);
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[0].origen, "costo");
  EXPECT_EQ((*all)[1].precio_nuevo_centavos, 1200);
  EXPECT_EQ((*all)[2].precio_nuevo_centavos, 1100);
  EXPECT_EQ((*all)[0].usuario_nombre, "Usuario admin@precios.local");

  PriceHistoryFilter recent;
  recent.desde = clock_.Now() - std::chrono::hours(1);
  auto r = pricing_->History(prod, recent, &total);
  EXPECT_EQ(total, 2);
  PriceHistoryFilter page;
  page.limit = 1;
  page.offset = 2;
  auto p = pricing_->History(prod, page, &total);
  EXPECT_EQ(total, 3);
  ASSERT_EQ(p->size(), 1u);
  EXPECT_EQ((*p)[0].precio_nuevo_centavos, 1100);

  auto missing = pricing_->History(core::NewUuidV4(random_), PriceHistoryFilter{}, &total);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, core::ErrorCode::kNotFound);
}

// I26 and I28 after a random sequence of applies and costs, repeats included.
TEST_P(PricingServiceTest, RandomSequenceKeepsOneHistoryRowPerChangeAndCostEqualsLatestPurchase) {
  std::vector<std::string> products;
  for (int i = 0; i < 4; ++i) products.push_back(CreateProduct());
  std::map<std::string, int> changes;
  std::mt19937_64 rng(42);
  const int steps = testing::Scaled(200, 40);
  for (int i = 0; i < steps; ++i) {
    const auto& prod = products[rng() % products.size()];
    const auto before = Product(prod);
    const std::int64_t costo = 1000 + static_cast<std::int64_t>(rng() % 3) * 100;
    if (rng() % 2 == 0) {
      const std::int64_t markup = static_cast<std::int64_t>(rng() % 3) * 1000;
      auto r = Apply(prod, costo, markup);
      ASSERT_TRUE(r.ok());
      const bool changed = !Data(*r).at("sin_cambios").as_bool();
      const auto after = Product(prod);
      EXPECT_EQ(changed, after.precio != before.precio || after.costo != before.costo);
      if (changed) ++changes[prod];
    } else {
      ASSERT_TRUE(Cost(prod, costo).ok());
      if (before.costo != costo) ++changes[prod];
    }
  }
  for (const auto& prod : products) {
    EXPECT_EQ(HistoryRows(prod), changes[prod]) << prod;
    db_->Read([&](store::Tx& tx) {
      // The history is a chain: each row starts where the previous ended, and ends at the product.
      auto rows = tx.Query(
          "SELECT precio_anterior_centavos, precio_nuevo_centavos, costo_anterior_centavos, "
          "costo_nuevo_centavos FROM precios_historicos WHERE producto_id = $1 "
          "ORDER BY creado_en",
          {prod});
      std::int64_t precio = 0;
      std::optional<std::int64_t> costo;
      for (const auto& h : rows) {
        EXPECT_EQ(h.Int(0), precio);
        EXPECT_EQ(h.OptInt(2), costo);
        EXPECT_TRUE(h.Int(0) != h.Int(1) || h.OptInt(2) != h.OptInt(3));
        precio = h.Int(1);
        costo = h.OptInt(3);
      }
      auto p = tx.QueryOne(
          "SELECT precio_venta_centavos, costo_centavos FROM productos WHERE id = $1", {prod});
      EXPECT_EQ(p->Int(0), precio);
      EXPECT_EQ(p->OptInt(1), costo);
      auto latest = tx.QueryOne(
          "SELECT costo_unitario_centavos FROM precios_compra WHERE producto_id = $1 "
          "ORDER BY creado_en DESC LIMIT 1",
          {prod});
      if (latest) {
        EXPECT_EQ(p->OptInt(1), latest->Int(0));  // I28
      }
    });
  }
}

MM_INSTANTIATE_BACKENDS(PricingServiceTest);

}  // namespace
}  // namespace mm::services
