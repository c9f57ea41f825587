#include "obs/log.hpp"

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <cstdio>

#include <boost/json/serialize.hpp>
#include <boost/json/string.hpp>

namespace mm::obs {
namespace {

thread_local std::string t_request_id;

spdlog::level::level_enum ToSpd(Level l) {
  switch (l) {
    case Level::kDebug:
      return spdlog::level::debug;
    case Level::kInfo:
      return spdlog::level::info;
    case Level::kWarn:
      return spdlog::level::warn;
    case Level::kError:
      return spdlog::level::err;
  }
  return spdlog::level::info;
}

std::shared_ptr<spdlog::logger> MakeLogger(const LogOptions& options) {
  std::shared_ptr<spdlog::sinks::sink> sink;
  if (options.to_stderr) {
    sink = std::make_shared<spdlog::sinks::stderr_sink_mt>();
  } else {
    sink = std::make_shared<spdlog::sinks::stdout_sink_mt>();
  }
  auto l = std::make_shared<spdlog::logger>("mm", sink);
  l->set_formatter(std::make_unique<spdlog::pattern_formatter>(
      R"({"time":"%Y-%m-%dT%H:%M:%S.%eZ","level":"%l",%v})", spdlog::pattern_time_type::utc));
  l->set_level(ToSpd(options.level));
  l->flush_on(spdlog::level::trace);
  return l;
}

std::shared_ptr<spdlog::logger>& Logger() {
  static std::shared_ptr<spdlog::logger> logger = MakeLogger(LogOptions{});
  return logger;
}

void AppendQuoted(std::string& out, std::string_view s) {
  out += boost::json::serialize(boost::json::string(s));
}

}  // namespace

void InitLogging(const LogOptions& options) { std::atomic_store(&Logger(), MakeLogger(options)); }

bool Enabled(Level level) { return std::atomic_load(&Logger())->should_log(ToSpd(level)); }

std::optional<Level> ParseLevel(std::string_view name) {
  if (name == "debug") return Level::kDebug;
  if (name == "info") return Level::kInfo;
  if (name == "warn") return Level::kWarn;
  if (name == "error") return Level::kError;
  return std::nullopt;
}

ScopedRequestId::ScopedRequestId(std::string id) : previous_(std::move(t_request_id)) {
  t_request_id = std::move(id);
}
ScopedRequestId::~ScopedRequestId() { t_request_id = std::move(previous_); }
const std::string& CurrentRequestId() { return t_request_id; }

Log::Log(Level level, std::string_view event) : level_(level), enabled_(Enabled(level)) {
  if (!enabled_) return;
  fields_ = "\"event\":";
  AppendQuoted(fields_, event);
  if (!t_request_id.empty()) Str("request_id", t_request_id);
}

Log::~Log() {
  if (!enabled_) return;
  std::atomic_load(&Logger())->log(ToSpd(level_), spdlog::string_view_t(fields_));
}

void Log::Key(std::string_view key) {
  fields_ += ',';
  AppendQuoted(fields_, key);
  fields_ += ':';
}

Log& Log::Str(std::string_view key, std::string_view value) {
  if (!enabled_) return *this;
  Key(key);
  AppendQuoted(fields_, value);
  return *this;
}

Log& Log::Int(std::string_view key, std::int64_t value) {
  if (!enabled_) return *this;
  Key(key);
  fields_ += std::to_string(value);
  return *this;
}

Log& Log::Num(std::string_view key, double value) {
  if (!enabled_) return *this;
  Key(key);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.3f", value);
  fields_ += buf;
  return *this;
}

Log& Log::Bool(std::string_view key, bool value) {
  if (!enabled_) return *this;
  Key(key);
  fields_ += value ? "true" : "false";
  return *this;
}

}  // namespace mm::obs
