#include "services/outbox.hpp"

#include <boost/json/serialize.hpp>

#include "core/hash.hpp"
#include "core/uuid.hpp"

namespace mm::services {
namespace {

constexpr std::string_view kRecipients = R"sql(
SELECT channel, address FROM notification_recipients
WHERE event_type = $1 AND active = $2 ORDER BY channel, address)sql";

constexpr std::string_view kInsert = R"sql(
INSERT INTO notification_outbox (id, event_type, dedupe_key, channel, recipient, priority, subject,
                                 body_text, body_html, payload, status, attempts,
                                 proximo_intento_en, creado_en)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'pending', 0, $11, $11)
ON CONFLICT (dedupe_key) DO NOTHING)sql";

constexpr std::string_view kNotify = "SELECT pg_notify('outbox', '')";

}  // namespace

int Outbox::Enqueue(store::Tx& tx, const OutboxEvent& event) {
  auto now = env_.clock.Now();
  int added = 0;
  std::optional<std::string> payload;
  if (!event.payload.is_null()) payload = boost::json::serialize(event.payload);
  std::optional<std::string> html;
  if (!event.body_html.empty()) html = event.body_html;
  for (const auto& r : tx.Query(kRecipients, {event.event_type, true})) {
    std::string channel = r.Text(0);
    // Slack and webhook rows have no address: their target is the configured URL.
    std::string recipient = r.Text(1).empty() ? channel : r.Text(1);
    std::string dedupe =
        event.event_key + "|" + channel + "|" + core::Sha256Hex(recipient).substr(0, 16);
    added += static_cast<int>(
        tx.Exec(kInsert, {core::NewUuidV4(env_.random), event.event_type, dedupe, channel,
                          recipient, event.priority == Priority::kCritical ? "critical" : "normal",
                          event.subject, event.body_text, html, payload, now}));
  }
  if (added > 0) {
    if (tx.dialect() == store::Dialect::kPostgres) tx.Query(kNotify);
    if (wake_) tx.OnCommit(wake_);
  }
  return added;
}

}  // namespace mm::services
