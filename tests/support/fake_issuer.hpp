// Key material and tokens of a made-up external identity provider (api.md §3.2), for tests: an
// ES256 or RS256 key pair with its JWK, and tokens signed by libjwt as that provider would.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

namespace mm::testing {

struct IssuerKey {
  std::string kid;
  std::string alg;  // "ES256" | "RS256"
  std::string private_pem;
  std::string public_pem;
  boost::json::object jwk;  // public: {kty, kid, alg, use:"sig", crv/x/y | n/e}
};

// A fresh P-256 key (services::GenerateEs256) and its JWK.
[[nodiscard]] IssuerKey MakeEs256Key(std::string kid);
// A fresh RSA key of `bits` (OpenSSL) and its JWK.
[[nodiscard]] IssuerKey MakeRs256Key(std::string kid, unsigned bits = 2048);
// {"keys": [jwk, …]}
[[nodiscard]] boost::json::object Jwks(const std::vector<const IssuerKey*>& keys);

// A JWT with header {alg: key.alg, typ: "JWT", kid: kid or key.kid} and these claims, signed by
// libjwt with the key's private half.
[[nodiscard]] std::string SignToken(const IssuerKey& key, const boost::json::object& claims,
                                    std::optional<std::string> kid = std::nullopt);
// An HS256 JWT whose HMAC secret is `secret` (e.g. a public PEM: the algorithm-confusion attack).
[[nodiscard]] std::string SignHs256(std::string_view secret, std::string_view kid,
                                    const boost::json::object& claims);

}  // namespace mm::testing
