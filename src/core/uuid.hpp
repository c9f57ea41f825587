// UUIDv4 ids, canonical lower-case text (architecture.md §5, api.md §1.1).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/random.hpp"

namespace mm::core {

[[nodiscard]] std::string NewUuidV4(Random& random);
// Canonical 8-4-4-4-12 hex text in either case, returned lower-cased; nullopt otherwise.
[[nodiscard]] std::optional<std::string> NormalizeUuid(std::string_view text);

}  // namespace mm::core
