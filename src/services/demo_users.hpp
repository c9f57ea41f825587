// The demo staff of `minimarket demo-data` (issue: users and roles): one user per role, all with
// the password "demo-minimarket". preflight, and serve in production, refuse to run while any of
// them is active.
#pragma once

#include <string>
#include <vector>

#include "core/role.hpp"
#include "services/context.hpp"
#include "services/seeding.hpp"

namespace mm::services {

inline constexpr const char* kDemoPassword = "demo-minimarket";

[[nodiscard]] const std::vector<std::string>& DemoUserEmails();
[[nodiscard]] Seed DemoUsersSeed();
// Who a demo-data write acts as: the demo user `user_id` with `role`, request id "demo-data".
[[nodiscard]] RequestMeta DemoMeta(const std::string& user_id, core::Role role);
// The demo users that are still active (empty in a safe production database).
[[nodiscard]] std::vector<std::string> ActiveDemoUsers(store::Tx& tx);

}  // namespace mm::services
