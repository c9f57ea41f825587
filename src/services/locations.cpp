#include "services/locations.hpp"

#include "core/normalize.hpp"
#include "core/uuid.hpp"
#include "services/cache_versions.hpp"
#include "services/catalog_common.hpp"

namespace mm::services {
namespace {

core::Error NameTaken() { return Duplicate("nombre", "Ya existe una ubicación con ese nombre."); }

// Runs `write`, mapping a concurrent loser's unique violation (PostgreSQL) to DUPLICATE.
template <typename Fn>
std::optional<core::Error> Guarded(Fn&& write) {
  try {
    write();
    return std::nullopt;
  } catch (const store::DbError& e) {
    if (DuplicateFieldOf(e) == "nombre") return NameTaken();
    throw;
  }
}

}  // namespace

core::Result<IdempotentReply> Locations::Create(const std::optional<IdempotencyKey>& key,
                                                const RequestMeta& meta, const NewLocation& input) {
  return idempotency_.Run(key, meta, [&](store::Tx& tx) -> core::Result<Outcome> {
    LockTableForWriters(tx, "ubicaciones");
    if (location_store::FindByNormalizedName(tx, core::NormalizeSearch(input.nombre))) {
      return NameTaken();
    }
    auto now = env_.clock.Now();
    LocationRow l;
    l.id = core::NewUuidV4(env_.random);
    l.nombre = input.nombre;
    l.es_venta = input.es_venta;
    l.creado_en = now;
    l.actualizado_en = now;
    if (l.es_venta) location_store::ClearSalesFlag(tx, l.id, now);
    if (auto err = Guarded([&] { location_store::Insert(tx, l); })) return *err;
    BumpCacheVersion(tx, "stock", now);
    return Outcome{201, LocationJson(l), l.id};
  });
}

core::Result<std::vector<LocationRow>> Locations::List(std::optional<bool> activo) {
  return env_.db.Read([&](store::Tx& tx) -> core::Result<std::vector<LocationRow>> {
    return location_store::List(tx, activo);
  });
}

core::Result<LocationRow> Locations::Update(const RequestMeta& meta, const std::string& id,
                                            const LocationPatch& patch) {
  return env_.db.Write(
      [&](store::Tx& tx) -> core::Result<LocationRow> {
        LockTableForWriters(tx, "ubicaciones");
        auto l = location_store::FindById(tx, id, true);
        if (!l) return core::Error::NotFound("ubicacion");
        LocationRow next = *l;
        if (patch.nombre) next.nombre = *patch.nombre;
        if (patch.es_venta) next.es_venta = *patch.es_venta;
        if (patch.activo) next.activo = *patch.activo;
        if (l->es_venta && !next.es_venta) {
          return InvalidField("es_venta", "formato",
                              "Siempre tiene que haber una ubicación de venta: marcá otra como de "
                              "venta y esta deja de serlo.");
        }
        if (next.es_venta && !next.activo) {
          return InvalidField("activo", "formato",
                              "La ubicación de venta no se puede desactivar: marcá otra como de "
                              "venta primero.");
        }
        if (patch.nombre) {
          auto other = location_store::FindByNormalizedName(tx, core::NormalizeSearch(next.nombre));
          if (other && *other != id) return NameTaken();
        }
        if (l->activo && !next.activo && location_store::StockOnHand(tx, id) > 0) {
          return core::Error::Conflict(
              "ubicacion_con_stock",
              "La ubicación todavía tiene stock: transferilo o ajustalo antes de desactivarla.");
        }
        if (next.nombre == l->nombre && next.es_venta == l->es_venta && next.activo == l->activo) {
          return *l;
        }
        auto now = env_.clock.Now();
        if (next.es_venta && !l->es_venta) location_store::ClearSalesFlag(tx, id, now);
        if (auto err = Guarded([&] { location_store::Update(tx, next, now); })) return *err;
        next.actualizado_en = now;
        BumpCacheVersion(tx, "stock", now);
        return next;
      },
      meta.TxOptions());
}

}  // namespace mm::services
