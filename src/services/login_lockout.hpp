// Failed-login counting per normalised email, whether or not the account exists (api.md §3.3):
// after `max_failures` consecutive failures within the window, every attempt for that email is
// refused for `lock` (429 LOGIN_LOCKED), even with the right password. A success clears it.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "core/clock.hpp"
#include "store/tx.hpp"

namespace mm::services {

struct LockoutOptions {
  int max_failures = 5;
  std::chrono::seconds window{15 * 60};
  std::chrono::seconds lock{900};
};

class LoginLockout {
 public:
  explicit LoginLockout(LockoutOptions options) : options_(options) {}

  // The instant the lock ends, when the email is locked at `now`.
  std::optional<core::Timestamp> LockedUntil(store::Tx& tx, const std::string& email,
                                             core::Timestamp now) const;
  // Counts one failure; returns the lock's end if this failure locked the email.
  std::optional<core::Timestamp> RecordFailure(store::Tx& tx, const std::string& email,
                                               core::Timestamp now) const;
  void Clear(store::Tx& tx, const std::string& email) const;

  static std::string EmailHash(const std::string& email);

 private:
  LockoutOptions options_;
};

}  // namespace mm::services
