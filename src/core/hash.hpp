// Pure hashing helpers over OpenSSL (no I/O).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace mm::core {

using Sha256Digest = std::array<std::uint8_t, 32>;

[[nodiscard]] Sha256Digest Sha256(std::string_view data);
[[nodiscard]] std::string Sha256Hex(std::string_view data);
[[nodiscard]] std::string HexEncode(std::string_view bytes);

}  // namespace mm::core
