// Glue between HTTP requests and the idempotency layer (services/idempotency.hpp), shared by
// every route that takes an Idempotency-Key.
#pragma once

#include <optional>
#include <string>

#include "api/reply.hpp"
#include "api/request.hpp"
#include "services/idempotency.hpp"

namespace mm::api {

// The principal an idempotency key is scoped to: the user, else "anon".
[[nodiscard]] std::string IdempotencyPrincipal(const Request& req);
// SHA-256 over method, concrete path, canonical query and canonical JSON body (api.md §1.6).
[[nodiscard]] std::string RequestFingerprint(const Request& req);
// The key record for this request, or nullopt when it carries no Idempotency-Key.
[[nodiscard]] std::optional<services::IdempotencyKey> KeyFor(const Request& req);
// Turns the layer's answer into the handler's reply (replay headers, Location).
[[nodiscard]] Reply ToReply(core::Result<services::IdempotentReply> r,
                            const std::string& location_prefix);

}  // namespace mm::api
