// The catalogue services over a migrated database of each backend, with one admin user (written
// directly: no password hashing) and the sales location Principal that first start seeds.
#pragma once

#include <boost/json/parse.hpp>

#include "core/uuid.hpp"
#include "service_fixture.hpp"
#include "services/categories.hpp"
#include "services/idempotency.hpp"
#include "services/locations.hpp"
#include "services/products.hpp"
#include "services/suppliers.hpp"

namespace mm::services {

class CatalogTest : public ServiceTest {
 protected:
  void SetUp() override {
    ServiceTest::SetUp();
    idem_ = std::make_unique<Idempotency>(*env_, std::chrono::hours(24));
    products_ = std::make_unique<Products>(*env_, *idem_);
    categories_ = std::make_unique<Categories>(*env_, *idem_);
    suppliers_ = std::make_unique<Suppliers>(*env_, *idem_);
    locations_ = std::make_unique<Locations>(*env_, *idem_);
    Exec(R"sql(
INSERT INTO usuarios (id, email, nombre, busqueda_normalizado, rol, password_hash,
                      tokens_invalidados_en, creado_en, actualizado_en)
VALUES ($1, 'dueno@tienda.local', 'Dueño', 'dueno', 'admin', 'x', $2, $2, $2))sql",
         {kAdmin, clock_.Now()});
    Exec(R"sql(
INSERT INTO ubicaciones (id, nombre, nombre_normalizado, es_venta, activo, creado_en,
                         actualizado_en)
VALUES ($1, 'Principal', 'principal', $2, $2, $3, $3))sql",
         {kPrincipal, true, clock_.Now()});
  }

  void Exec(const std::string& sql, std::initializer_list<store::Value> params = {}) {
    std::vector<store::Value> p(params);
    auto r = db_->Write([&](store::Tx& tx) -> core::Status {
      tx.Exec(sql, std::span<const store::Value>(p));
      return core::Ok{};
    });
    ASSERT_TRUE(r.ok());
  }

  RequestMeta Admin() const {
    RequestMeta m;
    m.principal.user_id = kAdmin;
    m.principal.role = core::Role::kAdmin;
    m.request_id = "test";
    return m;
  }

  static boost::json::object Data(const IdempotentReply& r) {
    return boost::json::parse(r.data_json).as_object();
  }
  static std::string IdOf(const IdempotentReply& r) {
    return std::string(Data(r).at("id").as_string());
  }

  // Creates a product and returns its id (failing the test when refused).
  std::string AddProduct(NewProduct p) {
    auto r = products_->Create(std::nullopt, Admin(), p);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : std::string(r.error().Message()));
    return r.ok() ? IdOf(*r) : "";
  }
  std::string AddProduct(const std::string& nombre,
                         const std::optional<std::string>& codigo_barras = std::nullopt,
                         const std::optional<std::string>& marca = std::nullopt) {
    NewProduct p;
    p.nombre = nombre;
    p.codigo_barras = codigo_barras;
    p.marca = marca;
    return AddProduct(p);
  }
  std::string AddCategory(const std::string& codigo,
                          const std::optional<std::string>& parent = std::nullopt) {
    NewCategory c;
    c.codigo = codigo;
    c.nombre = "Categoría " + codigo;
    c.parent_id = parent;
    auto r = categories_->Create(std::nullopt, Admin(), c);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : std::string(r.error().Message()));
    return r.ok() ? IdOf(*r) : "";
  }
  std::string AddSupplier(const std::string& nombre,
                          const std::optional<std::string>& cuit = std::nullopt) {
    NewSupplier s;
    s.nombre = nombre;
    s.cuit = cuit;
    auto r = suppliers_->Create(std::nullopt, Admin(), s);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : std::string(r.error().Message()));
    return r.ok() ? IdOf(*r) : "";
  }

  // The names a search returns, in order.
  std::vector<std::string> Search(const std::string& q, std::int64_t* total = nullptr) {
    ProductFilter f;
    f.q = q;
    auto rows = products_->List(f, total);
    EXPECT_TRUE(rows.ok());
    std::vector<std::string> names;
    if (rows.ok()) {
      for (const auto& p : *rows) names.push_back(p.nombre);
    }
    return names;
  }

  static constexpr const char* kAdmin = "0a000000-0000-4000-8000-00000000000a";
  static constexpr const char* kPrincipal = "00000000-0000-4000-8000-000000000001";

  std::unique_ptr<Idempotency> idem_;
  std::unique_ptr<Products> products_;
  std::unique_ptr<Categories> categories_;
  std::unique_ptr<Suppliers> suppliers_;
  std::unique_ptr<Locations> locations_;
};

}  // namespace mm::services
