#include "core/store_calendar.hpp"

#include <cctz/civil_time.h>
#include <cctz/time_zone.h>

#include <cstdio>
#include <stdexcept>

namespace mm::core {

struct StoreCalendar::Impl {
  cctz::time_zone tz;
};

std::optional<Date> ParseDate(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  auto digits = [&](std::size_t from, std::size_t n) -> std::optional<int> {
    int v = 0;
    for (std::size_t i = from; i < from + n; ++i) {
      if (text[i] < '0' || text[i] > '9') return std::nullopt;
      v = v * 10 + (text[i] - '0');
    }
    return v;
  };
  auto y = digits(0, 4), m = digits(5, 2), d = digits(8, 2);
  if (!y || !m || !d) return std::nullopt;
  Date date{std::chrono::year(*y), std::chrono::month(static_cast<unsigned>(*m)),
            std::chrono::day(static_cast<unsigned>(*d))};
  if (!date.ok()) return std::nullopt;
  return date;
}

std::string FormatDate(Date d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(d.year()),
                static_cast<unsigned>(d.month()), static_cast<unsigned>(d.day()));
  return buf;
}

Date AddDays(Date d, int days) {
  return Date{std::chrono::sys_days(d) + std::chrono::days(days)};
}

int DaysBetween(Date a, Date b) {
  return static_cast<int>((std::chrono::sys_days(b) - std::chrono::sys_days(a)).count());
}

StoreCalendar::StoreCalendar(const std::string& zone) : zone_(zone), impl_(new Impl) {
  if (!cctz::load_time_zone(zone, &impl_->tz)) {
    throw std::invalid_argument("zona horaria desconocida: " + zone);
  }
}

StoreCalendar::~StoreCalendar() = default;

const StoreCalendar& StoreCalendar::Default() {
  static const StoreCalendar calendar("America/Argentina/Buenos_Aires");
  return calendar;
}

Date StoreCalendar::DayOf(Timestamp t) const {
  auto secs = std::chrono::time_point_cast<std::chrono::seconds>(t);
  if (secs > t) secs -= std::chrono::seconds(1);  // floor for instants before the epoch
  auto cs = cctz::convert(secs, impl_->tz);
  return Date{std::chrono::year(static_cast<int>(cs.year())),
              std::chrono::month(static_cast<unsigned>(cs.month())),
              std::chrono::day(static_cast<unsigned>(cs.day()))};
}

Timestamp StoreCalendar::StartOf(Date d) const {
  cctz::civil_second cs(static_cast<int>(d.year()), static_cast<unsigned>(d.month()),
                        static_cast<unsigned>(d.day()), 0, 0, 0);
  auto tp = cctz::convert(cs, impl_->tz);
  return std::chrono::time_point_cast<std::chrono::microseconds>(tp);
}

Timestamp StoreCalendar::EndOf(Date d) const {
  return StartOf(AddDays(d, 1)) - std::chrono::microseconds(1);
}

}  // namespace mm::core
