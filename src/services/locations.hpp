// Places that hold stock (api.md §7.1, domain.md §1.1): exactly one is the sales location the
// POS sells from — marking another clears it in the same transaction — and a location that
// still holds stock cannot be deactivated. Writes move the `stock` cache namespace (locations
// are part of every stock read model).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "services/context.hpp"
#include "services/idempotency.hpp"
#include "services/location_store.hpp"

namespace mm::services {

struct NewLocation {
  std::string nombre;  // 1–60, trimmed
  bool es_venta = false;
};

struct LocationPatch {
  std::optional<std::string> nombre;
  std::optional<bool> es_venta;
  std::optional<bool> activo;
};

class Locations {
 public:
  Locations(Env& env, Idempotency& idempotency) : env_(env), idempotency_(idempotency) {}

  // 201 ubicacion; 409 DUPLICATE {campo: nombre}.
  core::Result<IdempotentReply> Create(const std::optional<IdempotencyKey>& key,
                                       const RequestMeta& meta, const NewLocation& input);
  core::Result<std::vector<LocationRow>> List(std::optional<bool> activo);
  // 404; 409 DUPLICATE, CONFLICT ubicacion_con_stock; 400 when it would leave no active sales
  // location.
  core::Result<LocationRow> Update(const RequestMeta& meta, const std::string& id,
                                   const LocationPatch& patch);

 private:
  Env& env_;
  Idempotency& idempotency_;
};

}  // namespace mm::services
