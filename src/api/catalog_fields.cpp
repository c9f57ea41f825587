#include "api/catalog_fields.hpp"

namespace mm::api {

std::optional<std::string> PatchStr(core::ObjectReader& in, std::string_view key,
                                    core::StrRule rule) {
  if (in.IsNull(key)) {
    in.Add(in.Path(key), "requerido", "No puede quedar vacío.");
    return std::nullopt;
  }
  rule.required = in.Has(key);
  return in.Str(key, rule);
}

std::optional<bool> PatchBool(core::ObjectReader& in, std::string_view key) {
  if (in.IsNull(key)) {
    in.Add(in.Path(key), "tipo", "Tiene que ser true o false.");
    return std::nullopt;
  }
  return in.Bool(key, false);
}

services::Nullable<std::string> NullableStr(core::ObjectReader& in, std::string_view key,
                                            core::StrRule rule) {
  if (in.IsNull(key)) return std::optional<std::string>();
  if (!in.Has(key)) return std::nullopt;
  rule.required = false;
  return in.Str(key, rule);  // an empty string is null too
}

services::Nullable<std::string> NullableUuid(core::ObjectReader& in, std::string_view key) {
  if (in.IsNull(key)) return std::optional<std::string>();
  if (!in.Has(key)) return std::nullopt;
  return in.Uuid(key, false);
}

services::Nullable<std::int64_t> NullableInt(core::ObjectReader& in, std::string_view key,
                                             std::int64_t min, std::int64_t max) {
  if (in.IsNull(key)) return std::optional<std::int64_t>();
  if (!in.Has(key)) return std::nullopt;
  return in.Int(key, false, min, max);
}

bool IsTelefono(std::string_view s) {
  if (s.size() < 6 || s.size() > 30) return false;
  for (char c : s) {
    bool ok = (c >= '0' && c <= '9') || c == ' ' || c == '+' || c == '(' || c == ')' || c == '-';
    if (!ok) return false;
  }
  return true;
}

bool IsHttpsUrl(std::string_view s) {
  constexpr std::string_view kScheme = "https://";
  if (!s.starts_with(kScheme) || s.size() <= kScheme.size() || s.size() > 500) return false;
  for (unsigned char c : s) {
    if (c <= 0x20 || c == 0x7f) return false;
  }
  return true;
}

void CheckFormat(core::ObjectReader& in, std::string_view key,
                 const std::optional<std::string>& value, bool (*valid)(std::string_view),
                 std::string mensaje) {
  if (value && !valid(*value)) in.Add(in.Path(key), "formato", std::move(mensaje));
}

std::optional<std::vector<std::string>> StrList(core::ObjectReader& in, std::string_view key,
                                                std::size_t max_items, std::size_t max_len) {
  const auto* array = in.Array(key, false, 0, max_items);
  if (!array) return std::nullopt;
  std::vector<std::string> out;
  for (std::size_t i = 0; i < array->size(); ++i) {
    std::string path = in.Path(key) + "[" + std::to_string(i) + "]";
    const auto& v = (*array)[i];
    if (!v.is_string()) {
      in.Add(path, "tipo", "Tiene que ser un texto.");
      continue;
    }
    std::string_view s = core::Trim(std::string_view(v.get_string().data(), v.get_string().size()));
    bool control = false;
    for (unsigned char c : s) control = control || c < 0x20 || c == 0x7f;
    std::size_t n = core::CodePoints(s);
    if (control) {
      in.Add(path, "formato", "No puede tener caracteres de control.");
    } else if (n < 1 || n > max_len) {
      in.Add(path, "longitud", "Debe tener entre 1 y " + std::to_string(max_len) + " caracteres.");
    } else {
      out.emplace_back(s);
    }
  }
  return out;
}

}  // namespace mm::api
