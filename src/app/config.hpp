// Configuration: defaults, then a TOML file (--config), then MM_* environment variables, then
// command-line --set key=value (decision 36). Every key is declared once in the registry below;
// docs/configuration.md shows the same table (a test keeps them equal).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mm::app {

// kMap: a TOML table of text values (file only), e.g. auth.external.rol_map.
enum class KeyType { kString, kInt, kBool, kList, kSecret, kMap };

struct ConfigKey {
  std::string_view key;  // "server.listen"
  KeyType type;
  std::string_view default_value;  // as text; lists comma-separated; maps empty
  std::string_view description;    // Spanish, one line
};

[[nodiscard]] const std::vector<ConfigKey>& ConfigRegistry();
// "server.listen" → "MM_SERVER_LISTEN"
[[nodiscard]] std::string EnvName(std::string_view key);

enum class Source { kDefault, kFile, kEnv, kFlag };

class Config {
 public:
  // Loads and validates. Throws std::runtime_error with a Spanish message listing the problem.
  static Config Load(const std::optional<std::string>& file,
                     const std::vector<std::string>& overrides,
                     const std::map<std::string, std::string>& environment);
  static Config Defaults();

  [[nodiscard]] const std::string& Str(std::string_view key) const;
  [[nodiscard]] std::int64_t Int(std::string_view key) const;
  [[nodiscard]] bool Bool(std::string_view key) const;
  [[nodiscard]] std::vector<std::string> List(std::string_view key) const;
  // A kMap key's entries, in key order.
  [[nodiscard]] std::map<std::string, std::string> Map(std::string_view key) const;
  [[nodiscard]] Source SourceOf(std::string_view key) const;

  [[nodiscard]] bool production() const { return Str("environment") == "production"; }

  // The effective configuration as TOML, secrets replaced by "[redactado]".
  [[nodiscard]] std::string Show() const;
  // The Markdown table of docs/configuration.md.
  static std::string MarkdownTable();

  void Set(std::string_view key, std::string value, Source source);  // validates the type

 private:
  struct Entry {
    std::string value;  // lists: items joined by '\n'; maps: "key=value" lines
    Source source = Source::kDefault;
  };
  const Entry& Get(std::string_view key) const;
  std::map<std::string, Entry, std::less<>> values_;
};

// postgresql://user:secret@host/db → postgresql://user:[redactado]@host/db
[[nodiscard]] std::string RedactUrl(const std::string& url);

// The process environment as a map (for Config::Load).
[[nodiscard]] std::map<std::string, std::string> ProcessEnvironment();

}  // namespace mm::app
