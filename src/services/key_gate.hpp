// In-memory serialisation of requests that share an idempotency (scope, principal, key)
// (decision 27): a duplicate waits here, before it takes a database connection, so a storm of
// duplicates holds at most one connection. The first request's committed response is kept while
// others wait, so they can be answered without touching the database.
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace mm::services {

struct StoredResponse {
  int status = 200;
  std::string data_json;    // the envelope's data, serialised
  std::string resource_id;  // for the Location header of a 201
  std::string original_request_id;
  std::string fingerprint;
};

class KeyGate {
 public:
  class Entry;

  // Holds the gate for one key until destroyed.
  class Hold {
   public:
    Hold(KeyGate* gate, std::string key, std::shared_ptr<Entry> entry);
    Hold(Hold&& other) noexcept;
    ~Hold();
    Hold(const Hold&) = delete;
    Hold& operator=(const Hold&) = delete;
    Hold& operator=(Hold&&) = delete;

    // A response committed by an earlier holder of this key, if one finished while we waited.
    [[nodiscard]] std::optional<StoredResponse> Committed() const;
    // Records this holder's committed response for the waiters behind it.
    void SetCommitted(StoredResponse response);

   private:
    KeyGate* gate_;
    std::string key_;
    std::shared_ptr<Entry> entry_;
  };

  // Waits for the key until `until`; nullopt when the time ran out.
  std::optional<Hold> Enter(const std::string& key, std::chrono::steady_clock::time_point until);

  [[nodiscard]] std::size_t size() const;

 private:
  void Release(const std::string& key, const std::shared_ptr<Entry>& entry);

  mutable std::mutex mu_;
  std::unordered_map<std::string, std::shared_ptr<Entry>> entries_;
};

}  // namespace mm::services
