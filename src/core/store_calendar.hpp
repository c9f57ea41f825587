// Business days in the store's time zone (domain.md §0 "Time"): "today", expiry days and report
// periods. Dates are `YYYY-MM-DD` text, as both databases store them.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.hpp"

namespace mm::core {

// A calendar date (no time zone).
using Date = std::chrono::year_month_day;

// Parses exactly `YYYY-MM-DD` with a valid day; nullopt otherwise.
[[nodiscard]] std::optional<Date> ParseDate(std::string_view text);
[[nodiscard]] std::string FormatDate(Date d);
[[nodiscard]] Date AddDays(Date d, int days);
// b − a in days.
[[nodiscard]] int DaysBetween(Date a, Date b);

class StoreCalendar {
 public:
  // An IANA zone name from the system tzdata (e.g. America/Argentina/Buenos_Aires). Throws
  // std::invalid_argument when the zone cannot be loaded.
  explicit StoreCalendar(const std::string& zone);
  ~StoreCalendar();
  StoreCalendar(const StoreCalendar&) = delete;
  StoreCalendar& operator=(const StoreCalendar&) = delete;

  // The store's default zone, for code paths that have no configuration (tests, tools).
  static const StoreCalendar& Default();

  [[nodiscard]] const std::string& zone() const { return zone_; }
  // The store day that contains the instant.
  [[nodiscard]] Date DayOf(Timestamp t) const;
  // The first instant of the day (local midnight, as UTC).
  [[nodiscard]] Timestamp StartOf(Date d) const;
  // The last microsecond of the day.
  [[nodiscard]] Timestamp EndOf(Date d) const;

 private:
  struct Impl;
  std::string zone_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace mm::core
