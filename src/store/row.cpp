#include "store/row.hpp"

#include <charconv>
#include <cstdlib>
#include <stdexcept>

namespace mm::store {

std::size_t Row::Index(std::string_view name) const {
  for (std::size_t i = 0; i < names_->size(); ++i) {
    if ((*names_)[i] == name) return i;
  }
  throw std::logic_error("no column named " + std::string(name));
}

const std::string& Row::Text(std::size_t i) const {
  const auto& c = cells_.at(i);
  if (!c) throw std::logic_error("NULL in column " + (*names_)[i]);
  return *c;
}

std::int64_t Row::Int(std::size_t i) const {
  const std::string& s = Text(i);
  std::int64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size()) {
    throw std::logic_error("not an integer in column " + (*names_)[i] + ": " + s);
  }
  return v;
}

bool Row::Bool(std::size_t i) const {
  const std::string& s = Text(i);
  if (s == "1" || s == "t" || s == "true") return true;
  if (s == "0" || s == "f" || s == "false") return false;
  throw std::logic_error("not a boolean in column " + (*names_)[i] + ": " + s);
}

double Row::Double(std::size_t i) const {
  const std::string& s = Text(i);
  char* end = nullptr;
  double v = std::strtod(s.c_str(), &end);
  if (end != s.c_str() + s.size()) throw std::logic_error("not a number in " + (*names_)[i]);
  return v;
}

core::Timestamp Row::Time(std::size_t i) const {
  auto t = core::ParseTimestamp(Text(i));
  if (!t) throw std::logic_error("not an instant in column " + (*names_)[i] + ": " + Text(i));
  return *t;
}

std::optional<std::int64_t> Row::OptInt(std::size_t i) const {
  if (IsNull(i)) return std::nullopt;
  return Int(i);
}

std::optional<core::Timestamp> Row::OptTime(std::size_t i) const {
  if (IsNull(i)) return std::nullopt;
  return Time(i);
}

}  // namespace mm::store
