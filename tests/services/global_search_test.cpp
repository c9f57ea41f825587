// The global search (api.md §11.4) on both databases: accent-insensitive matching, an exact barcode
// or SKU first, suppliers whose name starts with q first, and sections by role and `tipos`.
#include <gtest/gtest.h>

#include "catalog_fixture.hpp"
#include "services/global_search.hpp"

namespace mm::services {
namespace {

namespace json = boost::json;

class GlobalSearchTest : public CatalogTest {
 protected:
  void SetUp() override {
    CatalogTest::SetUp();
    search_ = std::make_unique<GlobalSearch>(*env_);
  }
  json::object Run(const std::string& q, core::Role role, std::vector<std::string> tipos = {},
                   int limit = 10) {
    RequestMeta m = Admin();
    m.principal.role = role;
    auto r = search_->Search(m, GlobalSearchInput{q, limit, std::move(tipos)});
    EXPECT_TRUE(r.ok());
    return r.ok() ? *r : json::object{};
  }
  static std::vector<std::string> Names(const json::object& o, const char* section) {
    std::vector<std::string> out;
    for (const auto& v : o.at(section).as_array()) {
      out.emplace_back(v.at("nombre").as_string());
    }
    return out;
  }
  std::unique_ptr<GlobalSearch> search_;
};

TEST_P(GlobalSearchTest, AccentsAndEnyeFold) {
  AddProduct("Galletitas Ñandú");
  AddProduct("Yerba Mate Playadito 1 kg");
  AddSupplier("Distribuidora Ñoño");
  auto r = Run("NANDU", core::Role::kAdmin);
  EXPECT_EQ(Names(r, "productos"), (std::vector<std::string>{"Galletitas Ñandú"}));
  EXPECT_EQ(Names(Run("yerba playa", core::Role::kAdmin), "productos"),
            (std::vector<std::string>{"Yerba Mate Playadito 1 kg"}));
  EXPECT_EQ(Names(Run("nono", core::Role::kAdmin), "proveedores"),
            (std::vector<std::string>{"Distribuidora Ñoño"}));
}

TEST_P(GlobalSearchTest, ExactBarcodeFirstThenNamePrefix) {
  AddProduct("Alfajor 7790001");
  AddProduct("Zapallo", std::string("7790001"));
  AddProduct("7790001 Caramelos");
  EXPECT_EQ(Names(Run("7790001", core::Role::kVentas), "productos"),
            (std::vector<std::string>{"Zapallo", "7790001 Caramelos", "Alfajor 7790001"}));
  AddSupplier("Lacteos del Sur");
  AddSupplier("Sur Lacteos");
  EXPECT_EQ(Names(Run("sur", core::Role::kDeposito), "proveedores"),
            (std::vector<std::string>{"Sur Lacteos", "Lacteos del Sur"}));
}

TEST_P(GlobalSearchTest, SectionsByRoleTiposAndLimit) {
  for (int i = 0; i < 5; ++i) AddProduct("Arroz " + std::to_string(i));
  AddSupplier("Arrocera Norte");
  auto ventas = Run("arro", core::Role::kVentas);
  EXPECT_TRUE(ventas.contains("productos"));
  EXPECT_FALSE(ventas.contains("proveedores"));
  EXPECT_FALSE(Run("arro", core::Role::kUsuario).contains("proveedores"));
  auto deposito = Run("arro", core::Role::kDeposito);
  EXPECT_EQ(Names(deposito, "proveedores"), (std::vector<std::string>{"Arrocera Norte"}));
  EXPECT_EQ(Names(deposito, "productos").size(), 5u);
  auto only = Run("arro", core::Role::kAdmin, {"proveedores"});
  EXPECT_FALSE(only.contains("productos"));
  EXPECT_TRUE(only.contains("proveedores"));
  EXPECT_EQ(Names(Run("arro", core::Role::kAdmin, {}, 2), "productos"),
            (std::vector<std::string>{"Arroz 0", "Arroz 1"}));
}

MM_INSTANTIATE_BACKENDS(GlobalSearchTest);

}  // namespace
}  // namespace mm::services
