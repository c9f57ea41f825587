// Pricing and store-settings tests: a migrated database with an admin, the seeded settings row,
// and helpers that write catalogue rows directly (the catalogue services are tested elsewhere).
#pragma once

#include <optional>
#include <string>

#include <boost/json/parse.hpp>

#include "core/normalize.hpp"
#include "core/uuid.hpp"
#include "service_fixture.hpp"
#include "services/idempotency.hpp"
#include "services/pricing.hpp"
#include "services/store_settings.hpp"
#include "services/user_store.hpp"

namespace mm::services {

class PricingTest : public ServiceTest {
 protected:
  void SetUp() override {
    ServiceTest::SetUp();
    admin_ = CreateUser("admin@precios.local", core::Role::kAdmin);
    RunSeeds(*env_, {StoreSettingsSeed(StoreSettingsDefaults{})});
    idem_ = std::make_unique<Idempotency>(*env_, std::chrono::hours(24));
    settings_ = std::make_unique<StoreSettings>(*env_, StoreSettingsDefaults{});
    pricing_ = std::make_unique<Pricing>(*env_, *idem_, *settings_);
  }

  std::string CreateUser(const std::string& email, core::Role role) {
    UserRow u;
    u.id = core::NewUuidV4(random_);
    u.email = email;
    u.nombre = "Usuario " + email;
    u.rol = role;
    u.password_hash = "$argon2id$no-se-usa";
    u.tokens_invalidados_en = TruncateToSeconds(clock_.Now());
    u.creado_en = clock_.Now();
    db_->Write([&](store::Tx& tx) { user_store::Insert(tx, u, clock_.Now()); });
    return u.id;
  }

  RequestMeta Meta(const std::string& user, core::Role role = core::Role::kAdmin) {
    RequestMeta m;
    m.principal.user_id = user;
    m.principal.role = role;
    m.request_id = "req-" + core::NewUuidV4(random_);
    return m;
  }
  RequestMeta AdminMeta() { return Meta(admin_); }

  std::string CreateCategory(std::optional<std::int64_t> min, std::optional<std::int64_t> max,
                             std::optional<std::string> parent = std::nullopt, int nivel = 1) {
    std::string id = core::NewUuidV4(random_);
    db_->Write([&](store::Tx& tx) {
      tx.Exec(
          "INSERT INTO categorias (id, codigo, nombre, nombre_normalizado, parent_id, nivel, "
          "markup_minimo_bp, markup_maximo_bp, activo, version, creado_en, actualizado_en) "
          "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 0, $10, $10)",
          {id, "C" + id.substr(0, 8), "Cat " + id.substr(0, 8), "cat " + id.substr(0, 8), parent,
           nivel, min, max, true, clock_.Now()});
    });
    return id;
  }

  std::string CreateProduct(std::int64_t precio = 0, std::optional<std::int64_t> costo = {},
                            std::optional<std::int64_t> markup = {},
                            std::optional<std::string> categoria = {}, bool activo = true) {
    std::string id = core::NewUuidV4(random_);
    db_->Write([&](store::Tx& tx) {
      tx.Exec(
          "INSERT INTO productos (id, nombre, nombre_normalizado, busqueda_normalizado, sku, "
          "unidad, precio_venta_centavos, costo_centavos, markup_bp, categoria_id, activo, "
          "version, creado_en, actualizado_en) "
          "VALUES ($1, $2, $3, $3, $4, 'u', $5, $6, $7, $8, $9, 0, $10, $10)",
          {id, "Yerba " + id.substr(0, 8), "yerba " + id.substr(0, 8), "P-" + id.substr(0, 8),
           precio, costo, markup, categoria, activo, clock_.Now()});
    });
    return id;
  }

  std::string CreateSupplier() {
    std::string id = core::NewUuidV4(random_);
    db_->Write([&](store::Tx& tx) {
      tx.Exec(
          "INSERT INTO proveedores (id, nombre, nombre_normalizado, activo, version, creado_en, "
          "actualizado_en) VALUES ($1, $2, $3, $4, 0, $5, $5)",
          {id, "Prov " + id.substr(0, 8), "prov " + id.substr(0, 8), true, clock_.Now()});
    });
    return id;
  }

  struct ProductState {
    std::int64_t precio = 0;
    std::optional<std::int64_t> costo;
    std::int64_t version = 0;
  };
  ProductState Product(const std::string& id) {
    return db_->Read([&](store::Tx& tx) {
      auto r = tx.QueryOne(
          "SELECT precio_venta_centavos, costo_centavos, version FROM productos WHERE id = $1",
          {id});
      return ProductState{r->Int(0), r->OptInt(1), r->Int(2)};
    });
  }

  std::int64_t Count(const std::string& sql, const std::string& id) {
    return db_->Read([&](store::Tx& tx) { return tx.QueryOne(sql, {id})->Int(0); });
  }
  std::int64_t HistoryRows(const std::string& producto) {
    return Count("SELECT COUNT(*) FROM precios_historicos WHERE producto_id = $1", producto);
  }
  std::int64_t CompraRows(const std::string& producto) {
    return Count("SELECT COUNT(*) FROM precios_compra WHERE producto_id = $1", producto);
  }
  std::int64_t AuditRows(const std::string& accion) {
    return Count("SELECT COUNT(*) FROM audit_log WHERE accion = $1", accion);
  }
  std::int64_t CacheVersion(const std::string& ns) {
    return db_->Read([&](store::Tx& tx) {
      auto r = tx.QueryOne("SELECT version FROM cache_versions WHERE namespace = $1", {ns});
      return r ? r->Int(0) : 0;
    });
  }

  static boost::json::object Data(const IdempotentReply& r) {
    return boost::json::parse(r.data_json).as_object();
  }

  std::string admin_;
  std::unique_ptr<Idempotency> idem_;
  std::unique_ptr<StoreSettings> settings_;
  std::unique_ptr<Pricing> pricing_;
};

}  // namespace mm::services
