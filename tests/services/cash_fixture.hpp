// Cash sessions over a migrated database of each backend: the Principal location and the store
// settings (first-start seeds), an admin and two cashiers, two products with stock, and a
// `BookSale` that records a sale the way POST /api/ventas does (header, items, payments, `venta`
// kardex rows through the stock engine, the cash flow of its efectivo share), so the arithmetic
// of the arqueo can be checked without the sales service. Checks the stock and sale invariants
// after every test.
#pragma once

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <memory>
#include <string>
#include <vector>

#include "core/hash.hpp"
#include "core/money.hpp"
#include "core/store_calendar.hpp"
#include "core/uuid.hpp"
#include "service_fixture.hpp"
#include "services/cash_register.hpp"
#include "services/cash_sessions.hpp"
#include "services/human_number.hpp"
#include "services/idempotency.hpp"
#include "services/outbox.hpp"
#include "services/principal_seed.hpp"
#include "services/stock_ledger.hpp"
#include "services/store_settings.hpp"
#include "support/sale_invariants.hpp"
#include "support/stock_invariants.hpp"

namespace mm::services {

class CashTest : public ServiceTest {
 protected:
  static constexpr const char* kAdmin = "a0000000-0000-4000-8000-0000000000a1";
  static constexpr const char* kVero = "a0000000-0000-4000-8000-0000000000b1";
  static constexpr const char* kOtro = "a0000000-0000-4000-8000-0000000000b2";
  static constexpr const char* kPrincipal = "00000000-0000-4000-8000-000000000001";
  static constexpr const char* kYerba = "c0000000-0000-4000-8000-0000000000c1";
  static constexpr const char* kQueso = "c0000000-0000-4000-8000-0000000000c2";  // by weight (g)

  void SetUp() override {
    ServiceTest::SetUp();
    RunSeeds(*env_, {PrincipalLocationSeed(), StoreSettingsSeed(StoreSettingsDefaults{})});
    auto now = clock_.Now();
    Exec(R"sql(
INSERT INTO usuarios (id, email, nombre, busqueda_normalizado, rol, password_hash,
                      tokens_invalidados_en, creado_en, actualizado_en)
VALUES ($1, 'admin@tienda.local', 'Ana Admin', 'ana admin', 'admin', 'x', $4, $4, $4),
       ($2, 'vero@tienda.local', 'Vero Ventas', 'vero ventas', 'ventas', 'x', $4, $4, $4),
       ($3, 'otro@tienda.local', 'Otro Cajero', 'otro cajero', 'ventas', 'x', $4, $4, $4))sql",
         {kAdmin, kVero, kOtro, now});
    Product(kYerba, "Yerba 1 kg", "YER-1", "u", 333);
    Product(kQueso, "Queso por peso", "QUE-1", "g", 12345);  // per kg
    AddStock(kYerba, 100);
    AddStock(kQueso, 10000);
    idem_ = std::make_unique<Idempotency>(*env_, std::chrono::hours(24));
    outbox_ = std::make_unique<Outbox>(*env_);
    settings_ = std::make_unique<StoreSettings>(*env_, StoreSettingsDefaults{});
    cash_ = std::make_unique<CashSessions>(*env_, *idem_, *outbox_, *settings_);
  }

  void TearDown() override {
    EXPECT_EQ(testing::StockInvariantViolations(*db_, clock_.Now()), std::vector<std::string>{});
    EXPECT_EQ(testing::SaleInvariantViolations(*db_), std::vector<std::string>{});
  }

  void Product(const char* id, const char* nombre, const char* sku, const char* unidad,
               std::int64_t precio) {
    Exec(R"sql(
INSERT INTO productos (id, nombre, nombre_normalizado, busqueda_normalizado, sku, unidad,
                       precio_venta_centavos, controla_vencimiento, activo, version, creado_en,
                       actualizado_en)
VALUES ($1, $2, $3, $3, $4, $5, $6, $7, $8, 0, $9, $9))sql",
         {id, nombre, std::string(nombre), sku, unidad, precio, false, true, clock_.Now()});
  }

  void AddStock(const char* producto, std::int64_t n) {
    db_->Write([&](store::Tx& tx) {
      auto now = clock_.Now();
      auto row = stock::LockStockRow(tx, random_, producto, kPrincipal, now);
      auto lots = stock::LockLots(tx, row, core::StoreCalendar::Default().DayOf(now));
      auto lot = stock::EnsureLot(tx, random_, row, lots, "", std::nullopt, now, now);
      stock::MovementSpec spec;
      spec.tipo = "entrada";
      spec.lots = {{lot, n}};
      stock::ApplyMovement(tx, random_, row, lots, spec, now);
    });
  }

  void Exec(const std::string& sql, std::initializer_list<store::Value> params = {}) {
    std::vector<store::Value> p(params);
    db_->Write([&](store::Tx& tx) { tx.Exec(sql, std::span<const store::Value>(p)); });
  }

  RequestMeta Meta(const char* user = kVero) const {
    RequestMeta m;
    m.principal.user_id = user;
    m.principal.role = std::string_view(user) == kAdmin ? core::Role::kAdmin : core::Role::kVentas;
    m.request_id = "req-" + std::to_string(++requests_);
    return m;
  }

  static IdempotencyKey Key(const std::string& scope, const char* user, const std::string& key,
                            const std::string& body) {
    return IdempotencyKey{scope, user, key, core::Sha256Hex(scope + "|" + body)};
  }
  std::string NextKey() { return "k-" + std::to_string(++keys_); }

  core::Result<IdempotentReply> Open(std::int64_t monto, const char* user = kVero,
                                     std::optional<std::string> obs = std::nullopt,
                                     std::optional<std::string> key = std::nullopt) {
    OpenCashInput in{monto, std::move(obs)};
    return cash_->Open(Key("POST /api/caja/apertura", user, key.value_or(NextKey()),
                           std::to_string(monto) + "|" + in.observaciones.value_or("")),
                       Meta(user), in);
  }
  core::Result<IdempotentReply> Move(const std::string& tipo, std::int64_t monto,
                                     const char* user = kVero, std::string motivo = "Cambio") {
    CashMoveInput in{tipo, monto, std::move(motivo)};
    return cash_->Move(Key("POST /api/caja/movimientos", user, NextKey(),
                           tipo + "|" + std::to_string(monto) + "|" + in.motivo),
                       Meta(user), in);
  }
  core::Result<IdempotentReply> Close(std::int64_t contado, const char* user = kVero,
                                      std::optional<std::string> obs = std::nullopt,
                                      std::optional<std::string> key = std::nullopt) {
    CloseCashInput in{contado, std::move(obs)};
    return cash_->Close(Key("POST /api/caja/cierre", user, key.value_or(NextKey()),
                            std::to_string(contado) + "|" + in.observaciones.value_or("")),
                        Meta(user), in);
  }

  static boost::json::object Data(const core::Result<IdempotentReply>& r) {
    if (!r.ok()) {
      ADD_FAILURE() << "expected success, got " << core::Name(r.error().code) << ": "
                    << r.error().Message();
      return {};
    }
    return boost::json::parse(r->data_json).as_object();
  }
  static std::string S(const boost::json::value& v) { return std::string(v.as_string()); }
  static std::int64_t I(const boost::json::value& v) { return v.as_int64(); }

  struct Pago {
    std::string metodo;
    std::int64_t monto = 0;
    std::int64_t vuelto = 0;  // efectivo only
  };
  struct Line {
    const char* producto = nullptr;
    std::int64_t cantidad = 0;
  };
  struct BookedSale {
    std::string id;
    std::vector<std::string> item_ids;
    std::int64_t total = 0;
  };

  // Records a sale in the open session like POST /api/ventas would (list prices, FEFO), with
  // `pagos` (their montos must add up to the total, which `SaleTotal` computes first).
  BookedSale BookSale(const std::vector<Line>& lines, const std::vector<Pago>& pagos,
                      const char* user = kVero) {
    BookedSale out;
    db_->Write([&](store::Tx& tx) {
      auto now = clock_.Now();
      auto today = core::StoreCalendar::Default().DayOf(now);
      auto session = cash::LockOpen(tx, cash::Hold::kShare);
      if (!session.ok()) throw std::logic_error("BookSale needs an open session");
      out.id = core::NewUuidV4(random_);
      std::int64_t numero = NextHumanNumber(tx, "ventas", "ventas_numero_seq");
      std::int64_t total = 0;
      struct Item {
        std::string id, producto, nombre, sku, unidad;
        std::int64_t cantidad, precio, subtotal;
      };
      std::vector<Item> items;
      for (const auto& l : lines) {
        auto p = stock::LockProduct(tx, l.producto, stock::Lock::kShare);
        Item it{core::NewUuidV4(random_),
                p->id,
                p->nombre,
                p->sku,
                p->unidad,
                l.cantidad,
                p->precio_venta_centavos,
                core::LineAmount(l.cantidad, p->precio_venta_centavos, p->unidad)};
        total += it.subtotal;
        items.push_back(it);
      }
      tx.Exec(R"sql(
INSERT INTO ventas (id, numero, sesion_caja_id, ubicacion_id, usuario_id, total_centavos,
                    creado_en, actualizado_en)
VALUES ($1, $2, $3, $4, $5, $6, $7, $7))sql",
              {out.id, numero, session->id, kPrincipal, user, total, now});
      for (const auto& it : items) {
        tx.Exec(R"sql(
INSERT INTO venta_items (id, venta_id, producto_id, producto_nombre, producto_sku, unidad, cantidad,
                         precio_lista_centavos, precio_unitario_centavos, subtotal_centavos,
                         creado_en)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, $9, $10))sql",
                {it.id, out.id, it.producto, it.nombre, it.sku, it.unidad, it.cantidad, it.precio,
                 it.subtotal, now});
        auto row = stock::LockStockRow(tx, random_, it.producto, kPrincipal, now);
        auto lots = stock::LockLots(tx, row, today);
        stock::MovementSpec spec;
        spec.tipo = "venta";
        spec.venta_id = out.id;
        spec.venta_item_id = it.id;
        spec.usuario_id = user;
        spec.lots = *stock::PlanOutflow(lots, it.cantidad, std::nullopt);
        stock::ApplyMovement(tx, random_, row, lots, spec, now);
        out.item_ids.push_back(it.id);
      }
      std::int64_t pagado = 0;
      for (const auto& p : pagos) {
        pagado += p.monto;
        const bool cash = p.metodo == "efectivo";
        tx.Exec(R"sql(
INSERT INTO venta_pagos (id, venta_id, metodo, monto_centavos, recibido_centavos, vuelto_centavos,
                         creado_en)
VALUES ($1, $2, $3, $4, $5, $6, $7))sql",
                {core::NewUuidV4(random_), out.id, p.metodo, p.monto,
                 cash ? store::Value(p.monto + p.vuelto) : store::Value(), p.vuelto, now});
        if (cash) {
          cash::CashFlow flow;
          flow.sesion_id = session->id;
          flow.tipo = "venta";
          flow.monto_centavos = p.monto;
          flow.venta_id = out.id;
          flow.usuario_id = user;
          cash::RecordFlow(tx, random_, flow, now);
        }
      }
      if (pagado != total) throw std::logic_error("BookSale: payments do not add up");
      out.total = total;
    });
    return out;
  }

  // The total BookSale would charge for `lines`.
  std::int64_t SaleTotal(const std::vector<Line>& lines) {
    return db_->Read([&](store::Tx& tx) {
      std::int64_t total = 0;
      for (const auto& l : lines) {
        auto p = stock::LockProduct(tx, l.producto, stock::Lock::kNone);
        total += core::LineAmount(l.cantidad, p->precio_venta_centavos, p->unidad);
      }
      return total;
    });
  }

  boost::json::object Arqueo(const char* user = kVero,
                             std::optional<std::string> sesion_id = std::nullopt) {
    auto a = cash_->Arqueo(Meta(user), sesion_id);
    EXPECT_TRUE(a.ok()) << (a.ok() ? "" : std::string(a.error().Message()));
    return a.ok() ? *a : boost::json::object{};
  }

  std::int64_t Count(const std::string& table) { return Scalar("SELECT COUNT(*) FROM " + table); }

  std::unique_ptr<Idempotency> idem_;
  std::unique_ptr<Outbox> outbox_;
  std::unique_ptr<StoreSettings> settings_;
  std::unique_ptr<CashSessions> cash_;
  mutable int requests_ = 0;
  int keys_ = 0;
};

}  // namespace mm::services
