// The pieces of a compact JWS our own code reads before and after libjwt checks the signature
// (api.md §3.1–3.2): strict base64url, the header and payload JSON objects, string claims,
// NumericDate claims and `aud`. Used by the external-issuer verification; nothing here checks a
// signature.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <boost/json/object.hpp>

#include "core/clock.hpp"

namespace mm::services::jwt {

struct Parts {
  std::string_view header;
  std::string_view payload;
  std::string_view signature;
};

// Exactly three non-empty base64url parts separated by dots; nullopt otherwise.
[[nodiscard]] std::optional<Parts> Split(std::string_view token);
// Strict base64url without padding (non-zero trailing bits are refused too).
[[nodiscard]] std::optional<std::string> DecodeBase64Url(std::string_view text);
// A base64url part holding one JSON object (strict: no duplicate keys, valid UTF-8).
[[nodiscard]] std::optional<boost::json::object> DecodeJsonObject(std::string_view part);
// A non-empty string member.
[[nodiscard]] std::optional<std::string_view> StringClaim(const boost::json::object& o,
                                                          std::string_view key);
// A NumericDate (seconds since the epoch, integer or fraction, floored) up to year ~5000.
[[nodiscard]] std::optional<core::Timestamp> NumericDate(const boost::json::object& o,
                                                         std::string_view key);
// `aud` is the audience, or an array holding it.
[[nodiscard]] bool AudienceMatches(const boost::json::object& o, std::string_view audience);

}  // namespace mm::services::jwt
