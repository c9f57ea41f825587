// The global search of the till and the header (api.md §11.4 GET /api/search, decision 26): one
// query over several sections, each matched with the rule of api.md §1.5 over the texts of its
// own list route and ordered by relevance (exact barcode or SKU, then name prefix, then by name).
// A section is one entry of Sections(): its name, the roles that see it and the function that
// reads it. The tasks (tareas), customer orders (pedidos) and customers (clientes) sections come
// with their tables (the jobs issue and the customers issue): each is one more entry there.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "core/result.hpp"
#include "core/role.hpp"
#include "services/context.hpp"
#include "store/tx.hpp"

namespace mm::services {

struct SearchSection {
  std::string name;               // the answer's key, e.g. "productos"
  std::vector<core::Role> roles;  // who sees it
  // At most `limit` matches of the raw query `q` (2–100 characters, not blank), best first.
  std::function<boost::json::array(store::Tx& tx, const std::string& q, int limit)> read;
};

// Every section, in answer order.
[[nodiscard]] const std::vector<SearchSection>& SearchSections();

struct GlobalSearchInput {
  std::string q;
  int limit = 10;                  // per section, 1–20
  std::vector<std::string> tipos;  // section names; empty = every section the role sees
};

class GlobalSearch {
 public:
  explicit GlobalSearch(Env& env) : env_(env) {}

  // {<section>: [...]} for each requested section the principal's role may see (others are left
  // out of the answer, not refused).
  core::Result<boost::json::object> Search(const RequestMeta& meta, const GlobalSearchInput& in);

 private:
  Env& env_;
};

}  // namespace mm::services
