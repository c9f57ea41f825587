#include "core/validation.hpp"

#include "core/uuid.hpp"

namespace mm::core {

std::size_t CodePoints(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s) {
    if ((c & 0xC0) != 0x80) ++n;
  }
  return n;
}

std::string_view Trim(std::string_view s) {
  auto ws = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (!s.empty() && ws(s.front())) s.remove_prefix(1);
  while (!s.empty() && ws(s.back())) s.remove_suffix(1);
  return s;
}

bool IsValidEmail(std::string_view s) {
  if (s.size() < 3 || s.size() > 254) return false;
  auto at = s.find('@');
  if (at == std::string_view::npos || at == 0 || at + 1 == s.size()) return false;
  if (s.find('@', at + 1) != std::string_view::npos) return false;
  for (char c : s) {
    if (static_cast<unsigned char>(c) <= 0x20) return false;
  }
  return true;
}

ObjectReader::ObjectReader(const boost::json::object* obj, std::string prefix)
    : ObjectReader(obj, std::move(prefix), std::make_shared<std::vector<FieldError>>()) {}

ObjectReader::ObjectReader(const boost::json::object* obj, std::string prefix,
                           std::shared_ptr<std::vector<FieldError>> errors)
    : obj_(obj), prefix_(std::move(prefix)), errors_(std::move(errors)) {}

ObjectReader ObjectReader::Nested(const boost::json::object* obj, std::string path) const {
  return ObjectReader(obj, std::move(path), errors_);
}

std::string ObjectReader::Path(std::string_view key) const {
  return prefix_.empty() ? std::string(key) : prefix_ + "." + std::string(key);
}

void ObjectReader::Add(std::string campo, std::string regla, std::string mensaje) {
  errors_->push_back(FieldError{std::move(campo), std::move(regla), std::move(mensaje)});
}

const boost::json::value* ObjectReader::Get(std::string_view key, bool required) {
  seen_.emplace(key);
  const boost::json::value* v = obj_ ? obj_->if_contains(key) : nullptr;
  if (!v || v->is_null()) {
    if (required) Add(Path(key), "requerido", "Es obligatorio.");
    return nullptr;
  }
  return v;
}

bool ObjectReader::Has(std::string_view key) {
  seen_.emplace(key);
  const boost::json::value* v = obj_ ? obj_->if_contains(key) : nullptr;
  return v && !v->is_null();
}

bool ObjectReader::IsNull(std::string_view key) {
  seen_.emplace(key);
  const boost::json::value* v = obj_ ? obj_->if_contains(key) : nullptr;
  return v && v->is_null();
}

std::optional<std::string> ObjectReader::Str(std::string_view key, const StrRule& rule) {
  const auto* v = Get(key, rule.required);
  if (!v) return std::nullopt;
  if (!v->is_string()) {
    Add(Path(key), "tipo", "Tiene que ser un texto.");
    return std::nullopt;
  }
  std::string_view s = Trim(std::string_view(v->get_string().data(), v->get_string().size()));
  for (unsigned char c : s) {
    bool allowed_ws = rule.multiline && (c == '\n' || c == '\t');
    if ((c < 0x20 || c == 0x7f) && !allowed_ws) {
      Add(Path(key), "formato", "No puede tener caracteres de control.");
      return std::nullopt;
    }
  }
  std::size_t n = CodePoints(s);
  if (n == 0 && !rule.required) return std::nullopt;  // an empty optional string is null
  if (n < rule.min || n > rule.max) {
    std::string msg = rule.min == 0 && n > rule.max
                          ? "Debe tener como máximo " + std::to_string(rule.max) + " caracteres."
                          : "Debe tener entre " + std::to_string(rule.min) + " y " +
                                std::to_string(rule.max) + " caracteres.";
    Add(Path(key), n == 0 ? "requerido" : "longitud", n == 0 ? "Es obligatorio." : msg);
    return std::nullopt;
  }
  return std::string(s);
}

std::optional<std::int64_t> ObjectReader::Int(std::string_view key, bool required, std::int64_t min,
                                              std::int64_t max) {
  const auto* v = Get(key, required);
  if (!v) return std::nullopt;
  std::optional<std::int64_t> value;
  if (v->is_int64()) {
    value = v->get_int64();
  } else if (v->is_uint64()) {
    Add(Path(key), "rango",
        "Debe estar entre " + std::to_string(min) + " y " + std::to_string(max) + ".");
    return std::nullopt;
  } else {
    Add(Path(key), "tipo", "Tiene que ser un número entero.");
    return std::nullopt;
  }
  if (*value < min || *value > max) {
    Add(Path(key), "rango",
        "Debe estar entre " + std::to_string(min) + " y " + std::to_string(max) + ".");
    return std::nullopt;
  }
  return value;
}

std::optional<bool> ObjectReader::Bool(std::string_view key, bool required) {
  const auto* v = Get(key, required);
  if (!v) return std::nullopt;
  if (!v->is_bool()) {
    Add(Path(key), "tipo", "Tiene que ser true o false.");
    return std::nullopt;
  }
  return v->get_bool();
}

std::optional<std::string> ObjectReader::Enum(std::string_view key, bool required,
                                              std::initializer_list<std::string_view> allowed) {
  const auto* v = Get(key, required);
  if (!v) return std::nullopt;
  if (!v->is_string()) {
    Add(Path(key), "tipo", "Tiene que ser un texto.");
    return std::nullopt;
  }
  std::string_view s(v->get_string().data(), v->get_string().size());
  std::string list;
  for (auto a : allowed) {
    if (a == s) return std::string(s);
    if (!list.empty()) list += ", ";
    list += a;
  }
  Add(Path(key), "enum", "Valor no permitido. Usá uno de: " + list + ".");
  return std::nullopt;
}

std::optional<std::string> ObjectReader::Uuid(std::string_view key, bool required) {
  const auto* v = Get(key, required);
  if (!v) return std::nullopt;
  if (!v->is_string()) {
    Add(Path(key), "tipo", "Tiene que ser un identificador (texto).");
    return std::nullopt;
  }
  auto id = NormalizeUuid(std::string_view(v->get_string().data(), v->get_string().size()));
  if (!id) Add(Path(key), "formato", "No es un identificador válido (UUID).");
  return id;
}

std::optional<std::string> ObjectReader::Email(std::string_view key, bool required) {
  auto s = Str(key, StrRule{required, 3, 254, false});
  if (!s) return std::nullopt;
  if (!IsValidEmail(*s)) {
    Add(Path(key), "formato", "No es un email válido.");
    return std::nullopt;
  }
  for (char& c : *s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return s;
}

const boost::json::array* ObjectReader::Array(std::string_view key, bool required, std::size_t min,
                                              std::size_t max) {
  const auto* v = Get(key, required);
  if (!v) return nullptr;
  if (!v->is_array()) {
    Add(Path(key), "tipo", "Tiene que ser una lista.");
    return nullptr;
  }
  const auto& a = v->get_array();
  if (a.size() < min || a.size() > max) {
    Add(Path(key), "longitud",
        "Debe tener entre " + std::to_string(min) + " y " + std::to_string(max) + " elementos.");
    return nullptr;
  }
  return &a;
}

const boost::json::object* ObjectReader::Object(std::string_view key, bool required) {
  const auto* v = Get(key, required);
  if (!v) return nullptr;
  if (!v->is_object()) {
    Add(Path(key), "tipo", "Tiene que ser un objeto.");
    return nullptr;
  }
  return &v->get_object();
}

void ObjectReader::RejectUnknown() {
  if (!obj_) return;
  for (const auto& kv : *obj_) {
    if (!seen_.contains(std::string_view(kv.key().data(), kv.key().size()))) {
      Add(Path(std::string_view(kv.key().data(), kv.key().size())), "desconocido",
          "Campo desconocido.");
    }
  }
}

}  // namespace mm::core
