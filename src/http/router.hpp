// Matches a method and path against the route table. Paths are case-sensitive and exact (no
// trailing-slash folding); literal segments win over parameters (api.md §1.1).
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "api/route.hpp"

namespace mm::http {

struct RouteMatch {
  const api::Route* route = nullptr;          // set when path and method match
  std::map<std::string, std::string> params;  // percent-decoded
  bool path_known = false;                    // the path exists with some other method
  std::string allow;                          // "GET, POST" for a 405
};

class Router {
 public:
  explicit Router(const api::RouteTable& table);
  ~Router();

  [[nodiscard]] RouteMatch Find(std::string_view method, std::string_view path) const;
  [[nodiscard]] const api::RouteTable& table() const { return table_; }

 private:
  struct Node;
  const api::RouteTable& table_;
  std::unique_ptr<Node> root_;
};

// Decodes %XX escapes; nullopt on a malformed escape or a decoded NUL.
[[nodiscard]] std::optional<std::string> PercentDecode(std::string_view s);

}  // namespace mm::http
