#include "services/human_number.hpp"

#include <string>

namespace mm::services {

std::int64_t NextHumanNumber(store::Tx& tx, std::string_view table, std::string_view sequence) {
  if (tx.dialect() == store::Dialect::kPostgres) {
    return tx.QueryOne("SELECT nextval('" + std::string(sequence) + "')")->Int(0);
  }
  return tx.QueryOne("SELECT COALESCE(MAX(numero), 0) + 1 FROM " + std::string(table))->Int(0);
}

}  // namespace mm::services
