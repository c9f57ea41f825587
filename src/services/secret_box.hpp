// Secrets at rest (hardening.md "Also required"): AES-256-GCM under the 32-byte master key.
// Used for the JWT private keys (signing_keys) and the supplier-API secrets (api_claves).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/random.hpp"

namespace mm::services {

inline constexpr std::size_t kMasterKeyBytes = 32;
using MasterKey = std::array<std::uint8_t, kMasterKeyBytes>;

// Immutable after construction, so concurrent Seal/Open calls are safe.
class SecretBox final {
 public:
  static constexpr std::size_t kNonceBytes = 12;
  static constexpr std::size_t kTagBytes = 16;
  static constexpr std::size_t kOverheadBytes = kNonceBytes + kTagBytes;

  explicit SecretBox(const MasterKey& key) : key_(key) {}
  ~SecretBox();  // wipes the key
  SecretBox(const SecretBox&) = delete;
  SecretBox& operator=(const SecretBox&) = delete;

  // Bytes nonce(12) | ciphertext | tag(16), the nonce random per call (at most 2^32 seals per
  // key keep the nonce-collision risk negligible). `associated_data` is authenticated but not
  // stored; Open must be given the same bytes (e.g. the row's id, so a ciphertext cannot be
  // moved to another row).
  [[nodiscard]] std::string Seal(std::string_view plaintext, core::Random& random,
                                 std::string_view associated_data = {}) const;

  // The plaintext, or nullopt when `sealed` is too short, was altered in any byte, was sealed
  // under another key or with other associated data.
  [[nodiscard]] std::optional<std::string> Open(std::string_view sealed,
                                                std::string_view associated_data = {}) const;

 private:
  MasterKey key_;
};

}  // namespace mm::services
