// Reservations (domain.md §1.2, §2.1; api.md §7.3) on both databases: a hold reduces what is
// available at its own location only, stops counting the instant it passes expira_en, is swept
// to vencida, cancelled under the state rules, replayed by its key (resolved before the stock
// check), and bad input leaves no trace. The stock invariants hold after every test.
#include <gtest/gtest.h>

#include "services/reservations.hpp"
#include "stock_movement_fixture.hpp"
#include "support/order_rows.hpp"

namespace mm::services {
namespace {

namespace json = boost::json;

std::int64_t I(const json::value& v) { return v.as_int64(); }
std::string S(const json::value& v) { return std::string(v.as_string()); }

class ReservationsTest : public StockMovementTest {
 protected:
  void SetUp() override {
    StockMovementTest::SetUp();
    reservations_ = std::make_unique<Reservations>(*env_, *idem_);
  }

  static NewReservation Hold(const char* producto, std::int64_t n, const char* ubicacion = nullptr,
                             std::int64_t minutos = kReservaMinutosDefecto) {
    NewReservation in;
    in.producto_id = producto;
    in.cantidad = n;
    if (ubicacion) in.ubicacion_id = ubicacion;
    in.expira_en_min = minutos;
    return in;
  }

  static IdempotencyKey ReserveKey(const std::string& key, const NewReservation& in,
                                   const char* user = kOtherUser) {
    std::string fp = in.producto_id + "|" + in.ubicacion_id.value_or("∅") + "|" +
                     std::to_string(in.cantidad) + "|" + in.referencia.value_or("∅") + "|" +
                     std::to_string(in.expira_en_min);
    return IdempotencyKey{"POST /api/reservas", user, key, core::Sha256Hex(fp)};
  }

  RequestMeta Seller() const {
    RequestMeta m = Meta(kOtherUser);
    m.principal.role = core::Role::kVentas;
    return m;
  }

  core::Result<IdempotentReply> Reserve(const NewReservation& in,
                                        std::optional<std::string> key = std::nullopt) {
    return reservations_->Create(ReserveKey(key.value_or("r-" + std::to_string(++keys_)), in),
                                 Seller(), in);
  }
  json::object ReserveOk(const NewReservation& in) {
    auto r = Reserve(in);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : std::string(r.error().Message()));
    if (!r.ok()) return {};
    EXPECT_EQ(r->status, 201);
    return json::parse(r->data_json).as_object();
  }

  core::Result<IdempotentReply> CancelIt(const std::string& id,
                                         std::optional<std::string> key = std::nullopt,
                                         std::optional<std::string> motivo = std::nullopt) {
    std::optional<IdempotencyKey> k;
    if (key) {
      k = IdempotencyKey{"POST /api/reservas/:id/cancelar", kOtherUser, *key,
                         core::Sha256Hex(id + "|" + motivo.value_or("∅"))};
    }
    return reservations_->Cancel(k, Seller(), id, motivo);
  }

  std::int64_t Reserved(const char* producto, const char* ubicacion) {
    return db_->Read(
        [&](store::Tx& tx) { return stock::Reserved(tx, producto, ubicacion, clock_.Now()); });
  }

  // Everything a refused reservation must leave alone (key rows included).
  std::map<std::string, std::int64_t> Trace() {
    auto s = Snapshot();
    s["reservas"] = Scalar("SELECT COUNT(*) FROM stock_reservado");
    s["claves"] = Scalar("SELECT COUNT(*) FROM idempotency_keys");
    return s;
  }

  std::unique_ptr<Reservations> reservations_;
};

TEST_P(ReservationsTest, CreateHoldsStockAndAnswersTheReservation) {
  MoveOk(Entrada(kArroz, 10, kPrincipal));
  const auto cache = Snapshot().at("cache_stock");
  auto in = Hold(kArroz, 4, kPrincipal, 90);
  in.referencia = "Encargo de Marta";
  auto a = ReserveOk(in);
  ASSERT_FALSE(a.empty());
  EXPECT_EQ(I(a.at("disponible_restante")), 6);
  const auto& r = a.at("reserva").as_object();
  EXPECT_EQ(S(r.at("producto_id")), kArroz);
  EXPECT_EQ(S(r.at("ubicacion_id")), kPrincipal);
  EXPECT_EQ(I(r.at("cantidad")), 4);
  EXPECT_EQ(S(r.at("estado")), "activa");
  EXPECT_EQ(S(r.at("referencia")), "Encargo de Marta");
  EXPECT_EQ(S(r.at("creado_en")), "2026-11-29T12:00:00.000Z");
  EXPECT_EQ(S(r.at("expira_en")), "2026-11-29T13:30:00.000Z");
  EXPECT_EQ(S(r.at("usuario").at("id")), kOtherUser);
  EXPECT_EQ(S(r.at("usuario").at("nombre")), "Vero Ventas");
  EXPECT_FALSE(r.contains("cancelada_en"));
  EXPECT_FALSE(r.contains("vencida_en"));
  EXPECT_EQ(Reserved(kArroz, kPrincipal), 4);
  EXPECT_EQ(Qty(kArroz, kPrincipal), 10);  // a hold never moves stock
  EXPECT_EQ(Snapshot().at("cache_stock"), cache + 1);

  // GET answers the same reservation; the default TTL is 1440 minutes.
  auto got = reservations_->Get(S(r.at("id")));
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(*got, r);
  auto b = ReserveOk(Hold(kArroz, 6));  // no location: the sales location
  EXPECT_EQ(I(b.at("disponible_restante")), 0);
  EXPECT_EQ(S(b.at("reserva").at("ubicacion_id")), kPrincipal);
  EXPECT_EQ(S(b.at("reserva").at("expira_en")), "2026-11-30T12:00:00.000Z");
  EXPECT_TRUE(b.at("reserva").at("referencia").is_null());
  auto over = Reserve(Hold(kArroz, 1));
  ASSERT_EQ(Code(over), "INSUFFICIENT_STOCK");
}

TEST_P(ReservationsTest, AvailabilityIsPerLocation) {
  MoveOk(Entrada(kArroz, 10, kPrincipal));
  MoveOk(Entrada(kArroz, 5, kDeposito));
  // Holding all of Depósito leaves Principal untouched, and the other way round.
  ReserveOk(Hold(kArroz, 5, kDeposito));
  auto here = ReserveOk(Hold(kArroz, 10, kPrincipal));
  EXPECT_EQ(I(here.at("disponible_restante")), 0);
  auto full = Reserve(Hold(kArroz, 1, kDeposito));
  ASSERT_EQ(Code(full), "INSUFFICIENT_STOCK");
  const auto& items = full.error().details.at("items").as_array();
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(S(items[0].at("producto_id")), kArroz);
  EXPECT_EQ(I(items[0].at("disponible")), 0);
  EXPECT_EQ(I(items[0].at("solicitado")), 1);
  EXPECT_EQ(Reserved(kArroz, kDeposito), 5);
  EXPECT_EQ(Reserved(kArroz, kPrincipal), 10);
}

TEST_P(ReservationsTest, NoStockRowMeansNothingAvailableAndWritesNothing) {
  auto before = Trace();
  auto r = Reserve(Hold(kArroz, 1, kDeposito));
  ASSERT_EQ(Code(r), "INSUFFICIENT_STOCK");
  EXPECT_EQ(I(r.error().details.at("items").at(0).at("disponible")), 0);
  EXPECT_EQ(Trace(), before);  // not even an empty stock row
}

TEST_P(ReservationsTest, AHoldStopsCountingTheInstantItPassesExpiraEn) {
  MoveOk(Entrada(kArroz, 10, kPrincipal));
  auto a = ReserveOk(Hold(kArroz, 10, kPrincipal, 5));
  const std::string id = S(a.at("reserva").at("id"));
  ASSERT_EQ(Code(Reserve(Hold(kArroz, 1, kPrincipal))), "INSUFFICIENT_STOCK");
  // One microsecond before expira_en the hold still counts.
  clock_.Advance(std::chrono::minutes(5) - std::chrono::microseconds(1));
  ASSERT_EQ(Code(Reserve(Hold(kArroz, 1, kPrincipal))), "INSUFFICIENT_STOCK");
  EXPECT_EQ(Reserved(kArroz, kPrincipal), 10);
  // At expira_en it does not, even before the sweep wrote it down.
  clock_.Advance(std::chrono::microseconds(1));
  EXPECT_EQ(Reserved(kArroz, kPrincipal), 0);
  auto b = ReserveOk(Hold(kArroz, 10, kPrincipal));
  EXPECT_EQ(I(b.at("disponible_restante")), 0);
  // Stored activa until the sweep, but every reader sees it as vencida already, and the list
  // filters by that effective state.
  EXPECT_EQ(
      Scalar("SELECT COUNT(*) FROM stock_reservado WHERE id = '" + id + "' AND estado = 'activa'"),
      1);
  EXPECT_EQ(S(reservations_->Get(id)->at("estado")), "vencida");
  ReservationFilter vencidas;
  vencidas.estados = {"vencida"};
  std::int64_t total = 0;
  auto rows = reservations_->List(vencidas, &total);
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(total, 1);
  EXPECT_EQ(S(rows->at(0).at("id")), id);
  EXPECT_EQ(S(rows->at(0).at("estado")), "vencida");
  ReservationFilter activas;
  activas.estados = {"activa"};
  rows = reservations_->List(activas, &total);
  ASSERT_EQ(total, 1);
  EXPECT_EQ(S(rows->at(0).at("id")), S(b.at("reserva").at("id")));
  // A salida sees the same availability: the new hold takes everything.
  ASSERT_EQ(Code(Move(Salida(kArroz, 1, kPrincipal))), "INSUFFICIENT_STOCK");
}

TEST_P(ReservationsTest, ExpireDueMarksOnlyPastHoldsVencidaOnce) {
  MoveOk(Entrada(kArroz, 20, kPrincipal));
  auto corta = S(ReserveOk(Hold(kArroz, 2, kPrincipal, 5)).at("reserva").at("id"));
  auto larga = S(ReserveOk(Hold(kArroz, 3, kPrincipal, 60)).at("reserva").at("id"));
  auto cancelada = S(ReserveOk(Hold(kArroz, 4, kPrincipal, 5)).at("reserva").at("id"));
  ASSERT_TRUE(CancelIt(cancelada).ok());
  // An order's reservation has no expiry and is never swept.
  const auto pedido =
      testing::InsertOrderRows(*db_, random_, kArroz, kPrincipal, kOtherUser, clock_.Now());
  Exec(R"sql(
INSERT INTO stock_reservado (id, producto_id, ubicacion_id, cantidad, estado, pedido_id,
                             pedido_item_id, usuario_id, creado_en, actualizado_en)
VALUES ($1, $2, $3, 1, 'activa', $4, $5, $6, $7, $7))sql",
       {core::NewUuidV4(random_), kArroz, kPrincipal, pedido.pedido_id, pedido.item_id, kOtherUser,
        clock_.Now()});

  EXPECT_EQ(reservations_->ExpireDue(clock_.Now()), 0);
  const auto cache = Snapshot().at("cache_stock");
  clock_.Advance(std::chrono::minutes(5));
  const auto at = clock_.Now();
  EXPECT_EQ(reservations_->ExpireDue(at), 1);  // expira_en ≤ now
  EXPECT_EQ(Snapshot().at("cache_stock"), cache + 1);
  auto c = reservations_->Get(corta);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(S(c->at("estado")), "vencida");
  EXPECT_EQ(S(c->at("vencida_en")), core::FormatApiTimestamp(at));
  EXPECT_EQ(S(reservations_->Get(larga)->at("estado")), "activa");
  EXPECT_EQ(S(reservations_->Get(cancelada)->at("estado")), "cancelada");
  EXPECT_FALSE(reservations_->Get(cancelada)->contains("vencida_en"));
  // Again: nothing left to do, nothing changes.
  clock_.Advance(std::chrono::minutes(1));
  EXPECT_EQ(reservations_->ExpireDue(clock_.Now()), 0);
  EXPECT_EQ(S(reservations_->Get(corta)->at("vencida_en")), core::FormatApiTimestamp(at));
  clock_.Advance(std::chrono::hours(1));
  EXPECT_EQ(reservations_->ExpireDue(clock_.Now()), 1);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM stock_reservado WHERE estado = 'activa'"), 1);  // order
  EXPECT_EQ(Reserved(kArroz, kPrincipal), 1);
  // A vencida reservation cannot be cancelled.
  auto late = CancelIt(corta, "late");
  ASSERT_EQ(Code(late), "INVALID_STATE_TRANSITION");
  EXPECT_EQ(S(late.error().details.at("estado_actual")), "vencida");
}

TEST_P(ReservationsTest, CancelReleasesTheHoldOnceAndFollowsTheStateRules) {
  MoveOk(Entrada(kArroz, 10, kPrincipal));
  auto id = S(ReserveOk(Hold(kArroz, 10, kPrincipal)).at("reserva").at("id"));
  const auto cache = Snapshot().at("cache_stock");
  clock_.Advance(std::chrono::minutes(3));
  auto c = CancelIt(id, "cancel-1", "El cliente no vino");
  ASSERT_TRUE(c.ok()) << c.error().Message();
  EXPECT_EQ(c->status, 200);
  auto data = json::parse(c->data_json).as_object();
  EXPECT_EQ(S(data.at("estado")), "cancelada");
  EXPECT_EQ(S(data.at("cancelada_en")), "2026-11-29T12:03:00.000Z");
  EXPECT_EQ(S(data.at("cancelada_por").at("id")), kOtherUser);
  EXPECT_EQ(S(data.at("cancelada_por").at("nombre")), "Vero Ventas");
  EXPECT_EQ(S(data.at("motivo_cancelacion")), "El cliente no vino");
  EXPECT_EQ(Reserved(kArroz, kPrincipal), 0);
  EXPECT_EQ(Snapshot().at("cache_stock"), cache + 1);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM stock_reservado WHERE actualizado_en > creado_en"), 1);

  // The same key replays the same answer; a new key (or none) is a state error.
  auto again = CancelIt(id, "cancel-1", "El cliente no vino");
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->replayed);
  EXPECT_EQ(again->data_json, c->data_json);
  for (auto key : {std::optional<std::string>("cancel-2"), std::optional<std::string>()}) {
    auto twice = CancelIt(id, key);
    ASSERT_EQ(Code(twice), "INVALID_STATE_TRANSITION");
    EXPECT_EQ(S(twice.error().details.at("estado_actual")), "cancelada");
    EXPECT_EQ(twice.error().details.at("permitidos"), (json::array{"activa"}));
  }
  EXPECT_EQ(Snapshot().at("cache_stock"), cache + 1);

  // Without a key and without a motivo.
  auto other = S(ReserveOk(Hold(kArroz, 2, kPrincipal)).at("reserva").at("id"));
  auto plain = CancelIt(other);
  ASSERT_TRUE(plain.ok());
  EXPECT_FALSE(json::parse(plain->data_json).as_object().contains("motivo_cancelacion"));

  // Past expira_en (still stored activa): vencida for every reader, so not cancellable.
  auto corta = S(ReserveOk(Hold(kArroz, 1, kPrincipal, 5)).at("reserva").at("id"));
  clock_.Advance(std::chrono::minutes(5));
  auto expired = CancelIt(corta);
  ASSERT_EQ(Code(expired), "INVALID_STATE_TRANSITION");
  EXPECT_EQ(S(expired.error().details.at("estado_actual")), "vencida");

  // An order's reservation is cancelled with its order, never here.
  const std::string rid = core::NewUuidV4(random_);
  const auto pedido =
      testing::InsertOrderRows(*db_, random_, kArroz, kPrincipal, kOtherUser, clock_.Now());
  Exec(R"sql(
INSERT INTO stock_reservado (id, producto_id, ubicacion_id, cantidad, estado, pedido_id,
                             pedido_item_id, usuario_id, creado_en, actualizado_en)
VALUES ($1, $2, $3, 1, 'activa', $4, $5, $6, $7, $7))sql",
       {rid, kArroz, kPrincipal, pedido.pedido_id, pedido.item_id, kOtherUser, clock_.Now()});
  auto order = CancelIt(rid);
  ASSERT_EQ(Code(order), "INVALID_STATE_TRANSITION");
  EXPECT_EQ(S(order.error().details.at("estado_actual")), "activa");
  EXPECT_TRUE(order.error().details.at("permitidos").as_array().empty());
  EXPECT_EQ(S(reservations_->Get(rid)->at("estado")), "activa");

  // Unknown id and a motivo too long.
  EXPECT_EQ(Code(CancelIt(kUnknown)), "NOT_FOUND");
  auto before = Trace();
  auto keep = S(ReserveOk(Hold(kArroz, 1, kPrincipal)).at("reserva").at("id"));
  before = Trace();
  EXPECT_EQ(Code(CancelIt(keep, "long", std::string(201, 'x'))), "VALIDATION_ERROR");
  EXPECT_EQ(Trace(), before);
  EXPECT_EQ(S(reservations_->Get(keep)->at("estado")), "activa");
}

TEST_P(ReservationsTest, TheKeyIsResolvedBeforeTheStockCheck) {
  MoveOk(Entrada(kArroz, 10, kPrincipal));
  auto in = Hold(kArroz, 10, kPrincipal);
  auto first = Reserve(in, "same");
  ASSERT_TRUE(first.ok());
  EXPECT_FALSE(first->replayed);
  // Nothing is available now, yet the retry replays the stored 201 instead of answering 409.
  auto replay = Reserve(in, "same");
  ASSERT_TRUE(replay.ok());
  EXPECT_TRUE(replay->replayed);
  EXPECT_EQ(replay->status, 201);
  EXPECT_EQ(replay->data_json, first->data_json);
  EXPECT_EQ(replay->resource_id, first->resource_id);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM stock_reservado"), 1);
  // The same key with another body is refused, and returns nothing of the first reservation.
  auto before = Trace();
  auto reused = Reserve(Hold(kArroz, 3, kPrincipal), "same");
  ASSERT_EQ(Code(reused), "IDEMPOTENCY_KEY_REUSED");
  EXPECT_EQ(Trace(), before);
  // No key: 400 before anything else.
  auto none = reservations_->Create(std::nullopt, Seller(), in);
  ASSERT_EQ(Code(none), "IDEMPOTENCY_KEY_REQUIRED");
  EXPECT_EQ(Trace(), before);
  // A refused attempt stores nothing: the same key works once stock arrives.
  auto refused = Reserve(Hold(kArroz, 5, kPrincipal), "later");
  ASSERT_EQ(Code(refused), "INSUFFICIENT_STOCK");
  MoveOk(Entrada(kArroz, 5, kPrincipal));
  auto later = Reserve(Hold(kArroz, 5, kPrincipal), "later");
  ASSERT_TRUE(later.ok());
  EXPECT_FALSE(later->replayed);
}

TEST_P(ReservationsTest, BadInputChangesNothing) {
  MoveOk(Entrada(kArroz, 10, kPrincipal));
  struct Case {
    const char* name;
    NewReservation in;
    const char* code;
    const char* detail;  // campo of a 400/422, motivo of a CONFLICT, or ""
  };
  auto with_ref = Hold(kArroz, 1);
  with_ref.referencia = std::string(121, 'r');
  std::vector<Case> cases = {
      {"cantidad 0", Hold(kArroz, 0), "VALIDATION_ERROR", "cantidad"},
      {"cantidad negativa", Hold(kArroz, -3), "VALIDATION_ERROR", "cantidad"},
      {"cantidad enorme", Hold(kArroz, 100'001), "VALIDATION_ERROR", "cantidad"},
      {"ttl corto", Hold(kArroz, 1, nullptr, 4), "VALIDATION_ERROR", "expira_en_min"},
      {"ttl largo", Hold(kArroz, 1, nullptr, 10'081), "VALIDATION_ERROR", "expira_en_min"},
      {"referencia larga", with_ref, "VALIDATION_ERROR", "referencia"},
      {"producto vacío", Hold("", 1), "VALIDATION_ERROR", "producto_id"},
      {"producto inexistente", Hold(kUnknown, 1), "REFERENCE_NOT_FOUND", "producto_id"},
      {"ubicación inexistente", Hold(kArroz, 1, kUnknown), "REFERENCE_NOT_FOUND", "ubicacion_id"},
      {"producto inactivo", Hold(kViejo, 1), "PRODUCT_INACTIVE", ""},
      {"ubicación inactiva", Hold(kArroz, 1, kCerrada), "CONFLICT", "ubicacion_inactiva"},
      {"sin stock suficiente", Hold(kArroz, 11), "INSUFFICIENT_STOCK", ""},
  };
  const auto before = Trace();
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    auto r = Reserve(c.in);
    ASSERT_EQ(Code(r), c.code);
    const auto& d = r.error().details;
    if (std::string(c.code) == "VALIDATION_ERROR") {
      EXPECT_EQ(S(d.at("campos").at(0).at("campo")), c.detail);
    } else if (std::string(c.code) == "REFERENCE_NOT_FOUND") {
      EXPECT_EQ(S(d.at("campo")), c.detail);
    } else if (std::string(c.code) == "CONFLICT") {
      EXPECT_EQ(S(d.at("motivo")), c.detail);
    }
    EXPECT_EQ(Trace(), before);
  }
  EXPECT_EQ(Reserved(kArroz, kPrincipal), 0);
}

TEST_P(ReservationsTest, ListFiltersSortsAndPages) {
  MoveOk(Entrada(kArroz, 50, kPrincipal));
  MoveOk(Entrada(kLeche, 50, kPrincipal, "L", "2027-01-01"));
  std::vector<std::string> ids;
  for (int i = 0; i < 5; ++i) {
    auto in = Hold(i % 2 ? kLeche : kArroz, 1 + i, kPrincipal, 600 - 100 * i);
    in.referencia = i < 2 ? "Marta" : "Juan";
    ids.push_back(S(ReserveOk(in).at("reserva").at("id")));
    clock_.Advance(std::chrono::minutes(1));
  }
  ASSERT_TRUE(CancelIt(ids[0]).ok());
  std::int64_t total = 0;
  ReservationFilter all;
  auto rows = reservations_->List(all, &total);
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(total, 5);
  ASSERT_EQ(rows->size(), 5u);
  EXPECT_EQ(S(rows->at(0).at("id")), ids[4]);  // newest first
  EXPECT_EQ(S(rows->at(4).at("id")), ids[0]);

  ReservationFilter f;
  f.estados = {"activa"};
  f.producto_id = kArroz;
  rows = reservations_->List(f, &total);
  EXPECT_EQ(total, 2);  // ids 2 and 4 (0 is cancelled)
  f = {};
  f.referencia = "Marta";
  rows = reservations_->List(f, &total);
  EXPECT_EQ(total, 2);
  f = {};
  f.estados = {"cancelada", "vencida"};
  rows = reservations_->List(f, &total);
  EXPECT_EQ(total, 1);
  EXPECT_EQ(S(rows->at(0).at("id")), ids[0]);

  f = {};
  f.sort = "expira_en";  // the last one expires first
  f.limit = 2;
  f.offset = 1;
  rows = reservations_->List(f, &total);
  EXPECT_EQ(total, 5);
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ(S(rows->at(0).at("id")), ids[3]);
  EXPECT_EQ(S(rows->at(1).at("id")), ids[2]);
  auto missing = reservations_->Get(kUnknown);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, core::ErrorCode::kNotFound);
}

// The checker of I9/I10 sees what the CHECK constraints cannot: stamps of another state.
TEST_P(ReservationsTest, TheInvariantCheckerSeesStampsOfAnotherState) {
  MoveOk(Entrada(kArroz, 10, kPrincipal));
  auto id = S(ReserveOk(Hold(kArroz, 1, kPrincipal)).at("reserva").at("id"));
  EXPECT_EQ(testing::StockInvariantViolations(*db_, clock_.Now()), std::vector<std::string>{});
  Exec("UPDATE stock_reservado SET cancelada_por = $1, motivo_cancelacion = 'x' WHERE id = $2",
       {kOtherUser, id});
  auto bad = testing::StockInvariantViolations(*db_, clock_.Now());
  ASSERT_EQ(bad.size(), 1u);
  EXPECT_EQ(bad[0].substr(0, 2), "I9");
  Exec("UPDATE stock_reservado SET cancelada_por = NULL, motivo_cancelacion = NULL WHERE id = $1",
       {id});
}

MM_INSTANTIATE_BACKENDS(ReservationsTest);

}  // namespace
}  // namespace mm::services
