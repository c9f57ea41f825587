#include "services/global_search.hpp"

#include <algorithm>

#include "core/normalize.hpp"
#include "services/catalog_common.hpp"
#include "services/customer_store.hpp"
#include "services/order_reader.hpp"
#include "services/product_search.hpp"
#include "services/supplier_store.hpp"

namespace mm::services {
namespace {

namespace json = boost::json;
using core::Role;

json::array Products(store::Tx& tx, const std::string& q, int limit) {
  ProductFilter f;
  f.q = q;
  f.activo = true;
  f.limit = limit;
  json::array out;
  for (const auto& p : product_store::List(tx, f, nullptr)) {
    out.push_back(json::object{{"id", p.id},
                               {"nombre", p.nombre},
                               {"sku", p.sku},
                               {"codigo_barras", JsonOrNull(p.codigo_barras)},
                               {"marca", JsonOrNull(p.marca)},
                               {"unidad", p.unidad},
                               {"precio_venta_centavos", p.precio_venta_centavos}});
  }
  return out;
}

json::array Suppliers(store::Tx& tx, const std::string& q, int limit) {
  SupplierFilter f;
  f.tokens = core::SearchTokens(q);
  f.activo = true;
  f.limit = supplier_store::kDropdownMax;  // a store has few suppliers; ordered below
  auto rows = supplier_store::List(tx, f, nullptr);
  // Suppliers have no codes: names that start with q first, then the rest, both by name.
  std::string prefix = core::NormalizeSearch(q);
  std::stable_partition(rows.begin(), rows.end(), [&](const SupplierRow& s) {
    return core::NormalizeSearch(s.nombre).starts_with(prefix);
  });
  json::array out;
  for (const auto& s : rows) {
    if (static_cast<int>(out.size()) >= limit) break;
    out.push_back(json::object{{"id", s.id},
                               {"nombre", s.nombre},
                               {"telefono", JsonOrNull(s.telefono)},
                               {"productos_count", s.productos_count}});
  }
  return out;
}

// Active customers by their search text (nombre, telefono, email, documento): the exact
// documento first, then names that start with q, then the rest by name.
json::array Customers(store::Tx& tx, const std::string& q, int limit) {
  CustomerFilter f;
  f.q = q;
  f.tokens = core::SearchTokens(q);
  f.activo = true;
  f.limit = limit;
  json::array out;
  for (const auto& c : customer_store::List(tx, f, nullptr)) {
    out.push_back(json::object{{"id", c.id},
                               {"nombre", c.nombre},
                               {"telefono", JsonOrNull(c.telefono)},
                               {"whatsapp_e164", JsonOrNull(c.whatsapp_e164)},
                               {"saldo_centavos", c.saldo_centavos},
                               {"limite_credito_centavos", c.limite_credito_centavos}});
  }
  return out;
}

}  // namespace

const std::vector<SearchSection>& SearchSections() {
  static const std::vector<SearchSection> sections = {
      {"productos", {Role::kAdmin, Role::kDeposito, Role::kVentas, Role::kUsuario}, Products},
      {"proveedores", {Role::kAdmin, Role::kDeposito}, Suppliers},
      {"clientes", {Role::kAdmin, Role::kVentas}, Customers},
      {"pedidos", {Role::kAdmin, Role::kDeposito, Role::kVentas}, SearchOrders},
  };
  return sections;
}

core::Result<json::object> GlobalSearch::Search(const RequestMeta& meta,
                                                const GlobalSearchInput& in) {
  return env_.db.Read(
      [&](store::Tx& tx) -> core::Result<json::object> {
        json::object out;
        for (const auto& s : SearchSections()) {
          if (!in.tipos.empty() &&
              std::find(in.tipos.begin(), in.tipos.end(), s.name) == in.tipos.end()) {
            continue;
          }
          if (!meta.principal.role ||
              std::find(s.roles.begin(), s.roles.end(), *meta.principal.role) == s.roles.end()) {
            continue;
          }
          out[s.name] = s.read(tx, in.q, in.limit);
        }
        return out;
      },
      meta.TxOptions());
}

}  // namespace mm::services
