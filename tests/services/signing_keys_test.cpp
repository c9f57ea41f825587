#include "services/signing_keys.hpp"

#include <gtest/gtest.h>

#include <thread>

#include "auth_fixture.hpp"

namespace mm::services {
namespace {

class SigningKeysTest : public AuthTest {};

TEST_P(SigningKeysTest, OneActiveKeyExistsAfterStartsThatRace) {
  SigningKeys other(*env_, *box_, std::chrono::seconds(960));
  SigningKeys third(*env_, *box_, std::chrono::seconds(960));
  std::thread a([&] { other.EnsureActive(); });
  std::thread b([&] { third.EnsureActive(); });
  a.join();
  b.join();
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM signing_keys WHERE estado = 'activa'"), 1);
  EXPECT_EQ(other.Active().kid, keys_->Active().kid);
  // The private key is stored encrypted, never as PEM.
  auto sealed = db_->Read([](store::Tx& tx) {
    return tx.QueryOne("SELECT clave_privada_cifrada FROM signing_keys")->Text(0);
  });
  EXPECT_EQ(sealed.find("PRIVATE KEY"), std::string::npos);
}

TEST_P(SigningKeysTest, ARetiredKeyVerifiesUntilItsWindowEndsThenNot) {
  auto before = tokens_->Issue(admin_, core::Role::kAdmin, "s1");
  std::string old_kid = keys_->Active().kid;
  RequestMeta cli;
  std::string new_kid = keys_->Rotate(cli);
  EXPECT_NE(new_kid, old_kid);
  EXPECT_EQ(keys_->Active().kid, new_kid);
  EXPECT_EQ(keys_->Jwks().at("keys").as_array().size(), 2u);
  EXPECT_TRUE(tokens_->Verify(before).ok());
  auto after = tokens_->Issue(admin_, core::Role::kAdmin, "s2");
  EXPECT_TRUE(tokens_->Verify(after).ok());
  clock_.Advance(std::chrono::seconds(959));
  EXPECT_TRUE(keys_->PublicPem(old_kid).has_value());
  clock_.Advance(std::chrono::seconds(2));
  EXPECT_FALSE(keys_->PublicPem(old_kid).has_value());
  EXPECT_EQ(keys_->Jwks().at("keys").as_array().size(), 1u);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM audit_log WHERE accion = 'claves_rotadas'"), 1);
}

TEST_P(SigningKeysTest, AnotherInstancesRotationIsPickedUpOnAnUnknownKid) {
  SigningKeys other(*env_, *box_, std::chrono::seconds(960));
  other.EnsureActive();
  RequestMeta cli;
  std::string kid = other.Rotate(cli);
  AccessTokens other_tokens(AccessTokenOptions{}, clock_, random_, other);
  auto token = other_tokens.Issue(admin_, core::Role::kAdmin, "s");
  EXPECT_TRUE(tokens_->Verify(token).ok());  // our ring reloads for the unknown kid
  EXPECT_TRUE(keys_->PublicPem(kid).has_value());
}

TEST_P(SigningKeysTest, TheWrongMasterKeyCannotLoadTheKeys) {
  MasterKey other{};
  random_.Fill(other);
  SecretBox wrong(other);
  SigningKeys keys(*env_, wrong, std::chrono::seconds(960));
  EXPECT_THROW(keys.Reload(), std::runtime_error);
}

MM_INSTANTIATE_BACKENDS(SigningKeysTest);

}  // namespace
}  // namespace mm::services
