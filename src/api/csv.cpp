#include "api/csv.hpp"

#include <chrono>
#include <cstdio>

#include "api/query_reader.hpp"

namespace mm::api {

CsvWriter::CsvWriter(std::vector<std::string> header) {
  body_ = "\xEF\xBB\xBF";  // BOM, so spreadsheet programs read UTF-8
  for (const auto& h : header) Cell(h);
  body_ += "\r\n";
  row_started_ = false;  // the first data row starts without a separator
}

void CsvWriter::Cell(std::string_view v) {
  if (row_started_) body_ += ';';
  row_started_ = true;
  bool quote = v.find_first_of(";\"\r\n") != std::string_view::npos;
  // A leading = + - @ would be read as a formula by spreadsheets: neutralise it.
  bool formula = !v.empty() && (v[0] == '=' || v[0] == '+' || v[0] == '@');
  if (!quote && !formula) {
    body_ += v;
    return;
  }
  body_ += '"';
  if (formula) body_ += '\'';
  for (char c : v) {
    if (c == '"') body_ += '"';
    body_ += c;
  }
  body_ += '"';
}

CsvWriter& CsvWriter::Text(std::string_view v) {
  Cell(v);
  return *this;
}

CsvWriter& CsvWriter::OptText(const std::optional<std::string>& v) {
  return Text(v ? std::string_view(*v) : std::string_view());
}

CsvWriter& CsvWriter::Int(std::int64_t v) { return Text(std::to_string(v)); }

CsvWriter& CsvWriter::Int(const std::optional<std::int64_t>& v) { return v ? Int(*v) : Text(""); }

CsvWriter& CsvWriter::Money(std::int64_t centavos) {
  bool neg = centavos < 0;
  std::uint64_t abs =
      neg ? 0 - static_cast<std::uint64_t>(centavos) : static_cast<std::uint64_t>(centavos);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%s%llu,%02llu", neg ? "-" : "",
                static_cast<unsigned long long>(abs / 100),
                static_cast<unsigned long long>(abs % 100));
  return Text(buf);
}

CsvWriter& CsvWriter::Money(const std::optional<std::int64_t>& centavos) {
  return centavos ? Money(*centavos) : Text("");
}

CsvWriter& CsvWriter::Bool(bool v) { return Text(v ? "si" : "no"); }

CsvWriter& CsvWriter::Time(core::Timestamp t, const core::StoreCalendar& cal) {
  auto day = cal.DayOf(t);
  auto since = std::chrono::duration_cast<std::chrono::minutes>(t - cal.StartOf(day)).count();
  char buf[8];
  std::snprintf(buf, sizeof buf, " %02d:%02d", static_cast<int>(since / 60),
                static_cast<int>(since % 60));
  return Text(core::FormatDate(day) + buf);
}

CsvWriter& CsvWriter::Time(const std::optional<core::Timestamp>& t,
                           const core::StoreCalendar& cal) {
  return t ? Time(*t, cal) : Text("");
}

void CsvWriter::Row() {
  body_ += "\r\n";
  row_started_ = false;
  ++rows_;
}

RawReply CsvWriter::Reply(std::string_view recurso, core::Timestamp now,
                          const core::StoreCalendar& cal) const {
  RawReply r;
  r.status = 200;
  r.content_type = "text/csv; charset=utf-8";
  r.body = body_;
  r.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + std::string(recurso) +
                                                    "_" + core::FormatDate(cal.DayOf(now)) +
                                                    ".csv\"");
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

bool WantsCsv(QueryReader& q) { return q.Enum("formato", {"json", "csv"}) == "csv"; }

core::Error CsvTooLarge(std::int64_t total) {
  return core::Error::Validation({{"formato", "rango",
                                   "La exportación tendría " + std::to_string(total) +
                                       " filas; el máximo es 50.000. Acotá los filtros."}});
}

}  // namespace mm::api
