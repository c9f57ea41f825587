// What a service operation knows about the request that asked for it. No HTTP types here.
#pragma once

#include <optional>
#include <string>

#include "core/clock.hpp"
#include "core/random.hpp"
#include "core/role.hpp"
#include "store/database.hpp"

namespace mm::services {

struct RequestMeta {
  core::Principal principal;
  std::string request_id;
  std::string ip;
  std::string user_agent;
  std::optional<store::SteadyTime> deadline;

  [[nodiscard]] store::TxOptions TxOptions() const {
    store::TxOptions o;
    o.deadline = deadline;
    return o;
  }
};

// The effects every service needs, owned by app/ and lent here.
struct Env {
  store::Database& db;
  const core::Clock& clock;
  core::Random& random;
};

}  // namespace mm::services
