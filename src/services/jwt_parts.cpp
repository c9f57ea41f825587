#include "services/jwt_parts.hpp"

#include <sodium.h>

#include <cmath>
#include <cstdint>

#include "core/json.hpp"

namespace mm::services::jwt {
namespace {

// NumericDate values beyond year ~5000 are refused, so seconds → microseconds cannot overflow.
constexpr std::int64_t kMaxNumericDate = 100'000'000'000;

bool IsBase64UrlText(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

std::optional<Parts> Split(std::string_view token) {
  auto dot1 = token.find('.');
  auto dot2 = dot1 == std::string_view::npos ? dot1 : token.find('.', dot1 + 1);
  if (dot2 == std::string_view::npos || token.find('.', dot2 + 1) != std::string_view::npos) {
    return std::nullopt;
  }
  Parts p{token.substr(0, dot1), token.substr(dot1 + 1, dot2 - dot1 - 1), token.substr(dot2 + 1)};
  if (!IsBase64UrlText(p.header) || !IsBase64UrlText(p.payload) || !IsBase64UrlText(p.signature)) {
    return std::nullopt;
  }
  return p;
}

std::optional<std::string> DecodeBase64Url(std::string_view text) {
  std::string out(text.size() * 3 / 4 + 1, '\0');
  std::size_t len = 0;
  const char* end = nullptr;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(),
                        text.size(), nullptr, &len, &end,
                        sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
      end != text.data() + text.size()) {
    return std::nullopt;
  }
  out.resize(len);
  return out;
}

std::optional<boost::json::object> DecodeJsonObject(std::string_view part) {
  auto text = DecodeBase64Url(part);
  if (!text) return std::nullopt;
  auto parsed = core::ParseStrictJson(*text);
  if (!parsed.ok() || !parsed->is_object()) return std::nullopt;
  return std::move(parsed->as_object());
}

std::optional<std::string_view> StringClaim(const boost::json::object& o, std::string_view key) {
  auto* v = o.if_contains(key);
  if (!v || !v->is_string() || v->get_string().empty()) return std::nullopt;
  return std::string_view(v->get_string());
}

std::optional<core::Timestamp> NumericDate(const boost::json::object& o, std::string_view key) {
  auto* v = o.if_contains(key);
  if (!v) return std::nullopt;
  std::int64_t s;
  if (v->is_int64()) {
    s = v->get_int64();
  } else if (v->is_uint64()) {
    if (v->get_uint64() > static_cast<std::uint64_t>(kMaxNumericDate)) return std::nullopt;
    s = static_cast<std::int64_t>(v->get_uint64());
  } else if (v->is_double() && std::isfinite(v->get_double()) && v->get_double() >= 0 &&
             v->get_double() <= static_cast<double>(kMaxNumericDate)) {
    s = static_cast<std::int64_t>(std::floor(v->get_double()));
  } else {
    return std::nullopt;
  }
  if (s < 0 || s > kMaxNumericDate) return std::nullopt;
  return core::Timestamp(std::chrono::seconds(s));
}

bool AudienceMatches(const boost::json::object& o, std::string_view audience) {
  auto* v = o.if_contains("aud");
  if (!v) return false;
  if (v->is_string()) return v->get_string() == audience;
  if (!v->is_array()) return false;
  for (const auto& a : v->get_array()) {
    if (a.is_string() && a.get_string() == audience) return true;
  }
  return false;
}

}  // namespace mm::services::jwt
