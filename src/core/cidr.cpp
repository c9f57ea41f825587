#include "core/cidr.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <charconv>
#include <cstring>

namespace mm::core {
namespace {

// Parses an address into its 16-byte form; IPv4 becomes ::ffff:a.b.c.d. Returns false when bad.
bool ToBytes(std::string_view text, std::array<std::uint8_t, 16>& out, bool& v4) {
  std::string s(text);
  in_addr a4{};
  if (inet_pton(AF_INET, s.c_str(), &a4) == 1) {
    out.fill(0);
    out[10] = 0xff;
    out[11] = 0xff;
    std::memcpy(out.data() + 12, &a4, 4);
    v4 = true;
    return true;
  }
  in6_addr a6{};
  if (inet_pton(AF_INET6, s.c_str(), &a6) == 1) {
    std::memcpy(out.data(), &a6, 16);
    v4 = false;
    return true;
  }
  return false;
}

}  // namespace

std::optional<Cidr> Cidr::Parse(std::string_view text) {
  Cidr c;
  c.text_ = std::string(text);
  auto slash = text.find('/');
  std::string_view addr = text.substr(0, slash);
  bool v4 = false;
  if (!ToBytes(addr, c.net_, v4)) return std::nullopt;
  int max_bits = v4 ? 32 : 128;
  int bits = max_bits;
  if (slash != std::string_view::npos) {
    std::string_view b = text.substr(slash + 1);
    auto [p, ec] = std::from_chars(b.data(), b.data() + b.size(), bits);
    if (ec != std::errc() || p != b.data() + b.size() || bits < 0 || bits > max_bits) {
      return std::nullopt;
    }
  }
  c.bits_ = v4 ? bits + 96 : bits;
  // Clear host bits so Contains compares prefixes only.
  for (int i = 0; i < 16; ++i) {
    int keep = std::clamp(c.bits_ - i * 8, 0, 8);
    c.net_[i] &= static_cast<std::uint8_t>(keep == 8 ? 0xff : (0xff << (8 - keep)) & 0xff);
  }
  return c;
}

bool Cidr::Contains(std::string_view address) const {
  std::array<std::uint8_t, 16> a{};
  bool v4 = false;
  if (!ToBytes(address, a, v4)) return false;
  for (int i = 0; i < 16; ++i) {
    int keep = std::clamp(bits_ - i * 8, 0, 8);
    auto mask = static_cast<std::uint8_t>(keep == 8 ? 0xff : (0xff << (8 - keep)) & 0xff);
    if ((a[i] & mask) != net_[i]) return false;
  }
  return true;
}

bool AnyContains(const std::vector<Cidr>& blocks, std::string_view address) {
  for (const auto& b : blocks) {
    if (b.Contains(address)) return true;
  }
  return false;
}

}  // namespace mm::core
