#include "services/password_hasher.hpp"

#include <sodium.h>

#include <array>
#include <stdexcept>

namespace mm::services {
namespace {

constexpr unsigned long long kOpsLimit = crypto_pwhash_OPSLIMIT_INTERACTIVE;
constexpr std::size_t kMemLimit = crypto_pwhash_MEMLIMIT_INTERACTIVE;

void EnsureSodium() {
  static const bool ready = [] {
    if (sodium_init() < 0) throw std::runtime_error("sodium_init failed");
    return true;
  }();
  (void)ready;
}

std::string HashWithSodium(std::string_view password) {
  std::array<char, crypto_pwhash_STRBYTES> out{};
  if (crypto_pwhash_str(out.data(), password.data(), password.size(), kOpsLimit, kMemLimit) != 0) {
    throw std::runtime_error("crypto_pwhash_str: out of memory");
  }
  return std::string(out.data());
}

}  // namespace

PasswordHasher::PasswordHasher() { EnsureSodium(); }

std::string PasswordHasher::Hash(std::string_view password) const {
  return HashWithSodium(password);
}

bool PasswordHasher::Verify(std::string_view encoded, std::string_view password) const {
  // crypto_pwhash_str_verify reads a NUL-terminated string; an embedded NUL would truncate it.
  if (encoded.empty() || encoded.size() >= crypto_pwhash_STRBYTES ||
      encoded.find('\0') != std::string_view::npos) {
    return false;
  }
  std::string str(encoded);
  return crypto_pwhash_str_verify(str.c_str(), password.data(), password.size()) == 0;
}

const std::string& PasswordHasher::DummyHash() const {
  static const std::string dummy = [] {
    std::array<unsigned char, 32> secret{};
    randombytes_buf(secret.data(), secret.size());
    std::string hash = HashWithSodium(
        std::string_view(reinterpret_cast<const char*>(secret.data()), secret.size()));
    sodium_memzero(secret.data(), secret.size());
    return hash;
  }();
  return dummy;
}

bool PasswordHasher::NeedsRehash(std::string_view encoded) const {
  if (encoded.empty() || encoded.size() >= crypto_pwhash_STRBYTES ||
      encoded.find('\0') != std::string_view::npos) {
    return true;
  }
  std::string str(encoded);
  // The argon2id variant also reports an argon2i string (older libsodium default) as stale.
  return crypto_pwhash_argon2id_str_needs_rehash(str.c_str(), kOpsLimit, kMemLimit) != 0;
}

}  // namespace mm::services
