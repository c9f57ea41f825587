// The POS catalogue (api.md §9.1 GET /api/pos/catalogo): every active product with its price, the
// active offer at the sales location, the loss-risk flag (decision 39, no cost figures) and the
// available stock there. Not paginated; the till keeps it offline (ui.md §3.3). Its version is the
// cache versions of the namespaces it is built from (catalogo, precios, stock; domain.md §4), so a
// client that sends the version back as If-None-Match gets 304 until one of them moves.
#pragma once

#include <string>

#include <boost/json/object.hpp>

#include "core/result.hpp"
#include "services/context.hpp"
#include "store/tx.hpp"

namespace mm::services {

// "c<catalogo>.p<precios>.s<stock>.o<offers in force>.r<effective reservations>". Writes bump the
// namespaces; the two counts catch what time alone changes before a sweep runs (an offer past its
// vence_en, a reservation past its expira_en), since between bumps they can only go down.
[[nodiscard]] std::string PosCatalogVersion(store::Tx& tx, core::Timestamp now);

class PosCatalog {
 public:
  explicit PosCatalog(Env& env) : env_(env) {}

  // The current version alone (cheap: one small read), for If-None-Match.
  core::Result<std::string> Version(const RequestMeta& meta);
  // {version, generado_en, ubicacion_id, productos[]}, read in one transaction.
  core::Result<boost::json::object> Build(const RequestMeta& meta);

 private:
  Env& env_;
};

}  // namespace mm::services
