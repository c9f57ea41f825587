// ES256 (ECDSA over P-256) key material for access tokens (api.md §3.1): generation, PEM, and the
// JWK form the JWKS publishes. Also converts an external issuer's JWK (EC P-256 or RSA) into the
// PEM libjwt verifies with (api.md §3.2). Everything goes through OpenSSL 3's EVP_PKEY APIs.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <boost/json/object.hpp>

namespace mm::services {

struct Es256KeyPair {
  std::string private_pem;  // PKCS#8 "BEGIN PRIVATE KEY", unencrypted: seal it before storing
  std::string public_pem;   // SubjectPublicKeyInfo "BEGIN PUBLIC KEY"
};

// A fresh P-256 key pair from OpenSSL's CSPRNG. Thread-safe. Throws std::runtime_error if
// OpenSSL fails (out of memory).
[[nodiscard]] Es256KeyPair GenerateEs256();

// {kty:"EC", crv:"P-256", x, y, kid, alg:"ES256", use:"sig"}, x and y the point's coordinates as
// 32 bytes each in base64url without padding (43 characters). Throws std::invalid_argument when
// `public_pem` is not a P-256 public key (stored keys are ours, so that is a bug or corruption).
[[nodiscard]] boost::json::object PublicJwk(std::string_view public_pem, std::string_view kid);

// The public PEM of a JWK: kty "EC" with crv "P-256" (x, y of 32 bytes, point on the curve), or
// kty "RSA" (n of 2048–8192 bits, e). When present, `use` must be "sig" and `alg` must fit the key
// (ES256; RS256/RS384/RS512). nullopt for anything else or malformed.
[[nodiscard]] std::optional<std::string> PemFromJwk(const boost::json::object& jwk);

}  // namespace mm::services
