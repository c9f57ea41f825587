#include "services/cache_versions.hpp"

namespace mm::services {
namespace {

constexpr std::string_view kBump = R"sql(
INSERT INTO cache_versions (namespace, version, actualizado_en) VALUES ($1, 1, $2)
ON CONFLICT (namespace) DO UPDATE
  SET version = cache_versions.version + 1, actualizado_en = excluded.actualizado_en
RETURNING version)sql";

constexpr std::string_view kNotify = "SELECT pg_notify('cache_invalidation', $1)";
constexpr std::string_view kReadAll = "SELECT namespace, version FROM cache_versions";

}  // namespace

std::int64_t BumpCacheVersion(store::Tx& tx, std::string_view ns, core::Timestamp now) {
  auto row = tx.QueryOne(kBump, {ns, now});
  if (tx.dialect() == store::Dialect::kPostgres) tx.Query(kNotify, {ns});
  return row->Int(0);
}

std::map<std::string, std::int64_t> ReadCacheVersions(store::Tx& tx) {
  std::map<std::string, std::int64_t> out;
  for (const auto& r : tx.Query(kReadAll)) out.emplace(r.Text(0), r.Int(1));
  return out;
}

}  // namespace mm::services
