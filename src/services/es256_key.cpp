#include "services/es256_key.hpp"

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>
#include <sodium.h>

#include <array>
#include <memory>
#include <stdexcept>
#include <vector>

namespace mm::services {
namespace {

template <auto Free>
struct Deleter {
  template <typename T>
  void operator()(T* p) const {
    Free(p);
  }
};
using Pkey = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY_free>>;
using PkeyCtx = std::unique_ptr<EVP_PKEY_CTX, Deleter<EVP_PKEY_CTX_free>>;
using Bio = std::unique_ptr<BIO, Deleter<BIO_free>>;
using Bignum = std::unique_ptr<BIGNUM, Deleter<BN_free>>;
using ParamBld = std::unique_ptr<OSSL_PARAM_BLD, Deleter<OSSL_PARAM_BLD_free>>;
using Params = std::unique_ptr<OSSL_PARAM, Deleter<OSSL_PARAM_free>>;

constexpr std::size_t kCoordinateBytes = 32;
constexpr int kMinRsaBits = 2048;
constexpr int kMaxRsaBits = 8192;
// OpenSSL's name for P-256.
constexpr char kP256[] = "prime256v1";

std::string BioText(BIO* bio) {
  char* data = nullptr;
  long len = BIO_get_mem_data(bio, &data);
  return std::string(data, static_cast<std::size_t>(len));
}

std::string Base64Url(const unsigned char* data, std::size_t len) {
  std::vector<char> out(sodium_base64_ENCODED_LEN(len, sodium_base64_VARIANT_URLSAFE_NO_PADDING));
  sodium_bin2base64(out.data(), out.size(), data, len, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  return std::string(out.data());
}

std::optional<std::vector<unsigned char>> FromBase64Url(std::string_view text) {
  std::vector<unsigned char> out(text.size() * 3 / 4 + 1);
  std::size_t len = 0;
  const char* end = nullptr;
  if (text.empty() ||
      sodium_base642bin(out.data(), out.size(), text.data(), text.size(), nullptr, &len, &end,
                        sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
      end != text.data() + text.size()) {
    return std::nullopt;
  }
  out.resize(len);
  return out;
}

std::optional<std::string_view> StringField(const boost::json::object& o, std::string_view key) {
  auto* v = o.if_contains(key);
  if (!v || !v->is_string()) return std::nullopt;
  return std::string_view(v->get_string());
}

// An optional member must, when present, be a string equal to one of `allowed`.
bool OptionalOneOf(const boost::json::object& o, std::string_view key,
                   std::initializer_list<std::string_view> allowed) {
  auto* v = o.if_contains(key);
  if (!v) return true;
  if (!v->is_string()) return false;
  for (auto a : allowed) {
    if (v->get_string() == a) return true;
  }
  return false;
}

std::string CoordinateB64(const EVP_PKEY* pkey, const char* name) {
  BIGNUM* raw = nullptr;
  if (EVP_PKEY_get_bn_param(pkey, name, &raw) != 1) {
    throw std::invalid_argument("PublicJwk: missing EC coordinate");
  }
  Bignum bn(raw);
  std::array<unsigned char, kCoordinateBytes> bytes{};
  if (BN_bn2binpad(bn.get(), bytes.data(), bytes.size()) != static_cast<int>(bytes.size())) {
    throw std::invalid_argument("PublicJwk: EC coordinate too large");
  }
  return Base64Url(bytes.data(), bytes.size());
}

// Builds a public key of `type` from `params`, checks it, and writes it as PEM.
std::optional<std::string> PublicPemFromParams(const char* type, OSSL_PARAM_BLD* bld) {
  Params params(OSSL_PARAM_BLD_to_param(bld));
  PkeyCtx ctx(EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr));
  if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1) return std::nullopt;
  EVP_PKEY* raw = nullptr;
  if (EVP_PKEY_fromdata(ctx.get(), &raw, EVP_PKEY_PUBLIC_KEY, params.get()) != 1) {
    return std::nullopt;
  }
  Pkey pkey(raw);
  PkeyCtx check(EVP_PKEY_CTX_new_from_pkey(nullptr, pkey.get(), nullptr));
  if (!check || EVP_PKEY_public_check(check.get()) != 1) return std::nullopt;
  Bio bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_PUBKEY(bio.get(), pkey.get()) != 1) return std::nullopt;
  return BioText(bio.get());
}

std::optional<std::string> EcPem(const boost::json::object& jwk) {
  if (StringField(jwk, "crv") != "P-256" || !OptionalOneOf(jwk, "alg", {"ES256"})) {
    return std::nullopt;
  }
  auto x = StringField(jwk, "x");
  auto y = StringField(jwk, "y");
  if (!x || !y) return std::nullopt;
  auto xb = FromBase64Url(*x);
  auto yb = FromBase64Url(*y);
  if (!xb || !yb || xb->size() != kCoordinateBytes || yb->size() != kCoordinateBytes) {
    return std::nullopt;
  }
  std::array<unsigned char, 1 + 2 * kCoordinateBytes> point{};
  point[0] = 0x04;  // uncompressed: 04 | x | y
  std::copy(xb->begin(), xb->end(), point.begin() + 1);
  std::copy(yb->begin(), yb->end(), point.begin() + 1 + kCoordinateBytes);
  ParamBld bld(OSSL_PARAM_BLD_new());
  if (!bld ||
      OSSL_PARAM_BLD_push_utf8_string(bld.get(), OSSL_PKEY_PARAM_GROUP_NAME, kP256, 0) != 1 ||
      OSSL_PARAM_BLD_push_octet_string(bld.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(),
                                       point.size()) != 1) {
    return std::nullopt;
  }
  return PublicPemFromParams("EC", bld.get());
}

std::optional<std::string> RsaPem(const boost::json::object& jwk) {
  if (!OptionalOneOf(jwk, "alg", {"RS256", "RS384", "RS512"})) return std::nullopt;
  auto n = StringField(jwk, "n");
  auto e = StringField(jwk, "e");
  if (!n || !e) return std::nullopt;
  auto nb = FromBase64Url(*n);
  auto eb = FromBase64Url(*e);
  if (!nb || !eb || eb->size() > 8) return std::nullopt;
  Bignum nbn(BN_bin2bn(nb->data(), static_cast<int>(nb->size()), nullptr));
  Bignum ebn(BN_bin2bn(eb->data(), static_cast<int>(eb->size()), nullptr));
  if (!nbn || !ebn) return std::nullopt;
  int bits = BN_num_bits(nbn.get());
  if (bits < kMinRsaBits || bits > kMaxRsaBits) return std::nullopt;
  ParamBld bld(OSSL_PARAM_BLD_new());
  if (!bld || OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_N, nbn.get()) != 1 ||
      OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_E, ebn.get()) != 1) {
    return std::nullopt;
  }
  return PublicPemFromParams("RSA", bld.get());
}

}  // namespace

Es256KeyPair GenerateEs256() {
  Pkey pkey(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", kP256));
  if (!pkey) throw std::runtime_error("P-256 key generation failed");
  Bio priv(BIO_new(BIO_s_mem()));
  Bio pub(BIO_new(BIO_s_mem()));
  if (!priv || !pub ||
      PEM_write_bio_PrivateKey(priv.get(), pkey.get(), nullptr, nullptr, 0, nullptr, nullptr) !=
          1 ||
      PEM_write_bio_PUBKEY(pub.get(), pkey.get()) != 1) {
    throw std::runtime_error("writing the P-256 key as PEM failed");
  }
  Es256KeyPair pair{BioText(priv.get()), BioText(pub.get())};
  // The memory BIO's buffer held the private key.
  char* data = nullptr;
  long len = BIO_get_mem_data(priv.get(), &data);
  OPENSSL_cleanse(data, static_cast<std::size_t>(len));
  return pair;
}

boost::json::object PublicJwk(std::string_view public_pem, std::string_view kid) {
  Bio bio(BIO_new_mem_buf(public_pem.data(), static_cast<int>(public_pem.size())));
  Pkey pkey(bio ? PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr) : nullptr);
  if (!pkey || !EVP_PKEY_is_a(pkey.get(), "EC")) {
    throw std::invalid_argument("PublicJwk: not an EC public key PEM");
  }
  std::array<char, 32> group{};
  std::size_t group_len = 0;
  if (EVP_PKEY_get_utf8_string_param(pkey.get(), OSSL_PKEY_PARAM_GROUP_NAME, group.data(),
                                     group.size(), &group_len) != 1 ||
      std::string_view(group.data(), group_len) != kP256) {
    throw std::invalid_argument("PublicJwk: EC key is not on P-256");
  }
  return boost::json::object{{"kty", "EC"},
                             {"crv", "P-256"},
                             {"x", CoordinateB64(pkey.get(), OSSL_PKEY_PARAM_EC_PUB_X)},
                             {"y", CoordinateB64(pkey.get(), OSSL_PKEY_PARAM_EC_PUB_Y)},
                             {"kid", kid},
                             {"alg", "ES256"},
                             {"use", "sig"}};
}

std::optional<std::string> PemFromJwk(const boost::json::object& jwk) {
  if (!OptionalOneOf(jwk, "use", {"sig"})) return std::nullopt;
  auto kty = StringField(jwk, "kty");
  if (kty == "EC") return EcPem(jwk);
  if (kty == "RSA") return RsaPem(jwk);
  return std::nullopt;
}

}  // namespace mm::services
