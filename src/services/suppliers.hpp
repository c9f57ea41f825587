// Suppliers (api.md §6.1, domain.md §1.1, §2.6): the name is unique among active suppliers by
// its normalized form ("Almacén Norte" = "almacen norte"), the CUIT (validated with its check
// digit, stored as 11 digits) is unique. Writes move the `catalogo` namespace.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "services/catalog_common.hpp"
#include "services/context.hpp"
#include "services/idempotency.hpp"
#include "services/supplier_store.hpp"

namespace mm::services {

struct NewSupplier {
  std::string nombre;
  std::optional<std::string> contacto;
  std::optional<std::string> email;
  std::optional<std::string> telefono;
  std::optional<std::string> cuit;  // 11 digits with optional dashes; validated here
  std::optional<std::string> direccion;
  std::optional<std::string> sitio_web;
  std::vector<std::string> categorias_ofrecidas;
};

struct SupplierPatch {
  std::optional<std::string> nombre;
  Nullable<std::string> contacto;
  Nullable<std::string> email;
  Nullable<std::string> telefono;
  Nullable<std::string> cuit;
  Nullable<std::string> direccion;
  Nullable<std::string> sitio_web;
  std::optional<std::vector<std::string>> categorias_ofrecidas;
  std::optional<bool> activo;
  std::optional<std::int64_t> version;

  [[nodiscard]] bool empty() const {
    return !nombre && !contacto && !email && !telefono && !cuit && !direccion && !sitio_web &&
           !categorias_ofrecidas && !activo;
  }
};

struct SupplierDetail {
  SupplierRow row;
  std::vector<SupplierProduct> productos;  // ≤ 200 active products it is the main supplier of
};

class Suppliers {
 public:
  Suppliers(Env& env, Idempotency& idempotency) : env_(env), idempotency_(idempotency) {}

  // 201 proveedor; 400 (cuit), 409 DUPLICATE {nombre | cuit}.
  core::Result<IdempotentReply> Create(const std::optional<IdempotencyKey>& key,
                                       const RequestMeta& meta, const NewSupplier& input);
  core::Result<std::vector<SupplierRow>> List(const SupplierFilter& filter, std::int64_t* total);
  core::Result<std::vector<std::pair<std::string, std::string>>> Dropdown();
  core::Result<SupplierDetail> Get(const std::string& id);
  // 404; 400; 409 VERSION_CONFLICT, DUPLICATE.
  core::Result<SupplierRow> Update(const RequestMeta& meta, const std::string& id,
                                   const SupplierPatch& patch);

 private:
  Env& env_;
  Idempotency& idempotency_;
};

}  // namespace mm::services
