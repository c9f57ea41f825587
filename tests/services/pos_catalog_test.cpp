// The POS catalogue (api.md §9.1) on both databases: active products only, available stock at the
// sales location net of effectively active reservations, the offer there, the loss-risk flag
// without cost figures, and a version that moves with the catalogue, prices and stock.
#include <gtest/gtest.h>

#include "services/cache_versions.hpp"
#include "services/offers.hpp"
#include "services/pos_catalog.hpp"
#include "stock_movement_fixture.hpp"

namespace mm::services {
namespace {

namespace json = boost::json;

std::string S(const json::value& v) { return std::string(v.as_string()); }

class PosCatalogTest : public StockMovementTest {
 protected:
  void SetUp() override {
    StockMovementTest::SetUp();
    offers_ = std::make_unique<Offers>(*env_, *idem_);
    catalog_ = std::make_unique<PosCatalog>(*env_);
  }
  json::object Build() {
    auto r = catalog_->Build(Meta());
    EXPECT_TRUE(r.ok());
    return r.ok() ? *r : json::object{};
  }
  std::string Version() {
    auto v = catalog_->Version(Meta());
    EXPECT_TRUE(v.ok());
    return v.ok() ? *v : std::string();
  }
  static const json::object* Find(const json::object& c, const std::string& id) {
    for (const auto& p : c.at("productos").as_array()) {
      if (S(p.at("id")) == id) return &p.as_object();
    }
    return nullptr;
  }
  std::unique_ptr<Offers> offers_;
  std::unique_ptr<PosCatalog> catalog_;
};

TEST_P(PosCatalogTest, ActiveProductsWithAvailableStockAtTheSalesLocation) {
  MoveOk(Entrada(kLeche, 10, kPrincipal, "L1", "2026-12-20"));
  MoveOk(Entrada(kLeche, 50, kDeposito, "L2", "2026-12-20"));
  MoveOk(Entrada(kArroz, 4, kPrincipal));
  Reserve(kLeche, kPrincipal, 3, clock_.Now());
  Reserve(kLeche, kPrincipal, 2, clock_.Now(), std::nullopt,
          clock_.Now() - std::chrono::minutes(1));  // expired: does not count
  Reserve(kArroz, kPrincipal, 4, clock_.Now());
  auto c = Build();
  EXPECT_EQ(S(c.at("ubicacion_id")), kPrincipal);
  EXPECT_EQ(S(c.at("version")), Version());
  EXPECT_EQ(S(c.at("generado_en")), core::FormatApiTimestamp(clock_.Now()));
  ASSERT_EQ(c.at("productos").as_array().size(), 2u);  // kViejo is inactive
  EXPECT_EQ(Find(c, kViejo), nullptr);
  const auto* leche = Find(c, kLeche);
  ASSERT_NE(leche, nullptr);
  EXPECT_EQ(leche->at("disponible").as_int64(), 7);
  EXPECT_EQ(leche->at("precio_venta_centavos").as_int64(), 150000);
  EXPECT_TRUE(leche->at("oferta").is_null());
  EXPECT_FALSE(leche->at("riesgo_perdida").as_bool());
  EXPECT_EQ(S(leche->at("sku")), "LEC-1");
  EXPECT_EQ(S(leche->at("unidad")), "u");
  EXPECT_FALSE(leche->contains("costo_centavos"));
  EXPECT_EQ(Find(c, kArroz)->at("disponible").as_int64(), 0);
}

TEST_P(PosCatalogTest, OfferAtTheSalesLocationAndLossRisk) {
  MoveOk(Entrada(kLeche, 6, kPrincipal, "L1", "2026-12-02"));
  MoveOk(Entrada(kArroz, 4, kDeposito));
  auto lot = LotOf(kLeche, kPrincipal, "L1").first;
  NewOffer lot_offer;
  lot_offer.lote_id = lot;
  auto created = offers_->Create(std::nullopt, Meta(), lot_offer);
  ASSERT_TRUE(created.ok());
  NewOffer elsewhere;  // an offer at another location is not the till's
  elsewhere.producto_id = kArroz;
  elsewhere.ubicacion_id = kDeposito;
  ASSERT_TRUE(offers_->Create(std::nullopt, Meta(), elsewhere).ok());
  Exec("UPDATE productos SET costo_centavos = 150000 WHERE id = $1", {kArroz});
  auto c = Build();
  const auto& oferta = Find(c, kLeche)->at("oferta").as_object();
  EXPECT_EQ(S(oferta.at("id")), S(json::parse(created->data_json).at("id")));
  EXPECT_EQ(oferta.at("precio_oferta_centavos").as_int64(), 105000);
  EXPECT_EQ(oferta.at("descuento_bp").as_int64(), 3000);
  EXPECT_EQ(S(oferta.at("lote_id")), lot);
  EXPECT_EQ(oferta.at("unidades").as_int64(), 6);
  const auto* arroz = Find(c, kArroz);
  EXPECT_TRUE(arroz->at("oferta").is_null());
  EXPECT_TRUE(arroz->at("riesgo_perdida").as_bool());  // cost = price
  EXPECT_FALSE(arroz->contains("costo_centavos"));
  // Past its vence_en an offer is no longer in force, even before the sweep ends it.
  clock_.Advance(std::chrono::days(5));
  EXPECT_TRUE(Find(Build(), kLeche)->at("oferta").is_null());
}

TEST_P(PosCatalogTest, VersionMovesWithStockPricesAndCatalogue) {
  auto v0 = Version();
  EXPECT_EQ(Version(), v0);
  MoveOk(Entrada(kArroz, 4, kPrincipal));
  auto v1 = Version();
  EXPECT_NE(v1, v0);
  NewOffer o;
  o.producto_id = kArroz;
  ASSERT_TRUE(offers_->Create(std::nullopt, Meta(), o).ok());
  auto v2 = Version();
  EXPECT_NE(v2, v1);
  db_->Write([&](store::Tx& tx) { BumpCacheVersion(tx, "catalogo", clock_.Now()); });
  EXPECT_NE(Version(), v2);
  // Other namespaces do not move it.
  auto v3 = Version();
  db_->Write([&](store::Tx& tx) { BumpCacheVersion(tx, "usuarios", clock_.Now()); });
  EXPECT_EQ(Version(), v3);
}

TEST_P(PosCatalogTest, VersionMovesWhenAnOfferOrReservationLapsesBeforeAnySweep) {
  MoveOk(Entrada(kArroz, 4, kPrincipal));
  NewOffer o;
  o.producto_id = kArroz;
  o.vence_en = clock_.Now() + std::chrono::hours(1);
  ASSERT_TRUE(offers_->Create(std::nullopt, Meta(), o).ok());
  Reserve(kArroz, kPrincipal, 1, clock_.Now(), std::nullopt, clock_.Now() + std::chrono::hours(3));
  auto v0 = Version();
  clock_.Advance(std::chrono::minutes(30));
  EXPECT_EQ(Version(), v0);  // nothing lapsed yet
  clock_.Advance(std::chrono::hours(1));
  auto v1 = Version();
  EXPECT_NE(v1, v0);  // the offer lapsed
  EXPECT_TRUE(Find(Build(), kArroz)->at("oferta").is_null());
  clock_.Advance(std::chrono::hours(2));
  EXPECT_NE(Version(), v1);  // the reservation lapsed
  EXPECT_EQ(Find(Build(), kArroz)->at("disponible").as_int64(), 4);
}

MM_INSTANTIATE_BACKENDS(PosCatalogTest);

}  // namespace
}  // namespace mm::services
