#include "services/secret_box.hpp"

#include <gtest/gtest.h>

#include <string>

namespace mm::services {
namespace {

MasterKey KeyOf(std::uint8_t seed) {
  MasterKey k{};
  for (std::size_t i = 0; i < k.size(); ++i) k[i] = static_cast<std::uint8_t>(seed + i * 7);
  return k;
}

class SecretBoxTest : public ::testing::Test {
 protected:
  core::SystemRandom random_;
  SecretBox box_{KeyOf(1)};
};

TEST_F(SecretBoxTest, OpenReturnsWhatWasSealed) {
  for (std::string plain : {std::string(), std::string("-----BEGIN PRIVATE KEY-----\nMIGHAgEA\n"),
                            std::string("\0\x01\xff binario", 11), std::string(10000, 'x')}) {
    std::string sealed = box_.Seal(plain, random_);
    ASSERT_EQ(sealed.size(), SecretBox::kNonceBytes + plain.size() + SecretBox::kTagBytes);
    auto opened = box_.Open(sealed);
    ASSERT_TRUE(opened.has_value());
    EXPECT_EQ(*opened, plain);
  }
}

TEST_F(SecretBoxTest, CiphertextHidesThePlaintextAndNoncesDiffer) {
  std::string plain = "secreto del proveedor 1234567890";
  std::string a = box_.Seal(plain, random_);
  std::string b = box_.Seal(plain, random_);
  EXPECT_NE(a, b);
  EXPECT_NE(a.substr(0, SecretBox::kNonceBytes), b.substr(0, SecretBox::kNonceBytes));
  EXPECT_EQ(a.find(plain), std::string::npos);
  EXPECT_NE(a.substr(SecretBox::kNonceBytes, plain.size()), plain);
}

TEST_F(SecretBoxTest, ChangingAnyByteIsDetected) {
  std::string sealed = box_.Seal("clave privada ES256", random_);
  for (std::size_t i = 0; i < sealed.size(); ++i) {
    std::string bad = sealed;
    bad[i] = static_cast<char>(bad[i] ^ 0x01);
    EXPECT_FALSE(box_.Open(bad).has_value()) << "byte " << i;
  }
}

TEST_F(SecretBoxTest, TruncatedOrExtendedInputIsRejected) {
  std::string sealed = box_.Seal("abc", random_);
  for (std::size_t n = 0; n < sealed.size(); ++n) {
    EXPECT_FALSE(box_.Open(sealed.substr(0, n)).has_value()) << n;
  }
  EXPECT_FALSE(box_.Open(sealed + "x").has_value());
  EXPECT_FALSE(box_.Open(std::string(SecretBox::kOverheadBytes, '\0')).has_value());
}

TEST_F(SecretBoxTest, AnotherKeyCannotOpen) {
  std::string sealed = box_.Seal("clave privada ES256", random_);
  SecretBox other(KeyOf(2));
  EXPECT_FALSE(other.Open(sealed).has_value());
  SecretBox same(KeyOf(1));
  EXPECT_TRUE(same.Open(sealed).has_value());
}

TEST_F(SecretBoxTest, AssociatedDataMustMatch) {
  std::string sealed = box_.Seal("secreto", random_, "api_claves:k1");
  EXPECT_EQ(box_.Open(sealed, "api_claves:k1").value_or(""), "secreto");
  EXPECT_FALSE(box_.Open(sealed, "api_claves:k2").has_value());
  EXPECT_FALSE(box_.Open(sealed).has_value());
  EXPECT_FALSE(box_.Open(box_.Seal("secreto", random_), "api_claves:k1").has_value());
}

}  // namespace
}  // namespace mm::services
