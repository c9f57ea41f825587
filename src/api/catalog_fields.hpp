// Body readers shared by the catalogue routes (productos, categorías, proveedores, ubicaciones):
// PATCH fields that may be absent, null or set (api.md §1.4: null clears a nullable field), and
// the common formats telefono and url.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/validation.hpp"
#include "services/catalog_common.hpp"

namespace mm::api {

// A field that cannot be null: absent → nullopt; null → a `requerido` error.
std::optional<std::string> PatchStr(core::ObjectReader& in, std::string_view key,
                                    core::StrRule rule);
std::optional<bool> PatchBool(core::ObjectReader& in, std::string_view key);

// A nullable field: absent → nullopt; null (or an empty string) → set to null; else the value.
services::Nullable<std::string> NullableStr(core::ObjectReader& in, std::string_view key,
                                            core::StrRule rule);
services::Nullable<std::string> NullableUuid(core::ObjectReader& in, std::string_view key);
services::Nullable<std::int64_t> NullableInt(core::ObjectReader& in, std::string_view key,
                                             std::int64_t min, std::int64_t max);

// `telefono`: 6–30 characters of [0-9 +()-]. `url`: https:// and at most 500 characters.
[[nodiscard]] bool IsTelefono(std::string_view s);
[[nodiscard]] bool IsHttpsUrl(std::string_view s);
// Adds a `formato` error for `key` when `value` is set and `valid` is false.
void CheckFormat(core::ObjectReader& in, std::string_view key,
                 const std::optional<std::string>& value, bool (*valid)(std::string_view),
                 std::string mensaje);

// A list of 1–`max_len`-character strings (trimmed), at most `max_items`.
std::optional<std::vector<std::string>> StrList(core::ObjectReader& in, std::string_view key,
                                                std::size_t max_items, std::size_t max_len);

}  // namespace mm::api
