// Reads query parameters under api.md §1.5: exact types, ranges, csv sets, limit/offset, and
// an unknown parameter is a 400 like an unknown body field.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "api/reply.hpp"
#include "api/request.hpp"
#include "core/clock.hpp"
#include "core/error.hpp"

namespace mm::api {

class QueryReader {
 public:
  explicit QueryReader(const Request& req) : req_(req) {}

  std::optional<std::string> Str(std::string_view name, std::size_t min, std::size_t max);
  std::optional<std::int64_t> Int(std::string_view name, std::int64_t min, std::int64_t max);
  std::optional<bool> Bool(std::string_view name);
  // A comma-separated set whose values must all be in `allowed`.
  std::vector<std::string> Csv(std::string_view name,
                               std::initializer_list<std::string_view> allowed);
  std::optional<std::string> Enum(std::string_view name,
                                  std::initializer_list<std::string_view> allowed);
  // limit (1..max, default `def`) and offset (0..1 000 000).
  int Limit(int def, int max);
  int Offset();

  // A uuid (normalised to lower case); anything else is a `formato` error.
  std::optional<std::string> Uuid(std::string_view name);
  // `fecha_desde` / `fecha_hasta` (api.md §1.5): a business date (inclusive, store time zone) or
  // an RFC 3339 instant; desde ≤ hasta; at most `max_days` apart when both are given (0 = no cap).
  struct Range {
    std::optional<core::Timestamp> desde;  // first instant included
    std::optional<core::Timestamp> hasta;  // last instant included
  };
  Range DateRange(int max_days = 0);

  void RejectUnknown();
  [[nodiscard]] bool ok() const { return errors_.empty(); }
  [[nodiscard]] core::Error ToError() const { return core::Error::Validation(errors_); }

 private:
  std::optional<std::string> Raw(std::string_view name);
  const Request& req_;
  std::set<std::string, std::less<>> seen_;
  std::vector<core::FieldError> errors_;
};

// {"total", "limit", "offset"} for the envelope's meta.
[[nodiscard]] boost::json::object PageMeta(std::int64_t total, int limit, int offset);
// A list answer: `rows` as data and PageMeta as meta.
[[nodiscard]] JsonReply PageReply(const boost::json::value& rows, std::int64_t total, int limit,
                                  int offset);

}  // namespace mm::api
