// Time comes from a Clock (decision 28): SQL never calls now(); tests move a ManualClock.
#pragma once

#include <atomic>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace mm::core {

// UTC instant with microsecond precision, the resolution stored in both databases.
using Timestamp = std::chrono::sys_time<std::chrono::microseconds>;

class Clock {
 public:
  virtual ~Clock() = default;
  // Wall-clock UTC time; used for every stored instant.
  [[nodiscard]] virtual Timestamp Now() const = 0;
};

class SystemClock final : public Clock {
 public:
  [[nodiscard]] Timestamp Now() const override;
};

// A clock that stands still until moved. Thread-safe.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(Timestamp start) : now_(start.time_since_epoch().count()) {}
  [[nodiscard]] Timestamp Now() const override;
  void Set(Timestamp t);
  void Advance(std::chrono::microseconds d);

 private:
  std::atomic<std::int64_t> now_;
};

// "YYYY-MM-DDTHH:MM:SS.ffffffZ": 27 characters, so text order is time order (decision 28).
[[nodiscard]] std::string FormatDbTimestamp(Timestamp t);
// RFC 3339 in UTC with milliseconds and Z, as the API shows instants (api.md §1.3).
[[nodiscard]] std::string FormatApiTimestamp(Timestamp t);
// Accepts RFC 3339 / ISO 8601 with 'T' or ' ' separator, 0–9 fraction digits and a 'Z' or
// ±HH[:MM] offset (PostgreSQL's output included). Returns nullopt on anything else.
[[nodiscard]] std::optional<Timestamp> ParseTimestamp(std::string_view text);

}  // namespace mm::core
