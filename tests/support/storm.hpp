// What the storm tests share: running the client threads, and reporting the answers they saw.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace mm::testing {

// Runs worker(0) … worker(n − 1) on n threads at once and waits for all of them.
void RunThreads(int n, const std::function<void(int)>& worker);

// The storm's answers as "answer=count …", recorded as the test property `estados` and returned
// for further messages. Fails the test when `unexpected` (the bodies of answers the storm may not
// see) is not empty, showing the first.
std::string ReportStatuses(const std::map<std::string, int>& statuses,
                           const std::vector<std::string>& unexpected);

}  // namespace mm::testing
