// Consuming reservations (services/reservation_consumption.hpp, domain.md §2.1) on both
// databases, as a sale and an order delivery use it: locked by id, unknown ids are 422 with the
// field that named them, and only an effectively active reservation of the same product,
// location and owner, for no more than what is taken, is consumed.
#include <gtest/gtest.h>

#include <map>

#include "sale_fixture.hpp"
#include "services/reservation_consumption.hpp"
#include "support/order_rows.hpp"

namespace mm::services {
namespace {

class ReservationConsumptionTest : public SaleTest {
 protected:
  std::string Hold(const std::string& producto, std::int64_t n,
                   std::optional<std::string> pedido = std::nullopt,
                   std::chrono::minutes ttl = std::chrono::minutes(60)) {
    std::string id = core::NewUuidV4(random_);
    std::optional<std::string> item;
    if (pedido) item = order_items_.at(*pedido);
    Exec(R"sql(
INSERT INTO stock_reservado (id, producto_id, ubicacion_id, cantidad, estado, pedido_id,
                             pedido_item_id, expira_en, usuario_id, creado_en, actualizado_en)
VALUES ($1, $2, $3, $4, 'activa', $5, $6, $7, $8, $9, $9))sql",
         {id, producto, kPrincipal, n, pedido, item, clock_.Now() + ttl, kCajero, clock_.Now()});
    return id;
  }

  // Locks `ids` and checks `uses` in one write transaction; when they pass, consumes them if
  // `mark` (a sale's consumption is tested with its venta in sales_test.cpp: I10 wants one).
  std::string Consume(const std::vector<std::string>& ids,
                      const std::vector<reservations::Consumption>& uses, bool mark = false) {
    auto r = db_->Write([&](store::Tx& tx) -> core::Result<std::string> {
      auto locked = reservations::LockReservations(tx, ids, clock_.Now(),
                                                   {{kUnknown, "items[3].reserva_id"}});
      if (!locked.ok()) return locked.error();
      if (auto ok = reservations::CheckConsumable(*locked, uses); !ok.ok()) return ok.error();
      if (mark) reservations::MarkConsumed(tx, ids, std::nullopt, clock_.Now());
      return std::string("OK");
    });
    if (r.ok()) return *r;
    std::string code(core::Name(r.error().code));
    if (auto* m = r.error().details.if_contains("motivo"))
      code += " " + std::string(m->as_string());
    if (auto* c = r.error().details.if_contains("campo")) code += " " + std::string(c->as_string());
    return code;
  }

  // An order (with one line of `producto`) for holds to belong to.
  std::string Order(const std::string& producto) {
    auto rows =
        testing::InsertOrderRows(*db_, random_, producto, kPrincipal, kCajero, clock_.Now());
    order_items_[rows.pedido_id] = rows.item_id;
    return rows.pedido_id;
  }

  std::string Estado(const std::string& id) {
    return db_->Read([&](store::Tx& tx) {
      return tx.QueryOne("SELECT estado FROM stock_reservado WHERE id = $1", {id})->Text(0);
    });
  }

  std::map<std::string, std::string> order_items_;
};

TEST_P(ReservationConsumptionTest, OnlyAMatchingActiveReservationIsConsumed) {
  auto p = Product("Arvejas", 50000, 20000);
  auto q = Product("Choclo", 50000, 20000);
  const auto sale = [&](const std::string& producto, std::int64_t n, std::vector<std::string> ids) {
    return reservations::Consumption{producto, kPrincipal, n, std::move(ids), std::nullopt};
  };
  const std::string pedido = Order(p);
  const std::string r2 = Hold(p, 2);
  const std::string r3 = Hold(p, 3);
  const std::string order = Hold(p, 1, pedido);
  const std::string soon = Hold(q, 1, std::nullopt, std::chrono::minutes(1));

  EXPECT_EQ(Consume({kUnknown}, {sale(p, 5, {kUnknown})}),
            "REFERENCE_NOT_FOUND items[3].reserva_id");
  EXPECT_EQ(Consume({r2, r3}, {sale(p, 4, {r2, r3})}), "CONFLICT reserva_no_coincide");
  EXPECT_EQ(Consume({r2}, {sale(q, 2, {r2})}), "CONFLICT reserva_no_coincide");
  EXPECT_EQ(Consume({order}, {sale(p, 1, {order})}), "CONFLICT reserva_no_coincide");
  clock_.Advance(std::chrono::minutes(2));
  EXPECT_EQ(Consume({soon}, {sale(q, 1, {soon})}), "CONFLICT reserva_no_coincide");
  EXPECT_EQ(Estado(r2), "activa");
  EXPECT_EQ(Estado(r3), "activa");

  // The order that owns its reservation consumes it on delivery.
  EXPECT_EQ(Consume({r2, r3}, {sale(p, 5, {r2, r3})}), "OK");
  EXPECT_EQ(Consume({r2, r3}, {sale(p, 6, {r2, r3})}), "OK");
  EXPECT_EQ(Consume({order}, {{p, kPrincipal, 1, {order}, pedido}}, true), "OK");
  EXPECT_EQ(Estado(order), "consumida");
  EXPECT_EQ(Estado(r2), "activa");
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM stock_reservado WHERE estado = 'consumida' AND "
                   "consumida_en IS NOT NULL AND pedido_id IS NOT NULL"),
            1);
  // Consumed once: never again.
  EXPECT_EQ(Consume({order}, {{p, kPrincipal, 1, {order}, pedido}}, true),
            "CONFLICT reserva_no_coincide");
}

MM_INSTANTIATE_BACKENDS(ReservationConsumptionTest);

}  // namespace
}  // namespace mm::services
