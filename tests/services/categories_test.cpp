#include "services/categories.hpp"

#include <gtest/gtest.h>

#include "catalog_fixture.hpp"

namespace mm::services {
namespace {

using core::ErrorCode;

class CategoriesTest : public CatalogTest {
 protected:
  CategoryRow Row(const std::string& id) { return categories_->Get(id).value(); }
  core::Result<CategoryRow> MoveUnder(const std::string& id,
                                      const std::optional<std::string>& parent) {
    CategoryPatch p;
    p.parent_id = parent;
    return categories_->Update(Admin(), id, p);
  }
  // A chain of `n` categories, each under the previous; returns their ids from the root.
  std::vector<std::string> Chain(const std::string& prefix, int n) {
    std::vector<std::string> ids;
    for (int i = 0; i < n; ++i) {
      ids.push_back(AddCategory(prefix + std::to_string(i + 1),
                                ids.empty() ? std::nullopt : std::optional(ids.back())));
    }
    return ids;
  }
};

TEST_P(CategoriesTest, LevelsFollowTheParentUpToFive) {
  auto chain = Chain("N", 5);
  for (int i = 0; i < 5; ++i) EXPECT_EQ(Row(chain[i]).nivel, i + 1);
  NewCategory deeper{.codigo = "N6", .nombre = "Sexto", .parent_id = chain[4]};
  auto r = categories_->Create(std::nullopt, Admin(), deeper);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kValidationError);
  EXPECT_EQ(r.error().details.at("campos").as_array()[0].at("campo").as_string(), "parent_id");
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM categorias"), 5);
}

TEST_P(CategoriesTest, CodesAreUniqueAndParentsMustExist) {
  AddCategory("ALM");
  auto r = categories_->Create(std::nullopt, Admin(), {.codigo = "ALM", .nombre = "Otra"});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kDuplicate);
  EXPECT_EQ(r.error().details.at("campo").as_string(), "codigo");
  r = categories_->Create(
      std::nullopt, Admin(),
      {.codigo = "X", .nombre = "Huérfana", .parent_id = "7b0c2d3e-4f50-4a61-8b72-93a4b5c6d7e8"});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kReferenceNotFound);
  EXPECT_EQ(r.error().details.at("campo").as_string(), "parent_id");
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM categorias"), 1);
  auto other = AddCategory("BEB");
  CategoryPatch rename;
  rename.codigo = "ALM";
  EXPECT_EQ(categories_->Update(Admin(), other, rename).error().code, ErrorCode::kDuplicate);
}

TEST_P(CategoriesTest, MovingUnderItselfOrItsSubtreeIsACycle) {
  auto chain = Chain("C", 3);
  for (const auto& target : {chain[0], chain[1], chain[2]}) {
    auto r = MoveUnder(chain[0], target);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::kConflict);
    EXPECT_EQ(r.error().details.at("motivo").as_string(), "ciclo");
  }
  EXPECT_FALSE(Row(chain[0]).parent_id);
  EXPECT_EQ(Row(chain[0]).version, 0);
}

TEST_P(CategoriesTest, MovingASubtreeRelevelsItAndRespectsTheDepth) {
  auto a = Chain("A", 3);  // levels 1..3
  auto b = Chain("B", 3);  // levels 1..3
  // B1 (with B2, B3 below) under A2: B1 → 3, B2 → 4, B3 → 5.
  ASSERT_TRUE(MoveUnder(b[0], a[1]).ok());
  EXPECT_EQ(Row(b[0]).nivel, 3);
  EXPECT_EQ(Row(b[1]).nivel, 4);
  EXPECT_EQ(Row(b[2]).nivel, 5);
  // Under A3 the leaf would be at 6.
  auto r = MoveUnder(b[0], a[2]);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kValidationError);
  EXPECT_EQ(Row(b[2]).nivel, 5);
  // Back to the root.
  ASSERT_TRUE(MoveUnder(b[0], std::nullopt).ok());
  EXPECT_EQ(Row(b[0]).nivel, 1);
  EXPECT_EQ(Row(b[2]).nivel, 3);
  auto unknown = MoveUnder(b[0], std::string("7b0c2d3e-4f50-4a61-8b72-93a4b5c6d7e8"));
  EXPECT_EQ(unknown.error().code, ErrorCode::kReferenceNotFound);
}

TEST_P(CategoriesTest, ACategoryInUseCannotBeDeactivated) {
  auto parent = AddCategory("PAR");
  auto child = AddCategory("HIJ", parent);
  NewProduct p;
  p.nombre = "Fideos";
  p.categoria_id = child;
  auto product = AddProduct(p);
  CategoryPatch off;
  off.activo = false;
  for (const auto& id : {parent, child}) {
    auto r = categories_->Update(Admin(), id, off);
    ASSERT_FALSE(r.ok()) << id;
    EXPECT_EQ(r.error().details.at("motivo").as_string(), "categoria_en_uso");
  }
  ProductPatch move;
  move.categoria_id = std::optional<std::string>();
  ASSERT_TRUE(products_->Update(Admin(), product, move).ok());
  EXPECT_TRUE(categories_->Update(Admin(), child, off).ok());
  EXPECT_TRUE(categories_->Update(Admin(), parent, off).ok());
  EXPECT_TRUE(categories_->List({.activo = true}).value().empty());
  EXPECT_EQ(categories_->List({.activo = false}).value().size(), 2u);
  EXPECT_EQ(categories_->List({.activo = std::nullopt, .parent_id = parent}).value().size(), 1u);
}

TEST_P(CategoriesTest, TheMarkupBandNeedsMinAtMostMax) {
  auto r = categories_->Create(
      std::nullopt, Admin(),
      {.codigo = "B", .nombre = "Banda", .markup_minimo_bp = 5000, .markup_maximo_bp = 4000});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kValidationError);
  auto id = AddCategory("B");
  CategoryPatch band;
  band.markup_minimo_bp = std::optional<std::int64_t>(2000);
  band.markup_maximo_bp = std::optional<std::int64_t>(4000);
  ASSERT_TRUE(categories_->Update(Admin(), id, band).ok());
  CategoryPatch crossing;
  crossing.markup_minimo_bp = std::optional<std::int64_t>(4500);
  EXPECT_EQ(categories_->Update(Admin(), id, crossing).error().code, ErrorCode::kValidationError);
  EXPECT_EQ(Row(id).markup_minimo_bp, 2000);
  CategoryPatch clear;
  clear.markup_maximo_bp = std::optional<std::int64_t>();
  clear.markup_minimo_bp = std::optional<std::int64_t>(4500);
  ASSERT_TRUE(categories_->Update(Admin(), id, clear).ok());
  EXPECT_FALSE(Row(id).markup_maximo_bp);
}

TEST_P(CategoriesTest, AStaleVersionIsAConflict) {
  auto id = AddCategory("V");
  CategoryPatch p;
  p.nombre = "Nuevo";
  ASSERT_TRUE(categories_->Update(Admin(), id, p).ok());
  p.version = 0;
  auto r = categories_->Update(Admin(), id, p);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kVersionConflict);
  EXPECT_EQ(r.error().details.at("version_actual").as_int64(), 1);
}

MM_INSTANTIATE_BACKENDS(CategoriesTest);

}  // namespace
}  // namespace mm::services
