#include "core/json.hpp"

#include <algorithm>
#include <unordered_set>
#include <vector>

#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value_stack.hpp>

namespace mm::core {
namespace {

namespace json = boost::json;
using boost::system::error_code;
using json::string_view;

// SAX handler that builds a json::value like json::parser does, and fails on a repeated key.
class StrictHandler {
 public:
  static constexpr std::size_t max_object_size = static_cast<std::size_t>(-1);
  static constexpr std::size_t max_array_size = static_cast<std::size_t>(-1);
  static constexpr std::size_t max_key_size = static_cast<std::size_t>(-1);
  static constexpr std::size_t max_string_size = static_cast<std::size_t>(-1);

  json::value_stack stack;
  std::vector<std::unordered_set<std::string>> keys;
  std::string key_buf;
  std::string duplicate;

  bool on_document_begin(error_code&) {
    stack.reset();
    return true;
  }
  bool on_document_end(error_code&) { return true; }
  bool on_array_begin(error_code&) { return true; }
  bool on_array_end(std::size_t n, error_code&) {
    stack.push_array(n);
    return true;
  }
  bool on_object_begin(error_code&) {
    keys.emplace_back();
    return true;
  }
  bool on_object_end(std::size_t n, error_code&) {
    keys.pop_back();
    stack.push_object(n);
    return true;
  }
  bool on_string_part(string_view s, std::size_t, error_code&) {
    stack.push_chars(s);
    return true;
  }
  bool on_string(string_view s, std::size_t, error_code&) {
    stack.push_string(s);
    return true;
  }
  bool on_key_part(string_view s, std::size_t, error_code&) {
    key_buf.append(s.data(), s.size());
    stack.push_chars(s);
    return true;
  }
  bool on_key(string_view s, std::size_t, error_code& ec) {
    key_buf.append(s.data(), s.size());
    if (!keys.back().insert(key_buf).second) {
      duplicate = key_buf;
      ec = json::error::syntax;
      return false;
    }
    key_buf.clear();
    stack.push_key(s);
    return true;
  }
  bool on_number_part(string_view, error_code&) { return true; }
  bool on_int64(std::int64_t i, string_view, error_code&) {
    stack.push_int64(i);
    return true;
  }
  bool on_uint64(std::uint64_t u, string_view, error_code&) {
    stack.push_uint64(u);
    return true;
  }
  bool on_double(double d, string_view, error_code&) {
    stack.push_double(d);
    return true;
  }
  bool on_bool(bool b, error_code&) {
    stack.push_bool(b);
    return true;
  }
  bool on_null(error_code&) {
    stack.push_null();
    return true;
  }
  bool on_comment_part(string_view, error_code&) { return true; }
  bool on_comment(string_view, error_code&) { return true; }
};

void WriteCanonical(const json::value& v, std::string& out) {
  switch (v.kind()) {
    case json::kind::object: {
      const auto& obj = v.get_object();
      std::vector<const json::key_value_pair*> items;
      items.reserve(obj.size());
      for (const auto& kv : obj) items.push_back(&kv);
      std::sort(items.begin(), items.end(), [](auto* a, auto* b) { return a->key() < b->key(); });
      out.push_back('{');
      bool first = true;
      for (const auto* kv : items) {
        if (!first) out.push_back(',');
        first = false;
        out += json::serialize(json::string(kv->key()));
        out.push_back(':');
        WriteCanonical(kv->value(), out);
      }
      out.push_back('}');
      break;
    }
    case json::kind::array: {
      out.push_back('[');
      bool first = true;
      for (const auto& e : v.get_array()) {
        if (!first) out.push_back(',');
        first = false;
        WriteCanonical(e, out);
      }
      out.push_back(']');
      break;
    }
    default:
      out += json::serialize(v);
  }
}

}  // namespace

Result<json::value> ParseStrictJson(std::string_view text) {
  json::basic_parser<StrictHandler> parser{json::parse_options{}};
  error_code ec;
  std::size_t used = parser.write_some(false, text.data(), text.size(), ec);
  if (!ec && used != text.size()) ec = json::error::extra_data;
  if (ec || !parser.done()) {
    std::string msg = "El cuerpo no es JSON válido.";
    if (!parser.handler().duplicate.empty()) {
      msg = "El JSON repite la clave \"" + parser.handler().duplicate + "\".";
    } else if (ec == json::error::syntax && !text.empty()) {
      msg = "El cuerpo no es JSON válido o no está en UTF-8.";
    }
    return Error(ErrorCode::kInvalidJson, std::move(msg));
  }
  return parser.handler().stack.release();
}

std::string CanonicalJson(const json::value& v) {
  std::string out;
  WriteCanonical(v, out);
  return out;
}

}  // namespace mm::core
