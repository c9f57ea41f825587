// Reads a JSON object field by field under the rules of api.md §1.4, collecting every bad field
// (one VALIDATION_ERROR lists all of them). Strings are trimmed and measured in code points;
// integers must be JSON integers; fields never read are "desconocido".
#pragma once

#include <cstdint>
#include <initializer_list>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "core/error.hpp"

namespace mm::core {

struct StrRule {
  bool required = false;
  std::size_t min = 0;  // code points, after trimming (applies when present)
  std::size_t max = 255;
  bool multiline = false;  // allows \n and \t
};

// Number of Unicode code points in valid UTF-8 text.
[[nodiscard]] std::size_t CodePoints(std::string_view utf8);
// Trims ASCII and Unicode-irrelevant whitespace (space, \t, \n, \r) at both ends.
[[nodiscard]] std::string_view Trim(std::string_view s);
[[nodiscard]] bool IsValidEmail(std::string_view s);

class ObjectReader {
 public:
  // `obj` may be null (an absent body): every required field is then reported missing.
  explicit ObjectReader(const boost::json::object* obj, std::string prefix = {});
  // A reader for a nested object that reports into the parent's list.
  ObjectReader Nested(const boost::json::object* obj, std::string path) const;

  // Present and not null. Marks the key as known.
  bool Has(std::string_view key);
  // Present with an explicit null (PATCH: clear the field).
  bool IsNull(std::string_view key);

  // nullopt when absent, null, empty after trimming (an optional string), or invalid.
  std::optional<std::string> Str(std::string_view key, const StrRule& rule);
  std::optional<std::int64_t> Int(std::string_view key, bool required, std::int64_t min,
                                  std::int64_t max);
  std::optional<bool> Bool(std::string_view key, bool required);
  std::optional<std::string> Enum(std::string_view key, bool required,
                                  std::initializer_list<std::string_view> allowed);
  std::optional<std::string> Uuid(std::string_view key, bool required);
  std::optional<std::string> Email(std::string_view key, bool required);
  const boost::json::array* Array(std::string_view key, bool required, std::size_t min,
                                  std::size_t max);
  const boost::json::object* Object(std::string_view key, bool required);

  // Reports every key that no getter asked for. Call once, after all getters.
  void RejectUnknown();
  void Add(std::string campo, std::string regla, std::string mensaje);
  [[nodiscard]] std::string Path(std::string_view key) const;

  [[nodiscard]] bool ok() const { return errors_->empty(); }
  [[nodiscard]] const std::vector<FieldError>& errors() const { return *errors_; }
  // The VALIDATION_ERROR for everything collected so far.
  [[nodiscard]] Error ToError() const { return Error::Validation(*errors_); }

 private:
  ObjectReader(const boost::json::object* obj, std::string prefix,
               std::shared_ptr<std::vector<FieldError>> errors);
  const boost::json::value* Get(std::string_view key, bool required);

  const boost::json::object* obj_;
  std::string prefix_;
  std::shared_ptr<std::vector<FieldError>> errors_;
  std::set<std::string, std::less<>> seen_;
};

}  // namespace mm::core
