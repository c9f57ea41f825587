// The pure pricing rules of a POS sale (services/sale_pricing.hpp): merging, FEFO order and
// allocation, offer splits (product-wide and per lot), rounding for g/ml, and the offline rules
// of decision 25 (price history, offers in force, the snapshot's bounds).
#include "services/sale_pricing.hpp"

#include <gtest/gtest.h>

namespace mm::services::sale_pricing {
namespace {

using std::chrono::hours;
using std::chrono::microseconds;
using std::chrono::milliseconds;

core::Timestamp T(const char* s) { return core::ParseTimestamp(s).value(); }

stock::Lot L(const char* id, std::int64_t n, std::optional<std::string> fecha,
             const char* ingresado = "2026-11-01T00:00:00Z") {
  stock::Lot l;
  l.id = id;
  l.cantidad = n;
  l.fecha_vencimiento = std::move(fecha);
  l.ingresado_en = T(ingresado);
  return l;
}

TEST(SalePricing, MergesLinesPerProductInAscendingId) {
  auto m = MergeLines({{"b", 2, std::nullopt},
                       {"a", 1, std::string("r1")},
                       {"b", 3, std::string("r2")},
                       {"a", 4, std::string("r1")}});
  ASSERT_EQ(m.size(), 2u);
  EXPECT_EQ(m[0].producto_id, "a");
  EXPECT_EQ(m[0].cantidad, 5);
  EXPECT_EQ(m[0].reserva_ids, std::vector<std::string>{"r1"});
  EXPECT_EQ(m[0].first_index, 1u);
  EXPECT_EQ(m[1].producto_id, "b");
  EXPECT_EQ(m[1].cantidad, 5);
  EXPECT_EQ(m[1].reserva_ids, std::vector<std::string>{"r2"});
  EXPECT_EQ(m[1].first_index, 0u);
}

TEST(SalePricing, FefoPutsExpiredLotsLastAndNoExpiryAfterDated) {
  const core::Date today = core::ParseDate("2026-11-29").value();
  std::vector<stock::Lot> lots = {L("none", 5, std::nullopt), L("late", 5, "2027-01-01"),
                                  L("expired", 5, "2026-11-28"), L("soon", 5, "2026-12-01"),
                                  L("soon-old", 5, "2026-12-01", "2026-10-01T00:00:00Z")};
  stock::SortFefo(lots, today);
  std::vector<std::string> ids;
  for (const auto& l : lots) ids.push_back(l.id);
  EXPECT_EQ(ids, (std::vector<std::string>{"soon-old", "soon", "late", "none", "expired"}));
  auto takes = AllocateFefo(lots, 12);
  ASSERT_EQ(takes.size(), 3u);
  EXPECT_EQ(takes[0].lote_id, "soon-old");
  EXPECT_EQ(takes[2].cantidad, 2);
  // Short: takes what there is.
  auto all = AllocateFefo(lots, 100);
  std::int64_t sum = 0;
  for (const auto& t : all) sum += t.cantidad;
  EXPECT_EQ(sum, 25);
}

TEST(SalePricing, ProductOfferCoversEveryUnit) {
  Offer o{"of", std::nullopt, 800, std::nullopt};
  auto items = PriceProduct("p", "u", 1000, 3, o, {{"l1", 2}, {"l2", 1}});
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].oferta_id, std::optional<std::string>("of"));
  EXPECT_EQ(items[0].precio_unitario_centavos, 800);
  EXPECT_EQ(items[0].precio_lista_centavos, 1000);
  EXPECT_EQ(items[0].subtotal_centavos, 2400);
  ASSERT_EQ(items[0].lots.size(), 2u);
}

TEST(SalePricing, LotOfferCoversOnlyTheUnitsTakenFromItsLot) {
  Offer o{"of", std::string("casi"), 500, std::nullopt};
  auto items = PriceProduct("p", "u", 1000, 5, o, {{"otro", 1}, {"casi", 2}, {"resto", 2}});
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0].oferta_id, std::optional<std::string>("of"));
  EXPECT_EQ(items[0].cantidad, 2);
  EXPECT_EQ(items[0].subtotal_centavos, 1000);
  ASSERT_EQ(items[0].lots.size(), 1u);
  EXPECT_EQ(items[0].lots[0].lote_id, "casi");
  EXPECT_FALSE(items[1].oferta_id);
  EXPECT_EQ(items[1].cantidad, 3);
  EXPECT_EQ(items[1].subtotal_centavos, 3000);
  std::int64_t from_list = 0;
  for (const auto& t : items[1].lots) {
    EXPECT_NE(t.lote_id, "casi");
    from_list += t.cantidad;
  }
  EXPECT_EQ(from_list, 3);
}

TEST(SalePricing, LotOfferOfAnOfflineSaleCoversAtMostTheLotsUnitsAtTheSnapshot) {
  // The lot held 3 at the snapshot and 5 now (units came back): only 3 get the offer.
  Offer o{"of", std::string("casi"), 700, 3};
  auto items = PriceProduct("p", "u", 1000, 5, o, {{"casi", 5}});
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0].cantidad, 3);
  EXPECT_EQ(items[0].precio_unitario_centavos, 700);
  EXPECT_EQ(items[1].cantidad, 2);
  EXPECT_EQ(items[0].subtotal_centavos + items[1].subtotal_centavos, 2100 + 2000);
  // Units the sale does not take from the lot never get the offer (I19).
  auto fewer = PriceProduct("p", "u", 1000, 5, o, {{"casi", 1}, {"resto", 4}});
  ASSERT_EQ(fewer.size(), 2u);
  EXPECT_EQ(fewer[0].cantidad, 1);
  ASSERT_EQ(fewer[0].lots.size(), 1u);
  EXPECT_EQ(fewer[0].lots[0].lote_id, "casi");
}

TEST(SalePricing, AnOfferNotBelowTheListPriceDiscountsNothing) {
  Offer o{"of", std::nullopt, 1200, std::nullopt};
  auto items = PriceProduct("p", "u", 1000, 2, o, {{"l", 2}});
  ASSERT_EQ(items.size(), 1u);
  EXPECT_FALSE(items[0].oferta_id);
  EXPECT_EQ(items[0].precio_unitario_centavos, 1000);
}

TEST(SalePricing, GramsAndMillilitresRoundHalfUpPerThousand) {
  // 1 g at 1499 per kg = 1.499 → 1; 1 g at 1500 per kg = 1.5 → 2; 333 ml at 999 = 332.667 → 333.
  EXPECT_EQ(PriceProduct("p", "g", 1499, 1, std::nullopt, {})[0].subtotal_centavos, 1);
  EXPECT_EQ(PriceProduct("p", "g", 1500, 1, std::nullopt, {})[0].subtotal_centavos, 2);
  EXPECT_EQ(PriceProduct("p", "ml", 999, 333, std::nullopt, {})[0].subtotal_centavos, 333);
  EXPECT_EQ(PriceProduct("p", "u", 999, 333, std::nullopt, {})[0].subtotal_centavos, 332667);
  // An offer split in grams rounds each item on its own.
  Offer o{"of", std::string("a"), 750, std::nullopt};
  auto items = PriceProduct("p", "g", 1001, 3, o, {{"a", 1}, {"b", 2}});
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0].subtotal_centavos, 1);  // 0.75 → 1
  EXPECT_EQ(items[1].subtotal_centavos, 2);  // 2.002 → 2
}

TEST(SalePricing, PriceAtFollowsTheHistory) {
  PriceChange before{T("2026-11-28T10:00:00Z"), 900, 1000};
  PriceChange after{T("2026-11-29T10:00:00Z"), 1000, 1500};
  EXPECT_EQ(PriceAt(before, after, 1500), 1000);
  EXPECT_EQ(PriceAt(std::nullopt, after, 1500), 1000);
  EXPECT_EQ(PriceAt(std::nullopt, std::nullopt, 1500), 1500);
}

TEST(SalePricing, SnapshotCutoffIsTheLastMicrosecondOfItsMillisecond) {
  auto t = T("2026-11-29T10:00:00.123Z");
  EXPECT_EQ(SnapshotCutoff(t), t + microseconds(999));
  EXPECT_EQ(SnapshotCutoff(t + microseconds(456)), t + microseconds(999));
}

TEST(SalePricing, SnapshotBounds) {
  auto now = T("2026-11-29T12:00:00Z");
  auto sold = T("2026-11-29T11:00:00Z");
  EXPECT_FALSE(SnapshotOutOfBounds(sold - hours(72), sold, now, 72));
  EXPECT_TRUE(SnapshotOutOfBounds(sold - hours(72) - milliseconds(1), sold, now, 72));
  EXPECT_FALSE(SnapshotOutOfBounds(now, sold, now, 72));
  EXPECT_TRUE(SnapshotOutOfBounds(now + milliseconds(1), sold, now, 72));
}

TEST(SalePricing, OfferInForceWindow) {
  auto c = T("2026-11-29T10:00:00Z");
  auto v = T("2026-11-30T10:00:00Z");
  EXPECT_TRUE(OfferInForce(c, v, std::nullopt, c));
  EXPECT_FALSE(OfferInForce(c, v, std::nullopt, c - microseconds(1)));
  EXPECT_FALSE(OfferInForce(c, v, std::nullopt, v));
  EXPECT_TRUE(OfferInForce(c, v, std::nullopt, v - microseconds(1)));
  auto d = T("2026-11-29T11:00:00Z");
  EXPECT_FALSE(OfferInForce(c, v, d, d));
  EXPECT_TRUE(OfferInForce(c, v, d, d - microseconds(1)));
}

}  // namespace
}  // namespace mm::services::sale_pricing
