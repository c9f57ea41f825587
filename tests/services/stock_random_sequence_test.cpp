// A seeded random sequence of movements (issue 4: 5,000, scaled by MM_TEST_SCALE) over four
// products and two locations, with reservations written by SQL in between, checked step by step
// against a model of quantities and holds, and against the stock invariants at the end.
#include <gtest/gtest.h>

#include <random>
#include <set>

#include "stock_movement_fixture.hpp"
#include "support/test_env.hpp"

namespace mm::services {
namespace {

namespace json = boost::json;

class StockRandomSequenceTest : public StockMovementTest {
 protected:
  static constexpr const char* kAzucar = "c0000000-0000-4000-8000-000000000004";
  static constexpr const char* kYogur = "c0000000-0000-4000-8000-000000000005";  // expiry

  struct Hold {
    std::string id;
    std::int64_t n = 0;
    core::Timestamp creado_en, expira_en;
    bool active = true;
  };
  using Key = std::pair<std::string, std::string>;

  std::int64_t Reserved(const Key& k) {
    std::int64_t s = 0;
    for (const auto& h : holds_[k]) {
      if (h.active && h.expira_en > clock_.Now()) s += h.n;
    }
    return s;
  }
  std::int64_t Available(const Key& k) { return std::max<std::int64_t>(0, qty_[k] - Reserved(k)); }

  // A random lot of the row (id, cantidad), or nothing when it has none.
  std::optional<std::pair<std::string, std::int64_t>> SomeLot(const Key& k) {
    auto lots = db_->Read([&](store::Tx& tx) {
      std::vector<std::pair<std::string, std::int64_t>> out;
      for (const auto& r :
           tx.Query("SELECT l.id, l.cantidad FROM stock_lotes l JOIN stock_deposito s ON s.id = "
                    "l.stock_id WHERE s.producto_id = $1 AND s.ubicacion_id = $2 ORDER BY l.id",
                    {k.first, k.second})) {
        out.emplace_back(r.Text(0), r.Int(1));
      }
      return out;
    });
    if (lots.empty()) return std::nullopt;
    return lots[std::uniform_int_distribution<std::size_t>(0, lots.size() - 1)(rng_)];
  }

  // Inserts a hold when the model says it fits (as *Reserve stock* would), under the row lock.
  void MaybeReserve(const Key& k, std::int64_t n) {
    if (n > Available(k)) return;
    Hold h{core::NewUuidV4(random_), n, clock_.Now(),
           clock_.Now() + std::chrono::minutes(Pick(1, 240)), true};
    db_->Write([&](store::Tx& tx) {
      auto row = stock::LockStockRow(tx, random_, k.first, k.second, clock_.Now());
      ASSERT_LE(n, row.cantidad - stock::Reserved(tx, k.first, k.second, clock_.Now()));
      tx.Exec(R"sql(
INSERT INTO stock_reservado (id, producto_id, ubicacion_id, cantidad, estado, expira_en,
                             usuario_id, creado_en, actualizado_en)
VALUES ($1, $2, $3, $4, 'activa', $5, $6, $7, $7))sql",
              {h.id, k.first, k.second, n, h.expira_en, kOtherUser, h.creado_en});
    });
    holds_[k].push_back(h);
  }

  int Pick(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }

  std::mt19937_64 rng_{20261129};
  std::map<Key, std::int64_t> qty_;
  std::map<Key, std::vector<Hold>> holds_;
};

TEST_P(StockRandomSequenceTest, ThousandsOfMovementsKeepEveryInvariant) {
  Product(kAzucar, "Azúcar 1 kg", "AZU-1", false, true);
  Product(kYogur, "Yogur bebible", "YOG-1", true, true);
  const std::vector<const char*> products = {kLeche, kArroz, kAzucar, kYogur};
  const std::vector<const char*> places = {kPrincipal, kDeposito};
  const std::vector<std::pair<std::string, std::string>> lots = {
      {"A", "2026-12-10"}, {"B", "2027-01-15"}, {"C", "2026-11-25"} /* expired */, {"", ""}};
  const std::int64_t steps = testing::Scaled(5000, 500);
  std::map<std::string, int> outcomes;
  std::vector<std::pair<IdempotencyKey, MovementInput>> done;
  std::vector<std::string> answers;

  for (std::int64_t step = 0; step < steps; ++step) {
    SCOPED_TRACE("paso " + std::to_string(step));
    clock_.Advance(std::chrono::seconds(Pick(1, 90)));
    const char* p = products[Pick(0, 3)];
    const bool vence = p == kLeche || p == kYogur;
    const int place = Pick(0, 1);
    Key k{p, places[place]};
    Key other{p, places[1 - place]};
    const int dice = Pick(0, 99);
    MovementInput in;
    std::optional<std::int64_t> lot_qty;
    bool expect_ok = true;
    if (dice < 8) {
      MaybeReserve(k, Pick(1, 8));
      continue;
    }
    if (dice < 12 && !done.empty()) {
      // A retry of a recent request (well inside the key's 24 h): the same answer, no effect.
      auto i = std::uniform_int_distribution<std::size_t>(done.size() > 50 ? done.size() - 50 : 0,
                                                          done.size() - 1)(rng_);
      auto r = movements_->Register(done[i].first, Meta(), done[i].second);
      ASSERT_TRUE(r.ok()) << r.error().Message();
      EXPECT_TRUE(r->replayed);
      EXPECT_EQ(r->data_json, answers[i]);
      ++outcomes["replay"];
      continue;
    }
    if (dice < 45) {
      const auto& [lote, fecha] = lots[Pick(vence ? 0 : 3, vence ? 2 : 3)];
      in = Entrada(p, Pick(1, 40), k.second.c_str(), lote,
                   fecha.empty() ? std::nullopt : std::optional<std::string>(fecha));
      if (in.lote->empty()) in.lote.reset();
    } else if (dice < 70) {
      in = Salida(p, Pick(1, 25), k.second.c_str());
      if (Pick(0, 3) == 0) {
        if (auto lot = SomeLot(k)) {
          in.lote_id = lot->first;
          lot_qty = lot->second;
        }
      }
      expect_ok = in.cantidad <= std::min(Available(k), lot_qty.value_or(qty_[k]));
    } else if (dice < 85) {
      in = Ajuste(p, Pick(0, 60), k.second.c_str());
      if (Pick(0, 4) == 0) {
        if (auto lot = SomeLot(k)) {
          in.lote_id = lot->first;
          lot_qty = lot->second;
        }
      }
    } else {
      in = Transfer(p, Pick(1, 25), k.second.c_str(), other.second.c_str());
      if (Pick(0, 3) == 0) {
        if (auto lot = SomeLot(k)) {
          in.lote_id = lot->first;
          lot_qty = lot->second;
        }
      }
      expect_ok = in.cantidad <= std::min(Available(k), lot_qty.value_or(qty_[k]));
    }

    auto key = KeyFor("seq-" + std::to_string(step), in);
    auto r = movements_->Register(key, Meta(), in);
    if (!r.ok()) {
      ASSERT_EQ(r.error().code, core::ErrorCode::kInsufficientStock) << r.error().Message();
      EXPECT_FALSE(expect_ok) << in.tipo << " " << in.cantidad << " refused";
      ++outcomes[in.tipo + " 409"];
      continue;
    }
    EXPECT_TRUE(expect_ok) << in.tipo << " " << in.cantidad << " accepted";
    ++outcomes[in.tipo];
    done.emplace_back(key, in);
    answers.push_back(r->data_json);
    auto data = json::parse(r->data_json).as_object();

    // The model.
    std::set<std::string> expected_release;
    if (in.tipo == "entrada") {
      qty_[k] += in.cantidad;
    } else if (in.tipo == "salida") {
      qty_[k] -= in.cantidad;
    } else if (in.tipo == "transferencia") {
      qty_[k] -= in.cantidad;
      qty_[other] += in.cantidad;
    } else {
      qty_[k] += in.cantidad - lot_qty.value_or(qty_[k]);
      if (r->status == 201) {
        // Keep the oldest while they fit; release the first that does not and all newer ones.
        std::vector<Hold*> live;
        for (auto& h : holds_[k]) {
          if (h.active && h.expira_en > clock_.Now()) live.push_back(&h);
        }
        std::sort(live.begin(), live.end(), [](const Hold* a, const Hold* b) {
          return std::tie(a->creado_en, a->id) < std::tie(b->creado_en, b->id);
        });
        std::int64_t kept = 0;
        bool fits = true;
        for (auto* h : live) {
          if (fits && kept + h->n <= qty_[k]) {
            kept += h->n;
            continue;
          }
          fits = false;
          h->active = false;
          expected_release.insert(h->id);
        }
      }
    }
    if (r->status == 200) {
      EXPECT_TRUE(data.at("sin_cambios").as_bool());
      EXPECT_EQ(in.tipo, "ajuste");
    } else {
      std::set<std::string> released;
      for (const auto& x : data.at("reservas_liberadas").as_array()) {
        released.insert(std::string(x.at("id").as_string()));
      }
      EXPECT_EQ(released, expected_release);
    }
    for (const auto& s : data.at("stock").as_array()) {
      Key sk{p, std::string(s.at("ubicacion_id").as_string())};
      EXPECT_EQ(s.at("cantidad").as_int64(), qty_[sk]);
      EXPECT_EQ(s.at("reservado").as_int64(), Reserved(sk));
      EXPECT_GE(s.at("disponible").as_int64(), 0);
    }
    if (HasFailure()) break;
  }

  for (const auto& [k, n] : qty_) {
    EXPECT_EQ(Qty(k.first.c_str(), k.second.c_str()), n) << k.first << " @ " << k.second;
  }
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM stock_deposito WHERE cantidad < 0"), 0);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM stock_lotes WHERE cantidad < 0"), 0);
  // Each kind of step happened, refusals included.
  for (const char* kind : {"entrada", "salida", "ajuste", "transferencia", "salida 409",
                           "transferencia 409", "replay"}) {
    EXPECT_GT(outcomes[kind], 0) << kind;
  }
  EXPECT_GT(Scalar("SELECT COUNT(*) FROM stock_reservado WHERE estado = 'cancelada'"), 0);
  std::string summary;
  for (const auto& [kind, n] : outcomes) summary += kind + "=" + std::to_string(n) + " ";
  RecordProperty("resumen", summary);
}

MM_INSTANTIATE_BACKENDS(StockRandomSequenceTest);

}  // namespace
}  // namespace mm::services
