// An in-memory JwksSource for service tests: serves a document or fails, counts fetches, and can
// hold fetches until released (to show concurrent lookups share one fetch).
#pragma once

#include <condition_variable>
#include <mutex>
#include <string>

#include <boost/json/serialize.hpp>

#include "services/jwks_cache.hpp"

namespace mm::services {

class FakeJwksSource final : public JwksSource {
 public:
  void Serve(const boost::json::object& jwks) {
    std::lock_guard lock(mu_);
    body_ = boost::json::serialize(jwks);
    fail_ = false;
  }
  void ServeText(std::string body) {
    std::lock_guard lock(mu_);
    body_ = std::move(body);
    fail_ = false;
  }
  void Fail() {
    std::lock_guard lock(mu_);
    fail_ = true;
  }
  void Hold(bool hold) {
    {
      std::lock_guard lock(mu_);
      hold_ = hold;
    }
    cv_.notify_all();
  }
  int fetches() {
    std::lock_guard lock(mu_);
    return fetches_;
  }

  core::Result<std::string> Fetch() override {
    std::unique_lock lock(mu_);
    ++fetches_;
    cv_.wait(lock, [&] { return !hold_; });
    if (fail_) return core::Error(core::ErrorCode::kDependencyUnavailable);
    return body_;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::string body_ = R"({"keys":[]})";
  bool fail_ = false;
  bool hold_ = false;
  int fetches_ = 0;
};

}  // namespace mm::services
