#include "services/master_key.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "support/test_env.hpp"

namespace mm::services {
namespace {

namespace fs = std::filesystem;
using core::ErrorCode;

// 32 bytes 00 01 … 1f.
constexpr std::string_view kKeyB64 = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

MasterKey Counting() {
  MasterKey k{};
  for (std::size_t i = 0; i < k.size(); ++i) k[i] = static_cast<std::uint8_t>(i);
  return k;
}

// Fills with a fixed byte, so a created key is predictable.
class FixedRandom final : public core::Random {
 public:
  explicit FixedRandom(std::uint8_t b) : b_(b) {}
  void Fill(std::span<std::uint8_t> out) override {
    for (auto& x : out) x = b_;
  }

 private:
  std::uint8_t b_;
};

class MasterKeyTest : public ::testing::Test {
 protected:
  fs::path WriteKeyFile(std::string_view name, std::string_view content, mode_t mode) {
    fs::path p = fs::path(dir_.path()) / name;
    std::ofstream(p) << content;
    EXPECT_EQ(::chmod(p.c_str(), mode), 0);
    return p;
  }
  static mode_t ModeOf(const fs::path& p) {
    struct stat st {};
    EXPECT_EQ(::stat(p.c_str(), &st), 0);
    return st.st_mode & 0777;
  }

  testing::TempDir dir_;
  FixedRandom random_{0xAB};
};

TEST_F(MasterKeyTest, Base64ValueOf32BytesIsDecoded) {
  auto key = LoadMasterKey(kKeyB64, {}, {}, random_);
  ASSERT_TRUE(key.ok()) << key.error().message;
  EXPECT_EQ(*key, Counting());
  auto padded = DecodeMasterKey("  " + std::string(kKeyB64) + "\n");
  ASSERT_TRUE(padded.ok());
  EXPECT_EQ(*padded, Counting());
}

TEST_F(MasterKeyTest, Base64OfAnotherLengthOrNotBase64IsRefused) {
  for (std::string_view bad : {"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHg==",  // 31 bytes
                               "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8g",  // 33 bytes
                               "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8",   // no padding
                               "AAECAwQFBgcICQoLDA0ODx!REhMUFRYXGBkaGxwdHh8=",  // bad char
                               "   "}) {
    auto key = LoadMasterKey(bad, {}, {}, random_);
    ASSERT_FALSE(key.ok()) << bad;
    EXPECT_EQ(key.error().code, ErrorCode::kInternalError);
    EXPECT_NE(key.error().message.find("32 bytes"), std::string::npos);
    EXPECT_EQ(key.error().message.find(bad), std::string::npos);  // never echoes the secret
  }
}

TEST_F(MasterKeyTest, FileReadableByGroupOrOthersIsRefused) {
  for (mode_t mode : {0644, 0640, 0604, 0660}) {
    fs::path p = WriteKeyFile("master.key", kKeyB64, mode);
    auto key = LoadMasterKey({}, p, {}, random_);
    ASSERT_FALSE(key.ok()) << std::oct << mode;
    EXPECT_NE(key.error().message.find("0600"), std::string::npos) << key.error().message;
  }
}

TEST_F(MasterKeyTest, FileWithMode0600OrStricterIsRead) {
  for (mode_t mode : {0600, 0400}) {
    fs::path p = WriteKeyFile("master.key", std::string(kKeyB64) + "\n", mode);
    auto key = LoadMasterKey({}, p, {}, random_);
    ASSERT_TRUE(key.ok()) << key.error().message;
    EXPECT_EQ(*key, Counting());
    ASSERT_EQ(::chmod(p.c_str(), 0600), 0);
  }
}

TEST_F(MasterKeyTest, MissingOrBadFileIsAnError) {
  auto missing = LoadMasterKey({}, fs::path(dir_.path()) / "no-existe.key", {}, random_);
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().message.find("No se encontró"), std::string::npos);
  auto bad = LoadMasterKey({}, WriteKeyFile("bad.key", "corto", 0600), {}, random_);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("32 bytes"), std::string::npos);
  auto dir = LoadMasterKey({}, fs::path(dir_.path()), {}, random_);
  EXPECT_FALSE(dir.ok());
}

TEST_F(MasterKeyTest, Base64ValueWinsOverTheFile) {
  fs::path p = WriteKeyFile("master.key", "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh4=", 0600);
  auto key = LoadMasterKey(kKeyB64, p, {}, random_);
  ASSERT_TRUE(key.ok());
  EXPECT_EQ(*key, Counting());
}

TEST_F(MasterKeyTest, CreatesTheFileWithMode0600OnlyWhenAsked) {
  fs::path p = fs::path(dir_.path()) / "var" / "sub" / "master.key";
  auto none = LoadMasterKey({}, {}, {}, random_);
  ASSERT_FALSE(none.ok());
  EXPECT_NE(none.error().message.find("secrets.master_key"), std::string::npos);
  EXPECT_FALSE(fs::exists(p));

  ::mode_t old = ::umask(0);  // even a permissive umask must not widen the mode
  auto created = LoadMasterKey({}, {}, p, random_);
  ::umask(old);
  ASSERT_TRUE(created.ok()) << created.error().message;
  MasterKey expected{};
  expected.fill(0xAB);
  EXPECT_EQ(*created, expected);
  ASSERT_TRUE(fs::exists(p));
  EXPECT_EQ(ModeOf(p), 0600u);

  // Later starts read the same file instead of making a new key.
  FixedRandom other(0x11);
  auto again = LoadMasterKey({}, {}, p, other);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, expected);
  // The file holds base64 text, readable through the file setting too.
  auto via_file = LoadMasterKey({}, p, {}, other);
  ASSERT_TRUE(via_file.ok());
  EXPECT_EQ(*via_file, expected);
}

TEST_F(MasterKeyTest, ExistingDevelopmentFileStillNeedsMode0600) {
  fs::path p = WriteKeyFile("master.key", kKeyB64, 0644);
  auto key = LoadMasterKey({}, {}, p, random_);
  EXPECT_FALSE(key.ok());
}

}  // namespace
}  // namespace mm::services
