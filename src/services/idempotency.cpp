#include "services/idempotency.hpp"

#include <stdexcept>

#include <boost/json/serialize.hpp>

#include "core/uuid.hpp"

namespace mm::services {
namespace {

// How long a duplicate waits in memory when the request carries no deadline (CLI, tests).
constexpr std::chrono::seconds kDefaultWait{30};

constexpr std::string_view kClaim = R"sql(
INSERT INTO idempotency_keys (id, scope, principal, key, fingerprint, request_id, creado_en,
                              expira_en)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
ON CONFLICT (scope, principal, key) DO NOTHING)sql";

constexpr std::string_view kSelect = R"sql(
SELECT fingerprint, response_status, response_body, resource_id, request_id, expira_en
FROM idempotency_keys WHERE scope = $1 AND principal = $2 AND key = $3)sql";

constexpr std::string_view kReclaimExpired = R"sql(
UPDATE idempotency_keys
SET fingerprint = $4, request_id = $5, creado_en = $6, expira_en = $7, response_status = NULL,
    response_body = NULL, resource_id = NULL
WHERE scope = $1 AND principal = $2 AND key = $3)sql";

constexpr std::string_view kStore = R"sql(
UPDATE idempotency_keys SET response_status = $4, response_body = $5, resource_id = $6
WHERE scope = $1 AND principal = $2 AND key = $3)sql";

constexpr std::string_view kPurge = "DELETE FROM idempotency_keys WHERE expira_en <= $1";

core::Error Reused() { return core::Error(core::ErrorCode::kIdempotencyKeyReused); }

IdempotentReply Replay(const StoredResponse& s) {
  return IdempotentReply{s.status, s.data_json, s.resource_id, true, s.original_request_id};
}

}  // namespace

core::Result<IdempotentReply> Idempotency::Run(const std::optional<IdempotencyKey>& key,
                                               const RequestMeta& meta, const Effect& effect) {
  if (!key) {
    auto out = env_.db.Write([&](store::Tx& tx) { return effect(tx); }, meta.TxOptions());
    if (!out.ok()) return std::move(out).take_error();
    return IdempotentReply{out->status, boost::json::serialize(out->data), out->resource_id, false,
                           ""};
  }
  return RunClaimed(*key, meta, effect);
}

core::Result<IdempotentReply> Idempotency::RunClaimed(const IdempotencyKey& key,
                                                      const RequestMeta& meta,
                                                      const Effect& effect) {
  std::string gate_key = key.scope + '\x1f' + key.principal + '\x1f' + key.key;
  auto until = meta.deadline.value_or(std::chrono::steady_clock::now() + kDefaultWait);
  auto hold = gate_.Enter(gate_key, until);
  if (!hold) return core::Error::Unavailable();

  if (auto done = hold->Committed()) {
    if (done->fingerprint != key.fingerprint) return Reused();
    return Replay(*done);
  }

  StoredResponse stored;
  auto result = env_.db.Write(
      [&](store::Tx& tx) -> core::Result<IdempotentReply> {
        auto now = env_.clock.Now();
        auto expires = now + std::chrono::duration_cast<std::chrono::microseconds>(ttl_);
        auto claimed = tx.Exec(kClaim, {core::NewUuidV4(env_.random), key.scope, key.principal,
                                        key.key, key.fingerprint, meta.request_id, now, expires});
        if (claimed == 0) {
          auto row = tx.QueryOne(kSelect, {key.scope, key.principal, key.key});
          if (!row) throw std::logic_error("idempotency key vanished inside its transaction");
          if (row->Time(5) <= now) {
            tx.Exec(kReclaimExpired, {key.scope, key.principal, key.key, key.fingerprint,
                                      meta.request_id, now, expires});
          } else {
            if (row->IsNull(1))
              throw std::logic_error("committed idempotency key without response");
            if (row->Text(0) != key.fingerprint) return Reused();
            stored = StoredResponse{static_cast<int>(row->Int(1)), row->OptText(2).value_or("null"),
                                    row->OptText(3).value_or(""), row->Text(4), row->Text(0)};
            return Replay(stored);
          }
        }
        auto out = effect(tx);
        if (!out.ok()) return std::move(out).take_error();
        std::string body = boost::json::serialize(out->data);
        std::optional<std::string> resource;
        if (!out->resource_id.empty()) resource = out->resource_id;
        tx.Exec(kStore, {key.scope, key.principal, key.key, out->status, body, resource});
        stored =
            StoredResponse{out->status, body, out->resource_id, meta.request_id, key.fingerprint};
        return IdempotentReply{out->status, std::move(body), out->resource_id, false, ""};
      },
      meta.TxOptions());
  if (result.ok()) hold->SetCommitted(stored);
  return result;
}

std::int64_t Idempotency::PurgeExpired() {
  return env_.db.Write([&](store::Tx& tx) { return tx.Exec(kPurge, {env_.clock.Now()}); });
}

}  // namespace mm::services
