#include "services/products.hpp"

#include <regex>

#include "core/barcode.hpp"
#include "core/uuid.hpp"
#include "services/audit.hpp"
#include "services/cache_versions.hpp"
#include "services/category_store.hpp"
#include "services/offers.hpp"
#include "services/stock_ledger.hpp"
#include "services/supplier_store.hpp"

namespace mm::services {
namespace {

core::Error SkuTaken() { return Duplicate("sku", "Ya existe un producto con ese SKU."); }
core::Error BarcodeTaken() {
  return Duplicate("codigo_barras", "Ya existe un producto con ese código de barras.");
}

template <typename Fn>
std::optional<core::Error> Guarded(Fn&& write) {
  try {
    write();
    return std::nullopt;
  } catch (const store::DbError& e) {
    auto campo = DuplicateFieldOf(e);
    if (campo == "sku") return SkuTaken();
    if (campo == "codigo_barras") return BarcodeTaken();
    throw;
  }
}

// DUPLICATE for a SKU or barcode another product holds; REFERENCE_NOT_FOUND for a category or
// supplier that does not exist. Only the values that differ from `current` are looked up.
std::optional<core::Error> CheckReferences(store::Tx& tx, const ProductRow& next,
                                           const ProductRow* current) {
  if (!current || next.sku != current->sku) {
    auto other = product_store::FindIdBySku(tx, next.sku);
    if (other && *other != next.id) return SkuTaken();
  }
  if (next.codigo_barras && (!current || next.codigo_barras != current->codigo_barras)) {
    auto other = product_store::FindIdByBarcode(tx, *next.codigo_barras);
    if (other && *other != next.id) return BarcodeTaken();
  }
  if (next.categoria_id && (!current || next.categoria_id != current->categoria_id) &&
      !category_store::FindById(tx, *next.categoria_id)) {
    return core::Error::ReferenceNotFound("categoria_id");
  }
  if (next.proveedor_principal_id &&
      (!current || next.proveedor_principal_id != current->proveedor_principal_id) &&
      !supplier_store::FindById(tx, *next.proveedor_principal_id)) {
    return core::Error::ReferenceNotFound("proveedor_principal_id");
  }
  return std::nullopt;
}

}  // namespace

std::vector<core::FieldError> CheckProductCodes(const std::optional<std::string>& sku,
                                                const std::optional<std::string>& codigo_barras) {
  static const std::regex kSku("^[A-Za-z0-9._-]{1,40}$");
  std::vector<core::FieldError> out;
  if (sku && !std::regex_match(*sku, kSku)) {
    out.push_back({"sku", "formato",
                   "Usá de 1 a 40 letras sin acentos, números, punto, guion o guion bajo."});
  }
  if (codigo_barras) {
    switch (core::CheckBarcode(*codigo_barras)) {
      case core::BarcodeCheck::kOk:
        break;
      case core::BarcodeCheck::kFormat:
        out.push_back(
            {"codigo_barras", "formato", "El código de barras tiene que tener de 4 a 32 dígitos."});
        break;
      case core::BarcodeCheck::kCheckDigit:
        out.push_back({"codigo_barras", "formato",
                       "El dígito verificador del código de barras no es válido."});
        break;
    }
  }
  return out;
}

core::Result<IdempotentReply> Products::Create(const std::optional<IdempotencyKey>& key,
                                               const RequestMeta& meta, const NewProduct& input) {
  if (auto bad = CheckProductCodes(input.sku, input.codigo_barras); !bad.empty()) {
    return core::Error::Validation(std::move(bad));
  }
  return idempotency_.Run(key, meta, [&](store::Tx& tx) -> core::Result<Outcome> {
    auto now = env_.clock.Now();
    ProductRow p;
    p.id = core::NewUuidV4(env_.random);
    p.nombre = input.nombre;
    p.codigo_barras = input.codigo_barras;
    p.marca = input.marca;
    p.contenido_neto = input.contenido_neto;
    p.descripcion = input.descripcion;
    p.categoria_id = input.categoria_id;
    p.proveedor_principal_id = input.proveedor_principal_id;
    p.unidad = input.unidad;
    p.controla_vencimiento = input.controla_vencimiento;
    p.markup_bp = input.markup_bp;
    p.creado_por = ActingUser(meta);
    p.actualizado_por = p.creado_por;
    p.creado_en = now;
    p.actualizado_en = now;
    if (input.sku) {
      p.sku = *input.sku;
      if (product_store::FindIdBySku(tx, p.sku)) return SkuTaken();
    }
    if (auto err = CheckReferences(tx, p, nullptr)) return *err;
    if (!input.sku) p.sku = product_store::NextSku(tx);
    if (auto err = Guarded([&] { product_store::Insert(tx, p); })) return *err;
    BumpCacheVersion(tx, "catalogo", now);
    auto stored = product_store::FindById(tx, p.id);
    return Outcome{201, ProductJson(*stored, true), p.id};
  });
}

core::Result<std::vector<ProductRow>> Products::List(const ProductFilter& filter,
                                                     std::int64_t* total,
                                                     const store::TxOptions& options) {
  return env_.db.Read(
      [&](store::Tx& tx) -> core::Result<std::vector<ProductRow>> {
        return product_store::List(tx, filter, total);
      },
      options);
}

core::Result<ProductDetail> Products::Get(const std::string& id, const store::TxOptions& options) {
  auto now = env_.clock.Now();
  return env_.db.Read(
      [&](store::Tx& tx) -> core::Result<ProductDetail> {
        auto p = product_store::FindById(tx, id);
        if (!p) return core::Error::NotFound("producto");
        return ProductDetail{*p, product_store::StockOf(tx, id, now),
                             FindActiveOfferJson(tx, id, stock::SalesLocationId(tx), now)};
      },
      options);
}

core::Result<std::map<std::string, std::int64_t>> Products::SalesOfferPrices(
    const store::TxOptions& options) {
  auto now = env_.clock.Now();
  return env_.db.Read(
      [&](store::Tx& tx) -> core::Result<std::map<std::string, std::int64_t>> {
        std::map<std::string, std::int64_t> out;
        for (const auto& o : ActiveOffersAt(tx, stock::SalesLocationId(tx), now)) {
          if (o.lote_id && o.lote_cantidad.value_or(0) <= 0) continue;
          out[o.producto_id] = o.precio_oferta_centavos;
        }
        return out;
      },
      options);
}

core::Result<ProductRow> Products::Write(store::Tx& tx, const RequestMeta& meta,
                                         const ProductRow& current, ProductRow next) {
  if (auto err = CheckReferences(tx, next, &current)) return *err;
  auto now = env_.clock.Now();
  bool deactivating = current.activo && !next.activo;
  if (deactivating) {
    if (product_store::ActiveReserved(tx, current.id, now) > 0) {
      return core::Error::Conflict(
          "producto_con_reservas",
          "El producto tiene reservas activas: liberalas o esperá a que se usen antes de "
          "desactivarlo.");
    }
    if (product_store::OpenOrders(tx, current.id) > 0) {
      return core::Error::Conflict(
          "producto_con_reservas",
          "El producto está en pedidos sin entregar: entregalos o cancelalos antes de "
          "desactivarlo.");
    }
  }
  next.actualizado_por = ActingUser(meta);
  bool written = false;
  if (auto err = Guarded([&] { written = product_store::Update(tx, next, now); })) return *err;
  if (!written) return StaleVersion(current.version);
  if (deactivating) {
    RecordAudit(tx, env_, meta,
                AuditEntry{core::AuditAction::kProductoDesactivado,
                           "producto",
                           current.id,
                           core::AuditLevel::kInfo,
                           {{"sku", current.sku}, {"nombre", current.nombre}}});
  }
  BumpCacheVersion(tx, "catalogo", now);
  return *product_store::FindById(tx, current.id);
}

core::Result<ProductRow> Products::Update(const RequestMeta& meta, const std::string& id,
                                          const ProductPatch& patch) {
  std::optional<std::string> sku = patch.sku;
  std::optional<std::string> barcode = patch.codigo_barras ? *patch.codigo_barras : std::nullopt;
  if (auto bad = CheckProductCodes(sku, barcode); !bad.empty()) {
    return core::Error::Validation(std::move(bad));
  }
  return env_.db.Write(
      [&](store::Tx& tx) -> core::Result<ProductRow> {
        auto current = product_store::FindById(tx, id, true);
        if (!current) return core::Error::NotFound("producto");
        if (patch.version && *patch.version != current->version) {
          return StaleVersion(current->version);
        }
        ProductRow next = *current;
        if (patch.nombre) next.nombre = *patch.nombre;
        if (patch.sku) next.sku = *patch.sku;
        if (patch.codigo_barras) next.codigo_barras = *patch.codigo_barras;
        if (patch.marca) next.marca = *patch.marca;
        if (patch.contenido_neto) next.contenido_neto = *patch.contenido_neto;
        if (patch.descripcion) next.descripcion = *patch.descripcion;
        if (patch.categoria_id) next.categoria_id = *patch.categoria_id;
        if (patch.proveedor_principal_id)
          next.proveedor_principal_id = *patch.proveedor_principal_id;
        if (patch.unidad) next.unidad = *patch.unidad;
        if (patch.controla_vencimiento) next.controla_vencimiento = *patch.controla_vencimiento;
        if (patch.markup_bp) next.markup_bp = *patch.markup_bp;
        if (patch.activo) next.activo = *patch.activo;
        return Write(tx, meta, *current, std::move(next));
      },
      meta.TxOptions());
}

core::Result<ProductRow> Products::Deactivate(const RequestMeta& meta, const std::string& id) {
  return env_.db.Write(
      [&](store::Tx& tx) -> core::Result<ProductRow> {
        auto current = product_store::FindById(tx, id, true);
        if (!current) return core::Error::NotFound("producto");
        if (!current->activo) return *current;
        ProductRow next = *current;
        next.activo = false;
        return Write(tx, meta, *current, std::move(next));
      },
      meta.TxOptions());
}

}  // namespace mm::services
