#include "app/config.hpp"

#include <algorithm>
#include <charconv>
#include <sstream>
#include <stdexcept>

#include <toml++/toml.h>

#include "app/config_keys.hpp"

extern char** environ;

namespace mm::app {
namespace {

const ConfigKey* Find(std::string_view key) {
  for (const auto& k : ConfigRegistry()) {
    if (k.key == key) return &k;
  }
  return nullptr;
}

std::string TypeName(KeyType t) {
  switch (t) {
    case KeyType::kString:
      return "texto";
    case KeyType::kInt:
      return "entero";
    case KeyType::kBool:
      return "booleano";
    case KeyType::kList:
      return "lista de textos";
    case KeyType::kSecret:
      return "secreto";
    case KeyType::kMap:
      return "tabla de textos";
  }
  return "texto";
}

std::string SplitList(std::string_view csv) {
  std::string out;
  std::string_view rest = csv;
  while (!rest.empty()) {
    auto comma = rest.find(',');
    std::string_view item = rest.substr(0, comma);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (!item.empty()) {
      if (!out.empty()) out += '\n';
      out += item;
    }
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  return out;
}

// A kMap key's table as "key=value" lines. Keys may not hold '=' or a line break, values may not
// hold a line break, so the text splits back unambiguously.
std::string MapText(const std::string& key, const toml::table& table) {
  std::string out;
  for (const auto& [k, node] : table) {
    std::string name(k.str());
    auto value = node.value_exact<std::string>();
    if (!value) throw std::runtime_error(key + "." + name + ": cada valor tiene que ser un texto");
    if (name.empty() || name.find_first_of("=\n\r") != std::string::npos ||
        value->find_first_of("\n\r") != std::string::npos) {
      throw std::runtime_error(key + ": la clave \"" + name +
                               "\" no puede estar vacía ni tener '=' o saltos de línea");
    }
    if (!out.empty()) out += '\n';
    out += name + "=" + *value;
  }
  return out;
}

// Flattens a TOML table into dotted keys.
void Flatten(const toml::table& table, const std::string& prefix, Config& cfg) {
  for (const auto& [k, node] : table) {
    std::string key = prefix.empty() ? std::string(k.str()) : prefix + "." + std::string(k.str());
    const ConfigKey* def = Find(key);
    if (const auto* sub = node.as_table()) {
      if (def && def->type == KeyType::kMap) {
        cfg.Set(key, MapText(key, *sub), Source::kFile);
      } else {
        Flatten(*sub, key, cfg);
      }
      continue;
    }
    if (!def) throw std::runtime_error("clave desconocida en el archivo de configuración: " + key);
    std::string value;
    if (const auto* arr = node.as_array()) {
      if (def->type != KeyType::kList) {
        throw std::runtime_error(key + " no es una lista (" + TypeName(def->type) + ")");
      }
      for (const auto& item : *arr) {
        auto s = item.value<std::string>();
        if (!s) throw std::runtime_error(key + ": cada elemento tiene que ser un texto");
        if (!value.empty()) value += '\n';
        value += *s;
      }
      cfg.Set(key, value, Source::kFile);
      continue;
    }
    if (def->type == KeyType::kList) {
      throw std::runtime_error(key + " tiene que ser una lista [\"…\"]");
    }
    if (def->type == KeyType::kMap) {
      throw std::runtime_error(key + " tiene que ser una tabla { \"…\" = \"…\" }");
    }
    if (auto s = node.value_exact<std::string>()) {
      value = *s;
    } else if (auto i = node.value_exact<std::int64_t>()) {
      value = std::to_string(*i);
    } else if (auto b = node.value_exact<bool>()) {
      value = *b ? "true" : "false";
    } else {
      throw std::runtime_error(key + ": tipo de valor no soportado");
    }
    cfg.Set(key, value, Source::kFile);
  }
}

std::string Quote(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

}  // namespace

const std::vector<ConfigKey>& ConfigRegistry() {
  static const std::vector<ConfigKey> kKeys = [] {
    std::vector<ConfigKey> keys;
    AddServerKeys(keys);
    AddAuthKeys(keys);
    AddRateLimitKeys(keys);
    AddStockKeys(keys);
    AddPosKeys(keys);
    AddStoreKeys(keys);
    return keys;
  }();
  return kKeys;
}

std::string EnvName(std::string_view key) {
  std::string out = "MM_";
  for (char c : key) {
    if (c == '.') {
      out += '_';
    } else if (c >= 'a' && c <= 'z') {
      out += static_cast<char>(c - 'a' + 'A');
    } else {
      out += c;
    }
  }
  return out;
}

Config Config::Defaults() {
  Config cfg;
  for (const auto& k : ConfigRegistry()) {
    cfg.values_[std::string(k.key)] =
        Entry{k.type == KeyType::kList ? SplitList(k.default_value) : std::string(k.default_value),
              Source::kDefault};
  }
  return cfg;
}

void Config::Set(std::string_view key, std::string value, Source source) {
  const ConfigKey* def = Find(key);
  if (!def) throw std::runtime_error("clave de configuración desconocida: " + std::string(key));
  switch (def->type) {
    case KeyType::kInt: {
      std::int64_t v = 0;
      auto [p, ec] = std::from_chars(value.data(), value.data() + value.size(), v);
      if (ec != std::errc() || p != value.data() + value.size() || v < 0) {
        throw std::runtime_error(std::string(key) +
                                 " tiene que ser un entero ≥ 0 (recibido: " + value + ")");
      }
      break;
    }
    case KeyType::kBool:
      if (value != "true" && value != "false") {
        throw std::runtime_error(std::string(key) + " tiene que ser true o false");
      }
      break;
    default:
      break;
  }
  if (key == "environment" && value != "development" && value != "production") {
    throw std::runtime_error("environment tiene que ser development o production");
  }
  if (key == "database.pooler" && !value.empty() && value != "transaction") {
    throw std::runtime_error("database.pooler tiene que estar vacío o ser transaction");
  }
  if (key == "database.sqlite_synchronous" && value != "FULL" && value != "NORMAL") {
    throw std::runtime_error("database.sqlite_synchronous tiene que ser FULL o NORMAL");
  }
  if (key == "log.level" && value != "debug" && value != "info" && value != "warn" &&
      value != "error") {
    throw std::runtime_error("log.level tiene que ser debug, info, warn o error");
  }
  values_[std::string(key)] = Entry{std::move(value), source};
}

Config Config::Load(const std::optional<std::string>& file,
                    const std::vector<std::string>& overrides,
                    const std::map<std::string, std::string>& environment) {
  Config cfg = Defaults();
  if (file) {
    toml::table table;
    try {
      table = toml::parse_file(*file);
    } catch (const toml::parse_error& e) {
      std::ostringstream msg;
      msg << "no se pudo leer " << *file << ": " << e.description() << " (línea "
          << e.source().begin.line << ")";
      throw std::runtime_error(msg.str());
    }
    Flatten(table, "", cfg);
  }
  for (const auto& k : ConfigRegistry()) {
    auto it = environment.find(EnvName(k.key));
    if (it == environment.end()) continue;
    if (k.type == KeyType::kList || k.type == KeyType::kMap) {
      throw std::runtime_error(EnvName(k.key) + ": " + std::string(k.key) + " es una " +
                               (k.type == KeyType::kList ? "lista" : "tabla") +
                               " y se configura solo en el archivo");
    }
    cfg.Set(k.key, it->second, Source::kEnv);
  }
  for (const auto& o : overrides) {
    auto eq = o.find('=');
    if (eq == std::string::npos) throw std::runtime_error("--set espera clave=valor: " + o);
    std::string key = o.substr(0, eq);
    const ConfigKey* def = Find(key);
    std::string value = o.substr(eq + 1);
    if (def && def->type == KeyType::kList) value = SplitList(value);
    if (def && def->type == KeyType::kMap) {
      throw std::runtime_error("--set: " + key + " es una tabla y se configura solo en el archivo");
    }
    cfg.Set(key, value, Source::kFlag);
  }
  return cfg;
}

const Config::Entry& Config::Get(std::string_view key) const {
  auto it = values_.find(key);
  if (it == values_.end()) throw std::logic_error("config key not registered: " + std::string(key));
  return it->second;
}

const std::string& Config::Str(std::string_view key) const { return Get(key).value; }
std::int64_t Config::Int(std::string_view key) const { return std::stoll(Get(key).value); }
bool Config::Bool(std::string_view key) const { return Get(key).value == "true"; }
Source Config::SourceOf(std::string_view key) const { return Get(key).source; }

std::map<std::string, std::string> Config::Map(std::string_view key) const {
  std::map<std::string, std::string> out;
  for (const auto& line : List(key)) {
    auto eq = line.find('=');
    out.emplace(line.substr(0, eq), eq == std::string::npos ? "" : line.substr(eq + 1));
  }
  return out;
}

std::vector<std::string> Config::List(std::string_view key) const {
  std::vector<std::string> out;
  std::istringstream in(Get(key).value);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) out.push_back(line);
  }
  return out;
}

std::string Config::Show() const {
  std::ostringstream out;
  for (const auto& k : ConfigRegistry()) {
    const Entry& e = Get(k.key);
    out << k.key << " = ";
    if (k.type == KeyType::kSecret) {
      out << (e.value.empty() ? "\"\"" : "\"[redactado]\"");
    } else if (k.type == KeyType::kList) {
      out << "[";
      bool first = true;
      for (const auto& item : List(k.key)) {
        out << (first ? "" : ", ") << Quote(item);
        first = false;
      }
      out << "]";
    } else if (k.type == KeyType::kMap) {
      out << "{";
      bool first = true;
      for (const auto& [name, value] : Map(k.key)) {
        out << (first ? " " : ", ") << Quote(name) << " = " << Quote(value);
        first = false;
      }
      out << (first ? "}" : " }");
    } else if (k.type == KeyType::kInt || k.type == KeyType::kBool) {
      out << e.value;
    } else if (k.key.ends_with("_url") || k.key == "database.url") {
      out << Quote(RedactUrl(e.value));
    } else {
      out << Quote(e.value);
    }
    static const char* kSources[] = {"por defecto", "archivo", "entorno", "línea de comandos"};
    out << "  # " << kSources[static_cast<int>(e.source)] << "\n";
  }
  return out.str();
}

std::string Config::MarkdownTable() {
  std::ostringstream out;
  out << "| clave | tipo | por defecto | variable de entorno | descripción |\n";
  out << "|---|---|---|---|---|\n";
  for (const auto& k : ConfigRegistry()) {
    std::string def(k.default_value);
    out << "| `" << k.key << "` | " << TypeName(k.type) << " | "
        << (def.empty() ? std::string("—") : "`" + def + "`") << " | "
        << (k.type == KeyType::kList || k.type == KeyType::kMap ? std::string("— (solo archivo)")
                                                                : "`" + EnvName(k.key) + "`")
        << " | " << k.description << " |\n";
  }
  return out.str();
}

std::string RedactUrl(const std::string& url) {
  auto scheme = url.find("://");
  auto at = url.find('@');
  if (scheme == std::string::npos || at == std::string::npos || at < scheme) return url;
  auto colon = url.find(':', scheme + 3);
  if (colon == std::string::npos || colon > at) return url;
  return url.substr(0, colon + 1) + "[redactado]" + url.substr(at);
}

std::map<std::string, std::string> ProcessEnvironment() {
  std::map<std::string, std::string> env;
  for (char** e = environ; e && *e; ++e) {
    std::string_view kv(*e);
    auto eq = kv.find('=');
    if (eq == std::string_view::npos) continue;
    if (!kv.starts_with("MM_")) continue;
    env.emplace(std::string(kv.substr(0, eq)), std::string(kv.substr(eq + 1)));
  }
  return env;
}

}  // namespace mm::app
