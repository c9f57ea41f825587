// Randomness is an effect behind an interface (conventions.md 6): production uses the operating
// system's CSPRNG, tests may use a seeded source.
#pragma once

#include <cstdint>
#include <span>

namespace mm::core {

class Random {
 public:
  virtual ~Random() = default;
  // Fills `out` with random bytes. Thread-safe.
  virtual void Fill(std::span<std::uint8_t> out) = 0;
  std::uint64_t NextU64();
  // Uniform in [0, 1).
  double NextUnit();
};

// OpenSSL's RAND_bytes (the OS CSPRNG). Aborts the process if it ever fails.
class SystemRandom final : public Random {
 public:
  void Fill(std::span<std::uint8_t> out) override;
};

}  // namespace mm::core
