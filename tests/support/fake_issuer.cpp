#include "support/fake_issuer.hpp"

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

#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>

#include "services/es256_key.hpp"

namespace mm::testing {
namespace {

std::string B64Url(const std::vector<unsigned char>& bytes) {
  std::vector<char> out(
      sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING));
  sodium_bin2base64(out.data(), out.size(), bytes.data(), bytes.size(),
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  return out.data();
}

std::string Pem(EVP_PKEY* pkey, bool private_half) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), &BIO_free);
  int ok = private_half
               ? PEM_write_bio_PrivateKey(bio.get(), pkey, nullptr, nullptr, 0, nullptr, nullptr)
               : PEM_write_bio_PUBKEY(bio.get(), pkey);
  if (ok != 1) throw std::runtime_error("PEM_write failed");
  char* data = nullptr;
  long len = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(len));
}

std::string Sign(jwt_alg_t alg, std::string_view key, std::string_view kid,
                 const boost::json::object& claims) {
  jwt_t* raw = nullptr;
  if (jwt_new(&raw) != 0) throw std::runtime_error("jwt_new failed");
  std::unique_ptr<jwt_t, decltype(&jwt_free)> jwt(raw, &jwt_free);
  std::string kid_text(kid), claims_json = boost::json::serialize(claims);
  if (jwt_add_header(jwt.get(), "typ", "JWT") != 0 ||
      jwt_add_header(jwt.get(), "kid", kid_text.c_str()) != 0 ||
      jwt_add_grants_json(jwt.get(), claims_json.c_str()) != 0 ||
      jwt_set_alg(jwt.get(), alg, reinterpret_cast<const unsigned char*>(key.data()),
                  static_cast<int>(key.size())) != 0) {
    throw std::runtime_error("building the test token failed");
  }
  char* encoded = jwt_encode_str(jwt.get());
  if (!encoded) throw std::runtime_error("signing the test token failed");
  std::string out(encoded);
  std::free(encoded);
  return out;
}

}  // namespace

IssuerKey MakeEs256Key(std::string kid) {
  services::Es256KeyPair pair = services::GenerateEs256();
  IssuerKey k{kid, "ES256", pair.private_pem, pair.public_pem,
              services::PublicJwk(pair.public_pem, kid)};
  return k;
}

IssuerKey MakeRs256Key(std::string kid, unsigned bits) {
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> pkey(
      EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", static_cast<std::size_t>(bits)), &EVP_PKEY_free);
  if (!pkey) throw std::runtime_error("RSA keygen failed");
  auto param = [&](const char* name) {
    BIGNUM* bn = nullptr;
    if (EVP_PKEY_get_bn_param(pkey.get(), name, &bn) != 1) {
      throw std::runtime_error("EVP_PKEY_get_bn_param failed");
    }
    std::vector<unsigned char> bytes(static_cast<std::size_t>(BN_num_bytes(bn)));
    BN_bn2bin(bn, bytes.data());
    BN_free(bn);
    return B64Url(bytes);
  };
  IssuerKey k;
  k.kid = kid;
  k.alg = "RS256";
  k.private_pem = Pem(pkey.get(), true);
  k.public_pem = Pem(pkey.get(), false);
  k.jwk = {{"kty", "RSA"},
           {"n", param(OSSL_PKEY_PARAM_RSA_N)},
           {"e", param(OSSL_PKEY_PARAM_RSA_E)},
           {"alg", "RS256"},
           {"use", "sig"},
           {"kid", kid}};
  return k;
}

boost::json::object Jwks(const std::vector<const IssuerKey*>& keys) {
  boost::json::array arr;
  for (const IssuerKey* k : keys) arr.push_back(k->jwk);
  return {{"keys", std::move(arr)}};
}

std::string SignToken(const IssuerKey& key, const boost::json::object& claims,
                      std::optional<std::string> kid) {
  return Sign(key.alg == "RS256" ? JWT_ALG_RS256 : JWT_ALG_ES256, key.private_pem,
              kid.value_or(key.kid), claims);
}

std::string SignHs256(std::string_view secret, std::string_view kid,
                      const boost::json::object& claims) {
  return Sign(JWT_ALG_HS256, secret, kid, claims);
}

}  // namespace mm::testing
