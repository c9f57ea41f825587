// The JWT signing keys shared by every instance (domain.md §1.8 signing_keys; hardening.md "Key
// rotation"). Private keys are stored encrypted (AES-256-GCM under the master key); this class
// holds the decrypted active key and the public keys that can still verify a live token.
#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include <boost/json/object.hpp>

#include "services/access_tokens.hpp"
#include "services/context.hpp"
#include "services/secret_box.hpp"

namespace mm::services {

class SigningKeys final : public KeyRing {
 public:
  // `verify_window`: how long a retired key still verifies (token lifetime + leeway).
  SigningKeys(Env& env, const SecretBox& box, std::chrono::seconds verify_window);

  // First start: creates the active key when there is none (safe when instances race).
  void EnsureActive();
  // Reads the keys again; throws when the active key cannot be decrypted (wrong master key).
  void Reload();
  // Retires the active key and activates a new one; audited. Returns the new kid.
  std::string Rotate(const RequestMeta& meta);

  std::optional<std::string> PublicPem(std::string_view kid) override;
  SigningKey Active() override;
  // {"keys":[…]}: every key that can still verify a live token.
  boost::json::object Jwks();
  [[nodiscard]] bool loaded() const;

 private:
  void ReloadIfStale();

  Env& env_;
  const SecretBox& box_;
  std::chrono::seconds verify_window_;
  mutable std::mutex mu_;
  std::optional<SigningKey> active_;
  struct PublicKey {
    std::string pem;
    std::optional<core::Timestamp> verifies_until;  // unset for the active key
  };
  std::map<std::string, PublicKey, std::less<>> public_;  // active + still verifying
  std::chrono::steady_clock::time_point loaded_at_{};
  std::chrono::steady_clock::time_point last_miss_reload_{};
};

}  // namespace mm::services
