// The demo staff of `minimarket demo-data` (issue: users and roles): one user per role, all with
// the password "demo-minimarket". preflight, and serve in production, refuse to run while any of
// them is active.
#pragma once

#include <string>
#include <vector>

#include "services/seeding.hpp"

namespace mm::services {

inline constexpr const char* kDemoPassword = "demo-minimarket";

[[nodiscard]] const std::vector<std::string>& DemoUserEmails();
[[nodiscard]] Seed DemoUsersSeed();
// The demo users that are still active (empty in a safe production database).
[[nodiscard]] std::vector<std::string> ActiveDemoUsers(store::Tx& tx);

}  // namespace mm::services
