// The helpers every module uses inside its transactions: cache versions, outbox, audit.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "core/uuid.hpp"
#include "service_fixture.hpp"
#include "services/audit.hpp"
#include "services/cache_versions.hpp"
#include "services/outbox.hpp"

namespace mm::services {
namespace {

class InfrastructureTest : public ServiceTest {
 protected:
  void AddRecipient(const std::string& event, const std::string& channel,
                    const std::string& address, bool active = true) {
    db_->Write([&](store::Tx& tx) {
      tx.Exec(
          "INSERT INTO notification_recipients (id, event_type, channel, address, active, "
          "creado_en, actualizado_en) VALUES ($1, $2, $3, $4, $5, $6, $6)",
          {core::NewUuidV4(random_), event, channel, address, active, clock_.Now()});
    });
  }
  OutboxEvent Event(const std::string& key) {
    OutboxEvent e;
    e.event_type = "reservation_released";
    e.event_key = key;
    e.priority = Priority::kCritical;
    e.subject = "[Mini Market] Reserva liberada: Yerba";
    e.body_text = "Se liberó la reserva.";
    e.payload = boost::json::object{{"cantidad", 3}};
    return e;
  }
};

TEST_P(InfrastructureTest, CacheVersionBumpsOnlyWhenTheTransactionCommits) {
  db_->Write([&](store::Tx& tx) { EXPECT_EQ(BumpCacheVersion(tx, "stock", clock_.Now()), 1); });
  db_->Write([&](store::Tx& tx) { EXPECT_EQ(BumpCacheVersion(tx, "stock", clock_.Now()), 2); });
  EXPECT_THROW(db_->Write([&](store::Tx& tx) {
    BumpCacheVersion(tx, "stock", clock_.Now());
    throw std::runtime_error("rollback");
  }),
               std::runtime_error);
  auto versions = db_->Read([](store::Tx& tx) { return ReadCacheVersions(tx); });
  EXPECT_EQ(versions["stock"], 2);
  EXPECT_EQ(versions.count("ventas"), 0u);
}

TEST_P(InfrastructureTest, OutboxQueuesOneRowPerActiveRecipientOnce) {
  AddRecipient("reservation_released", "email", "dueno@demo.local");
  AddRecipient("reservation_released", "slack", "");
  AddRecipient("reservation_released", "sms", "+5491122334455", false);
  AddRecipient("stock_critical", "email", "otro@demo.local");
  Outbox outbox(*env_);
  int woken = 0;
  outbox.SetWakeHook([&] { ++woken; });
  EXPECT_EQ(db_->Write([&](store::Tx& tx) { return outbox.Enqueue(tx, Event("reserva:1")); }), 2);
  EXPECT_EQ(woken, 1);
  // The same event again adds nothing (dedupe key).
  EXPECT_EQ(db_->Write([&](store::Tx& tx) { return outbox.Enqueue(tx, Event("reserva:1")); }), 0);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM notification_outbox"), 2);
  auto rows = db_->Read([](store::Tx& tx) {
    return tx.Query(
        "SELECT channel, recipient, status, priority, attempts, payload "
        "FROM notification_outbox ORDER BY channel");
  });
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].Text(0), "email");
  EXPECT_EQ(rows[0].Text(1), "dueno@demo.local");
  EXPECT_EQ(rows[1].Text(0), "slack");
  EXPECT_EQ(rows[1].Text(1), "slack");  // Slack's target is the configured URL
  EXPECT_EQ(rows[0].Text(2), "pending");
  EXPECT_EQ(rows[0].Text(3), "critical");
  EXPECT_EQ(rows[0].Int(4), 0);
  EXPECT_EQ(boost::json::parse(rows[0].Text(5)).at("cantidad").as_int64(), 3);
}

TEST_P(InfrastructureTest, OutboxRowsVanishWithARolledBackCause) {
  AddRecipient("reservation_released", "email", "dueno@demo.local");
  Outbox outbox(*env_);
  int woken = 0;
  outbox.SetWakeHook([&] { ++woken; });
  auto r = db_->Write([&](store::Tx& tx) -> core::Result<int> {
    outbox.Enqueue(tx, Event("reserva:2"));
    return core::Error(core::ErrorCode::kConflict);
  });
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM notification_outbox"), 0);
  EXPECT_EQ(woken, 0);
}

TEST_P(InfrastructureTest, AnEventNobodyListensToQueuesNothing) {
  Outbox outbox(*env_);
  EXPECT_EQ(db_->Write([&](store::Tx& tx) { return outbox.Enqueue(tx, Event("reserva:3")); }), 0);
}

TEST_P(InfrastructureTest, AuditRowsRecordWhoDidWhatWithoutForeignKeys) {
  RequestMeta meta;
  meta.principal.user_id = core::NewUuidV4(random_);  // a user no table knows: no FK (decision 29)
  meta.principal.role = core::Role::kDeposito;
  meta.request_id = "req-audit";
  meta.ip = "127.0.0.1";
  meta.user_agent = "prueba";
  db_->Write([&](store::Tx& tx) {
    RecordAudit(
        tx, *env_, meta,
        AuditEntry{core::AuditAction::kStockAjustado, "stock", std::string("s-1"),
                   core::AuditLevel::kWarning, boost::json::object{{"antes", 5}, {"despues", 3}}});
  });
  auto row = db_->Read([](store::Tx& tx) {
    return tx.QueryOne(
        "SELECT usuario_id, rol, accion, entidad_tipo, entidad_id, nivel, "
        "request_id, detalles, creado_en FROM audit_log");
  });
  ASSERT_TRUE(row);
  EXPECT_EQ(row->Text("usuario_id"), meta.principal.user_id);
  EXPECT_EQ(row->Text("rol"), "deposito");
  EXPECT_EQ(row->Text("accion"), "stock_ajustado");
  EXPECT_EQ(row->Text("nivel"), "warning");
  EXPECT_EQ(row->Text("request_id"), "req-audit");
  EXPECT_EQ(boost::json::parse(row->Text("detalles")).at("despues").as_int64(), 3);
  EXPECT_EQ(row->Time("creado_en"), clock_.Now());
}

TEST_P(InfrastructureTest, AuditOfTheSystemHasNoUser) {
  RequestMeta meta;  // a job or the CLI
  db_->Write([&](store::Tx& tx) {
    RecordAudit(tx, *env_, meta, AuditEntry{core::AuditAction::kJobEjecutadoManual, "job", {}});
  });
  auto row = db_->Read([](store::Tx& tx) {
    return tx.QueryOne("SELECT usuario_id, rol, entidad_id FROM audit_log");
  });
  ASSERT_TRUE(row);
  EXPECT_TRUE(row->IsNull(0));
  EXPECT_TRUE(row->IsNull(1));
  EXPECT_TRUE(row->IsNull(2));
}

MM_INSTANTIATE_BACKENDS(InfrastructureTest);

}  // namespace
}  // namespace mm::services
