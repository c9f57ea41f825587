// Search normalisation (decision 26): lower case, accents and ñ folded to ASCII, whitespace runs
// collapsed to one space, trimmed. Stored texts and queries go through the same function.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace mm::core {

[[nodiscard]] std::string NormalizeSearch(std::string_view text);
// The query's tokens after normalisation (split on spaces, empty ones dropped).
[[nodiscard]] std::vector<std::string> SearchTokens(std::string_view query);

}  // namespace mm::core
