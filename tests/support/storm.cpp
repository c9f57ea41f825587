#include "support/storm.hpp"

#include <gtest/gtest.h>

#include <thread>

namespace mm::testing {

void RunThreads(int n, const std::function<void(int)>& worker) {
  std::vector<std::thread> threads;
  threads.reserve(n);
  for (int t = 0; t < n; ++t) threads.emplace_back(worker, t);
  for (auto& th : threads) th.join();
}

std::string ReportStatuses(const std::map<std::string, int>& statuses,
                           const std::vector<std::string>& unexpected) {
  std::string summary;
  for (const auto& [s, n] : statuses) summary += s + "=" + std::to_string(n) + " ";
  ::testing::Test::RecordProperty("estados", summary);
  EXPECT_TRUE(unexpected.empty()) << summary << "\n" << (unexpected.empty() ? "" : unexpected[0]);
  return summary;
}

}  // namespace mm::testing
