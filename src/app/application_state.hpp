// The objects Application owns, shared by its translation units (application.cpp,
// user_commands.cpp). Private to app/.
#pragma once

#include <memory>

#include "app/application.hpp"
#include "app/external_issuer.hpp"
#include "core/clock.hpp"
#include "core/random.hpp"
#include "obs/metrics.hpp"
#include "resilience/circuit_breaker.hpp"
#include "services/access_tokens.hpp"
#include "services/context.hpp"
#include "services/idempotency.hpp"
#include "services/password_hasher.hpp"
#include "services/secret_box.hpp"
#include "services/sessions.hpp"
#include "services/signing_keys.hpp"
#include "services/user_state_cache.hpp"
#include "services/users.hpp"
#include "store/database.hpp"

namespace mm::app {

struct Application::State {
  core::SystemClock clock;
  core::SystemRandom random;
  obs::Metrics metrics;
  resilience::BreakerRegistry breakers{clock};  // every outbound dependency's breaker
  std::unique_ptr<store::Database> db;
  std::unique_ptr<services::Env> env;
};

struct Application::Auth {
  services::PasswordHasher hasher;
  std::unique_ptr<services::SecretBox> box;
  std::unique_ptr<services::SigningKeys> keys;
  std::unique_ptr<services::AccessTokens> tokens;
  std::unique_ptr<services::UserStateCache> user_cache;
  std::unique_ptr<services::Idempotency> idempotency;
  std::unique_ptr<services::Users> users;
  std::unique_ptr<services::Sessions> sessions;
  std::unique_ptr<ExternalIssuer> external;  // null unless auth.external.issuer is set
};

}  // namespace mm::app
