#include "core/random.hpp"

#include <openssl/rand.h>

#include <cstdlib>
#include <cstring>

namespace mm::core {

std::uint64_t Random::NextU64() {
  std::uint8_t b[8];
  Fill(b);
  std::uint64_t v;
  std::memcpy(&v, b, sizeof v);
  return v;
}

double Random::NextUnit() { return static_cast<double>(NextU64() >> 11) * 0x1.0p-53; }

void SystemRandom::Fill(std::span<std::uint8_t> out) {
  if (out.empty()) return;
  if (RAND_bytes(out.data(), static_cast<int>(out.size())) != 1) std::abort();
}

}  // namespace mm::core
