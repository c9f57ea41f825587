#include "core/seeded_random.hpp"

namespace mm::core {

void SeededRandom::Fill(std::span<std::uint8_t> out) {
  std::lock_guard lock(mu_);
  std::size_t i = 0;
  while (i < out.size()) {
    std::uint64_t v = gen_();
    for (int b = 0; b < 8 && i < out.size(); ++b, ++i)
      out[i] = static_cast<std::uint8_t>(v >> (8 * b));
  }
}

std::int64_t SeededRandom::Between(std::int64_t lo, std::int64_t hi) {
  std::uint64_t span = static_cast<std::uint64_t>(hi - lo) + 1;
  return lo + static_cast<std::int64_t>(NextU64() % span);
}

}  // namespace mm::core
