// Offers (domain.md §1.6, §2.5, §3; api.md §10.3) on both databases: one active offer per product
// and location whatever lot it names (I31), concurrent creators, lots that are empty or expired,
// the price formula, deactivation, the expiry sweep's reasons and the suggested list.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "core/store_calendar.hpp"
#include "services/offers.hpp"
#include "stock_movement_fixture.hpp"
#include "support/test_env.hpp"

namespace mm::services {
namespace {

namespace json = boost::json;

std::string S(const json::value& v) { return std::string(v.as_string()); }

class OffersTest : public StockMovementTest {
 protected:
  void SetUp() override {
    StockMovementTest::SetUp();
    offers_ = std::make_unique<Offers>(*env_, *idem_);
  }
  core::Result<IdempotentReply> Create(const NewOffer& in) {
    return offers_->Create(std::nullopt, Meta(), in);
  }
  static NewOffer ForLot(const std::string& lote_id) {
    NewOffer in;
    in.lote_id = lote_id;
    return in;
  }
  static NewOffer ForProduct(const char* producto, const char* ubicacion = nullptr) {
    NewOffer in;
    in.producto_id = producto;
    if (ubicacion) in.ubicacion_id = ubicacion;
    return in;
  }
  json::object CreateOk(const NewOffer& in) {
    auto r = Create(in);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : std::string(r.error().Message()));
    if (!r.ok()) return {};
    EXPECT_EQ(r->status, 201);
    return json::parse(r->data_json).as_object();
  }
  // A lot of `n` units of `producto` at `ubicacion`, created through an entrada; its id.
  std::string Lot(const char* producto, const char* ubicacion, const std::string& lote,
                  const std::optional<std::string>& fecha, std::int64_t n) {
    MoveOk(Entrada(producto, n, ubicacion, lote, fecha));
    return LotOf(producto, ubicacion, lote).first;
  }
  std::string Day(int offset) {
    auto today = core::StoreCalendar::Default().DayOf(clock_.Now());
    return core::FormatDate(core::AddDays(today, offset));
  }
  std::int64_t Precios() {
    return Scalar(
        "SELECT COALESCE(MAX(version), 0) FROM cache_versions WHERE namespace = 'precios'");
  }
  std::string Motivo(const std::string& id) {
    return db_->Read([&](store::Tx& tx) {
      return tx.QueryOne("SELECT motivo_desactivacion FROM ofertas WHERE id = $1", {id})
          ->OptText(0)
          .value_or("<activa>");
    });
  }
  std::unique_ptr<Offers> offers_;
};

TEST(OfferPriceTest, RoundsHalfUp) {
  EXPECT_EQ(OfferPrice(150000, 3000), 105000);
  EXPECT_EQ(OfferPrice(15, 5000), 8);  // 7.5 → 8
  EXPECT_EQ(OfferPrice(5, 9000), 1);   // 0.5 → 1
  EXPECT_EQ(OfferPrice(999, 1234), 876);
  EXPECT_EQ(OfferPrice(1001, 100), 991);  // 990.99 → 991
}

TEST_P(OffersTest, LotOfferDefaultsToThirtyPercentUntilTheEndOfItsExpiryDay) {
  auto lot = Lot(kLeche, kPrincipal, "L1", Day(4), 10);
  auto before = Precios();
  auto o = CreateOk(ForLot(lot));
  ASSERT_FALSE(o.empty());
  EXPECT_EQ(S(o.at("producto").at("id")), kLeche);
  EXPECT_EQ(S(o.at("ubicacion").at("id")), kPrincipal);
  EXPECT_EQ(S(o.at("lote").at("id")), lot);
  EXPECT_EQ(o.at("descuento_bp").as_int64(), 3000);
  EXPECT_EQ(o.at("precio_lista_centavos").as_int64(), 150000);
  EXPECT_EQ(o.at("precio_oferta_centavos").as_int64(), 105000);
  EXPECT_EQ(S(o.at("motivo")), "vencimiento");
  EXPECT_TRUE(o.at("activa").as_bool());
  const auto& cal = core::StoreCalendar::Default();
  EXPECT_EQ(S(o.at("vence_en")), core::FormatApiTimestamp(cal.EndOf(*core::ParseDate(Day(4)))));
  EXPECT_EQ(Precios(), before + 1);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM audit_log WHERE accion = 'oferta_creada'"), 1);
}

TEST_P(OffersTest, ProductOfferIsManualAtTheSalesLocationForSevenDays) {
  MoveOk(Entrada(kArroz, 5, nullptr));
  NewOffer in = ForProduct(kArroz);
  in.descuento_bp = 1234;
  auto o = CreateOk(in);
  ASSERT_FALSE(o.empty());
  EXPECT_EQ(S(o.at("ubicacion").at("id")), kPrincipal);
  EXPECT_TRUE(o.at("lote").is_null());
  EXPECT_EQ(S(o.at("motivo")), "manual");
  EXPECT_EQ(o.at("precio_oferta_centavos").as_int64(), OfferPrice(150000, 1234));
  EXPECT_EQ(S(o.at("vence_en")), core::FormatApiTimestamp(clock_.Now() + std::chrono::days(7)));
}

TEST_P(OffersTest, OneActiveOfferPerProductAndLocationWhateverLot) {
  auto l1 = Lot(kLeche, kPrincipal, "L1", Day(3), 4);
  auto l2 = Lot(kLeche, kPrincipal, "L2", Day(5), 4);
  auto l3 = Lot(kLeche, kDeposito, "L3", Day(5), 4);
  auto first = CreateOk(ForLot(l1));
  ASSERT_FALSE(first.empty());
  for (const auto& in : {ForLot(l2), ForProduct(kLeche), ForProduct(kLeche, kPrincipal)}) {
    auto r = Create(in);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, core::ErrorCode::kOfferAlreadyActive);
    EXPECT_EQ(S(r.error().details.at("oferta_id")), S(first.at("id")));
  }
  EXPECT_FALSE(CreateOk(ForLot(l3)).empty());  // another location
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM ofertas WHERE activa = " +
                   std::string(GetParam() == store::Dialect::kPostgres ? "true" : "1")),
            2);
}

TEST_P(OffersTest, ConcurrentCreatesGiveOneOfferAndConflicts) {
  MoveOk(Entrada(kArroz, 5, nullptr));
  const int n = static_cast<int>(testing::Scaled(8, 4));
  std::atomic<int> created{0};
  std::atomic<int> conflicts{0};
  std::atomic<int> other{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < n; ++i) {
    threads.emplace_back([&] {
      auto r = Create(ForProduct(kArroz));
      if (r.ok()) {
        ++created;
      } else if (r.error().code == core::ErrorCode::kOfferAlreadyActive &&
                 !S(r.error().details.at("oferta_id")).empty()) {
        ++conflicts;
      } else {
        ++other;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(created.load(), 1);
  EXPECT_EQ(conflicts.load(), n - 1);
  EXPECT_EQ(other.load(), 0);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM ofertas"), 1);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM audit_log WHERE accion = 'oferta_creada'"), 1);
}

TEST_P(OffersTest, EmptyOrExpiredLotIsAConflictAndLeavesNothing) {
  auto empty = Lot(kLeche, kPrincipal, "VACIO", Day(3), 2);
  MoveOk(Salida(kLeche, 2, kPrincipal, empty));
  auto expired = Lot(kLeche, kDeposito, "VIEJO", Day(-1), 2);
  auto before = Precios();
  auto a = Create(ForLot(empty));
  ASSERT_FALSE(a.ok());
  EXPECT_EQ(a.error().code, core::ErrorCode::kConflict);
  EXPECT_EQ(S(a.error().details.at("motivo")), "lote_sin_stock");
  auto b = Create(ForLot(expired));
  ASSERT_FALSE(b.ok());
  EXPECT_EQ(b.error().code, core::ErrorCode::kConflict);
  EXPECT_EQ(S(b.error().details.at("motivo")), "lote_vencido");
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM ofertas"), 0);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM audit_log WHERE accion = 'oferta_creada'"), 0);
  EXPECT_EQ(Precios(), before);
}

TEST_P(OffersTest, BadInputIsRefusedWithItsCode) {
  auto lot = Lot(kLeche, kPrincipal, "L1", Day(3), 2);
  Exec("UPDATE productos SET precio_venta_centavos = 0 WHERE id = $1", {kArroz});
  auto code = [&](const NewOffer& in) {
    auto r = Create(in);
    return r.ok() ? std::string("OK") : std::string(core::Name(r.error().code));
  };
  NewOffer low = ForLot(lot);
  low.descuento_bp = 99;
  NewOffer high = ForLot(lot);
  high.descuento_bp = 9001;
  NewOffer past = ForLot(lot);
  past.vence_en = clock_.Now() - std::chrono::hours(1);
  NewOffer mismatch = ForLot(lot);
  mismatch.producto_id = kArroz;
  EXPECT_EQ(code(low), "VALIDATION_ERROR");
  EXPECT_EQ(code(high), "VALIDATION_ERROR");
  EXPECT_EQ(code(past), "VALIDATION_ERROR");
  EXPECT_EQ(code(mismatch), "VALIDATION_ERROR");
  EXPECT_EQ(code(NewOffer{}), "VALIDATION_ERROR");
  EXPECT_EQ(code(ForLot(kUnknown)), "REFERENCE_NOT_FOUND");
  EXPECT_EQ(code(ForProduct(kUnknown)), "REFERENCE_NOT_FOUND");
  EXPECT_EQ(code(ForProduct(kLeche, kUnknown)), "REFERENCE_NOT_FOUND");
  EXPECT_EQ(code(ForProduct(kArroz)), "PRODUCT_WITHOUT_PRICE");
  EXPECT_EQ(code(ForProduct(kViejo)), "PRODUCT_INACTIVE");
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM ofertas"), 0);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM cache_versions WHERE namespace = 'precios'"), 0);
}

TEST_P(OffersTest, DeactivateTwiceIsAnInvalidTransition) {
  auto o = CreateOk(ForProduct(kLeche));
  ASSERT_FALSE(o.empty());
  std::string id = S(o.at("id"));
  auto a = offers_->Deactivate(std::nullopt, Meta(), id);
  ASSERT_TRUE(a.ok());
  auto data = json::parse(a->data_json).as_object();
  EXPECT_FALSE(data.at("activa").as_bool());
  EXPECT_EQ(S(data.at("motivo_desactivacion")), "manual");
  auto versions = Precios();
  auto b = offers_->Deactivate(std::nullopt, Meta(), id);
  ASSERT_FALSE(b.ok());
  EXPECT_EQ(b.error().code, core::ErrorCode::kInvalidStateTransition);
  EXPECT_EQ(Precios(), versions);
  auto c = offers_->Deactivate(std::nullopt, Meta(), kUnknown);
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().code, core::ErrorCode::kNotFound);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM audit_log WHERE accion = 'oferta_desactivada'"), 1);
  // A new offer for the same product and location is allowed again.
  EXPECT_FALSE(CreateOk(ForProduct(kLeche)).empty());
}

TEST_P(OffersTest, ExpireDueGivesEachReason) {
  auto agotado = Lot(kLeche, kPrincipal, "A", Day(20), 3);
  auto vencido = Lot(kLeche, kDeposito, "B", Day(2), 3);
  MoveOk(Entrada(kArroz, 5, nullptr));
  auto oa = S(CreateOk(ForLot(agotado)).at("id"));
  auto ob = S(CreateOk(ForLot(vencido)).at("id"));
  NewOffer arroz = ForProduct(kArroz);
  arroz.vence_en = clock_.Now() + std::chrono::days(1);
  auto oc = S(CreateOk(arroz).at("id"));
  EXPECT_EQ(offers_->ExpireDue(clock_.Now()), 0);
  MoveOk(Salida(kLeche, 3, kPrincipal, agotado));
  EXPECT_EQ(offers_->ExpireDue(clock_.Now()), 1);
  EXPECT_EQ(Motivo(oa), "lote_agotado");
  EXPECT_EQ(Motivo(ob), "<activa>");
  clock_.Advance(std::chrono::days(3));
  auto before = Precios();
  EXPECT_EQ(offers_->ExpireDue(clock_.Now()), 2);
  EXPECT_EQ(Motivo(ob), "lote_vencido");
  EXPECT_EQ(Motivo(oc), "expirada");
  EXPECT_EQ(Precios(), before + 1);
  EXPECT_EQ(offers_->ExpireDue(clock_.Now()), 0);
}

TEST_P(OffersTest, ADueOfferDoesNotBlockANewOne) {
  MoveOk(Entrada(kArroz, 5, nullptr));
  NewOffer a = ForProduct(kArroz);
  a.vence_en = clock_.Now() + std::chrono::hours(1);
  auto first = S(CreateOk(a).at("id"));
  clock_.Advance(std::chrono::hours(2));
  EXPECT_FALSE(CreateOk(ForProduct(kArroz)).empty());
  EXPECT_EQ(Motivo(first), "expirada");
}

TEST_P(OffersTest, SuggestedListsNearExpiryLotsWithoutAnOffer) {
  auto pronto = Lot(kLeche, kPrincipal, "PRONTO", Day(3), 5);
  auto lejos = Lot(kLeche, kDeposito, "LEJOS", Day(20), 5);
  Lot(kLeche, kPrincipal, "VIEJO", Day(-1), 5);
  auto vacio = Lot(kLeche, kPrincipal, "VACIO", Day(2), 1);
  MoveOk(Salida(kLeche, 1, kPrincipal, vacio));
  auto ids = [&](int dias) {
    std::int64_t total = 0;
    auto r = offers_->Suggested(dias, 50, 0, &total);
    EXPECT_TRUE(r.ok());
    std::vector<std::string> out;
    for (const auto& s : *r) out.push_back(S(s.at("lote").at("id")));
    EXPECT_EQ(total, static_cast<std::int64_t>(out.size()));
    return out;
  };
  EXPECT_EQ(ids(7), (std::vector<std::string>{pronto}));
  EXPECT_EQ(ids(30), (std::vector<std::string>{pronto, lejos}));
  auto first = offers_->Suggested(7, 50, 0, nullptr)->at(0).as_object();
  EXPECT_EQ(first.at("cantidad").as_int64(), 5);
  EXPECT_EQ(first.at("dias_para_vencer").as_int64(), 3);
  EXPECT_EQ(first.at("descuento_sugerido_bp").as_int64(), 3000);
  EXPECT_EQ(first.at("precio_oferta_sugerido_centavos").as_int64(), 105000);
  // An active offer for the product at that location (even product-wide) removes its lots.
  CreateOk(ForProduct(kLeche, kPrincipal));
  EXPECT_EQ(ids(30), (std::vector<std::string>{lejos}));
  // So does a price of 0.
  Exec("UPDATE productos SET precio_venta_centavos = 0 WHERE id = $1", {kLeche});
  EXPECT_EQ(ids(30), (std::vector<std::string>{}));
}

TEST_P(OffersTest, ListFiltersByStateProductAndLocation) {
  MoveOk(Entrada(kArroz, 5, nullptr));
  auto a = S(CreateOk(ForProduct(kLeche)).at("id"));
  auto b = S(CreateOk(ForProduct(kArroz)).at("id"));
  ASSERT_TRUE(offers_->Deactivate(std::nullopt, Meta(), b).ok());
  auto list = [&](OfferFilter f) {
    std::int64_t total = 0;
    auto r = offers_->List(f, &total);
    EXPECT_TRUE(r.ok());
    std::vector<std::string> out;
    for (const auto& o : *r) out.push_back(S(o.at("id")));
    return out;
  };
  OfferFilter f;
  EXPECT_EQ(list(f), (std::vector<std::string>{a}));
  f.activa = false;
  EXPECT_EQ(list(f), (std::vector<std::string>{b}));
  f.activa = std::nullopt;
  f.producto_id = kArroz;
  EXPECT_EQ(list(f), (std::vector<std::string>{b}));
  f.producto_id = std::nullopt;
  f.ubicacion_id = kDeposito;
  EXPECT_EQ(list(f), (std::vector<std::string>{}));
}

MM_INSTANTIATE_BACKENDS(OffersTest);

}  // namespace
}  // namespace mm::services
