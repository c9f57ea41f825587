// IPv4/IPv6 CIDR blocks, for allowlists (metrics access, trusted proxies, supplier keys).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mm::core {

class Cidr {
 public:
  // "10.0.0.0/8", "::1/128", or a bare address (a single host). nullopt when malformed.
  static std::optional<Cidr> Parse(std::string_view text);
  // False for a malformed address. An IPv4-mapped IPv6 address matches IPv4 blocks.
  [[nodiscard]] bool Contains(std::string_view address) const;
  [[nodiscard]] const std::string& text() const { return text_; }

 private:
  std::array<std::uint8_t, 16> net_{};
  int bits_ = 0;  // prefix length over the 16-byte form (IPv4 uses the mapped form)
  std::string text_;
};

// True when `address` is inside any block.
[[nodiscard]] bool AnyContains(const std::vector<Cidr>& blocks, std::string_view address);

}  // namespace mm::core
