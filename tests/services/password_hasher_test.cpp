#include "services/password_hasher.hpp"

#include <gtest/gtest.h>
#include <sodium.h>

#include <array>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace mm::services {
namespace {

TEST(PasswordHasherTest, VerifyAcceptsTheRightPasswordAndRejectsOthers) {
  PasswordHasher hasher;
  std::string hash = hasher.Hash("caballo-Bateria-grapa-9");
  EXPECT_TRUE(hasher.Verify(hash, "caballo-Bateria-grapa-9"));
  EXPECT_FALSE(hasher.Verify(hash, "caballo-bateria-grapa-9"));
  EXPECT_FALSE(hasher.Verify(hash, "caballo-Bateria-grapa-"));
  EXPECT_FALSE(hasher.Verify(hash, ""));
}

TEST(PasswordHasherTest, HashIsArgon2idAtTheInteractiveLimits) {
  PasswordHasher hasher;
  std::string hash = hasher.Hash("una clave cualquiera");
  // m in KiB: MEMLIMIT_INTERACTIVE is 64 MiB; t = OPSLIMIT_INTERACTIVE.
  std::string prefix =
      "$argon2id$v=19$m=" + std::to_string(crypto_pwhash_MEMLIMIT_INTERACTIVE / 1024) +
      ",t=" + std::to_string(crypto_pwhash_OPSLIMIT_INTERACTIVE) + ",p=1$";
  EXPECT_EQ(hash.rfind(prefix, 0), 0u) << hash;
  EXPECT_FALSE(hasher.NeedsRehash(hash));
}

TEST(PasswordHasherTest, TwoHashesOfTheSamePasswordDifferAndBothVerify) {
  PasswordHasher hasher;
  std::string a = hasher.Hash("misma-clave-2024");
  std::string b = hasher.Hash("misma-clave-2024");
  EXPECT_NE(a, b);  // random salt
  EXPECT_TRUE(hasher.Verify(a, "misma-clave-2024"));
  EXPECT_TRUE(hasher.Verify(b, "misma-clave-2024"));
}

TEST(PasswordHasherTest, NonAsciiAndEmbeddedNulPasswordsAreHashedWhole) {
  PasswordHasher hasher;
  std::string hash = hasher.Hash("contraseña-ñandú");
  EXPECT_TRUE(hasher.Verify(hash, "contraseña-ñandú"));
  EXPECT_FALSE(hasher.Verify(hash, "contrasena-nandu"));
  std::string with_nul("abc\0def-ghij", 12);
  std::string nul_hash = hasher.Hash(with_nul);
  EXPECT_TRUE(hasher.Verify(nul_hash, with_nul));
  EXPECT_FALSE(hasher.Verify(nul_hash, "abc"));
}

TEST(PasswordHasherTest, MalformedEncodedHashesNeverVerify) {
  PasswordHasher hasher;
  std::string hash = hasher.Hash("clave-de-prueba-1");
  EXPECT_FALSE(hasher.Verify("", "clave-de-prueba-1"));
  EXPECT_FALSE(hasher.Verify("clave-de-prueba-1", "clave-de-prueba-1"));
  EXPECT_FALSE(hasher.Verify(hash.substr(0, hash.size() - 4), "clave-de-prueba-1"));
  EXPECT_FALSE(hasher.Verify(hash + std::string(1, '\0'), "clave-de-prueba-1"));
}

TEST(PasswordHasherTest, NeedsRehashForOtherParametersOrGarbage) {
  PasswordHasher hasher;
  ASSERT_EQ(sodium_init() >= 0, true);
  std::array<char, crypto_pwhash_STRBYTES> weaker{};
  ASSERT_EQ(crypto_pwhash_str(weaker.data(), "x", 1, crypto_pwhash_OPSLIMIT_MIN,
                              crypto_pwhash_MEMLIMIT_MIN),
            0);
  EXPECT_TRUE(hasher.Verify(weaker.data(), "x"));  // still verifiable …
  EXPECT_TRUE(hasher.NeedsRehash(weaker.data()));  // … but due for a re-hash
  std::array<char, crypto_pwhash_argon2i_STRBYTES> argon2i{};
  ASSERT_EQ(
      crypto_pwhash_argon2i_str(argon2i.data(), "x", 1, crypto_pwhash_argon2i_OPSLIMIT_INTERACTIVE,
                                crypto_pwhash_argon2i_MEMLIMIT_INTERACTIVE),
      0);
  EXPECT_TRUE(hasher.NeedsRehash(argon2i.data()));
  EXPECT_TRUE(hasher.NeedsRehash(""));
  EXPECT_TRUE(hasher.NeedsRehash("$2y$10$abcdefghijklmnopqrstuv"));
  EXPECT_FALSE(hasher.NeedsRehash(hasher.Hash("x")));
}

TEST(PasswordHasherTest, DummyHashIsMadeOnceAndMatchesNoGuess) {
  // Many threads asking at once all get the same string.
  std::vector<const std::string*> seen(8);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < seen.size(); ++i) {
    threads.emplace_back([&seen, i] { seen[i] = &PasswordHasher().DummyHash(); });
  }
  for (auto& t : threads) t.join();
  std::set<const std::string*> distinct(seen.begin(), seen.end());
  ASSERT_EQ(distinct.size(), 1u);
  PasswordHasher hasher;
  const std::string& dummy = hasher.DummyHash();
  EXPECT_EQ(&dummy, seen[0]);
  EXPECT_EQ(dummy.rfind("$argon2id$", 0), 0u);
  EXPECT_FALSE(hasher.NeedsRehash(dummy));  // same cost as a real user's hash
  EXPECT_FALSE(hasher.Verify(dummy, ""));
  EXPECT_FALSE(hasher.Verify(dummy, "password"));
}

}  // namespace
}  // namespace mm::services
