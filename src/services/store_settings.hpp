// The store settings (domain.md §1.9, api.md §12.1): one ajustes_tienda row, written from the
// configuration file on first start, after which the row wins over the file (decision 30).
// Services read it per request; a change is audited (`ajustes_cambiados`) and bumps the
// `config` cache namespace.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "services/context.hpp"
#include "services/seeding.hpp"
#include "store/tx.hpp"

namespace mm::services {

inline constexpr std::string_view kStoreSettingsId = "00000000-0000-4000-8000-000000000002";

// The configuration values the row is seeded from (precios.*, caja.*, store.nombre).
struct StoreSettingsDefaults {
  std::string nombre = "Mini Market";
  std::int64_t markup_defecto_bp = 3000;
  std::int64_t redondeo_centavos = 1;
  // $10 $20 $50 $100 $200 $500 $1000 $2000 $10000 $20000
  std::vector<std::int64_t> denominaciones_centavos = {1000,  2000,   5000,   10000,   20000,
                                                       50000, 100000, 200000, 1000000, 2000000};
  std::int64_t tolerancia_caja_centavos = 1000;
};

// Spanish descriptions of every out-of-range default (empty = all good). The ranges are those
// of PATCH /api/config/tienda.
[[nodiscard]] std::vector<std::string> CheckStoreSettingsDefaults(const StoreSettingsDefaults& d);

struct StoreSettingsRow {
  std::string nombre;
  std::optional<std::string> direccion;
  std::optional<std::string> cuit;
  std::optional<std::string> telefono;
  std::optional<std::string> pie_ticket;
  std::int64_t markup_defecto_bp = 0;
  std::int64_t redondeo_centavos = 1;
  std::vector<std::int64_t> denominaciones_centavos;
  std::int64_t tolerancia_caja_centavos = 0;
  std::int64_t version = 0;
  std::optional<std::string> actualizado_por;
  std::optional<core::Timestamp> actualizado_en;  // null only for the unseeded fallback
};

// A partial update: absent fields stay; for the nullable texts an inner nullopt clears.
struct StoreSettingsPatch {
  std::optional<std::string> nombre;
  std::optional<std::optional<std::string>> direccion;
  std::optional<std::optional<std::string>> cuit;
  std::optional<std::optional<std::string>> telefono;
  std::optional<std::optional<std::string>> pie_ticket;
  std::optional<std::int64_t> markup_defecto_bp;
  std::optional<std::int64_t> redondeo_centavos;
  std::optional<std::vector<std::int64_t>> denominaciones_centavos;
  std::optional<std::int64_t> tolerancia_caja_centavos;
  std::optional<std::int64_t> version;

  [[nodiscard]] bool empty() const {
    return !nombre && !direccion && !cuit && !telefono && !pie_ticket && !markup_defecto_bp &&
           !redondeo_centavos && !denominaciones_centavos && !tolerancia_caja_centavos;
  }
};

// The row as the defaults would write it (used before the seed ran, e.g. in unit tests).
[[nodiscard]] StoreSettingsRow SettingsFromDefaults(const StoreSettingsDefaults& d);

// The first-start seed of ajustes_tienda: written only when the row is missing.
[[nodiscard]] Seed StoreSettingsSeed(StoreSettingsDefaults defaults);

namespace store_settings {
// The row, or nullopt before the seed ran. `for_update` locks it (PostgreSQL).
std::optional<StoreSettingsRow> Read(store::Tx& tx, bool for_update = false);
// Writes the row from `d` (no-op when present).
void Insert(store::Tx& tx, const StoreSettingsDefaults& d, core::Timestamp now);
}  // namespace store_settings

class StoreSettings {
 public:
  StoreSettings(Env& env, StoreSettingsDefaults defaults);

  // The current settings (the defaults when the row is somehow missing).
  core::Result<StoreSettingsRow> Get();
  // Inside another operation's transaction (e.g. the rounding step of *Apply price*).
  StoreSettingsRow Get(store::Tx& tx);
  // Applies `patch` (already validated) under the row lock; a stale `version` is 409
  // VERSION_CONFLICT {version_actual}. A patch that changes nothing answers the row as it is.
  core::Result<StoreSettingsRow> Update(const RequestMeta& meta, const StoreSettingsPatch& patch);

  [[nodiscard]] const StoreSettingsDefaults& defaults() const { return defaults_; }

 private:
  Env& env_;
  StoreSettingsDefaults defaults_;
};

}  // namespace mm::services
