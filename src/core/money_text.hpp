// Money as text for people (api.md §1.3: fields ending `_texto`, messages, notifications):
// "$ 1.234,56" — a thousands dot, a decimal comma, always two decimals; negative "-$ 1.234,56".
#pragma once

#include <cstdint>
#include <string>

namespace mm::core {

[[nodiscard]] std::string FormatPesos(std::int64_t centavos);

}  // namespace mm::core
