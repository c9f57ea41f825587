// A bound SQL parameter. SQL text uses $1, $2, … placeholders in both dialects.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "core/clock.hpp"

namespace mm::store {

struct Bytes {
  std::string data;
};

class Value {
 public:
  using Variant = std::variant<std::nullptr_t, std::int64_t, std::string, bool, double, Bytes>;

  Value() : v_(nullptr) {}
  Value(std::nullptr_t) : v_(nullptr) {}                    // NOLINT
  Value(std::nullopt_t) : v_(nullptr) {}                    // NOLINT
  Value(int v) : v_(static_cast<std::int64_t>(v)) {}        // NOLINT
  Value(long v) : v_(static_cast<std::int64_t>(v)) {}       // NOLINT
  Value(long long v) : v_(static_cast<std::int64_t>(v)) {}  // NOLINT
  Value(unsigned v) : v_(static_cast<std::int64_t>(v)) {}   // NOLINT
  Value(bool v) : v_(v) {}                                  // NOLINT
  Value(double v) : v_(v) {}                                // NOLINT
  Value(std::string v) : v_(std::move(v)) {}                // NOLINT
  Value(std::string_view v) : v_(std::string(v)) {}         // NOLINT
  Value(const char* v) : v_(std::string(v)) {}              // NOLINT
  Value(Bytes v) : v_(std::move(v)) {}                      // NOLINT
  // Instants are bound as fixed-width UTC text (decision 28).
  Value(core::Timestamp t) : v_(core::FormatDbTimestamp(t)) {}  // NOLINT
  template <typename T>
  Value(const std::optional<T>& o) : Value(o ? Value(*o) : Value()) {}  // NOLINT

  [[nodiscard]] const Variant& variant() const { return v_; }
  [[nodiscard]] bool is_null() const { return std::holds_alternative<std::nullptr_t>(v_); }

 private:
  Variant v_;
};

}  // namespace mm::store
