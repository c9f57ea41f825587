// Pure hashing helpers over OpenSSL (no I/O).
#pragma once

#include <string>
#include <string_view>

namespace mm::core {

[[nodiscard]] std::string Sha256Hex(std::string_view data);
[[nodiscard]] std::string HexEncode(std::string_view bytes);

}  // namespace mm::core
