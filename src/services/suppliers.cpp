#include "services/suppliers.hpp"

#include "core/cuit.hpp"
#include "core/normalize.hpp"
#include "core/uuid.hpp"
#include "services/cache_versions.hpp"

namespace mm::services {
namespace {

core::Error NameTaken() {
  return Duplicate("nombre", "Ya existe un proveedor activo con ese nombre.");
}
core::Error CuitTaken() { return Duplicate("cuit", "Ya existe un proveedor con ese CUIT."); }

core::Error BadCuit() {
  return InvalidField("cuit", "formato",
                      "El CUIT tiene que tener 11 dígitos (con o sin guiones) y un dígito "
                      "verificador válido.");
}

// The stored form of a CUIT, or the 400 for an invalid one.
core::Result<std::optional<std::string>> CheckCuit(const std::optional<std::string>& cuit) {
  if (!cuit) return std::optional<std::string>();
  auto normalized = core::NormalizeCuit(*cuit);
  if (!normalized) return BadCuit();
  return normalized;
}

template <typename Fn>
std::optional<core::Error> Guarded(Fn&& write) {
  try {
    write();
    return std::nullopt;
  } catch (const store::DbError& e) {
    auto campo = DuplicateFieldOf(e);
    if (campo == "nombre") return NameTaken();
    if (campo == "cuit") return CuitTaken();
    throw;
  }
}

// DUPLICATE when another supplier holds the name (among active ones) or the CUIT.
std::optional<core::Error> CheckUnique(store::Tx& tx, const SupplierRow& s) {
  if (s.activo) {
    auto other = supplier_store::FindActiveByNormalizedName(tx, core::NormalizeSearch(s.nombre));
    if (other && *other != s.id) return NameTaken();
  }
  if (s.cuit) {
    auto other = supplier_store::FindByCuit(tx, *s.cuit);
    if (other && *other != s.id) return CuitTaken();
  }
  return std::nullopt;
}

}  // namespace

core::Result<IdempotentReply> Suppliers::Create(const std::optional<IdempotencyKey>& key,
                                                const RequestMeta& meta, const NewSupplier& input) {
  auto cuit = CheckCuit(input.cuit);
  if (!cuit.ok()) return cuit.error();
  return idempotency_.Run(key, meta, [&](store::Tx& tx) -> core::Result<Outcome> {
    auto now = env_.clock.Now();
    SupplierRow s;
    s.id = core::NewUuidV4(env_.random);
    s.nombre = input.nombre;
    s.contacto = input.contacto;
    s.email = input.email;
    s.telefono = input.telefono;
    s.cuit = *cuit;
    s.direccion = input.direccion;
    s.sitio_web = input.sitio_web;
    s.categorias_ofrecidas = input.categorias_ofrecidas;
    s.creado_en = now;
    s.actualizado_en = now;
    if (auto err = CheckUnique(tx, s)) return *err;
    if (auto err = Guarded([&] { supplier_store::Insert(tx, s); })) return *err;
    BumpCacheVersion(tx, "catalogo", now);
    return Outcome{201, SupplierJson(s), s.id};
  });
}

core::Result<std::vector<SupplierRow>> Suppliers::List(const SupplierFilter& filter,
                                                       std::int64_t* total) {
  return env_.db.Read([&](store::Tx& tx) -> core::Result<std::vector<SupplierRow>> {
    return supplier_store::List(tx, filter, total);
  });
}

core::Result<std::vector<std::pair<std::string, std::string>>> Suppliers::Dropdown() {
  return env_.db.Read(
      [&](store::Tx& tx) -> core::Result<std::vector<std::pair<std::string, std::string>>> {
        return supplier_store::Dropdown(tx);
      });
}

core::Result<SupplierDetail> Suppliers::Get(const std::string& id) {
  return env_.db.Read([&](store::Tx& tx) -> core::Result<SupplierDetail> {
    auto s = supplier_store::FindById(tx, id);
    if (!s) return core::Error::NotFound("proveedor");
    return SupplierDetail{*s, supplier_store::MainProducts(tx, id)};
  });
}

core::Result<SupplierRow> Suppliers::Update(const RequestMeta& meta, const std::string& id,
                                            const SupplierPatch& patch) {
  std::optional<std::string> cuit;
  if (patch.cuit && *patch.cuit) {
    auto checked = CheckCuit(*patch.cuit);
    if (!checked.ok()) return checked.error();
    cuit = *checked;
  }
  return env_.db.Write(
      [&](store::Tx& tx) -> core::Result<SupplierRow> {
        auto current = supplier_store::FindById(tx, id, true);
        if (!current) return core::Error::NotFound("proveedor");
        if (patch.version && *patch.version != current->version) {
          return StaleVersion(current->version);
        }
        SupplierRow next = *current;
        if (patch.nombre) next.nombre = *patch.nombre;
        if (patch.contacto) next.contacto = *patch.contacto;
        if (patch.email) next.email = *patch.email;
        if (patch.telefono) next.telefono = *patch.telefono;
        if (patch.cuit) next.cuit = cuit;
        if (patch.direccion) next.direccion = *patch.direccion;
        if (patch.sitio_web) next.sitio_web = *patch.sitio_web;
        if (patch.categorias_ofrecidas) next.categorias_ofrecidas = *patch.categorias_ofrecidas;
        if (patch.activo) next.activo = *patch.activo;
        if (auto err = CheckUnique(tx, next)) return *err;
        auto now = env_.clock.Now();
        bool written = false;
        if (auto err = Guarded([&] { written = supplier_store::Update(tx, next, now); })) {
          return *err;
        }
        if (!written) return StaleVersion(current->version);
        BumpCacheVersion(tx, "catalogo", now);
        next.version = current->version + 1;
        next.actualizado_en = now;
        return next;
      },
      meta.TxOptions());
}

}  // namespace mm::services
