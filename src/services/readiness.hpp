// What /readyz reports (api.md §12): the database answers within 1 s, the migrations are
// current, and whatever later modules add (a signing key loaded, …).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "services/context.hpp"

namespace mm::services {

struct ReadyCheck {
  std::string nombre;
  bool ok = false;
  std::int64_t ms = 0;
};

class Readiness {
 public:
  explicit Readiness(Env& env) : env_(env) {}

  // Adds a check; `fn` returns true when ready. Call during wiring only.
  void Add(std::string nombre, std::function<bool()> fn);
  // Runs every check (the database first). Never throws.
  [[nodiscard]] std::vector<ReadyCheck> Check();

 private:
  Env& env_;
  std::vector<std::pair<std::string, std::function<bool()>>> extra_;
};

}  // namespace mm::services
