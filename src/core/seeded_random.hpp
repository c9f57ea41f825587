// A deterministic Random for reproducible data (the demo data, property tests): the same seed
// gives the same bytes on every machine (std::mt19937_64 is fully specified).
#pragma once

#include <cstdint>
#include <mutex>
#include <random>

#include "core/random.hpp"

namespace mm::core {

class SeededRandom final : public Random {
 public:
  explicit SeededRandom(std::uint64_t seed) : gen_(seed) {}
  void Fill(std::span<std::uint8_t> out) override;
  // Uniform integer in [lo, hi] (lo ≤ hi), without std distributions (those differ by library).
  std::int64_t Between(std::int64_t lo, std::int64_t hi);

 private:
  std::mutex mu_;
  std::mt19937_64 gen_;
};

}  // namespace mm::core
