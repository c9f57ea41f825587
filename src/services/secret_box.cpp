#include "services/secret_box.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <limits>
#include <memory>
#include <span>
#include <stdexcept>

namespace mm::services {
namespace {

using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

CipherCtx NewCtx() {
  CipherCtx ctx(EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free);
  if (!ctx) throw std::runtime_error("EVP_CIPHER_CTX_new failed");
  return ctx;
}

const unsigned char* Bytes(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

bool FitsInt(std::size_t n) {
  return n <= static_cast<std::size_t>(std::numeric_limits<int>::max());
}

}  // namespace

SecretBox::~SecretBox() { OPENSSL_cleanse(key_.data(), key_.size()); }

std::string SecretBox::Seal(std::string_view plaintext, core::Random& random,
                            std::string_view associated_data) const {
  if (!FitsInt(plaintext.size()) || !FitsInt(associated_data.size())) {
    throw std::invalid_argument("SecretBox::Seal: input too large");
  }
  std::string out(kNonceBytes + plaintext.size() + kTagBytes, '\0');
  auto* nonce = reinterpret_cast<unsigned char*>(out.data());
  random.Fill(std::span<std::uint8_t>(nonce, kNonceBytes));
  unsigned char* body = nonce + kNonceBytes;

  CipherCtx ctx = NewCtx();
  int len = 0;
  bool ok = EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, key_.data(), nonce) == 1 &&
            (associated_data.empty() ||
             EVP_EncryptUpdate(ctx.get(), nullptr, &len, Bytes(associated_data),
                               static_cast<int>(associated_data.size())) == 1) &&
            EVP_EncryptUpdate(ctx.get(), body, &len, Bytes(plaintext),
                              static_cast<int>(plaintext.size())) == 1 &&
            EVP_EncryptFinal_ex(ctx.get(), body + len, &len) == 1 &&
            EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, static_cast<int>(kTagBytes),
                                body + plaintext.size()) == 1;
  if (!ok) throw std::runtime_error("AES-256-GCM encryption failed");
  return out;
}

std::optional<std::string> SecretBox::Open(std::string_view sealed,
                                           std::string_view associated_data) const {
  if (sealed.size() < kOverheadBytes || !FitsInt(sealed.size()) ||
      !FitsInt(associated_data.size())) {
    return std::nullopt;
  }
  const unsigned char* nonce = Bytes(sealed);
  std::string_view ciphertext = sealed.substr(kNonceBytes, sealed.size() - kOverheadBytes);
  // EVP_CTRL_GCM_SET_TAG takes a non-const pointer; it only reads the tag.
  std::string tag(sealed.substr(sealed.size() - kTagBytes));

  std::string plain(ciphertext.size(), '\0');
  auto* out = reinterpret_cast<unsigned char*>(plain.data());
  CipherCtx ctx = NewCtx();
  int len = 0;
  bool ok = EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, key_.data(), nonce) == 1 &&
            (associated_data.empty() ||
             EVP_DecryptUpdate(ctx.get(), nullptr, &len, Bytes(associated_data),
                               static_cast<int>(associated_data.size())) == 1) &&
            EVP_DecryptUpdate(ctx.get(), out, &len, Bytes(ciphertext),
                              static_cast<int>(ciphertext.size())) == 1 &&
            EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, static_cast<int>(kTagBytes),
                                tag.data()) == 1 &&
            EVP_DecryptFinal_ex(ctx.get(), out + len, &len) == 1;  // checks the tag
  if (!ok) {
    OPENSSL_cleanse(plain.data(), plain.size());
    return std::nullopt;
  }
  return plain;
}

}  // namespace mm::services
