// Products (api.md §6.1, domain.md §1.1, §2.6): create, list and search, read with its stock,
// edit (never prices or costs: those change only through /precios and receipts, so every change
// is recorded), soft delete. SKU and barcode are unique; an omitted SKU is generated; EAN/UPC
// check digits are validated; deactivating a product with active reservations is refused.
// Writes move the `catalogo` namespace.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "services/catalog_common.hpp"
#include "services/context.hpp"
#include "services/idempotency.hpp"
#include "services/product_search.hpp"
#include "services/product_store.hpp"

namespace mm::services {

struct NewProduct {
  std::string nombre;
  std::optional<std::string> sku;  // generated when absent
  std::optional<std::string> codigo_barras;
  std::optional<std::string> marca;
  std::optional<std::string> contenido_neto;
  std::optional<std::string> descripcion;
  std::optional<std::string> categoria_id;
  std::optional<std::string> proveedor_principal_id;
  std::string unidad = "u";
  bool controla_vencimiento = false;
  std::optional<std::int64_t> markup_bp;
};

struct ProductPatch {
  std::optional<std::string> nombre;
  std::optional<std::string> sku;
  Nullable<std::string> codigo_barras;
  Nullable<std::string> marca;
  Nullable<std::string> contenido_neto;
  Nullable<std::string> descripcion;
  Nullable<std::string> categoria_id;
  Nullable<std::string> proveedor_principal_id;
  std::optional<std::string> unidad;
  std::optional<bool> controla_vencimiento;
  Nullable<std::int64_t> markup_bp;
  std::optional<bool> activo;
  std::optional<std::int64_t> version;

  [[nodiscard]] bool empty() const {
    return !nombre && !sku && !codigo_barras && !marca && !contenido_neto && !descripcion &&
           !categoria_id && !proveedor_principal_id && !unidad && !controla_vencimiento &&
           !markup_bp && !activo;
  }
};

struct ProductDetail {
  ProductRow row;
  ProductStock stock;
  // The offer in force at the sales location (api.md §6.1 `oferta_activa?`), as §10.3 shows it.
  std::optional<boost::json::object> oferta_activa;
};

// The checks of a product's own fields that need no database: SKU format and the barcode's
// digits and GTIN check digit. Every bad field is listed (api.md §1.4).
[[nodiscard]] std::vector<core::FieldError> CheckProductCodes(
    const std::optional<std::string>& sku, const std::optional<std::string>& codigo_barras);

class Products {
 public:
  Products(Env& env, Idempotency& idempotency) : env_(env), idempotency_(idempotency) {}

  // 201 producto (with costs: only A and D create); 400, 409 DUPLICATE {sku | codigo_barras},
  // 422 REFERENCE_NOT_FOUND {categoria_id | proveedor_principal_id}.
  core::Result<IdempotentReply> Create(const std::optional<IdempotencyKey>& key,
                                       const RequestMeta& meta, const NewProduct& input);
  core::Result<std::vector<ProductRow>> List(const ProductFilter& filter, std::int64_t* total,
                                             const store::TxOptions& options = {});
  core::Result<ProductDetail> Get(const std::string& id, const store::TxOptions& options = {});
  // The offer price in force at the sales location, per product that has one (the dropdown's
  // precio_oferta_centavos; an offer on a lot that ran out covers nothing).
  core::Result<std::map<std::string, std::int64_t>> SalesOfferPrices(
      const store::TxOptions& options = {});
  [[nodiscard]] core::Timestamp Now() const { return env_.clock.Now(); }
  // 404; 400; 409 VERSION_CONFLICT, DUPLICATE, CONFLICT producto_con_reservas; 422.
  core::Result<ProductRow> Update(const RequestMeta& meta, const std::string& id,
                                  const ProductPatch& patch);
  // Soft delete (activo false). 404; 409 CONFLICT producto_con_reservas.
  core::Result<ProductRow> Deactivate(const RequestMeta& meta, const std::string& id);

 private:
  // Applies `next` over `current` (both locked), with every check of an edit.
  core::Result<ProductRow> Write(store::Tx& tx, const RequestMeta& meta, const ProductRow& current,
                                 ProductRow next);

  Env& env_;
  Idempotency& idempotency_;
};

}  // namespace mm::services
