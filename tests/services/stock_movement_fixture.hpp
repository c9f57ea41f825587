// Stock movements over a migrated database of each backend: the Principal location (first-start
// seed), a second location "Depósito", an inactive one, three products, a supplier and two
// users, all written directly. Checks the stock invariants after every test.
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
#include "services/stock_movements.hpp"
#include "support/stock_invariants.hpp"

namespace mm::services {

class StockMovementTest : public ServiceTest {
 protected:
  static constexpr const char* kUser = "a0000000-0000-4000-8000-000000000001";
  static constexpr const char* kOtherUser = "a0000000-0000-4000-8000-000000000002";
  static constexpr const char* kPrincipal = "00000000-0000-4000-8000-000000000001";
  static constexpr const char* kDeposito = "b0000000-0000-4000-8000-000000000002";
  static constexpr const char* kCerrada = "b0000000-0000-4000-8000-000000000003";
  static constexpr const char* kLeche = "c0000000-0000-4000-8000-000000000001";  // expiry
  static constexpr const char* kArroz = "c0000000-0000-4000-8000-000000000002";
  static constexpr const char* kViejo = "c0000000-0000-4000-8000-000000000003";  // inactive
  static constexpr const char* kProveedor = "d0000000-0000-4000-8000-000000000001";
  static constexpr const char* kUnknown = "e0000000-0000-4000-8000-00000000000e";

  void SetUp() override {
    ServiceTest::SetUp();
    RunSeeds(*env_, {PrincipalLocationSeed()});
    auto now = clock_.Now();
    Exec(R"sql(
INSERT INTO usuarios (id, email, nombre, busqueda_normalizado, rol, password_hash,
                      tokens_invalidados_en, creado_en, actualizado_en)
VALUES ($1, 'deposito@tienda.local', 'Dora Depósito', 'dora deposito', 'deposito', 'x', $3, $3, $3),
       ($2, 'ventas@tienda.local', 'Vero Ventas', 'vero ventas', 'ventas', 'x', $3, $3, $3))sql",
         {kUser, kOtherUser, now});
    Exec(R"sql(
INSERT INTO ubicaciones (id, nombre, nombre_normalizado, es_venta, activo, creado_en,
                         actualizado_en)
VALUES ($1, 'Depósito', 'deposito', $3, $4, $5, $5),
       ($2, 'Cerrada', 'cerrada', $3, $3, $5, $5))sql",
         {kDeposito, kCerrada, false, true, now});
    Exec(R"sql(
INSERT INTO proveedores (id, nombre, nombre_normalizado, activo, creado_en, actualizado_en)
VALUES ($1, 'Distribuidora Sur', 'distribuidora sur', $2, $3, $3))sql",
         {kProveedor, true, now});
    Product(kLeche, "Leche 1 L", "LEC-1", true, true);
    Product(kArroz, "Arroz 1 kg", "ARR-1", false, true);
    Product(kViejo, "Producto viejo", "VIE-1", false, false);
    idem_ = std::make_unique<Idempotency>(*env_, std::chrono::hours(24));
    outbox_ = std::make_unique<Outbox>(*env_);
    movements_ =
        std::make_unique<StockMovements>(*env_, *idem_, *outbox_, StockMovementOptions{100});
  }

  void TearDown() override {
    EXPECT_EQ(testing::StockInvariantViolations(*db_, clock_.Now()), std::vector<std::string>{});
  }

  void Product(const char* id, const char* nombre, const char* sku, bool vence, bool activo) {
    Exec(R"sql(
INSERT INTO productos (id, nombre, nombre_normalizado, busqueda_normalizado, sku, unidad,
                       precio_venta_centavos, controla_vencimiento, activo, version, creado_en,
                       actualizado_en)
VALUES ($1, $2, $3, $3, $4, 'u', 150000, $5, $6, 0, $7, $7))sql",
         {id, nombre, std::string(nombre), sku, vence, activo, clock_.Now()});
  }

  void Exec(const std::string& sql, std::initializer_list<store::Value> params = {}) {
    std::vector<store::Value> p(params);
    db_->Write([&](store::Tx& tx) { tx.Exec(sql, std::span<const store::Value>(p)); });
  }

  RequestMeta Meta(const char* user = kUser) const {
    RequestMeta m;
    m.principal.user_id = user;
    m.principal.role = core::Role::kDeposito;
    m.request_id = "req-" + std::to_string(++requests_);
    return m;
  }

  // A key whose fingerprint covers every field of the input.
  static IdempotencyKey KeyFor(const std::string& key, const MovementInput& in) {
    auto o = [](const std::optional<std::string>& s) { return s.value_or("∅"); };
    std::string fp = in.tipo + "|" + in.producto_id + "|" + o(in.ubicacion_id) + "|" +
                     o(in.ubicacion_destino_id) + "|" + std::to_string(in.cantidad) + "|" +
                     o(in.motivo) + "|" + o(in.observaciones) + "|" + o(in.lote) + "|" +
                     o(in.fecha_vencimiento) + "|" + o(in.proveedor_id) + "|" +
                     std::to_string(in.costo_unitario_centavos.value_or(-1)) + "|" + o(in.lote_id);
    return IdempotencyKey{"POST /api/deposito/movimiento", kUser, key, core::Sha256Hex(fp)};
  }

  // Registers with a fresh key.
  core::Result<IdempotentReply> Move(const MovementInput& in, const char* user = kUser) {
    return movements_->Register(KeyFor("k-" + std::to_string(++keys_), in), Meta(user), in);
  }
  // Registers and expects success; returns the answer's data.
  boost::json::object MoveOk(const MovementInput& in) {
    auto r = Move(in);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : std::string(r.error().Message()));
    if (!r.ok()) return {};
    return boost::json::parse(r->data_json).as_object();
  }

  static MovementInput Entrada(const char* producto, std::int64_t n, const char* ubicacion,
                               std::optional<std::string> lote = std::nullopt,
                               std::optional<std::string> fecha = std::nullopt) {
    MovementInput in;
    in.tipo = "entrada";
    in.producto_id = producto;
    in.cantidad = n;
    if (ubicacion) in.ubicacion_id = ubicacion;
    in.lote = std::move(lote);
    in.fecha_vencimiento = std::move(fecha);
    return in;
  }
  static MovementInput Salida(const char* producto, std::int64_t n, const char* ubicacion,
                              std::optional<std::string> lote_id = std::nullopt) {
    MovementInput in;
    in.tipo = "salida";
    in.producto_id = producto;
    in.cantidad = n;
    if (ubicacion) in.ubicacion_id = ubicacion;
    in.motivo = "Merma";
    in.lote_id = std::move(lote_id);
    return in;
  }
  static MovementInput Ajuste(const char* producto, std::int64_t contado, const char* ubicacion,
                              std::optional<std::string> lote_id = std::nullopt) {
    MovementInput in;
    in.tipo = "ajuste";
    in.producto_id = producto;
    in.cantidad = contado;
    if (ubicacion) in.ubicacion_id = ubicacion;
    in.motivo = "Conteo físico";
    in.lote_id = std::move(lote_id);
    return in;
  }
  static MovementInput Transfer(const char* producto, std::int64_t n, const char* from,
                                const char* to, std::optional<std::string> lote_id = std::nullopt) {
    MovementInput in;
    in.tipo = "transferencia";
    in.producto_id = producto;
    in.cantidad = n;
    if (from) in.ubicacion_id = from;
    in.ubicacion_destino_id = to;
    in.lote_id = std::move(lote_id);
    return in;
  }

  // An active reservation written with plain SQL (the reservation operations come later).
  std::string Reserve(const char* producto, const char* ubicacion, std::int64_t n,
                      core::Timestamp creado_en, std::optional<std::string> id = std::nullopt,
                      std::optional<core::Timestamp> expira_en = std::nullopt) {
    std::string rid = id.value_or(core::NewUuidV4(random_));
    Exec(R"sql(
INSERT INTO stock_reservado (id, producto_id, ubicacion_id, cantidad, estado, referencia,
                             expira_en, usuario_id, creado_en, actualizado_en)
VALUES ($1, $2, $3, $4, 'activa', $5, $6, $7, $8, $8))sql",
         {rid, producto, ubicacion, n, "ref-" + rid.substr(0, 8),
          expira_en.value_or(clock_.Now() + std::chrono::hours(24)), kOtherUser, creado_en});
    return rid;
  }

  std::int64_t Qty(const char* producto, const char* ubicacion) {
    return db_->Read([&](store::Tx& tx) {
      auto r = tx.QueryOne(
          "SELECT cantidad FROM stock_deposito WHERE producto_id = $1 AND ubicacion_id = $2",
          {producto, ubicacion});
      return r ? r->Int(0) : std::int64_t{-1};
    });
  }

  // The lot (lote, fecha) of a product at a location: {id, cantidad}, or {"", -1}.
  std::pair<std::string, std::int64_t> LotOf(const char* producto, const char* ubicacion,
                                             const std::string& lote) {
    return db_->Read([&](store::Tx& tx) {
      auto r = tx.QueryOne(
          "SELECT l.id, l.cantidad FROM stock_lotes l JOIN stock_deposito s ON s.id = l.stock_id "
          "WHERE s.producto_id = $1 AND s.ubicacion_id = $2 AND l.lote = $3",
          {producto, ubicacion, lote});
      return r ? std::pair{r->Text(0), r->Int(1)} : std::pair{std::string(), std::int64_t{-1}};
    });
  }

  // Row counts of every table a movement may write (the key table aside), and the stock cache
  // version: equal before and after means the operation left no trace.
  std::map<std::string, std::int64_t> Snapshot() {
    std::map<std::string, std::int64_t> s;
    for (const char* t :
         {"movimientos_deposito", "movimiento_lotes", "stock_deposito", "stock_lotes", "audit_log",
          "notification_outbox", "precios_compra", "precios_historicos"}) {
      s[t] = Scalar(std::string("SELECT COUNT(*) FROM ") + t);
    }
    s["stock_total"] = Scalar("SELECT COALESCE(SUM(cantidad), 0) FROM stock_deposito");
    s["lotes_total"] = Scalar("SELECT COALESCE(SUM(cantidad), 0) FROM stock_lotes");
    s["reservas_activas"] = Scalar("SELECT COUNT(*) FROM stock_reservado WHERE estado = 'activa'");
    s["cache_stock"] =
        Scalar("SELECT COALESCE(MAX(version), 0) FROM cache_versions WHERE namespace = 'stock'");
    return s;
  }

  static std::string Code(const core::Result<IdempotentReply>& r) {
    return r.ok() ? "OK" : std::string(core::Name(r.error().code));
  }

  std::unique_ptr<Idempotency> idem_;
  std::unique_ptr<Outbox> outbox_;
  std::unique_ptr<StockMovements> movements_;
  mutable int requests_ = 0;
  int keys_ = 0;
};

}  // namespace mm::services
