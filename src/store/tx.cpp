#include "store/tx.hpp"

#include <stdexcept>

namespace mm::store {

std::optional<Row> Tx::QueryOne(std::string_view sql, std::initializer_list<Value> params) {
  auto rows = Query(sql, params);
  if (rows.empty()) return std::nullopt;
  if (rows.size() > 1) throw std::logic_error("QueryOne returned several rows");
  return std::move(rows.front());
}

}  // namespace mm::store
