// Namespace versions for cached reads (domain.md §4). A write bumps its namespace inside its own
// transaction, so no cache outlives the commit it depends on; on PostgreSQL the same transaction
// sends NOTIFY cache_invalidation '<namespace>' (delivered at commit) to the other instances.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "store/tx.hpp"

namespace mm::services {

// Increments (or creates at 1) the namespace's version and returns the new value.
std::int64_t BumpCacheVersion(store::Tx& tx, std::string_view ns, core::Timestamp now);
// Every namespace's current version.
std::map<std::string, std::int64_t> ReadCacheVersions(store::Tx& tx);

}  // namespace mm::services
