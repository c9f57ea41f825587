// Password hashing with argon2id (api.md §3.3, hardening.md WS4): libsodium's crypto_pwhash_str at
// the INTERACTIVE limits. The encoded string carries its own salt and parameters, so a stored hash
// stays verifiable after the limits change; NeedsRehash says when to re-hash on the next login.
#pragma once

#include <string>
#include <string_view>

namespace mm::services {

// Stateless and thread-safe. Each Hash or Verify costs ~64 MiB of memory and tens of
// milliseconds of CPU on purpose: callers run it on a worker thread, never on an I/O thread.
class PasswordHasher final {
 public:
  // Initialises libsodium once per process (sodium_init is idempotent).
  PasswordHasher();

  // "$argon2id$v=19$m=…,t=…,p=1$salt$hash" with a fresh random salt from libsodium's CSPRNG.
  // Throws std::runtime_error only when libsodium cannot allocate the working memory.
  [[nodiscard]] std::string Hash(std::string_view password) const;

  // libsodium's constant-time verification. False for a wrong password and for anything that is
  // not a valid encoded argon2id string.
  [[nodiscard]] bool Verify(std::string_view encoded, std::string_view password) const;

  // The hash of a random password, made once per process. Login verifies against it when the
  // email is unknown, so an unknown account costs the same time as a wrong password.
  [[nodiscard]] const std::string& DummyHash() const;

  // True when `encoded` was made with other parameters than the current ones, or is not a valid
  // argon2id string.
  [[nodiscard]] bool NeedsRehash(std::string_view encoded) const;
};

}  // namespace mm::services
