// Cost of authenticating a request (hardening.md WS4: target < 50 µs per verification, median and
// p99) and of the password hash. Each benchmark times every iteration, so besides the mean per
// repetition it reports per-request percentiles (p50_us, p99_us); repetitions then add the median
// and p99 across repetitions.
//   ./build/bench/mm_token_bench [--benchmark_filter=Verify]
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/random.hpp"
#include "services/access_tokens.hpp"
#include "services/es256_key.hpp"
#include "services/password_hasher.hpp"

namespace {

using mm::services::AccessTokens;

// Like SigningKeys once loaded: a mutex and an in-memory map.
class MemoryKeyRing final : public mm::services::KeyRing {
 public:
  MemoryKeyRing() : pair_(mm::services::GenerateEs256()) {}
  std::optional<std::string> PublicPem(std::string_view kid) override {
    std::lock_guard lock(mu_);
    if (kid != "k1") return std::nullopt;
    return pair_.public_pem;
  }
  mm::services::SigningKey Active() override {
    std::lock_guard lock(mu_);
    return {"k1", pair_.private_pem};
  }

 private:
  std::mutex mu_;
  mm::services::Es256KeyPair pair_;
};

struct World {
  mm::core::SystemClock clock;
  mm::core::SystemRandom random;
  MemoryKeyRing keys;
  AccessTokens cached{{}, clock, random, keys};
  AccessTokens uncached{Uncached(), clock, random, keys};
  std::string token = cached.Issue("3f8e2a1c-5b7d-4e9f-a2c4-6d8b0e1f3a5c", mm::core::Role::kVentas,
                                   "9c1d3e5f-7a9b-4c2d-8e0f-1a3b5c7d9e0f");

  static AccessTokens::Options Uncached() {
    AccessTokens::Options o;
    o.cache_entries = 0;
    return o;
  }
};

World& TheWorld() {
  static World world;
  return world;
}

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  auto rank = static_cast<std::size_t>(std::ceil(p * static_cast<double>(v.size())));
  return v[std::clamp<std::size_t>(rank, 1, v.size()) - 1];
}

double P99(const std::vector<double>& v) { return Percentile(v, 0.99); }

// Runs `op` once per iteration, timing each call; reports p50/p99 in microseconds.
template <typename Op>
void TimeEach(benchmark::State& state, Op&& op) {
  std::vector<double> us;
  us.reserve(1 << 16);
  for (auto _ : state) {
    auto start = std::chrono::steady_clock::now();
    op();
    auto end = std::chrono::steady_clock::now();
    us.push_back(std::chrono::duration<double, std::micro>(end - start).count());
  }
  state.counters["p50_us"] =
      benchmark::Counter(Percentile(us, 0.50), benchmark::Counter::kAvgThreads);
  state.counters["p99_us"] =
      benchmark::Counter(Percentile(us, 0.99), benchmark::Counter::kAvgThreads);
}

void Check(const mm::core::Result<mm::services::VerifiedToken>& r, benchmark::State& state) {
  if (!r.ok()) state.SkipWithError("verification failed");
}

// Every call does the full work: header, libjwt ES256 signature check, claims.
void BM_VerifyCold(benchmark::State& state) {
  World& w = TheWorld();
  TimeEach(state, [&] {
    auto r = w.uncached.Verify(w.token);
    Check(r, state);
    benchmark::DoNotOptimize(r);
  });
}

// A token seen before: SHA-256, cache lookup, expiry and kid re-checks.
void BM_VerifyWarm(benchmark::State& state) {
  World& w = TheWorld();
  (void)w.cached.Verify(w.token);
  TimeEach(state, [&] {
    auto r = w.cached.Verify(w.token);
    Check(r, state);
    benchmark::DoNotOptimize(r);
  });
}

// Signing a token (login and refresh).
void BM_Issue(benchmark::State& state) {
  World& w = TheWorld();
  TimeEach(state,
           [&] { benchmark::DoNotOptimize(w.cached.Issue("u", mm::core::Role::kAdmin, "s")); });
}

void BM_PasswordHash(benchmark::State& state) {
  mm::services::PasswordHasher hasher;
  TimeEach(state, [&] { benchmark::DoNotOptimize(hasher.Hash("caballo-Bateria-grapa-9")); });
}

void BM_PasswordVerify(benchmark::State& state) {
  mm::services::PasswordHasher hasher;
  std::string hash = hasher.Hash("caballo-Bateria-grapa-9");
  TimeEach(state, [&] {
    if (!hasher.Verify(hash, "caballo-Bateria-grapa-9")) state.SkipWithError("verify failed");
  });
}

BENCHMARK(BM_VerifyCold)
    ->Unit(benchmark::kMicrosecond)
    ->Repetitions(10)
    ->ComputeStatistics("p99", P99)
    ->ReportAggregatesOnly(true);
BENCHMARK(BM_VerifyWarm)
    ->Unit(benchmark::kMicrosecond)
    ->Repetitions(10)
    ->ComputeStatistics("p99", P99)
    ->ReportAggregatesOnly(true)
    ->Threads(1)
    ->Threads(8)
    ->UseRealTime();
BENCHMARK(BM_Issue)
    ->Unit(benchmark::kMicrosecond)
    ->Repetitions(5)
    ->ComputeStatistics("p99", P99)
    ->ReportAggregatesOnly(true);
BENCHMARK(BM_PasswordHash)
    ->Unit(benchmark::kMillisecond)
    ->Iterations(5)
    ->Repetitions(5)
    ->ComputeStatistics("p99", P99)
    ->ReportAggregatesOnly(true);
BENCHMARK(BM_PasswordVerify)
    ->Unit(benchmark::kMillisecond)
    ->Iterations(5)
    ->Repetitions(5)
    ->ComputeStatistics("p99", P99)
    ->ReportAggregatesOnly(true);

}  // namespace
