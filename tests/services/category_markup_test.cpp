#include "services/category_markup.hpp"

#include <gtest/gtest.h>

#include "service_fixture.hpp"

namespace mm::services {
namespace {

class CategoryMarkupTest : public ServiceTest {
 protected:
  void AddCategory(const std::string& id, const std::optional<std::string>& parent, int nivel,
                   std::optional<std::int64_t> min, std::optional<std::int64_t> max) {
    auto r = db_->Write([&](store::Tx& tx) -> core::Status {
      tx.Exec(R"sql(
INSERT INTO categorias (id, codigo, nombre, nombre_normalizado, parent_id, nivel, markup_minimo_bp,
                        markup_maximo_bp, creado_en, actualizado_en)
VALUES ($1, $2, $2, $2, $3, $4, $5, $6, $7, $7))sql",
              {id, "c" + id.substr(0, 8), parent, nivel, min, max, clock_.Now()});
      return core::Ok{};
    });
    ASSERT_TRUE(r.ok());
  }
  MarkupBand Band(const std::optional<std::string>& id) {
    return db_->Read([&](store::Tx& tx) { return EffectiveMarkupBand(tx, id); });
  }

  const std::string root_ = "10000000-0000-4000-8000-000000000001";
  const std::string mid_ = "20000000-0000-4000-8000-000000000002";
  const std::string leaf_ = "30000000-0000-4000-8000-000000000003";
};

TEST_P(CategoryMarkupTest, TheMinimumIsTheFirstNonNullWalkingUp) {
  AddCategory(root_, std::nullopt, 1, 2000, 6000);
  AddCategory(mid_, root_, 2, std::nullopt, std::nullopt);
  AddCategory(leaf_, mid_, 3, std::nullopt, 5000);
  auto leaf = Band(leaf_);
  EXPECT_EQ(leaf.minimo_bp, 2000);
  EXPECT_EQ(leaf.minimo_categoria_id, root_);
  EXPECT_EQ(leaf.maximo_bp, 5000);  // the nearest maximum
  EXPECT_EQ(leaf.punto_medio_bp, 3500);
  auto mid = Band(mid_);
  EXPECT_EQ(mid.minimo_bp, 2000);
  EXPECT_EQ(mid.maximo_bp, 6000);
  EXPECT_EQ(mid.punto_medio_bp, 4000);
}

TEST_P(CategoryMarkupTest, NoBoundsOrNoCategoryGiveNoMinimumAndNoMidpoint) {
  AddCategory(root_, std::nullopt, 1, std::nullopt, std::nullopt);
  AddCategory(mid_, root_, 2, 1500, std::nullopt);
  auto none = Band(root_);
  EXPECT_FALSE(none.minimo_bp);
  EXPECT_FALSE(none.punto_medio_bp);
  auto only_min = Band(mid_);
  EXPECT_EQ(only_min.minimo_bp, 1500);
  EXPECT_FALSE(only_min.maximo_bp);
  EXPECT_FALSE(only_min.punto_medio_bp);  // a half-known band suggests nothing
  EXPECT_FALSE(Band(std::nullopt).minimo_bp);
  EXPECT_FALSE(Band("40000000-0000-4000-8000-000000000004").minimo_bp);
}

TEST_P(CategoryMarkupTest, CrossedInheritedBoundsLetTheMinimumBind) {
  AddCategory(root_, std::nullopt, 1, std::nullopt, 3000);
  AddCategory(mid_, root_, 2, 5001, std::nullopt);
  auto band = Band(mid_);
  EXPECT_EQ(band.minimo_bp, 5001);
  EXPECT_EQ(band.maximo_bp, 3000);
  EXPECT_EQ(band.punto_medio_bp, 5001);
}

MM_INSTANTIATE_BACKENDS(CategoryMarkupTest);

}  // namespace
}  // namespace mm::services
