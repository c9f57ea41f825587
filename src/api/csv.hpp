// CSV exports of list routes (api.md §1.5): `formato=csv` answers text/csv with a BOM, `;` as
// separator, money as `1234,56`, instants as local `YYYY-MM-DD HH:MM`, every matching row up to
// 50 000 (more is a 400 asking for narrower filters).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/reply.hpp"
#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/store_calendar.hpp"

namespace mm::api {

inline constexpr std::int64_t kCsvMaxRows = 50'000;

class CsvWriter {
 public:
  explicit CsvWriter(std::vector<std::string> header);

  // Cells of the current row, in header order; Row() ends it.
  CsvWriter& Text(std::string_view v);
  CsvWriter& OptText(const std::optional<std::string>& v);
  CsvWriter& Int(std::int64_t v);
  CsvWriter& Int(const std::optional<std::int64_t>& v);
  CsvWriter& Money(std::int64_t centavos);  // 1234,56 (negative: -1234,56)
  CsvWriter& Money(const std::optional<std::int64_t>& centavos);
  CsvWriter& Bool(bool v);  // si / no
  // Local `YYYY-MM-DD HH:MM` in the store time zone.
  CsvWriter& Time(core::Timestamp t,
                  const core::StoreCalendar& cal = core::StoreCalendar::Default());
  CsvWriter& Time(const std::optional<core::Timestamp>& t,
                  const core::StoreCalendar& cal = core::StoreCalendar::Default());
  void Row();

  [[nodiscard]] std::int64_t rows() const { return rows_; }
  // The reply, with Content-Disposition: attachment; filename="<recurso>_<YYYY-MM-DD>.csv" (the
  // store day of `now`).
  [[nodiscard]] RawReply Reply(
      std::string_view recurso, core::Timestamp now,
      const core::StoreCalendar& cal = core::StoreCalendar::Default()) const;

 private:
  void Cell(std::string_view v);
  std::string body_;
  bool row_started_ = false;
  std::int64_t rows_ = 0;
};

// True when the query asks for `formato=csv` (reads and consumes the parameter; any other value
// is a validation error reported by the reader).
class QueryReader;
[[nodiscard]] bool WantsCsv(QueryReader& q);
// The 400 for an export that would exceed kCsvMaxRows.
[[nodiscard]] core::Error CsvTooLarge(std::int64_t total);

}  // namespace mm::api
