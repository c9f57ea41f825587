#include "services/locations.hpp"

#include <gtest/gtest.h>

#include "catalog_fixture.hpp"

namespace mm::services {
namespace {

using core::ErrorCode;

class LocationsTest : public CatalogTest {
 protected:
  std::string Create(const std::string& nombre, bool es_venta = false) {
    auto r = locations_->Create(std::nullopt, Admin(), {nombre, es_venta});
    EXPECT_TRUE(r.ok());
    return r.ok() ? IdOf(*r) : "";
  }
  std::vector<std::string> SalesLocations() {
    std::vector<std::string> out;
    auto rows = locations_->List(std::nullopt).value();
    for (const auto& l : rows) {
      if (l.es_venta) out.push_back(l.nombre);
    }
    return out;
  }
};

TEST_P(LocationsTest, ExactlyOneSalesLocation) {
  auto deposito = Create("Depósito");
  EXPECT_EQ(SalesLocations(), std::vector<std::string>{"Principal"});
  auto kiosco = Create("Kiosco", true);
  EXPECT_EQ(SalesLocations(), std::vector<std::string>{"Kiosco"});
  auto r = locations_->Update(Admin(), deposito, {.es_venta = true});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(SalesLocations(), std::vector<std::string>{"Depósito"});
  // The sales location cannot stop being one, nor be deactivated: mark another first.
  r = locations_->Update(Admin(), deposito, {.es_venta = false});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kValidationError);
  r = locations_->Update(Admin(), deposito, {.activo = false});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kValidationError);
  EXPECT_EQ(SalesLocations(), std::vector<std::string>{"Depósito"});
  EXPECT_FALSE(kiosco.empty());
}

TEST_P(LocationsTest, NamesAreUniqueByNormalizedForm) {
  Create("Depósito");
  auto r = locations_->Create(std::nullopt, Admin(), {"DEPOSITO", false});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kDuplicate);
  EXPECT_EQ(r.error().details.at("campo").as_string(), "nombre");
  auto other = Create("Heladera");
  auto rename = locations_->Update(Admin(), other, {.nombre = "principal"});
  ASSERT_FALSE(rename.ok());
  EXPECT_EQ(rename.error().code, ErrorCode::kDuplicate);
  EXPECT_EQ(locations_->List(std::nullopt)->size(), 3u);
}

TEST_P(LocationsTest, ALocationWithStockCannotBeDeactivated) {
  auto deposito = Create("Depósito");
  auto product = AddProduct("Fideos");
  Exec(R"sql(
INSERT INTO stock_deposito (id, producto_id, ubicacion_id, cantidad, creado_en, actualizado_en)
VALUES ($1, $2, $3, 4, $4, $4))sql",
       {core::NewUuidV4(random_), product, deposito, clock_.Now()});
  auto r = locations_->Update(Admin(), deposito, {.activo = false});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kConflict);
  EXPECT_EQ(r.error().details.at("motivo").as_string(), "ubicacion_con_stock");
  EXPECT_EQ(locations_->List(true)->size(), 2u);
  Exec("UPDATE stock_deposito SET cantidad = 0");
  r = locations_->Update(Admin(), deposito, {.activo = false});
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->activo);
  EXPECT_EQ(locations_->List(true)->size(), 1u);
  EXPECT_EQ(locations_->List(false)->size(), 1u);
  EXPECT_EQ(locations_->Update(Admin(), "7b0c2d3e-4f50-4a61-8b72-93a4b5c6d7e8", {.nombre = "X"})
                .error()
                .code,
            ErrorCode::kNotFound);
}

MM_INSTANTIATE_BACKENDS(LocationsTest);

}  // namespace
}  // namespace mm::services
