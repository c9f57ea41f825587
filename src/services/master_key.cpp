#include "services/master_key.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <fstream>
#include <sstream>
#include <string>

namespace mm::services {
namespace {

namespace fs = std::filesystem;

core::Error Fail(std::string message) {
  return core::Error(core::ErrorCode::kInternalError, std::move(message));
}

std::string_view Trim(std::string_view s) {
  constexpr std::string_view kSpace = " \t\r\n";
  auto first = s.find_first_not_of(kSpace);
  if (first == std::string_view::npos) return {};
  return s.substr(first, s.find_last_not_of(kSpace) - first + 1);
}

// Mode and type first, so a readable-by-others key is refused before it is even read.
core::Result<MasterKey> ReadKeyFile(const fs::path& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    return Fail("No se encontró el archivo de la clave maestra " + path.string() + ".");
  }
  if (!S_ISREG(st.st_mode)) {
    return Fail("La clave maestra " + path.string() + " no es un archivo regular.");
  }
  if ((st.st_mode & 077) != 0) {
    return Fail("El archivo de la clave maestra " + path.string() +
                " no puede ser legible por el grupo ni por otros usuarios: usá permisos 0600.");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in.is_open()) {
    return Fail("No se pudo leer el archivo de la clave maestra " + path.string() + ".");
  }
  std::ostringstream text;
  text << in.rdbuf();
  std::string content = text.str();
  auto key = DecodeMasterKey(content);
  sodium_memzero(content.data(), content.size());
  if (!key.ok()) {
    return Fail("El archivo de la clave maestra " + path.string() +
                " no contiene 32 bytes en base64.");
  }
  return key;
}

core::Result<MasterKey> CreateKeyFile(const fs::path& path, core::Random& random) {
  std::error_code ec;
  if (path.has_parent_path()) {
    fs::create_directories(path.parent_path(), ec);
    if (ec) {
      return Fail("No se pudo crear la carpeta de la clave maestra " + path.parent_path().string() +
                  ".");
    }
  }
  MasterKey key{};
  random.Fill(key);
  std::array<char, sodium_base64_ENCODED_LEN(kMasterKeyBytes, sodium_base64_VARIANT_ORIGINAL)>
      b64{};
  sodium_bin2base64(b64.data(), b64.size(), key.data(), key.size(), sodium_base64_VARIANT_ORIGINAL);
  std::string line = std::string(b64.data()) + "\n";
  sodium_memzero(b64.data(), b64.size());

  // O_EXCL: two instances starting together never overwrite each other's key; the loser reads
  // the winner's file.
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    sodium_memzero(line.data(), line.size());
    if (errno == EEXIST) return ReadKeyFile(path);
    return Fail("No se pudo crear el archivo de la clave maestra " + path.string() + ".");
  }
  bool ok = ::fchmod(fd, 0600) == 0 &&
            ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size()) &&
            ::fsync(fd) == 0;
  ok = ::close(fd) == 0 && ok;
  sodium_memzero(line.data(), line.size());
  if (!ok) {
    fs::remove(path, ec);
    return Fail("No se pudo escribir el archivo de la clave maestra " + path.string() + ".");
  }
  return key;
}

}  // namespace

core::Result<MasterKey> DecodeMasterKey(std::string_view base64) {
  std::string_view text = Trim(base64);
  MasterKey key{};
  std::size_t len = 0;
  const char* end = nullptr;
  if (text.empty() ||
      sodium_base642bin(key.data(), key.size(), text.data(), text.size(), nullptr, &len, &end,
                        sodium_base64_VARIANT_ORIGINAL) != 0 ||
      end != text.data() + text.size() || len != kMasterKeyBytes) {
    sodium_memzero(key.data(), key.size());
    return Fail("La clave maestra (secrets.master_key) tiene que ser base64 de 32 bytes.");
  }
  return key;
}

core::Result<MasterKey> LoadMasterKey(std::string_view base64_value, const fs::path& file_path,
                                      const fs::path& create_if_missing_path,
                                      core::Random& random) {
  if (!base64_value.empty()) return DecodeMasterKey(base64_value);
  if (!file_path.empty()) return ReadKeyFile(file_path);
  if (!create_if_missing_path.empty()) {
    std::error_code ec;
    if (fs::exists(create_if_missing_path, ec)) return ReadKeyFile(create_if_missing_path);
    return CreateKeyFile(create_if_missing_path, random);
  }
  return Fail(
      "No hay clave maestra: configurá secrets.master_key (MM_SECRETS_MASTER_KEY) o "
      "secrets.master_key_file (MM_SECRETS_MASTER_KEY_FILE).");
}

}  // namespace mm::services
