// Strict JSON for request bodies (api.md §1.4): one object, valid UTF-8, no duplicate keys.
#pragma once

#include <string>
#include <string_view>

#include <boost/json/value.hpp>

#include "core/result.hpp"

namespace mm::core {

// Parses `text` as a single JSON value, rejecting duplicate keys and invalid UTF-8
// (INVALID_JSON with a Spanish message saying why).
[[nodiscard]] Result<boost::json::value> ParseStrictJson(std::string_view text);

// Canonical text of a value: object keys sorted by their bytes, no whitespace. Two requests
// that differ only in key order or spacing have the same canonical text.
[[nodiscard]] std::string CanonicalJson(const boost::json::value& v);

}  // namespace mm::core
