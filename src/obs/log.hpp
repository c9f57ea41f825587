// Structured logging: one JSON object per line (spdlog), with time, level, event, the current
// request id and the fields the caller adds. Secrets never go in a field.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace mm::obs {

enum class Level { kDebug, kInfo, kWarn, kError };

struct LogOptions {
  Level level = Level::kInfo;
  bool to_stderr = false;  // default stdout
};

void InitLogging(const LogOptions& options);
[[nodiscard]] bool Enabled(Level level);
[[nodiscard]] std::optional<Level> ParseLevel(std::string_view name);

// The request id of the request this thread is serving; added to every line it logs.
class ScopedRequestId {
 public:
  explicit ScopedRequestId(std::string id);
  ~ScopedRequestId();
  ScopedRequestId(const ScopedRequestId&) = delete;
  ScopedRequestId& operator=(const ScopedRequestId&) = delete;

 private:
  std::string previous_;
};
[[nodiscard]] const std::string& CurrentRequestId();

// Builds one line: Log(Level::kInfo, "http_request").Str("route", r).Int("status", 200);
// the line is written when the object is destroyed.
class Log {
 public:
  Log(Level level, std::string_view event);
  ~Log();
  Log(const Log&) = delete;
  Log& operator=(const Log&) = delete;

  Log& Str(std::string_view key, std::string_view value);
  Log& Int(std::string_view key, std::int64_t value);
  Log& Num(std::string_view key, double value);
  Log& Bool(std::string_view key, bool value);

 private:
  void Key(std::string_view key);
  Level level_;
  bool enabled_;
  std::string fields_;
};

}  // namespace mm::obs
