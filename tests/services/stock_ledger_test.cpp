#include "services/stock_ledger.hpp"

#include <gtest/gtest.h>

#include "core/normalize.hpp"
#include "service_fixture.hpp"
#include "services/principal_seed.hpp"
#include "support/stock_invariants.hpp"

namespace mm::services {
namespace {

class StockLedgerTest : public ServiceTest {
 protected:
  void SetUp() override {
    ServiceTest::SetUp();
    RunSeeds(*env_, {PrincipalLocationSeed()});
    db_->Write([&](store::Tx& tx) {
      tx.Exec(
          "INSERT INTO productos (id, nombre, nombre_normalizado, busqueda_normalizado, sku, "
          "unidad, precio_venta_centavos, controla_vencimiento, activo, version, creado_en, "
          "actualizado_en) VALUES ($1, 'Leche 1 L', 'leche 1 l', 'leche 1 l', 'LEC-1', 'u', "
          "130000, $2, $3, 0, $4, $4)",
          {kProducto, true, true, clock_.Now()});
    });
  }

  core::Date Today() { return core::StoreCalendar::Default().DayOf(clock_.Now()); }

  // An inflow into the lot (lote, fecha), in its own transaction.
  void In(std::int64_t n, const std::string& lote, std::optional<std::string> fecha) {
    db_->Write([&](store::Tx& tx) {
      auto now = clock_.Now();
      auto row = stock::LockStockRow(tx, random_, kProducto, stock::kPrincipalId, now);
      auto lots = stock::LockLots(tx, row, Today());
      auto id = stock::EnsureLot(tx, random_, row, lots, lote, fecha, now, now);
      stock::ApplyMovement(tx, random_, row, lots, {.tipo = "entrada", .lots = {{id, n}}}, now);
    });
    clock_.Advance(std::chrono::seconds(1));
  }

  static constexpr const char* kProducto = "11111111-1111-4111-8111-111111111111";
};

TEST_P(StockLedgerTest, OutflowsFollowFefoAndKeepEveryInvariant) {
  In(10, "B", "2026-12-20");
  In(5, "A", "2026-12-05");
  In(7, "", std::nullopt);   // never expires: last among unexpired
  In(4, "V", "2026-11-20");  // already expired: used only when nothing else is left
  auto taken = db_->Write([&](store::Tx& tx) {
    auto now = clock_.Now();
    auto row = stock::LockStockRow(tx, random_, kProducto, stock::kPrincipalId, now);
    auto lots = stock::LockLots(tx, row, Today());
    auto plan = stock::PlanOutflow(lots, 20, std::nullopt);
    EXPECT_TRUE(plan.has_value());
    std::vector<std::pair<std::string, std::int64_t>> out;
    for (const auto& d : *plan) {
      for (const auto& l : lots) {
        if (l.id == d.lote_id) out.emplace_back(l.lote, d.delta);
      }
    }
    auto m = stock::ApplyMovement(tx, random_, row, lots,
                                  {.tipo = "salida", .motivo = "Merma", .lots = *plan}, now);
    EXPECT_EQ(m.anterior, 26);
    EXPECT_EQ(m.nueva, 6);
    EXPECT_EQ(m.secuencia, 5);
    EXPECT_FALSE(stock::PlanOutflow(lots, 7, std::nullopt).has_value());
    return out;
  });
  std::vector<std::pair<std::string, std::int64_t>> expected{{"A", -5}, {"B", -10}, {"", -5}};
  EXPECT_EQ(taken, expected);
  EXPECT_EQ(testing::StockInvariantViolations(*db_, clock_.Now()), std::vector<std::string>{});
}

TEST_P(StockLedgerTest, LockingARowTwiceCreatesItOnce) {
  for (int i = 0; i < 3; ++i) {
    db_->Write([&](store::Tx& tx) {
      auto row = stock::LockStockRow(tx, random_, kProducto, stock::kPrincipalId, clock_.Now());
      EXPECT_EQ(row.cantidad, 0);
    });
  }
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM stock_deposito"), 1);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM ubicaciones WHERE es_venta = " +
                   std::string(GetParam() == store::Dialect::kPostgres ? "true" : "1")),
            1);
}

MM_INSTANTIATE_BACKENDS(StockLedgerTest);

}  // namespace
}  // namespace mm::services
