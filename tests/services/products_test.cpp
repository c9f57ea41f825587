#include "services/products.hpp"

#include <gtest/gtest.h>

#include "catalog_fixture.hpp"
#include "services/cache_versions.hpp"
#include "services/product_alias_store.hpp"
#include "support/order_rows.hpp"

namespace mm::services {
namespace {

using core::ErrorCode;

class ProductsTest : public CatalogTest {
 protected:
  std::int64_t Products() { return Scalar("SELECT COUNT(*) FROM productos"); }
  ProductRow Row(const std::string& id) { return products_->Get(id).value().row; }
  void AddStock(const std::string& producto, std::int64_t cantidad) {
    Exec(R"sql(
INSERT INTO stock_deposito (id, producto_id, ubicacion_id, cantidad, creado_en, actualizado_en)
VALUES ($1, $2, $3, $4, $5, $5))sql",
         {core::NewUuidV4(random_), producto, kPrincipal, cantidad, clock_.Now()});
  }
  void Reserve(const std::string& producto, std::int64_t cantidad, core::Timestamp expira,
               const std::string& estado = "activa") {
    Exec(R"sql(
INSERT INTO stock_reservado (id, producto_id, ubicacion_id, cantidad, estado, expira_en,
                             usuario_id, cancelada_en, creado_en, actualizado_en)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9))sql",
         {core::NewUuidV4(random_), producto, kPrincipal, cantidad, estado, expira, kAdmin,
          estado == "cancelada" ? store::Value(clock_.Now()) : store::Value(), clock_.Now()});
  }
};

TEST_P(ProductsTest, AnOmittedSkuIsGeneratedAndHandTakenValuesAreSkipped) {
  auto first = AddProduct("Yerba Mate Playadito 1 kg");
  EXPECT_EQ(Row(first).sku, "P-000001");
  NewProduct manual;
  manual.nombre = "Azúcar Ledesma 1 kg";
  manual.sku = "P-000002";
  auto second = AddProduct(manual);
  EXPECT_EQ(Row(second).sku, "P-000002");
  auto third = AddProduct("Fideos Matarazzo Spaghetti 500 g");
  EXPECT_EQ(Row(third).sku, "P-000003");
  NewProduct own;
  own.nombre = "Pan casero";
  own.sku = "PAN-CASERO";
  EXPECT_EQ(Row(AddProduct(own)).sku, "PAN-CASERO");
  EXPECT_EQ(Row(AddProduct("Sal fina Celusal 500 g")).sku, "P-000004");
}

TEST_P(ProductsTest, CreateStoresTheFieldsAndTheNormalizedColumns) {
  auto cat = AddCategory("ALM");
  auto sup = AddSupplier("Distribuidora Ñandú");
  NewProduct p;
  p.nombre = "  Aceite Girasol  Natura 1,5 L";
  p.marca = "Natura";
  p.codigo_barras = "7790387000016";
  p.categoria_id = cat;
  p.proveedor_principal_id = sup;
  p.unidad = "u";
  p.markup_bp = 3500;
  p.controla_vencimiento = true;
  auto r = products_->Create(std::nullopt, Admin(), p);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->status, 201);
  auto data = Data(*r);
  EXPECT_EQ(data.at("categoria").at("id").as_string(), cat);
  EXPECT_EQ(data.at("proveedor_principal").at("nombre").as_string(), "Distribuidora Ñandú");
  EXPECT_EQ(data.at("precio_venta_centavos").as_int64(), 0);
  EXPECT_TRUE(data.at("costo_centavos").is_null());
  EXPECT_EQ(data.at("markup_bp").as_int64(), 3500);
  EXPECT_EQ(data.at("version").as_int64(), 0);
  auto id = IdOf(*r);
  db_->Read([&](store::Tx& tx) {
    auto row = tx.QueryOne(
        "SELECT nombre_normalizado, busqueda_normalizado, creado_por FROM productos WHERE id = $1",
        {id});
    EXPECT_EQ(row->Text(0), "aceite girasol natura 1,5 l");
    EXPECT_EQ(row->Text(1), "aceite girasol natura 1,5 l natura 7790387000016 p-000001");
    EXPECT_EQ(row->Text(2), kAdmin);
    return 0;
  });
  EXPECT_EQ(Scalar("SELECT version FROM cache_versions WHERE namespace = 'catalogo'"), 3);
}

TEST_P(ProductsTest, DuplicatesAreRefusedWithTheirFieldAndNothingIsCreated) {
  NewProduct a;
  a.nombre = "Leche La Serenísima 1 L";
  a.sku = "LECHE-1L";
  a.codigo_barras = "7790387000016";
  AddProduct(a);
  NewProduct same_sku;
  same_sku.nombre = "Otra leche";
  same_sku.sku = "LECHE-1L";
  auto r = products_->Create(std::nullopt, Admin(), same_sku);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kDuplicate);
  EXPECT_EQ(r.error().details.at("campo").as_string(), "sku");
  NewProduct same_code;
  same_code.nombre = "Otra leche";
  same_code.codigo_barras = "7790387000016";
  r = products_->Create(std::nullopt, Admin(), same_code);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kDuplicate);
  EXPECT_EQ(r.error().details.at("campo").as_string(), "codigo_barras");
  EXPECT_EQ(Products(), 1);
  // Two products may share a name.
  AddProduct("Leche La Serenísima 1 L");
  EXPECT_EQ(Products(), 2);
}

TEST_P(ProductsTest, BarcodeCheckDigitsAreValidatedAndInternalCodesAccepted) {
  auto r = products_->Create(std::nullopt, Admin(),
                             NewProduct{.nombre = "Galletitas", .codigo_barras = "7790387000017"});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kValidationError);
  EXPECT_EQ(r.error().details.at("campos").as_array()[0].at("campo").as_string(), "codigo_barras");
  r = products_->Create(std::nullopt, Admin(),
                        NewProduct{.nombre = "Galletitas", .sku = "con espacio"});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().details.at("campos").as_array()[0].at("campo").as_string(), "sku");
  EXPECT_EQ(Products(), 0);
  AddProduct("Pan de campo", std::string("20931"));    // internal code of the bakery scale
  AddProduct("Chicle", std::string("96385074"));       // EAN-8
  AddProduct("Gaseosa", std::string("036000291452"));  // UPC-A
  EXPECT_EQ(Products(), 3);
}

TEST_P(ProductsTest, UnknownReferencesAre422WithTheirField) {
  NewProduct p;
  p.nombre = "Queso cremoso";
  p.categoria_id = "7b0c2d3e-4f50-4a61-8b72-93a4b5c6d7e8";
  auto r = products_->Create(std::nullopt, Admin(), p);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kReferenceNotFound);
  EXPECT_EQ(r.error().details.at("campo").as_string(), "categoria_id");
  p.categoria_id.reset();
  p.proveedor_principal_id = "7b0c2d3e-4f50-4a61-8b72-93a4b5c6d7e8";
  r = products_->Create(std::nullopt, Admin(), p);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().details.at("campo").as_string(), "proveedor_principal_id");
  EXPECT_EQ(Products(), 0);
}

TEST_P(ProductsTest, PatchChangesFieldsRecomputesSearchAndBumpsVersion) {
  auto id = AddProduct("Galletitas Criollitas", std::nullopt, std::string("Bagley"));
  ProductPatch patch;
  patch.nombre = "Galletitas de agua Traviata";
  patch.marca = std::optional<std::string>();  // null clears
  patch.version = 0;
  auto r = products_->Update(Admin(), id, patch);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->version, 1);
  EXPECT_FALSE(r->marca);
  EXPECT_EQ(Search("traviata"), std::vector<std::string>{"Galletitas de agua Traviata"});
  EXPECT_TRUE(Search("criollitas").empty());
  EXPECT_TRUE(Search("bagley").empty());
}

TEST_P(ProductsTest, AStaleVersionIsAConflictAndChangesNothing) {
  auto id = AddProduct("Mate cocido");
  ProductPatch first;
  first.nombre = "Mate cocido Taragüi";
  ASSERT_TRUE(products_->Update(Admin(), id, first).ok());
  ProductPatch stale;
  stale.nombre = "Otro nombre";
  stale.version = 0;
  auto r = products_->Update(Admin(), id, stale);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kVersionConflict);
  EXPECT_EQ(r.error().details.at("version_actual").as_int64(), 1);
  EXPECT_EQ(Row(id).nombre, "Mate cocido Taragüi");
  EXPECT_EQ(Row(id).version, 1);
}

TEST_P(ProductsTest, PatchToAnotherProductsSkuOrBarcodeIsADuplicate) {
  NewProduct a;
  a.nombre = "A";
  a.sku = "SKU-A";
  a.codigo_barras = "7790387000016";
  AddProduct(a);
  auto b = AddProduct("B");
  ProductPatch patch;
  patch.sku = "SKU-A";
  auto r = products_->Update(Admin(), b, patch);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().details.at("campo").as_string(), "sku");
  ProductPatch code;
  code.codigo_barras = std::optional<std::string>("7790387000016");
  r = products_->Update(Admin(), b, code);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().details.at("campo").as_string(), "codigo_barras");
  EXPECT_EQ(Row(b).version, 0);
  // Keeping one's own values is not a duplicate.
  ProductPatch same;
  same.sku = Row(b).sku;
  EXPECT_TRUE(products_->Update(Admin(), b, same).ok());
}

TEST_P(ProductsTest, GetAddsStockNetOfEffectivelyActiveReservations) {
  auto id = AddProduct("Arroz Gallo Oro 1 kg");
  EXPECT_EQ(products_->Get(id)->stock.total, 0);
  AddStock(id, 10);
  Reserve(id, 3, clock_.Now() + std::chrono::hours(1));
  Reserve(id, 2, clock_.Now() - std::chrono::minutes(1));  // expired, still 'activa'
  Reserve(id, 4, clock_.Now() + std::chrono::hours(1), "cancelada");
  auto d = products_->Get(id).value();
  EXPECT_EQ(d.stock.total, 10);
  EXPECT_EQ(d.stock.disponible, 7);
  auto missing = products_->Get("7b0c2d3e-4f50-4a61-8b72-93a4b5c6d7e8");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
}

TEST_P(ProductsTest, DeactivationIsSoftAuditedAndRefusedWithActiveReservations) {
  auto id = AddProduct("Dulce de leche");
  AddStock(id, 5);
  Reserve(id, 2, clock_.Now() + std::chrono::minutes(30));
  auto r = products_->Deactivate(Admin(), id);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kConflict);
  EXPECT_EQ(r.error().details.at("motivo").as_string(), "producto_con_reservas");
  ProductPatch off;
  off.activo = false;
  EXPECT_EQ(products_->Update(Admin(), id, off).error().details.at("motivo").as_string(),
            "producto_con_reservas");
  EXPECT_TRUE(Row(id).activo);
  clock_.Advance(std::chrono::hours(1));  // the reservation expires
  r = products_->Deactivate(Admin(), id);
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->activo);
  EXPECT_EQ(Products(), 1);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM audit_log WHERE accion = 'producto_desactivado' AND "
                   "entidad_tipo = 'producto'"),
            1);
  // Deleting again answers the same row and audits nothing new.
  r = products_->Deactivate(Admin(), id);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->version, 1);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM audit_log WHERE accion = 'producto_desactivado'"), 1);
  // Inactive products leave the default list.
  EXPECT_TRUE(Search("dulce").empty());
  // An open customer order with the product (even one that reserved nothing) blocks it too.
  auto other = AddProduct("Mermelada de durazno");
  auto order = testing::InsertOrderRows(*db_, random_, other, kPrincipal, kAdmin, clock_.Now());
  EXPECT_EQ(products_->Deactivate(Admin(), other).error().details.at("motivo").as_string(),
            "producto_con_reservas");
  Exec(
      "UPDATE pedidos SET estado = 'cancelado', cancelado_en = $1, cancelado_por = $2, "
      "motivo_cancelacion = 'Sin stock' WHERE id = $3",
      {clock_.Now(), kAdmin, order.pedido_id});
  EXPECT_TRUE(products_->Deactivate(Admin(), other).ok());
}

TEST_P(ProductsTest, CreateWithAKeyReplaysAndRefusesAnotherBody) {
  IdempotencyKey key{"POST /api/productos", kAdmin, "clave-1", "huella-1"};
  NewProduct p;
  p.nombre = "Harina 000 Pureza";
  auto first = products_->Create(key, Admin(), p);
  ASSERT_TRUE(first.ok());
  auto again = products_->Create(key, Admin(), p);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->replayed);
  EXPECT_EQ(again->data_json, first->data_json);
  EXPECT_EQ(again->status, 201);
  key.fingerprint = "huella-2";
  auto other = products_->Create(key, Admin(), p);
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.error().code, ErrorCode::kIdempotencyKeyReused);
  EXPECT_EQ(Products(), 1);
}

TEST_P(ProductsTest, ProductJsonHidesCostsWhenAsked) {
  auto id = AddProduct("Vino tinto");
  Exec("UPDATE productos SET precio_venta_centavos = 200000, costo_centavos = 150000 WHERE id = $1",
       {id});
  auto row = Row(id);
  auto full = ProductJson(row, true);
  EXPECT_EQ(full.at("costo_centavos").as_int64(), 150000);
  EXPECT_EQ(full.at("margen_bruto_bp").as_int64(), 2500);
  auto hidden = ProductJson(row, false);
  EXPECT_FALSE(hidden.contains("costo_centavos"));
  EXPECT_FALSE(hidden.contains("markup_bp"));
  EXPECT_FALSE(hidden.contains("margen_bruto_bp"));
  EXPECT_EQ(hidden.at("precio_venta_centavos").as_int64(), 200000);
}

TEST_P(ProductsTest, AliasesAreAddedOncePerScope) {
  auto id = AddProduct("Yerba Mate Suave");
  auto other = AddProduct("Yerba Mate Fuerte");
  auto r = db_->Write([&](store::Tx& tx) -> core::Result<std::pair<AliasRow, AliasRow>> {
    bool created = false;
    auto a = product_alias_store::Add(tx, random_, {id, std::nullopt, "Yerba Tranquera"},
                                      clock_.Now(), &created);
    EXPECT_TRUE(created);
    auto b = product_alias_store::Add(tx, random_, {other, std::nullopt, "yerba  TRANQUERA"},
                                      clock_.Now(), &created);
    EXPECT_FALSE(created);
    return std::make_pair(a, b);
  });
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->first.id, r->second.id);
  EXPECT_EQ(r->second.producto_id, id);  // the caller sees whom it names
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM producto_aliases"), 1);
}

MM_INSTANTIATE_BACKENDS(ProductsTest);

}  // namespace
}  // namespace mm::services
