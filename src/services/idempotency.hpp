// The generic idempotency layer (architecture.md §5, api.md §1.6, decisions 27 and 31).
//
// Every state-changing operation a client may retry runs through Idempotency::Run. With a key,
// the key is claimed first thing inside the operation's transaction, before any business read:
//  - same key and fingerprint, already committed → the stored status and data are replayed;
//  - same key, different fingerprint → 422 IDEMPOTENCY_KEY_REUSED;
//  - otherwise the effect runs and its 2xx outcome is stored in the same transaction.
// A 4xx or 5xx leaves no record. Same-key requests of this process queue in memory (KeyGate)
// before they take a connection; across processes the key's UNIQUE index makes the later one
// wait for the first transaction and then see its row.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>

#include <boost/json/value.hpp>

#include "core/result.hpp"
#include "services/context.hpp"
#include "services/key_gate.hpp"
#include "store/tx.hpp"

namespace mm::services {

struct IdempotencyKey {
  std::string scope;        // the route, e.g. "POST /api/reservas"
  std::string principal;    // user id or supplier key id
  std::string key;          // the client's Idempotency-Key
  std::string fingerprint;  // SHA-256 of method, path, canonical query and canonical body
};

// What an operation produced. Only 2xx outcomes exist here; failures are core::Error.
struct Outcome {
  int status = 200;
  boost::json::value data;
  std::string resource_id;  // id of a created resource (for Location), else empty
};

struct IdempotentReply {
  int status = 200;
  std::string data_json;
  std::string resource_id;
  bool replayed = false;
  std::string original_request_id;  // the request that produced the effect (on replays)
};

class Idempotency {
 public:
  using Effect = std::function<core::Result<Outcome>(store::Tx&)>;

  Idempotency(Env& env, std::chrono::seconds ttl) : env_(env), ttl_(ttl) {}

  // Runs `effect` in one write transaction, guarded by `key` when one is given.
  core::Result<IdempotentReply> Run(const std::optional<IdempotencyKey>& key,
                                    const RequestMeta& meta, const Effect& effect);

  // Deletes records whose expira_en has passed. Returns how many (the maintenance job's work).
  std::int64_t PurgeExpired();

  [[nodiscard]] std::size_t keys_in_flight() const { return gate_.size(); }

 private:
  core::Result<IdempotentReply> RunClaimed(const IdempotencyKey& key, const RequestMeta& meta,
                                           const Effect& effect);

  Env& env_;
  std::chrono::seconds ttl_;
  KeyGate gate_;
};

}  // namespace mm::services
