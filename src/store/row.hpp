// One result row, dialect-neutral: every cell is text or NULL, normalised by the driver
// (booleans "1"/"0", instants in the 27-character UTC form, bytea as raw bytes).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"

namespace mm::store {

class Row {
 public:
  Row(std::shared_ptr<const std::vector<std::string>> names,
      std::vector<std::optional<std::string>> cells)
      : names_(std::move(names)), cells_(std::move(cells)) {}

  [[nodiscard]] std::size_t size() const { return cells_.size(); }
  [[nodiscard]] bool IsNull(std::size_t i) const { return !cells_.at(i).has_value(); }
  [[nodiscard]] std::size_t Index(std::string_view name) const;  // throws if absent

  // Typed getters; each throws std::logic_error on NULL or an unparsable cell (a bug in SQL).
  [[nodiscard]] const std::string& Text(std::size_t i) const;
  [[nodiscard]] std::int64_t Int(std::size_t i) const;
  [[nodiscard]] bool Bool(std::size_t i) const;
  [[nodiscard]] double Double(std::size_t i) const;
  [[nodiscard]] core::Timestamp Time(std::size_t i) const;

  [[nodiscard]] std::optional<std::string> OptText(std::size_t i) const { return cells_.at(i); }
  [[nodiscard]] std::optional<std::int64_t> OptInt(std::size_t i) const;
  [[nodiscard]] std::optional<core::Timestamp> OptTime(std::size_t i) const;

  [[nodiscard]] const std::string& Text(std::string_view n) const { return Text(Index(n)); }
  [[nodiscard]] std::int64_t Int(std::string_view n) const { return Int(Index(n)); }
  [[nodiscard]] bool Bool(std::string_view n) const { return Bool(Index(n)); }
  [[nodiscard]] core::Timestamp Time(std::string_view n) const { return Time(Index(n)); }
  [[nodiscard]] std::optional<std::string> OptText(std::string_view n) const {
    return OptText(Index(n));
  }
  [[nodiscard]] std::optional<std::int64_t> OptInt(std::string_view n) const {
    return OptInt(Index(n));
  }
  [[nodiscard]] std::optional<core::Timestamp> OptTime(std::string_view n) const {
    return OptTime(Index(n));
  }

 private:
  std::shared_ptr<const std::vector<std::string>> names_;
  std::vector<std::optional<std::string>> cells_;
};

}  // namespace mm::store
