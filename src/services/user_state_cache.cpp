#include "services/user_state_cache.hpp"

#include "obs/log.hpp"
#include "services/cache_versions.hpp"

namespace mm::services {

UserStateCache::~UserStateCache() {
  {
    std::lock_guard lock(poll_mu_);
    stop_ = true;
  }
  poll_cv_.notify_all();
  if (poller_.joinable()) poller_.join();
}

std::optional<std::int64_t> UserStateCache::ReadVersion() {
  return env_.db.Read([](store::Tx& tx) -> std::optional<std::int64_t> {
    auto row = tx.QueryOne("SELECT version FROM cache_versions WHERE namespace = 'usuarios'");
    if (!row) return std::nullopt;
    return row->Int(0);
  });
}

namespace {

UserState MapState(const store::Row& r) {
  UserState s;
  s.activo = r.Bool(1);
  s.debe_cambiar_password = r.Bool(2);
  s.tokens_invalidados_s =
      std::chrono::duration_cast<std::chrono::seconds>(r.Time(3).time_since_epoch()).count();
  return s;
}

constexpr std::string_view kSelect =
    "SELECT id, activo, debe_cambiar_password, tokens_invalidados_en FROM usuarios";

}  // namespace

void UserStateCache::Reload() {
  std::unordered_map<std::string, UserState> fresh;
  std::optional<std::int64_t> version;
  env_.db.Read([&](store::Tx& tx) {
    auto v = tx.QueryOne("SELECT version FROM cache_versions WHERE namespace = 'usuarios'");
    if (v) version = v->Int(0);
    for (const auto& r : tx.Query(kSelect)) fresh.emplace(r.Text(0), MapState(r));
  });
  std::unique_lock lock(mu_);
  users_ = std::move(fresh);
  version_ = version;
}

void UserStateCache::StartPolling(std::chrono::milliseconds every) {
  poller_ = std::thread([this, every] { Poll(every); });
}

void UserStateCache::Invalidate() {
  // Inline, so the request that changed a user sees the change on this instance at once.
  try {
    Reload();
    return;
  } catch (const std::exception& e) {
    obs::Log(obs::Level::kWarn, "user_state_refresh_failed").Str("error", e.what());
  }
  {
    std::lock_guard lock(poll_mu_);
    dirty_ = true;  // the poller retries
  }
  poll_cv_.notify_all();
}

void UserStateCache::Poll(std::chrono::milliseconds every) {
  std::unique_lock lock(poll_mu_);
  while (!stop_) {
    poll_cv_.wait_for(lock, every, [&] { return stop_ || dirty_; });
    if (stop_) break;
    bool forced = dirty_;
    dirty_ = false;
    lock.unlock();
    try {
      std::optional<std::int64_t> current;
      {
        std::shared_lock read(mu_);
        current = version_;
      }
      if (forced || ReadVersion() != current) Reload();
    } catch (const std::exception& e) {
      obs::Log(obs::Level::kWarn, "user_state_refresh_failed").Str("error", e.what());
    }
    lock.lock();
  }
}

std::optional<UserState> UserStateCache::Find(const std::string& user_id) const {
  std::shared_lock lock(mu_);
  auto it = users_.find(user_id);
  if (it == users_.end()) return std::nullopt;
  return it->second;
}

}  // namespace mm::services

namespace mm::services {

std::optional<UserState> UserStateCache::FindOrLoad(const std::string& user_id) {
  if (auto s = Find(user_id)) return s;
  auto row = env_.db.Read([&](store::Tx& tx) {
    return tx.QueryOne(std::string(kSelect) + " WHERE id = $1", {user_id});
  });
  if (!row) return std::nullopt;
  UserState s = MapState(*row);
  std::unique_lock lock(mu_);
  users_[user_id] = s;
  return s;
}

}  // namespace mm::services
