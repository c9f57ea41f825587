#include "services/password_policy.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

namespace mm::services {
namespace {

using core::ErrorCode;

constexpr std::string_view kEmail = "ana.perez@minimarket.com.ar";

// The message of a PASSWORD_TOO_WEAK failure; fails the test on any other outcome.
std::string WeakBecause(std::string_view password, std::string_view email = kEmail,
                        std::optional<std::string_view> current = std::nullopt) {
  auto status = CheckNewPassword(password, email, current);
  EXPECT_FALSE(status.ok()) << password;
  if (status.ok()) return {};
  EXPECT_EQ(status.error().code, ErrorCode::kPasswordTooWeak) << password;
  return status.error().message;
}

TEST(PasswordPolicyTest, StrongPassphraseIsAccepted) {
  EXPECT_TRUE(CheckNewPassword("caballo-Bateria-grapa-9", kEmail).ok());
  EXPECT_TRUE(CheckNewPassword("Tomate, cebolla y 3 limones", kEmail, "otra-clave-vieja").ok());
}

TEST(PasswordPolicyTest, DictionaryWordIsTooWeak) {
  std::string why = WeakBecause("password123");
  EXPECT_NE(why.find("diccionario"), std::string::npos) << why;
}

TEST(PasswordPolicyTest, KeyboardRowIsTooWeak) {
  std::string why = WeakBecause("qwertyuiop");
  EXPECT_NE(why.find("demasiado común"), std::string::npos) << why;
}

TEST(PasswordPolicyTest, CracklibReasonsAreGivenInSpanish) {
  std::string sequence = WeakBecause("1234567890");
  EXPECT_NE(sequence.find("simple o sistemática"), std::string::npos) << sequence;
  std::string repeated = WeakBecause("aaaaaaaaaaaa");
  EXPECT_NE(repeated.find("caracteres distintos"), std::string::npos) << repeated;
  std::string reversed = WeakBecause("drowssap123");
  EXPECT_NE(reversed.find("al revés"), std::string::npos) << reversed;
}

TEST(PasswordPolicyTest, ShorterThanTenCodePointsIsTooWeak) {
  // "ñandú1234" is 11 bytes but 9 code points.
  std::string why = WeakBecause("ñandú1234");
  EXPECT_NE(why.find("al menos 10 caracteres"), std::string::npos) << why;
  EXPECT_NE(WeakBecause("Ab3$x").find("al menos 10"), std::string::npos);
  // 10 code points with ñ pass the length rule (and this one the rest).
  EXPECT_TRUE(CheckNewPassword("ñu-Gato-7ñ", kEmail).ok());
}

TEST(PasswordPolicyTest, LongerThan128CodePointsIsTooWeak) {
  std::string base = "Ñandú-veloz-";  // 12 code points, 14 bytes
  std::string text;
  while (text.size() < 400) text += base;
  auto take = [&](std::size_t code_points) {
    std::string out;
    std::size_t n = 0;
    for (char c : text) {
      bool starts = (static_cast<unsigned char>(c) & 0xC0) != 0x80;
      if (starts && n++ == code_points) break;
      out.push_back(c);
    }
    return out;
  };
  std::string at_limit = take(128);
  ASSERT_GT(at_limit.size(), 128u);  // more bytes than code points
  EXPECT_TRUE(CheckNewPassword(at_limit, kEmail).ok());
  std::string why = WeakBecause(take(129));
  EXPECT_NE(why.find("como máximo 128"), std::string::npos) << why;
}

TEST(PasswordPolicyTest, EqualToTheEmailIsTooWeak) {
  std::string why = WeakBecause("Ana.Perez@MiniMarket.com.ar");
  EXPECT_NE(why.find("email"), std::string::npos) << why;
}

TEST(PasswordPolicyTest, EqualToTheEmailLocalPartIsTooWeak) {
  std::string email = "maria.gonzalez.2024@tienda.com.ar";
  std::string why = WeakBecause("Maria.Gonzalez.2024", email);
  EXPECT_NE(why.find("email"), std::string::npos) << why;
  // Containing the local part is not the same as being it.
  EXPECT_TRUE(CheckNewPassword("maria.gonzalez.2024-Kiosco!", email).ok());
}

TEST(PasswordPolicyTest, EqualToTheCurrentPasswordIsTooWeak) {
  std::string why = WeakBecause("caballo-Bateria-grapa-9", kEmail, "caballo-Bateria-grapa-9");
  EXPECT_NE(why.find("distinta de la actual"), std::string::npos) << why;
}

TEST(PasswordPolicyTest, ConcurrentChecksGiveTheSameAnswers) {
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 25; ++i) {
        if (!CheckNewPassword("caballo-Bateria-grapa-9", kEmail).ok()) ++wrong;
        if (CheckNewPassword("password123", kEmail).ok()) ++wrong;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(wrong.load(), 0);
}

}  // namespace
}  // namespace mm::services
