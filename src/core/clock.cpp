#include "core/clock.hpp"

#include <cstdio>

namespace mm::core {

using std::chrono::microseconds;

Timestamp SystemClock::Now() const {
  return std::chrono::time_point_cast<microseconds>(std::chrono::system_clock::now());
}

Timestamp ManualClock::Now() const { return Timestamp(microseconds(now_.load())); }
void ManualClock::Set(Timestamp t) { now_.store(t.time_since_epoch().count()); }
void ManualClock::Advance(microseconds d) { now_.fetch_add(d.count()); }

namespace {

struct Parts {
  int year;
  unsigned month, day, hour, minute, second;
  std::int64_t micros;
};

Parts Split(Timestamp t) {
  auto days = std::chrono::floor<std::chrono::days>(t);
  std::chrono::year_month_day ymd{days};
  auto in_day = t - days;
  auto total_us = in_day.count();
  Parts p{};
  p.year = static_cast<int>(ymd.year());
  p.month = static_cast<unsigned>(ymd.month());
  p.day = static_cast<unsigned>(ymd.day());
  p.hour = static_cast<unsigned>(total_us / 3'600'000'000LL);
  p.minute = static_cast<unsigned>(total_us / 60'000'000LL % 60);
  p.second = static_cast<unsigned>(total_us / 1'000'000LL % 60);
  p.micros = total_us % 1'000'000LL;
  return p;
}

bool Digits(std::string_view s, std::size_t pos, std::size_t n, int& out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  out = v;
  return true;
}

}  // namespace

std::string FormatDbTimestamp(Timestamp t) {
  Parts p = Split(t);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02u:%02u:%02u.%06lldZ", p.year, p.month, p.day,
                p.hour, p.minute, p.second, static_cast<long long>(p.micros));
  return buf;
}

std::string FormatApiTimestamp(Timestamp t) {
  Parts p = Split(t);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02u:%02u:%02u.%03lldZ", p.year, p.month, p.day,
                p.hour, p.minute, p.second, static_cast<long long>(p.micros / 1000));
  return buf;
}

std::optional<Timestamp> ParseTimestamp(std::string_view s) {
  int y, mo, d, h, mi, sec;
  if (!Digits(s, 0, 4, y) || s.size() < 19 || s[4] != '-' || !Digits(s, 5, 2, mo) || s[7] != '-' ||
      !Digits(s, 8, 2, d) || (s[10] != 'T' && s[10] != ' ') || !Digits(s, 11, 2, h) ||
      s[13] != ':' || !Digits(s, 14, 2, mi) || s[16] != ':' || !Digits(s, 17, 2, sec)) {
    return std::nullopt;
  }
  std::size_t pos = 19;
  std::int64_t micros = 0;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    int digits = 0;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
      if (digits < 6) micros = micros * 10 + (s[pos] - '0');
      ++digits;
      ++pos;
    }
    if (digits == 0 || digits > 9) return std::nullopt;
    for (int i = digits; i < 6; ++i) micros *= 10;
  }
  std::int64_t offset_s = 0;
  if (pos < s.size() && (s[pos] == 'Z' || s[pos] == 'z')) {
    ++pos;
  } else if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
    int sign = s[pos] == '-' ? -1 : 1;
    int oh = 0, om = 0;
    if (!Digits(s, pos + 1, 2, oh)) return std::nullopt;
    pos += 3;
    if (pos < s.size() && s[pos] == ':') ++pos;
    if (pos < s.size()) {
      if (!Digits(s, pos, 2, om)) return std::nullopt;
      pos += 2;
    }
    if (oh > 23 || om > 59) return std::nullopt;
    offset_s = sign * (oh * 3600 + om * 60);
  } else {
    return std::nullopt;  // an instant without a zone is ambiguous
  }
  if (pos != s.size()) return std::nullopt;
  if (mo < 1 || mo > 12 || h > 23 || mi > 59 || sec > 60) return std::nullopt;
  std::chrono::year_month_day ymd{std::chrono::year(y),
                                  std::chrono::month(static_cast<unsigned>(mo)),
                                  std::chrono::day(static_cast<unsigned>(d))};
  if (!ymd.ok()) return std::nullopt;
  auto days = std::chrono::sys_days(ymd);
  Timestamp t = std::chrono::time_point_cast<microseconds>(days) + std::chrono::hours(h) +
                std::chrono::minutes(mi) + std::chrono::seconds(sec) + microseconds(micros) -
                std::chrono::seconds(offset_s);
  return t;
}

}  // namespace mm::core
