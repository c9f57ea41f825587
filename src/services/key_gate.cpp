#include "services/key_gate.hpp"

namespace mm::services {

class KeyGate::Entry {
 public:
  std::timed_mutex mutex;
  int users = 0;  // guarded by KeyGate::mu_
  std::mutex result_mu;
  std::optional<StoredResponse> committed;
};

KeyGate::Hold::Hold(KeyGate* gate, std::string key, std::shared_ptr<Entry> entry)
    : gate_(gate), key_(std::move(key)), entry_(std::move(entry)) {}

KeyGate::Hold::Hold(Hold&& other) noexcept
    : gate_(other.gate_), key_(std::move(other.key_)), entry_(std::move(other.entry_)) {
  other.gate_ = nullptr;
}

KeyGate::Hold::~Hold() {
  if (!gate_ || !entry_) return;
  entry_->mutex.unlock();
  gate_->Release(key_, entry_);
}

std::optional<StoredResponse> KeyGate::Hold::Committed() const {
  std::lock_guard lock(entry_->result_mu);
  return entry_->committed;
}

void KeyGate::Hold::SetCommitted(StoredResponse response) {
  std::lock_guard lock(entry_->result_mu);
  entry_->committed = std::move(response);
}

std::optional<KeyGate::Hold> KeyGate::Enter(const std::string& key,
                                            std::chrono::steady_clock::time_point until) {
  std::shared_ptr<Entry> entry;
  {
    std::lock_guard lock(mu_);
    auto& slot = entries_[key];
    if (!slot) slot = std::make_shared<Entry>();
    entry = slot;
    ++entry->users;
  }
  if (!entry->mutex.try_lock_until(until)) {
    Release(key, entry);
    return std::nullopt;
  }
  return Hold(this, key, std::move(entry));
}

void KeyGate::Release(const std::string& key, const std::shared_ptr<Entry>& entry) {
  std::lock_guard lock(mu_);
  if (--entry->users == 0) {
    auto it = entries_.find(key);
    if (it != entries_.end() && it->second == entry) entries_.erase(it);
  }
}

std::size_t KeyGate::size() const {
  std::lock_guard lock(mu_);
  return entries_.size();
}

}  // namespace mm::services
