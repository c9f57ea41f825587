#include "services/es256_key.hpp"

#include <gtest/gtest.h>
#include <jwt.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <sodium.h>

#include <cstdlib>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace mm::services {
namespace {

std::string B64Url(const std::vector<unsigned char>& bytes) {
  std::vector<char> out(
      sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING));
  sodium_bin2base64(out.data(), out.size(), bytes.data(), bytes.size(),
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  return out.data();
}

std::vector<unsigned char> FromB64Url(std::string_view s) {
  std::vector<unsigned char> out(s.size());
  std::size_t len = 0;
  EXPECT_EQ(sodium_base642bin(out.data(), out.size(), s.data(), s.size(), nullptr, &len, nullptr,
                              sodium_base64_VARIANT_URLSAFE_NO_PADDING),
            0);
  out.resize(len);
  return out;
}

// Signs a small token with libjwt, as an issuer holding `private_pem` would.
std::string Sign(jwt_alg_t alg, const std::string& private_pem) {
  jwt_t* jwt = nullptr;
  EXPECT_EQ(jwt_new(&jwt), 0);
  EXPECT_EQ(jwt_add_grant(jwt, "sub", "u1"), 0);
  EXPECT_EQ(jwt_set_alg(jwt, alg, reinterpret_cast<const unsigned char*>(private_pem.data()),
                        static_cast<int>(private_pem.size())),
            0);
  char* s = jwt_encode_str(jwt);
  jwt_free(jwt);
  EXPECT_NE(s, nullptr);
  std::string out = s ? s : "";
  std::free(s);
  return out;
}

bool LibjwtVerifies(const std::string& token, const std::string& public_pem) {
  jwt_t* jwt = nullptr;
  int rc =
      jwt_decode(&jwt, token.c_str(), reinterpret_cast<const unsigned char*>(public_pem.data()),
                 static_cast<int>(public_pem.size()));
  jwt_free(jwt);
  return rc == 0;
}

struct RsaKey {
  std::string private_pem;
  boost::json::object jwk;
};

RsaKey MakeRsa(unsigned bits) {
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> pkey(
      EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", static_cast<size_t>(bits)), &EVP_PKEY_free);
  if (!pkey) throw std::runtime_error("RSA keygen failed");
  auto bn_b64 = [&](const char* name) {
    BIGNUM* bn = nullptr;
    EVP_PKEY_get_bn_param(pkey.get(), name, &bn);
    std::vector<unsigned char> bytes(BN_num_bytes(bn));
    BN_bn2bin(bn, bytes.data());
    BN_free(bn);
    return B64Url(bytes);
  };
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_PrivateKey(bio, pkey.get(), nullptr, nullptr, 0, nullptr, nullptr);
  char* data = nullptr;
  long len = BIO_get_mem_data(bio, &data);
  RsaKey key{std::string(data, static_cast<std::size_t>(len)),
             {{"kty", "RSA"},
              {"n", bn_b64(OSSL_PKEY_PARAM_RSA_N)},
              {"e", bn_b64(OSSL_PKEY_PARAM_RSA_E)},
              {"alg", "RS256"},
              {"kid", "externa-1"}}};
  BIO_free(bio);
  return key;
}

TEST(Es256KeyTest, GeneratesDistinctPemPairs) {
  Es256KeyPair a = GenerateEs256();
  Es256KeyPair b = GenerateEs256();
  EXPECT_EQ(a.private_pem.rfind("-----BEGIN PRIVATE KEY-----\n", 0), 0u);
  EXPECT_EQ(a.public_pem.rfind("-----BEGIN PUBLIC KEY-----\n", 0), 0u);
  EXPECT_NE(a.private_pem, b.private_pem);
  EXPECT_NE(a.public_pem, b.public_pem);
  // The pair belongs together: libjwt verifies with the public half what the private half signed.
  std::string token = Sign(JWT_ALG_ES256, a.private_pem);
  EXPECT_TRUE(LibjwtVerifies(token, a.public_pem));
  EXPECT_FALSE(LibjwtVerifies(token, b.public_pem));
  // JOSE r|s signature (64 bytes), not DER.
  EXPECT_EQ(token.size() - token.rfind('.') - 1, 86u);
}

TEST(Es256KeyTest, PublicJwkHasP256CoordinatesOf32Bytes) {
  Es256KeyPair pair = GenerateEs256();
  boost::json::object jwk = PublicJwk(pair.public_pem, "mm-20250301-abc");
  EXPECT_EQ(jwk.at("kty"), "EC");
  EXPECT_EQ(jwk.at("crv"), "P-256");
  EXPECT_EQ(jwk.at("kid"), "mm-20250301-abc");
  EXPECT_EQ(jwk.at("alg"), "ES256");
  EXPECT_EQ(jwk.at("use"), "sig");
  EXPECT_EQ(jwk.size(), 7u);
  for (const char* c : {"x", "y"}) {
    std::string_view v = jwk.at(c).as_string();
    EXPECT_EQ(v.size(), 43u) << c;
    EXPECT_EQ(v.find_first_of("+/="), std::string_view::npos) << c;
    EXPECT_EQ(FromB64Url(v).size(), 32u) << c;
  }
  EXPECT_NE(jwk.at("x"), jwk.at("y"));
}

TEST(Es256KeyTest, PemFromPublicJwkIsTheSameKey) {
  Es256KeyPair pair = GenerateEs256();
  auto pem = PemFromJwk(PublicJwk(pair.public_pem, "k1"));
  ASSERT_TRUE(pem.has_value());
  EXPECT_EQ(*pem, pair.public_pem);
  EXPECT_TRUE(LibjwtVerifies(Sign(JWT_ALG_ES256, pair.private_pem), *pem));
}

TEST(Es256KeyTest, PublicJwkRefusesWhatIsNotAP256PublicKey) {
  EXPECT_THROW((void)PublicJwk("no es un PEM", "k"), std::invalid_argument);
  RsaKey rsa = MakeRsa(2048);
  auto rsa_pem = PemFromJwk(rsa.jwk);
  ASSERT_TRUE(rsa_pem.has_value());
  EXPECT_THROW((void)PublicJwk(*rsa_pem, "k"), std::invalid_argument);
}

TEST(Es256KeyTest, PemFromJwkRefusesBrokenEcKeys) {
  Es256KeyPair pair = GenerateEs256();
  const boost::json::object good = PublicJwk(pair.public_pem, "k1");
  ASSERT_TRUE(PemFromJwk(good).has_value());
  auto with = [&](std::string_view key, boost::json::value v) {
    boost::json::object o = good;
    o[key] = std::move(v);
    return PemFromJwk(o);
  };
  // A point off the curve: y with one bit flipped.
  std::vector<unsigned char> y = FromB64Url(good.at("y").as_string());
  y[31] ^= 0x01;
  EXPECT_FALSE(with("y", boost::json::string(B64Url(y))).has_value());
  EXPECT_FALSE(with("crv", "P-384").has_value());
  EXPECT_FALSE(with("x", "AAAA").has_value());  // 3 bytes
  EXPECT_FALSE(
      with("x", boost::json::string(std::string(good.at("x").as_string()) + "=")).has_value());
  EXPECT_FALSE(with("x", 12).has_value());
  EXPECT_FALSE(with("alg", "RS256").has_value());
  EXPECT_FALSE(with("use", "enc").has_value());
  EXPECT_FALSE(with("kty", "oct").has_value());
  boost::json::object no_y = good;
  no_y.erase("y");
  EXPECT_FALSE(PemFromJwk(no_y).has_value());
}

TEST(Es256KeyTest, PemFromRsaJwkVerifiesTheIssuersRs256Tokens) {
  RsaKey rsa = MakeRsa(2048);
  auto pem = PemFromJwk(rsa.jwk);
  ASSERT_TRUE(pem.has_value());
  EXPECT_EQ(pem->rfind("-----BEGIN PUBLIC KEY-----\n", 0), 0u);
  std::string token = Sign(JWT_ALG_RS256, rsa.private_pem);
  EXPECT_TRUE(LibjwtVerifies(token, *pem));
  RsaKey other = MakeRsa(2048);
  EXPECT_FALSE(LibjwtVerifies(token, *PemFromJwk(other.jwk)));
}

TEST(Es256KeyTest, PemFromJwkRefusesWeakOrMalformedRsaKeys) {
  EXPECT_FALSE(PemFromJwk(MakeRsa(1024).jwk).has_value());  // below 2048 bits
  RsaKey rsa = MakeRsa(2048);
  boost::json::object no_e = rsa.jwk;
  no_e.erase("e");
  EXPECT_FALSE(PemFromJwk(no_e).has_value());
  boost::json::object even_e = rsa.jwk;
  even_e["e"] = "AQAA";  // 65536: even
  EXPECT_FALSE(PemFromJwk(even_e).has_value());
  boost::json::object es_alg = rsa.jwk;
  es_alg["alg"] = "ES256";
  EXPECT_FALSE(PemFromJwk(es_alg).has_value());
}

}  // namespace
}  // namespace mm::services
