#include "api/query_reader.hpp"

#include <charconv>

#include "core/store_calendar.hpp"
#include "core/uuid.hpp"
#include "core/validation.hpp"

namespace mm::api {

std::optional<std::string> QueryReader::Raw(std::string_view name) {
  seen_.emplace(name);
  auto v = req_.QueryParam(name);
  if (!v) return std::nullopt;
  return std::string(*v);
}

std::optional<std::string> QueryReader::Str(std::string_view name, std::size_t min,
                                            std::size_t max) {
  auto v = Raw(name);
  if (!v) return std::nullopt;
  std::string t(core::Trim(*v));
  auto n = core::CodePoints(t);
  if (n < min || n > max) {
    errors_.push_back(
        {std::string(name), "longitud",
         "Debe tener entre " + std::to_string(min) + " y " + std::to_string(max) + " caracteres."});
    return std::nullopt;
  }
  return t;
}

std::optional<std::int64_t> QueryReader::Int(std::string_view name, std::int64_t min,
                                             std::int64_t max) {
  auto v = Raw(name);
  if (!v) return std::nullopt;
  std::int64_t out = 0;
  auto [p, ec] = std::from_chars(v->data(), v->data() + v->size(), out);
  if (v->empty() || ec != std::errc() || p != v->data() + v->size()) {
    errors_.push_back({std::string(name), "tipo", "Tiene que ser un número entero."});
    return std::nullopt;
  }
  if (out < min || out > max) {
    errors_.push_back(
        {std::string(name), "rango",
         "Debe estar entre " + std::to_string(min) + " y " + std::to_string(max) + "."});
    return std::nullopt;
  }
  return out;
}

std::optional<std::string> QueryReader::Uuid(std::string_view name) {
  auto v = Raw(name);
  if (!v) return std::nullopt;
  auto id = core::NormalizeUuid(*v);
  if (!id) errors_.push_back({std::string(name), "formato", "Tiene que ser un UUID."});
  return id;
}

QueryReader::Range QueryReader::DateRange(int max_days) {
  const auto& cal = core::StoreCalendar::Default();
  auto read = [&](std::string_view name, bool end) -> std::optional<core::Timestamp> {
    auto v = Raw(name);
    if (!v) return std::nullopt;
    if (auto d = core::ParseDate(*v)) return end ? cal.EndOf(*d) : cal.StartOf(*d);
    if (v->size() > 10) {
      if (auto t = core::ParseTimestamp(*v)) return t;
    }
    errors_.push_back({std::string(name), "formato",
                       "Tiene que ser una fecha AAAA-MM-DD o un instante RFC 3339."});
    return std::nullopt;
  };
  Range r{read("fecha_desde", false), read("fecha_hasta", true)};
  if (r.desde && r.hasta) {
    if (*r.desde > *r.hasta) {
      errors_.push_back({"fecha_desde", "rango", "La fecha desde no puede ser posterior a hasta."});
    } else if (max_days > 0 && *r.hasta - *r.desde > std::chrono::days(max_days)) {
      errors_.push_back(
          {"fecha_hasta", "rango",
           "El período puede tener como máximo " + std::to_string(max_days) + " días."});
    }
  }
  return r;
}

std::optional<bool> QueryReader::Bool(std::string_view name) {
  auto v = Raw(name);
  if (!v) return std::nullopt;
  if (*v == "true") return true;
  if (*v == "false") return false;
  errors_.push_back({std::string(name), "tipo", "Tiene que ser true o false."});
  return std::nullopt;
}

std::vector<std::string> QueryReader::Csv(std::string_view name,
                                          std::initializer_list<std::string_view> allowed) {
  std::vector<std::string> out;
  auto v = Raw(name);
  if (!v) return out;
  std::string_view rest = *v;
  while (true) {
    auto comma = rest.find(',');
    std::string_view item = rest.substr(0, comma);
    bool known = false;
    for (auto a : allowed) known = known || a == item;
    if (!known) {
      errors_.push_back(
          {std::string(name), "enum", "Valor no permitido: " + std::string(item) + "."});
      return {};
    }
    out.emplace_back(item);
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  return out;
}

std::optional<std::string> QueryReader::Enum(std::string_view name,
                                             std::initializer_list<std::string_view> allowed) {
  auto v = Raw(name);
  if (!v) return std::nullopt;
  for (auto a : allowed) {
    if (a == *v) return v;
  }
  errors_.push_back({std::string(name), "enum", "Valor no permitido: " + *v + "."});
  return std::nullopt;
}

int QueryReader::Limit(int def, int max) {
  return static_cast<int>(Int("limit", 1, max).value_or(def));
}

int QueryReader::Offset() { return static_cast<int>(Int("offset", 0, 1'000'000).value_or(0)); }

void QueryReader::RejectUnknown() {
  for (const auto& [k, v] : req_.query) {
    if (!seen_.contains(k)) errors_.push_back({k, "desconocido", "Parámetro desconocido."});
  }
}

boost::json::object PageMeta(std::int64_t total, int limit, int offset) {
  return boost::json::object{{"total", total}, {"limit", limit}, {"offset", offset}};
}

JsonReply PageReply(const boost::json::value& rows, std::int64_t total, int limit, int offset) {
  JsonReply out = JsonReply::Ok(rows);
  out.meta = PageMeta(total, limit, offset);
  return out;
}

}  // namespace mm::api
