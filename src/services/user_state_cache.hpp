// What every request needs to know about its user, kept in memory per instance so that
// authentication makes no database call: active or not, the instant before which tokens are
// void (tokens_invalidados_en), and whether a password change is pending. Refreshed when the
// `usuarios` cache namespace moves (polled every `poll` on a background thread, and at once
// after a local commit), so a disable, role change or "cerrar sesiones" takes effect within
// seconds on every instance (api.md §3.1).
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <thread>
#include <unordered_map>

#include "services/context.hpp"

namespace mm::services {

struct UserState {
  bool activo = false;
  bool debe_cambiar_password = false;
  std::int64_t tokens_invalidados_s = 0;  // seconds since the epoch
};

class UserStateCache {
 public:
  explicit UserStateCache(Env& env) : env_(env) {}
  ~UserStateCache();

  // Loads every user now. Throws store::DbError when the database is down.
  void Reload();
  // Starts the background refresh (never in CLI commands).
  void StartPolling(std::chrono::milliseconds every);
  // Reloads now (or has the poller retry): call after committing a change to usuarios.
  void Invalidate();

  [[nodiscard]] std::optional<UserState> Find(const std::string& user_id) const;
  // Find, falling back to one database read for a user this instance has not loaded yet (one
  // created or changed a moment ago, before the refresh). nullopt when the user does not exist.
  [[nodiscard]] std::optional<UserState> FindOrLoad(const std::string& user_id);

 private:
  void Poll(std::chrono::milliseconds every);
  std::optional<std::int64_t> ReadVersion();

  Env& env_;
  mutable std::shared_mutex mu_;
  std::unordered_map<std::string, UserState> users_;
  std::optional<std::int64_t> version_;

  std::mutex poll_mu_;
  std::condition_variable poll_cv_;
  bool stop_ = false;
  bool dirty_ = false;
  std::thread poller_;
};

}  // namespace mm::services
