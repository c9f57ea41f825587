// The notification outbox (jobs.md §4.1): an event is queued in the transaction of its cause, one
// row per (channel, recipient), deduplicated by key. Delivery is the dispatcher's job.
#pragma once

#include <functional>
#include <string>

#include <boost/json/value.hpp>

#include "services/context.hpp"
#include "store/tx.hpp"

namespace mm::services {

enum class Priority { kCritical, kNormal };

struct OutboxEvent {
  std::string event_type;  // e.g. "reservation_released" (jobs.md §4.5)
  std::string event_key;   // e.g. "reserva_liberada:<id>"; the same key never queues twice
  Priority priority = Priority::kNormal;
  std::string subject;
  std::string body_text;
  std::string body_html;
  boost::json::value payload;  // the webhook's "datos"
};

class Outbox {
 public:
  explicit Outbox(Env& env) : env_(env) {}

  // Inserts one row per active recipient of the event type, insert-or-ignore on the dedupe key.
  // Returns the rows added (0 when nobody listens or the event was already queued). Wakes the
  // local dispatcher after commit and, on PostgreSQL, the other instances (NOTIFY outbox).
  int Enqueue(store::Tx& tx, const OutboxEvent& event);

  // Called after a commit that queued rows (the dispatcher registers itself here).
  void SetWakeHook(std::function<void()> hook) { wake_ = std::move(hook); }

 private:
  Env& env_;
  std::function<void()> wake_;
};

}  // namespace mm::services
