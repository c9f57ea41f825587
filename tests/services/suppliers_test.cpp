#include "services/suppliers.hpp"

#include <gtest/gtest.h>

#include "catalog_fixture.hpp"

namespace mm::services {
namespace {

using core::ErrorCode;

class SuppliersTest : public CatalogTest {};

TEST_P(SuppliersTest, TheCuitIsValidatedAndStoredAsElevenDigits) {
  auto id = AddSupplier("Distribuidora Norte", std::string("30-71234567-1"));
  EXPECT_EQ(suppliers_->Get(id)->row.cuit, "30712345671");
  auto r = suppliers_->Create(std::nullopt, Admin(),
                              {.nombre = "Mal CUIT", .cuit = std::string("30-71234567-2")});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kValidationError);
  EXPECT_EQ(r.error().details.at("campos").as_array()[0].at("campo").as_string(), "cuit");
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM proveedores"), 1);
  SupplierPatch bad;
  bad.cuit = std::optional<std::string>("123");
  EXPECT_EQ(suppliers_->Update(Admin(), id, bad).error().code, ErrorCode::kValidationError);
  EXPECT_EQ(suppliers_->Get(id)->row.cuit, "30712345671");
}

TEST_P(SuppliersTest, NamesAreUniqueAmongActiveSuppliersByNormalizedForm) {
  auto first = AddSupplier("Almacén Norte", std::string("20-12345678-6"));
  auto r = suppliers_->Create(std::nullopt, Admin(), {.nombre = "almacen  NORTE"});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kDuplicate);
  EXPECT_EQ(r.error().details.at("campo").as_string(), "nombre");
  r = suppliers_->Create(std::nullopt, Admin(),
                         {.nombre = "Otro", .cuit = std::string("20123456786")});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().details.at("campo").as_string(), "cuit");
  // A deactivated supplier frees its name, and cannot come back while another holds it.
  SupplierPatch off;
  off.activo = false;
  ASSERT_TRUE(suppliers_->Update(Admin(), first, off).ok());
  auto second = AddSupplier("ALMACEN NORTE");
  EXPECT_FALSE(second.empty());
  SupplierPatch on;
  on.activo = true;
  auto back = suppliers_->Update(Admin(), first, on);
  ASSERT_FALSE(back.ok());
  EXPECT_EQ(back.error().details.at("campo").as_string(), "nombre");
}

TEST_P(SuppliersTest, ListSearchesByNameAndCountsMainProducts) {
  auto norte = AddSupplier("Almacén Norte");
  AddSupplier("Lácteos del Sur");
  NewProduct p;
  p.nombre = "Queso";
  p.proveedor_principal_id = norte;
  AddProduct(p);
  p.nombre = "Manteca";
  auto manteca = AddProduct(p);
  p.nombre = "Crema";
  auto crema = AddProduct(p);
  ASSERT_TRUE(products_->Deactivate(Admin(), crema).ok());
  std::int64_t total = 0;
  auto rows = suppliers_->List({.tokens = {"almacen"}}, &total).value();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(total, 1);
  EXPECT_EQ(rows[0].productos_count, 2);
  EXPECT_EQ(SupplierJson(rows[0]).at("faltantes_pendientes").as_int64(), 0);
  EXPECT_EQ(suppliers_->List({.tokens = {"sur", "la"}}, &total)->at(0).nombre, "Lácteos del Sur");
  EXPECT_EQ(suppliers_->List({}, &total)->size(), 2u);
  auto detail = suppliers_->Get(norte).value();
  ASSERT_EQ(detail.productos.size(), 2u);
  EXPECT_EQ(detail.productos[0].nombre, "Manteca");
  EXPECT_EQ(detail.productos[0].id, manteca);
  EXPECT_EQ(suppliers_->Dropdown()->size(), 2u);
}

TEST_P(SuppliersTest, PatchEditsClearsAndChecksTheVersion) {
  auto id = AddSupplier("Bebidas SA");
  SupplierPatch p;
  p.contacto = std::optional<std::string>("Marta");
  p.categorias_ofrecidas = std::vector<std::string>{"Bebidas", "Almacén"};
  p.version = 0;
  auto r = suppliers_->Update(Admin(), id, p);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->version, 1);
  EXPECT_EQ(suppliers_->Get(id)->row.categorias_ofrecidas,
            (std::vector<std::string>{"Bebidas", "Almacén"}));
  SupplierPatch clear;
  clear.contacto = std::optional<std::string>();
  clear.version = 0;
  auto stale = suppliers_->Update(Admin(), id, clear);
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.error().code, ErrorCode::kVersionConflict);
  clear.version = 1;
  ASSERT_TRUE(suppliers_->Update(Admin(), id, clear).ok());
  EXPECT_FALSE(suppliers_->Get(id)->row.contacto);
}

MM_INSTANTIATE_BACKENDS(SuppliersTest);

}  // namespace
}  // namespace mm::services
