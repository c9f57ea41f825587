// The store settings row (domain.md §1.9, decision 30): seeded once from the configuration, then
// the row wins; versioned updates with before/after audit and a `config` cache bump.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "pricing_fixture.hpp"

namespace mm::services {
namespace {

class StoreSettingsTest : public PricingTest {};

StoreSettingsDefaults Custom() {
  StoreSettingsDefaults d;
  d.nombre = "Almacén Don Ñato";
  d.markup_defecto_bp = 4500;
  d.redondeo_centavos = 50;
  d.denominaciones_centavos = {1000, 2000, 10000};
  d.tolerancia_caja_centavos = 500;
  return d;
}

TEST_P(StoreSettingsTest, SeedWritesTheRowOnceAndTheRowWinsOverLaterConfiguration) {
  // A fresh database: the fixture seeded defaults, so start from a new one here.
  db_->Write([](store::Tx& tx) { tx.Exec("DELETE FROM ajustes_tienda"); });
  auto first = RunSeeds(*env_, {StoreSettingsSeed(Custom())});
  EXPECT_EQ(first.written, std::vector<std::string>{"ajustes_tienda"});

  StoreSettingsDefaults later = Custom();
  later.nombre = "Otro nombre";
  later.markup_defecto_bp = 9000;
  later.redondeo_centavos = 100;
  later.denominaciones_centavos = {5};
  later.tolerancia_caja_centavos = 0;
  auto second = RunSeeds(*env_, {StoreSettingsSeed(later)});
  EXPECT_TRUE(second.written.empty());
  EXPECT_EQ(second.skipped, std::vector<std::string>{"ajustes_tienda"});

  StoreSettings service(*env_, later);
  auto s = service.Get();
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->nombre, "Almacén Don Ñato");
  EXPECT_EQ(s->markup_defecto_bp, 4500);
  EXPECT_EQ(s->redondeo_centavos, 50);
  EXPECT_EQ(s->denominaciones_centavos, (std::vector<std::int64_t>{1000, 2000, 10000}));
  EXPECT_EQ(s->tolerancia_caja_centavos, 500);
  EXPECT_EQ(s->version, 0);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM ajustes_tienda"), 1);
}

TEST_P(StoreSettingsTest, DefaultSeedHoldsTheArgentineDenominations) {
  auto s = settings_->Get();
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->nombre, "Mini Market");
  EXPECT_EQ(s->markup_defecto_bp, 3000);
  EXPECT_EQ(s->redondeo_centavos, 1);
  EXPECT_EQ(s->tolerancia_caja_centavos, 1000);
  EXPECT_EQ(s->denominaciones_centavos.front(), 1000);    // $10
  EXPECT_EQ(s->denominaciones_centavos.back(), 2000000);  // $20.000
}

TEST_P(StoreSettingsTest, SeedWithOutOfRangeValuesFailsAndWritesNothing) {
  db_->Write([](store::Tx& tx) { tx.Exec("DELETE FROM ajustes_tienda"); });
  StoreSettingsDefaults bad = Custom();
  bad.markup_defecto_bp = 200000;
  bad.denominaciones_centavos = {100, 100};
  EXPECT_THROW(RunSeeds(*env_, {StoreSettingsSeed(bad)}), std::invalid_argument);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM ajustes_tienda"), 0);
  EXPECT_EQ(CheckStoreSettingsDefaults(bad).size(), 2u);
  EXPECT_TRUE(CheckStoreSettingsDefaults(Custom()).empty());
}

TEST_P(StoreSettingsTest, UpdateChangesFieldsBumpsVersionAuditsAndBumpsConfig) {
  const auto config_before = CacheVersion("config");
  StoreSettingsPatch p;
  p.nombre = "Autoservicio La Esquina";
  p.cuit = std::optional<std::string>("20123456786");
  p.pie_ticket = std::optional<std::string>("¡Gracias por tu compra!\nVolvé pronto");
  p.redondeo_centavos = 10;
  p.denominaciones_centavos = std::vector<std::int64_t>{1000, 5000};
  p.version = 0;
  auto r = settings_->Update(AdminMeta(), p);
  ASSERT_TRUE(r.ok()) << r.error().Message();
  EXPECT_EQ(r->version, 1);
  EXPECT_EQ(r->nombre, "Autoservicio La Esquina");
  EXPECT_EQ(r->redondeo_centavos, 10);
  EXPECT_EQ(r->markup_defecto_bp, 3000);  // untouched
  EXPECT_EQ(r->actualizado_por, admin_);

  auto again = settings_->Get();
  EXPECT_EQ(again->cuit, "20123456786");
  EXPECT_EQ(again->denominaciones_centavos, (std::vector<std::int64_t>{1000, 5000}));
  EXPECT_EQ(again->version, 1);
  EXPECT_EQ(CacheVersion("config"), config_before + 1);

  EXPECT_EQ(AuditRows("ajustes_cambiados"), 1);
  auto detalles = db_->Read([](store::Tx& tx) {
    return boost::json::parse(
        tx.QueryOne("SELECT detalles FROM audit_log WHERE accion = 'ajustes_cambiados'")->Text(0));
  });
  EXPECT_EQ(detalles.at("antes").at("nombre").as_string(), "Mini Market");
  EXPECT_EQ(detalles.at("despues").at("nombre").as_string(), "Autoservicio La Esquina");
  EXPECT_EQ(detalles.at("antes").at("redondeo_centavos").as_int64(), 1);
  EXPECT_TRUE(detalles.at("antes").at("cuit").is_null());
  EXPECT_FALSE(detalles.at("antes").as_object().contains("markup_defecto_bp"));

  // Clearing a nullable field.
  StoreSettingsPatch clear;
  clear.cuit = std::optional<std::string>();
  auto cleared = settings_->Update(AdminMeta(), clear);
  ASSERT_TRUE(cleared.ok());
  EXPECT_FALSE(cleared->cuit.has_value());
  EXPECT_EQ(cleared->version, 2);
}

TEST_P(StoreSettingsTest, StaleVersionIsAConflictAndChangesNothing) {
  StoreSettingsPatch p;
  p.markup_defecto_bp = 5000;
  ASSERT_TRUE(settings_->Update(AdminMeta(), p).ok());  // version 0 → 1
  const auto config_before = CacheVersion("config");

  StoreSettingsPatch stale;
  stale.markup_defecto_bp = 6000;
  stale.version = 0;
  auto r = settings_->Update(AdminMeta(), stale);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, core::ErrorCode::kVersionConflict);
  EXPECT_EQ(r.error().details.at("version_actual").as_int64(), 1);
  auto s = settings_->Get();
  EXPECT_EQ(s->markup_defecto_bp, 5000);
  EXPECT_EQ(s->version, 1);
  EXPECT_EQ(AuditRows("ajustes_cambiados"), 1);
  EXPECT_EQ(CacheVersion("config"), config_before);
}

TEST_P(StoreSettingsTest, APatchThatChangesNothingKeepsVersionAndWritesNoAudit) {
  StoreSettingsPatch p;
  p.nombre = "Mini Market";
  p.markup_defecto_bp = 3000;
  auto r = settings_->Update(AdminMeta(), p);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->version, 0);
  EXPECT_EQ(AuditRows("ajustes_cambiados"), 0);
}

TEST_P(StoreSettingsTest, WithoutTheRowReadsTheDefaults) {
  db_->Write([](store::Tx& tx) { tx.Exec("DELETE FROM ajustes_tienda"); });
  StoreSettings service(*env_, Custom());
  auto s = service.Get();
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->markup_defecto_bp, 4500);
  EXPECT_EQ(s->redondeo_centavos, 50);
}

MM_INSTANTIATE_BACKENDS(StoreSettingsTest);

}  // namespace
}  // namespace mm::services
