// Login, refresh-token rotation, logout and password change (api.md §3.1, §3.3, §3.4).
//
// Refresh tokens are opaque ("mmr_" + 43 base64url characters, 256 random bits); only their
// SHA-256 is stored. Each refresh marks the token used and issues its successor in the same
// session. A used token presented again revokes the whole session (401 REFRESH_TOKEN_REUSED,
// audited), except within the grace window after its rotation (two tabs racing), where it is
// only refused (REFRESH_TOKEN_INVALID).
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "core/result.hpp"
#include "services/access_tokens.hpp"
#include "services/context.hpp"
#include "services/login_lockout.hpp"
#include "services/password_hasher.hpp"
#include "services/user_state_cache.hpp"
#include "services/user_store.hpp"

namespace mm::services {

struct SessionOptions {
  std::chrono::seconds refresh_idle{8 * 3600};
  std::chrono::seconds session_max{24 * 3600};
  std::chrono::seconds reuse_grace{10};
  std::chrono::seconds access_ttl{900};
  bool local_enabled = true;
  LockoutOptions lockout;
};

struct SessionTokens {
  std::string access_token;
  std::int64_t expires_in = 0;
  std::string refresh_token;
  std::int64_t refresh_expires_in = 0;
  std::string session_id;
  UserRow user;
};

class Sessions {
 public:
  Sessions(Env& env, const PasswordHasher& hasher, AccessTokens& tokens, UserStateCache& users,
           SessionOptions options);

  // INVALID_CREDENTIALS (401) with one message whatever the cause; LOGIN_LOCKED (429) with
  // retry_after_s while the email is locked.
  core::Result<SessionTokens> Login(const RequestMeta& meta, const std::string& email,
                                    const std::string& password);
  core::Result<SessionTokens> Refresh(const RequestMeta& meta, const std::string& refresh_token);
  // Revokes the refresh token's session, or else the given session id. Unknown tokens: no-op.
  void Logout(const RequestMeta& meta, const std::optional<std::string>& refresh_token,
              const std::string& session_id);
  // Own password change: revokes every other session and returns fresh tokens for this one.
  core::Result<SessionTokens> ChangePassword(const RequestMeta& meta, const std::string& current,
                                             const std::string& next);

  // A new session for `user` (login, and the password change's replacement).
  SessionTokens OpenSession(store::Tx& tx, const UserRow& user, const RequestMeta& meta,
                            const std::string& session_id = {});

  [[nodiscard]] const SessionOptions& options() const { return options_; }

 private:
  std::string NewRefreshToken();

  Env& env_;
  const PasswordHasher& hasher_;
  AccessTokens& tokens_;
  UserStateCache& users_;
  SessionOptions options_;
  LoginLockout lockout_;
};

}  // namespace mm::services
