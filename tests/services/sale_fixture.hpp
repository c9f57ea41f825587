// POS sales over a migrated database of each backend: the Principal location (the sales
// location), a cashier and an admin, products written directly, stock through the stock engine
// (entradas into lots), and an open cash session written directly. Checks the stock and the
// sale invariants after every test.
#pragma once

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <map>
#include <memory>
#include <string>

#include "core/hash.hpp"
#include "core/uuid.hpp"
#include "service_fixture.hpp"
#include "services/idempotency.hpp"
#include "services/outbox.hpp"
#include "services/principal_seed.hpp"
#include "services/sales.hpp"
#include "services/stock_movements.hpp"
#include "support/sale_invariants.hpp"
#include "support/stock_invariants.hpp"

namespace mm::services {

class SaleTest : public ServiceTest {
 protected:
  static constexpr const char* kCajero = "a0000000-0000-4000-8000-000000000011";
  static constexpr const char* kAdmin = "a0000000-0000-4000-8000-000000000012";
  static constexpr const char* kPrincipal = "00000000-0000-4000-8000-000000000001";
  static constexpr const char* kDeposito = "b0000000-0000-4000-8000-000000000012";
  static constexpr const char* kSesion = "f0000000-0000-4000-8000-000000000001";
  static constexpr const char* kUnknown = "e0000000-0000-4000-8000-00000000000e";

  void SetUp() override {
    ServiceTest::SetUp();
    RunSeeds(*env_, {PrincipalLocationSeed()});
    auto now = clock_.Now();
    Exec(R"sql(
INSERT INTO usuarios (id, email, nombre, busqueda_normalizado, rol, password_hash,
                      tokens_invalidados_en, creado_en, actualizado_en)
VALUES ($1, 'caja@tienda.local', 'Carla Caja', 'carla caja', 'ventas', 'x', $3, $3, $3),
       ($2, 'admin@tienda.local', 'Ana Admin', 'ana admin', 'admin', 'x', $3, $3, $3))sql",
         {kCajero, kAdmin, now});
    Exec(R"sql(
INSERT INTO ubicaciones (id, nombre, nombre_normalizado, es_venta, activo, creado_en,
                         actualizado_en)
VALUES ($1, 'Depósito', 'deposito', $2, $3, $4, $4))sql",
         {kDeposito, false, true, now});
    idem_ = std::make_unique<Idempotency>(*env_, std::chrono::hours(24));
    outbox_ = std::make_unique<Outbox>(*env_);
    movements_ = std::make_unique<StockMovements>(*env_, *idem_, *outbox_);
    sales_ = std::make_unique<Sales>(*env_, *idem_, SalesOptions{72});
  }

  void TearDown() override {
    EXPECT_EQ(testing::StockInvariantViolations(*db_, clock_.Now()), std::vector<std::string>{});
    EXPECT_EQ(testing::SaleInvariantViolations(*db_), std::vector<std::string>{});
  }

  // A product at the sales location's store, priced and costed (centavos).
  std::string Product(const std::string& nombre, std::int64_t precio, std::int64_t costo,
                      const std::string& unidad = "u", bool activo = true) {
    std::string id = core::NewUuidV4(random_);
    std::string sku = "SKU-" + id.substr(0, 8);
    Exec(R"sql(
INSERT INTO productos (id, nombre, nombre_normalizado, busqueda_normalizado, sku, unidad,
                       precio_venta_centavos, costo_centavos, controla_vencimiento, activo,
                       version, creado_en, actualizado_en)
VALUES ($1, $2, $3, $3, $4, $5, $6, $7, $8, $9, 0, $10, $10))sql",
         {id, nombre, nombre, sku, unidad, precio, costo, false, activo, clock_.Now()});
    return id;
  }

  // Stock in through the engine: an entrada into the (lote, fecha) lot at `ubicacion`.
  void Stock(const std::string& producto, std::int64_t n,
             std::optional<std::string> lote = std::nullopt,
             std::optional<std::string> fecha = std::nullopt, const char* ubicacion = kPrincipal) {
    MovementInput in;
    in.tipo = "entrada";
    in.producto_id = producto;
    in.cantidad = n;
    in.ubicacion_id = ubicacion;
    in.lote = std::move(lote);
    in.fecha_vencimiento = std::move(fecha);
    auto r = db_->Write([&](store::Tx& tx) { return movements_->Apply(tx, Meta(kAdmin), in); });
    ASSERT_TRUE(r.ok()) << r.error().Message();
  }

  void OpenSession(std::int64_t inicial = 10000) {
    Exec(R"sql(
INSERT INTO sesiones_caja (id, numero, estado, abierta_por, abierta_en, monto_inicial_centavos,
                           creado_en, actualizado_en)
VALUES ($1, 1, 'abierta', $2, $3, $4, $3, $3))sql",
         {kSesion, kCajero, clock_.Now(), inicial});
  }

  void Exec(const std::string& sql, std::initializer_list<store::Value> params = {}) {
    std::vector<store::Value> p(params);
    db_->Write([&](store::Tx& tx) { tx.Exec(sql, std::span<const store::Value>(p)); });
  }

  RequestMeta Meta(const char* user = kCajero) const {
    RequestMeta m;
    m.principal.user_id = user;
    m.principal.role = std::string(user) == kAdmin ? core::Role::kAdmin : core::Role::kVentas;
    m.request_id = "req-" + std::to_string(++requests_);
    return m;
  }

  // A fingerprint covering the whole input.
  static std::string Fingerprint(const NewSale& in) {
    std::string s;
    for (const auto& l : in.items) {
      s += l.producto_id + ":" + std::to_string(l.cantidad) + ":" + l.reserva_id.value_or("") + ";";
    }
    s += "|";
    for (const auto& p : in.pagos) {
      s +=
          p.metodo + ":" + std::to_string(p.monto_centavos) + ":" + p.referencia.value_or("") + ";";
    }
    auto i = [](const std::optional<std::int64_t>& v) { return v ? std::to_string(*v) : "-"; };
    auto t = [](const std::optional<core::Timestamp>& v) {
      return v ? core::FormatDbTimestamp(*v) : "-";
    };
    s += "|" + in.cliente_id.value_or("-") + "|" + i(in.efectivo_recibido_centavos) + "|" +
         i(in.total_esperado_centavos) + "|" + (in.confirmar_riesgo ? "1" : "0") + "|" +
         t(in.creado_offline_en) + "|" + t(in.catalogo_generado_en) + "|" +
         in.observaciones.value_or("-");
    return core::Sha256Hex(s);
  }

  IdempotencyKey Key(const std::string& key, const NewSale& in, const char* user = kCajero) {
    return IdempotencyKey{"POST /api/ventas", user, key, Fingerprint(in)};
  }

  // Records with a fresh key.
  core::Result<IdempotentReply> Sell(const NewSale& in, const char* user = kCajero) {
    return sales_->Record(Key("k-" + std::to_string(++keys_), in, user), Meta(user), in);
  }
  boost::json::object SellOk(const NewSale& in, const char* user = kCajero) {
    auto r = Sell(in, user);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : std::string(r.error().Message()));
    if (!r.ok()) return {};
    EXPECT_EQ(r->status, 201);
    return boost::json::parse(r->data_json).as_object();
  }

  // One line per (producto, cantidad), paid in cash for `efectivo` (0 = leave pagos empty).
  static NewSale Cart(std::vector<std::pair<std::string, std::int64_t>> lines,
                      std::int64_t efectivo) {
    NewSale s;
    for (auto& [p, n] : lines) s.items.push_back({p, n, std::nullopt});
    if (efectivo > 0) s.pagos.push_back({"efectivo", efectivo, std::nullopt});
    return s;
  }

  std::int64_t Qty(const std::string& producto, const char* ubicacion = kPrincipal) {
    return db_->Read([&](store::Tx& tx) {
      auto r = tx.QueryOne(
          "SELECT cantidad FROM stock_deposito WHERE producto_id = $1 AND ubicacion_id = $2",
          {producto, ubicacion});
      return r ? r->Int(0) : std::int64_t{-1};
    });
  }

  std::int64_t LotQty(const std::string& producto, const std::string& lote) {
    return db_->Read([&](store::Tx& tx) {
      auto r = tx.QueryOne(
          "SELECT l.cantidad FROM stock_lotes l JOIN stock_deposito s ON s.id = l.stock_id "
          "WHERE s.producto_id = $1 AND s.ubicacion_id = $2 AND l.lote = $3",
          {producto, kPrincipal, lote});
      return r ? r->Int(0) : std::int64_t{-1};
    });
  }
  std::string LotId(const std::string& producto, const std::string& lote) {
    return db_->Read([&](store::Tx& tx) {
      auto r = tx.QueryOne(
          "SELECT l.id FROM stock_lotes l JOIN stock_deposito s ON s.id = l.stock_id "
          "WHERE s.producto_id = $1 AND s.ubicacion_id = $2 AND l.lote = $3",
          {producto, kPrincipal, lote});
      return r ? r->Text(0) : std::string();
    });
  }

  // Row counts of every table a sale may write, plus stock totals and cache versions: equal
  // before and after means the operation left no trace.
  std::map<std::string, std::int64_t> Snapshot() {
    std::map<std::string, std::int64_t> s;
    for (const char* t :
         {"ventas", "venta_items", "venta_pagos", "movimientos_caja", "movimientos_deposito",
          "movimiento_lotes", "audit_log", "idempotency_keys", "stock_deposito", "stock_lotes"}) {
      s[t] = Scalar(std::string("SELECT COUNT(*) FROM ") + t);
    }
    s["stock_total"] = Scalar("SELECT COALESCE(SUM(cantidad), 0) FROM stock_deposito");
    s["lotes_total"] = Scalar("SELECT COALESCE(SUM(cantidad), 0) FROM stock_lotes");
    s["reservas_activas"] = Scalar("SELECT COUNT(*) FROM stock_reservado WHERE estado = 'activa'");
    s["cache"] = Scalar("SELECT COALESCE(SUM(version), 0) FROM cache_versions");
    return s;
  }

  static std::string Code(const core::Result<IdempotentReply>& r) {
    return r.ok() ? "OK" : std::string(core::Name(r.error().code));
  }

  std::unique_ptr<Idempotency> idem_;
  std::unique_ptr<Outbox> outbox_;
  std::unique_ptr<StockMovements> movements_;
  std::unique_ptr<Sales> sales_;
  mutable int requests_ = 0;
  int keys_ = 0;
};

}  // namespace mm::services
