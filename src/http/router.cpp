#include "http/router.hpp"

#include <optional>

namespace mm::http {

struct Router::Node {
  std::map<std::string, std::unique_ptr<Node>, std::less<>> literal;
  std::unique_ptr<Node> param;
  std::string param_name;
  std::map<std::string, const api::Route*> by_method;
};

namespace {

std::vector<std::string_view> Split(std::string_view path) {
  std::vector<std::string_view> out;
  // path starts with '/': every '/' opens a segment, so "/a/" gives {"a", ""}.
  std::size_t pos = 1;
  while (true) {
    auto next = path.find('/', pos);
    if (next == std::string_view::npos) {
      out.push_back(path.substr(pos));
      break;
    }
    out.push_back(path.substr(pos, next - pos));
    pos = next + 1;
  }
  return out;
}

int HexVal(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::optional<std::string> PercentDecode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '%') {
      out.push_back(s[i]);
      continue;
    }
    if (i + 2 >= s.size()) return std::nullopt;
    int hi = HexVal(s[i + 1]), lo = HexVal(s[i + 2]);
    if (hi < 0 || lo < 0) return std::nullopt;
    char c = static_cast<char>(hi * 16 + lo);
    if (c == '\0') return std::nullopt;
    out.push_back(c);
    i += 2;
  }
  return out;
}

Router::Router(const api::RouteTable& table) : table_(table), root_(std::make_unique<Node>()) {
  for (const auto& route : table.routes()) {
    Node* node = root_.get();
    for (auto seg : Split(route.path)) {
      if (!seg.empty() && seg.front() == ':') {
        if (!node->param) {
          node->param = std::make_unique<Node>();
          node->param_name = std::string(seg.substr(1));
        } else if (node->param_name != seg.substr(1)) {
          throw std::logic_error("conflicting parameter names at " + route.path);
        }
        node = node->param.get();
      } else {
        auto& child = node->literal[std::string(seg)];
        if (!child) child = std::make_unique<Node>();
        node = child.get();
      }
    }
    node->by_method[route.method] = &route;
  }
}

Router::~Router() = default;

RouteMatch Router::Find(std::string_view method, std::string_view path) const {
  RouteMatch m;
  if (path.empty() || path.front() != '/') return m;
  auto segs = Split(path);
  std::vector<std::pair<std::string, std::string>> params;

  // Depth-first, literal before parameter; the first node that ends the path with any route
  // decides (so a literal path with another method is a 405, never a parameter match).
  const Node* found = nullptr;
  std::vector<std::pair<std::string, std::string>> found_params;
  auto walk = [&](auto&& self, const Node* node, std::size_t i) -> bool {
    if (i == segs.size()) {
      if (node->by_method.empty()) return false;
      found = node;
      found_params = params;
      return true;
    }
    auto it = node->literal.find(segs[i]);
    if (it != node->literal.end() && self(self, it->second.get(), i + 1)) return true;
    if (node->param && !segs[i].empty()) {
      auto decoded = PercentDecode(segs[i]);
      if (decoded) {
        params.emplace_back(node->param_name, *decoded);
        if (self(self, node->param.get(), i + 1)) return true;
        params.pop_back();
      }
    }
    return false;
  };
  walk(walk, root_.get(), 0);
  if (!found) return m;
  m.path_known = true;
  auto it = found->by_method.find(std::string(method));
  if (it != found->by_method.end()) {
    m.route = it->second;
    m.params = {found_params.begin(), found_params.end()};
    return m;
  }
  for (const auto& [meth, r] : found->by_method) {
    if (!m.allow.empty()) m.allow += ", ";
    m.allow += meth;
  }
  return m;
}

}  // namespace mm::http
