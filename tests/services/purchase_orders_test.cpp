#include "services/purchase_orders.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <boost/json/parse.hpp>
#include <mutex>
#include <set>
#include <thread>

#include "core/normalize.hpp"
#include "service_fixture.hpp"
#include "services/principal_seed.hpp"
#include "services/receipts.hpp"
#include "services/seeding.hpp"
#include "services/stock_ledger.hpp"
#include "support/stock_invariants.hpp"
#include "support/test_env.hpp"

namespace mm::services {
namespace {

namespace json = boost::json;
using core::ErrorCode;

constexpr const char* kAdmin = "a0000000-0000-4000-8000-000000000001";
constexpr const char* kProveedor = "b0000000-0000-4000-8000-000000000001";
constexpr const char* kOtroProveedor = "b0000000-0000-4000-8000-000000000002";
constexpr const char* kYerba = "c0000000-0000-4000-8000-000000000001";     // u, cost 150000
constexpr const char* kLeche = "c0000000-0000-4000-8000-000000000002";     // controla_vencimiento
constexpr const char* kQueso = "c0000000-0000-4000-8000-000000000003";     // g, cost 900000/kg
constexpr const char* kInactivo = "c0000000-0000-4000-8000-000000000004";  // activo = false
constexpr const char* kNadie = "d0000000-0000-4000-8000-000000000009";     // exists nowhere

class PurchaseOrdersTest : public ServiceTest {
 protected:
  void SetUp() override {
    ServiceTest::SetUp();
    RunSeeds(*env_, {PrincipalLocationSeed()});
    auto now = clock_.Now();
    db_->Write([&](store::Tx& tx) {
      tx.Exec(
          "INSERT INTO usuarios (id, email, nombre, busqueda_normalizado, rol, origen, "
          "password_hash, activo, debe_cambiar_password, tokens_invalidados_en, version, "
          "creado_en, actualizado_en) VALUES ($1, 'compras@tienda.local', 'Compras', 'compras', "
          "'admin', 'local', 'x', $2, $3, $4, 0, $4, $4)",
          {kAdmin, true, false, now});
      for (auto [id, nombre] : {std::pair{kProveedor, "Distribuidora Norte"},
                                std::pair{kOtroProveedor, "Mayorista Sur"}}) {
        tx.Exec(
            "INSERT INTO proveedores (id, nombre, nombre_normalizado, activo, version, creado_en, "
            "actualizado_en) VALUES ($1, $2, $3, $4, 0, $5, $5)",
            {id, nombre, core::NormalizeSearch(nombre), true, now});
      }
      Product(tx, kYerba, "Yerba Playadito 1 kg", "YER-1", "u", 150000, false, true);
      Product(tx, kLeche, "Leche entera 1 L", "LEC-1", "u", std::nullopt, true, true);
      Product(tx, kQueso, "Queso cremoso", "QUE-1", "g", 900000, false, true);
      Product(tx, kInactivo, "Gaseosa discontinuada", "GAS-9", "u", 50000, false, false);
    });
    idem_ = std::make_unique<Idempotency>(*env_, std::chrono::hours(24));
    orders_ = std::make_unique<PurchaseOrders>(*env_, *idem_);
    receipts_ = std::make_unique<Receipts>(*env_, *idem_);
  }

  static void Product(store::Tx& tx, const char* id, const std::string& nombre, const char* sku,
                      const char* unidad, std::optional<std::int64_t> costo, bool vence,
                      bool activo) {
    tx.Exec(
        "INSERT INTO productos (id, nombre, nombre_normalizado, busqueda_normalizado, sku, unidad, "
        "precio_venta_centavos, costo_centavos, controla_vencimiento, activo, version, creado_en, "
        "actualizado_en) VALUES ($1, $2, $3, $3, $4, $5, 250000, $6, $7, $8, 0, $9, $9)",
        {id, nombre, core::NormalizeSearch(nombre), sku, unidad, costo, vence, activo,
         core::ParseTimestamp("2026-11-01T12:00:00Z").value()});
  }

  RequestMeta Meta(const std::string& request_id = "req") {
    RequestMeta m;
    m.principal.user_id = kAdmin;
    m.principal.role = core::Role::kAdmin;
    m.request_id = request_id;
    return m;
  }

  static IdempotencyKey Key(const std::string& scope, const std::string& key,
                            const std::string& fingerprint) {
    return IdempotencyKey{scope, kAdmin, key, fingerprint};
  }

  static NewPurchaseOrder Basic() {
    NewPurchaseOrder o;
    o.proveedor_id = kProveedor;
    o.fecha_estimada = "2026-12-05";
    o.observaciones = "Entregar por la mañana";
    o.items = {{kYerba, 24, std::nullopt}, {kLeche, 10, 80000}, {kQueso, 1500, std::nullopt}};
    return o;
  }

  json::object CreateOk(const NewPurchaseOrder& o) {
    auto r = orders_->Create(std::nullopt, Meta(), o);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : std::string(r.error().Message()));
    EXPECT_EQ(r->status, 201);
    return json::parse(r->data_json).as_object();
  }

  // The line id of `producto` in an order detail.
  static std::string LineOf(const json::object& order, const char* producto) {
    for (const auto& l : order.at("lineas").as_array()) {
      if (l.at("producto").at("id").as_string() == producto) {
        return std::string(l.at("id").as_string());
      }
    }
    return "";
  }

  core::Result<IdempotentReply> Receive(const NewReceipt& r) {
    return receipts_->Receive(std::nullopt, Meta(), r);
  }

  json::object Detail(const std::string& id) { return orders_->Get(id).value(); }

  std::int64_t Count(const std::string& table) { return Scalar("SELECT COUNT(*) FROM " + table); }

  void ExpectInvariants() {
    EXPECT_EQ(testing::StockInvariantViolations(*db_, clock_.Now()), std::vector<std::string>{});
  }

  std::unique_ptr<Idempotency> idem_;
  std::unique_ptr<PurchaseOrders> orders_;
  std::unique_ptr<Receipts> receipts_;
};

TEST_P(PurchaseOrdersTest, CreateNumbersOrdersAndEstimatesTheirTotal) {
  auto first = CreateOk(Basic());
  EXPECT_EQ(first.at("estado").as_string(), "pendiente");
  EXPECT_EQ(first.at("ubicacion").at("id").as_string(), stock::kPrincipalId);
  EXPECT_EQ(first.at("proveedor").at("nombre").as_string(), "Distribuidora Norte");
  EXPECT_EQ(first.at("creado_por").at("id").as_string(), kAdmin);
  EXPECT_EQ(first.at("version").as_int64(), 0);
  // 24 × 1500,00 (product cost) + 10 × 800,00 (line cost) + 1500 g × 9000,00/kg.
  EXPECT_EQ(first.at("total_estimado_centavos").as_int64(), 24 * 150000 + 10 * 80000 + 1350000);
  ASSERT_EQ(first.at("lineas").as_array().size(), 3u);
  for (const auto& l : first.at("lineas").as_array()) {
    EXPECT_EQ(l.at("cantidad_recibida").as_int64(), 0);
    EXPECT_EQ(l.at("pendiente"), l.at("cantidad"));
  }
  EXPECT_TRUE(first.at("recepciones").as_array().empty());
  EXPECT_TRUE(first.at("faltantes_vinculados").as_array().empty());
  std::string texto(first.at("pedido_texto").as_string());
  EXPECT_NE(texto.find("Distribuidora Norte"), std::string::npos) << texto;
  EXPECT_NE(texto.find("24 × Yerba Playadito 1 kg (SKU YER-1)"), std::string::npos) << texto;
  EXPECT_NE(texto.find("1500 g × Queso cremoso (SKU QUE-1)"), std::string::npos) << texto;
  EXPECT_NE(texto.find("05/12/2026"), std::string::npos) << texto;
  EXPECT_NE(texto.find("Entregar por la mañana"), std::string::npos) << texto;

  // An order whose products have no known cost is estimated at 0.
  NewPurchaseOrder unknown;
  unknown.proveedor_id = kOtroProveedor;
  unknown.items = {{kLeche, 3, std::nullopt}};
  auto second = CreateOk(unknown);
  EXPECT_EQ(second.at("total_estimado_centavos").as_int64(), 0);
  EXPECT_TRUE(second.at("fecha_estimada").is_null());
  auto third = CreateOk(Basic());
  EXPECT_LT(first.at("numero").as_int64(), second.at("numero").as_int64());
  EXPECT_LT(second.at("numero").as_int64(), third.at("numero").as_int64());
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM audit_log WHERE accion = 'orden_compra_creada'"), 3);
  EXPECT_EQ(Detail(std::string(first.at("id").as_string())), first);
}

TEST_P(PurchaseOrdersTest, BadOrdersAreRefusedWithTheirCodeAndCreateNothing) {
  auto expect = [&](NewPurchaseOrder o, ErrorCode code, const std::string& campo) {
    auto r = orders_->Create(std::nullopt, Meta(), o);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, code) << campo;
    if (code == ErrorCode::kReferenceNotFound) {
      EXPECT_EQ(r.error().details.at("campo").as_string(), campo);
    }
    if (code == ErrorCode::kValidationError) {
      EXPECT_EQ(r.error().details.at("campos").as_array()[0].at("campo").as_string(), campo);
    }
  };
  auto repeated = Basic();
  repeated.items.push_back({kYerba, 1, std::nullopt});
  expect(repeated, ErrorCode::kValidationError, "items[3].producto_id");
  auto past = Basic();
  past.fecha_estimada = "2026-11-28";  // the store day is 2026-11-29
  expect(past, ErrorCode::kValidationError, "fecha_estimada");
  auto empty = Basic();
  empty.items.clear();
  expect(empty, ErrorCode::kValidationError, "items");
  auto zero = Basic();
  zero.items[0].cantidad = 0;
  expect(zero, ErrorCode::kValidationError, "items[0].cantidad");
  auto unknown_product = Basic();
  unknown_product.items[1].producto_id = kNadie;
  expect(unknown_product, ErrorCode::kReferenceNotFound, "items[1].producto_id");
  auto unknown_supplier = Basic();
  unknown_supplier.proveedor_id = kNadie;
  expect(unknown_supplier, ErrorCode::kReferenceNotFound, "proveedor_id");
  auto unknown_location = Basic();
  unknown_location.ubicacion_id = kNadie;
  expect(unknown_location, ErrorCode::kReferenceNotFound, "ubicacion_id");
  auto shortages = Basic();
  shortages.faltante_ids = {kNadie};
  expect(shortages, ErrorCode::kReferenceNotFound, "faltante_ids[0]");
  auto inactive = Basic();
  inactive.items.push_back({kInactivo, 5, std::nullopt});
  expect(inactive, ErrorCode::kProductInactive, "");
  // Today itself is a valid estimate.
  auto today = Basic();
  today.fecha_estimada = "2026-11-29";
  EXPECT_EQ(Count("ordenes_compra"), 0);
  EXPECT_EQ(Count("ordenes_compra_lineas"), 0);
  EXPECT_EQ(Count("audit_log"), 0);
  CreateOk(today);
  EXPECT_EQ(Count("ordenes_compra"), 1);
}

TEST_P(PurchaseOrdersTest, CreateReplaysTheSameKeyAndRefusesItForAnotherBody) {
  auto k = Key("POST /api/ordenes-compra", "oc-1", "body-1");
  auto first = orders_->Create(k, Meta("r1"), Basic());
  ASSERT_TRUE(first.ok());
  auto again = orders_->Create(k, Meta("r2"), Basic());
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->replayed);
  EXPECT_EQ(again->status, 201);
  EXPECT_EQ(again->data_json, first->data_json);
  EXPECT_EQ(again->resource_id, first->resource_id);
  auto other = Basic();
  other.items.pop_back();
  auto reused = orders_->Create(Key("POST /api/ordenes-compra", "oc-1", "body-2"), Meta(), other);
  ASSERT_FALSE(reused.ok());
  EXPECT_EQ(reused.error().code, ErrorCode::kIdempotencyKeyReused);
  EXPECT_EQ(Count("ordenes_compra"), 1);
  EXPECT_EQ(Count("ordenes_compra_lineas"), 3);
}

TEST_P(PurchaseOrdersTest, ListFiltersByStateSupplierProductAndDateAndSorts) {
  auto a = CreateOk(Basic());  // 2026-11-29, estimate 12-05, yerba leche queso
  clock_.Advance(std::chrono::hours(24));
  NewPurchaseOrder b;
  b.proveedor_id = kOtroProveedor;
  b.fecha_estimada = "2026-12-02";
  b.items = {{kQueso, 500, std::nullopt}};
  auto ob = CreateOk(b);  // 2026-11-30
  clock_.Advance(std::chrono::hours(24));
  NewPurchaseOrder c;
  c.proveedor_id = kProveedor;
  c.items = {{kYerba, 6, std::nullopt}};
  auto oc = CreateOk(c);  // 2026-12-01, no estimate
  ASSERT_TRUE(
      orders_
          ->Cancel(std::nullopt, Meta(), std::string(oc.at("id").as_string()), "Ya no hace falta")
          .ok());
  auto ids = [&](const PurchaseOrderFilter& f, std::int64_t expected_total) {
    std::int64_t total = -1;
    auto rows = orders_->List(f, &total).value();
    EXPECT_EQ(total, expected_total);
    std::vector<std::string> out;
    for (const auto& r : rows) out.emplace_back(r.at("id").as_string());
    return out;
  };
  std::string ia(a.at("id").as_string()), ib(ob.at("id").as_string()), ic(oc.at("id").as_string());
  EXPECT_EQ(ids({}, 3), (std::vector<std::string>{ic, ib, ia}));  // -creado_en
  PurchaseOrderFilter by_state;
  by_state.estados = {"pendiente"};
  EXPECT_EQ(ids(by_state, 2), (std::vector<std::string>{ib, ia}));
  by_state.estados = {"cancelada", "recibida"};
  EXPECT_EQ(ids(by_state, 1), (std::vector<std::string>{ic}));
  PurchaseOrderFilter by_supplier;
  by_supplier.proveedor_id = kProveedor;
  EXPECT_EQ(ids(by_supplier, 2), (std::vector<std::string>{ic, ia}));
  PurchaseOrderFilter by_product;
  by_product.producto_id = kQueso;
  EXPECT_EQ(ids(by_product, 2), (std::vector<std::string>{ib, ia}));
  PurchaseOrderFilter by_date;
  by_date.desde = core::StoreCalendar::Default().StartOf(*core::ParseDate("2026-11-30"));
  by_date.hasta = core::StoreCalendar::Default().EndOf(*core::ParseDate("2026-11-30"));
  EXPECT_EQ(ids(by_date, 1), (std::vector<std::string>{ib}));
  PurchaseOrderFilter by_estimate;
  by_estimate.sort = {{"fecha_estimada", false}};
  EXPECT_EQ(ids(by_estimate, 3), (std::vector<std::string>{ib, ia, ic}));  // no estimate last
  PurchaseOrderFilter page;
  page.limit = 1;
  page.offset = 1;
  EXPECT_EQ(ids(page, 3), (std::vector<std::string>{ib}));
  auto rows = orders_->List({}, nullptr).value();
  EXPECT_EQ(rows.back().at("lineas_count").as_int64(), 3);
  EXPECT_EQ(rows.back().at("proveedor").at("nombre").as_string(), "Distribuidora Norte");
}

TEST_P(PurchaseOrdersTest, EditOnlyWhilePendienteWithAVersionCheck) {
  auto o = CreateOk(Basic());
  std::string id(o.at("id").as_string());
  PurchaseOrderPatch p;
  p.fecha_estimada = std::optional<std::string>("2026-12-10");
  p.observaciones = std::optional<std::string>();  // cleared
  p.version = 0;
  auto edited = orders_->Update(Meta(), id, p).value();
  EXPECT_EQ(edited.at("fecha_estimada").as_string(), "2026-12-10");
  EXPECT_TRUE(edited.at("observaciones").is_null());
  EXPECT_EQ(edited.at("version").as_int64(), 1);

  auto stale = orders_->Update(Meta(), id, p);  // still version 0
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.error().code, ErrorCode::kVersionConflict);
  EXPECT_EQ(stale.error().details.at("version_actual").as_int64(), 1);

  PurchaseOrderPatch past;
  past.fecha_estimada = std::optional<std::string>("2026-11-01");
  EXPECT_EQ(orders_->Update(Meta(), id, past).error().code, ErrorCode::kValidationError);
  EXPECT_EQ(orders_->Update(Meta(), kNadie, PurchaseOrderPatch{}).error().code,
            ErrorCode::kNotFound);

  NewReceipt r{id, std::nullopt, std::nullopt, std::nullopt, {{LineOf(o, kYerba), 4}}};
  ASSERT_TRUE(Receive(r).ok());
  PurchaseOrderPatch later;
  later.observaciones = std::optional<std::string>("Cambio tardío");
  auto refused = orders_->Update(Meta(), id, later);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kInvalidStateTransition);
  EXPECT_EQ(refused.error().details.at("estado_actual").as_string(), "parcial");
  EXPECT_EQ(refused.error().details.at("permitidos"), (json::array{"pendiente"}));
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM ordenes_compra WHERE observaciones IS NOT NULL"), 0);
}

TEST_P(PurchaseOrdersTest, CancelFromPendienteOrParcialOnly) {
  auto a = CreateOk(Basic());
  std::string ia(a.at("id").as_string());
  auto cancelled = orders_->Cancel(std::nullopt, Meta(), ia, "El proveedor no tiene stock");
  ASSERT_TRUE(cancelled.ok());
  auto ca = json::parse(cancelled->data_json).as_object();
  EXPECT_EQ(ca.at("estado").as_string(), "cancelada");
  EXPECT_EQ(ca.at("motivo_cancelacion").as_string(), "El proveedor no tiene stock");
  EXPECT_FALSE(ca.at("cancelada_en").is_null());
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM audit_log WHERE accion = 'orden_compra_cancelada'"), 1);
  auto twice = orders_->Cancel(std::nullopt, Meta(), ia, "Otra vez");
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.error().code, ErrorCode::kInvalidStateTransition);
  EXPECT_EQ(twice.error().details.at("estado_actual").as_string(), "cancelada");
  EXPECT_EQ(orders_->Cancel(std::nullopt, Meta(), kNadie, "Nada").error().code,
            ErrorCode::kNotFound);

  // A cancelled order cannot be received.
  NewReceipt r{ia, std::nullopt, std::nullopt, std::nullopt, {{LineOf(a, kYerba), 1}}};
  auto refused = Receive(r);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kInvalidStateTransition);
  EXPECT_EQ(Count("recepciones"), 0);
  EXPECT_EQ(Count("movimientos_deposito"), 0);

  // parcial → cancelada keeps what arrived.
  auto b = CreateOk(Basic());
  std::string ib(b.at("id").as_string());
  ASSERT_TRUE(
      Receive({ib, std::nullopt, std::nullopt, std::nullopt, {{LineOf(b, kYerba), 10}}}).ok());
  ASSERT_TRUE(orders_->Cancel(std::nullopt, Meta(), ib, "Resto discontinuado").ok());
  EXPECT_EQ(Detail(ib).at("lineas").as_array()[0].at("cantidad_recibida").as_int64(), 10);

  // recibida → refused.
  NewPurchaseOrder small;
  small.proveedor_id = kProveedor;
  small.items = {{kYerba, 2, std::nullopt}};
  auto c = CreateOk(small);
  std::string ic(c.at("id").as_string());
  ASSERT_TRUE(
      Receive({ic, std::nullopt, std::nullopt, std::nullopt, {{LineOf(c, kYerba), 2}}}).ok());
  auto done = orders_->Cancel(std::nullopt, Meta(), ic, "Tarde");
  ASSERT_FALSE(done.ok());
  EXPECT_EQ(done.error().code, ErrorCode::kInvalidStateTransition);
  EXPECT_EQ(done.error().details.at("estado_actual").as_string(), "recibida");
  EXPECT_EQ(done.error().details.at("permitidos"), (json::array{"pendiente", "parcial"}));
  ExpectInvariants();
}

TEST_P(PurchaseOrdersTest, PartialThenFullReceiptMovesStockLotsCostsAndState) {
  auto o = CreateOk(Basic());
  std::string id(o.at("id").as_string());
  std::string yerba = LineOf(o, kYerba), leche = LineOf(o, kLeche), queso = LineOf(o, kQueso);

  NewReceipt first;
  first.orden_compra_id = id;
  first.remito = "R-0001-00012345";
  first.items = {{yerba, 20, 160000, "L1", std::nullopt},
                 {leche, 4, std::nullopt, "A", "2026-12-10"},
                 {leche, 3, std::nullopt, "B", "2026-12-20"}};
  auto r1 = Receive(first);
  ASSERT_TRUE(r1.ok()) << r1.error().Message();
  EXPECT_EQ(r1->status, 201);
  EXPECT_EQ(r1->resource_id, id);
  auto d1 = json::parse(r1->data_json).as_object();
  EXPECT_EQ(d1.at("orden").at("estado").as_string(), "parcial");
  ASSERT_EQ(d1.at("movimientos").as_array().size(), 2u);  // one per product
  for (const auto& m : d1.at("movimientos").as_array()) {
    EXPECT_EQ(m.at("tipo").as_string(), "recepcion");
    EXPECT_EQ(m.at("origen").at("id").as_string(), id);
  }
  std::string recepcion(d1.at("recepcion_id").as_string());
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM movimientos_deposito WHERE tipo = 'recepcion' AND "
                   "orden_compra_id = '" +
                   id + "' AND recepcion_id = '" + recepcion + "' AND proveedor_id = '" +
                   kProveedor + "'"),
            2);
  // Two lots with their expiry for the milk, in the order's location.
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM stock_lotes WHERE producto_id = '" + std::string(kLeche) +
                   "' AND fecha_vencimiento IS NOT NULL AND cantidad > 0"),
            2);
  EXPECT_EQ(Scalar("SELECT cantidad FROM stock_deposito WHERE producto_id = '" +
                   std::string(kLeche) + "'"),
            7);
  // Costs: the given one for the yerba, the line's for the milk (twice, one per entry).
  EXPECT_EQ(Scalar("SELECT costo_centavos FROM productos WHERE id = '" + std::string(kYerba) + "'"),
            160000);
  EXPECT_EQ(Scalar("SELECT costo_centavos FROM productos WHERE id = '" + std::string(kLeche) + "'"),
            80000);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM precios_compra WHERE origen = 'recepcion' AND "
                   "recepcion_linea_id IS NOT NULL"),
            3);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM audit_log WHERE accion = 'recepcion_oc'"), 1);
  ExpectInvariants();

  // The rest: the yerba's last 4, the milk's 3 more into lot A, and all the cheese (no cost known
  // on the line: the product's cost stays).
  clock_.Advance(std::chrono::minutes(5));
  NewReceipt second;
  second.orden_compra_id = id;
  second.items = {{queso, 1500, std::nullopt, std::nullopt, std::nullopt},
                  {yerba, 4, std::nullopt, "L1", std::nullopt},
                  {leche, 3, std::nullopt, "A", "2026-12-10"}};
  auto r2 = Receive(second);
  ASSERT_TRUE(r2.ok()) << r2.error().Message();
  auto d2 = json::parse(r2->data_json).as_object();
  EXPECT_EQ(d2.at("orden").at("estado").as_string(), "recibida");
  for (const auto& l : d2.at("orden").at("lineas").as_array()) {
    EXPECT_EQ(l.at("pendiente").as_int64(), 0);
  }
  EXPECT_EQ(Scalar("SELECT cantidad FROM stock_lotes WHERE producto_id = '" + std::string(kLeche) +
                   "' AND lote = 'A'"),
            7);
  EXPECT_EQ(Scalar("SELECT costo_centavos FROM productos WHERE id = '" + std::string(kQueso) + "'"),
            900000);
  auto detail = Detail(id);
  EXPECT_EQ(detail.at("estado").as_string(), "recibida");
  ASSERT_EQ(detail.at("recepciones").as_array().size(), 2u);
  const auto& rec = detail.at("recepciones").as_array()[0];
  EXPECT_EQ(rec.at("id").as_string(), recepcion);
  EXPECT_EQ(rec.at("remito").as_string(), "R-0001-00012345");
  EXPECT_EQ(rec.at("lineas").as_array().size(), 3u);
  EXPECT_EQ(rec.at("usuario").at("nombre").as_string(), "Compras");

  // Nothing is left to receive.
  auto more = Receive({id, std::nullopt, std::nullopt, std::nullopt, {{yerba, 1}}});
  ASSERT_FALSE(more.ok());
  EXPECT_EQ(more.error().code, ErrorCode::kInvalidStateTransition);
  EXPECT_EQ(more.error().details.at("estado_actual").as_string(), "recibida");
  ExpectInvariants();
}

TEST_P(PurchaseOrdersTest, AReceiptAbovePendingIsRefusedWithItsLinesAndChangesNothing) {
  auto o = CreateOk(Basic());
  std::string id(o.at("id").as_string());
  std::string yerba = LineOf(o, kYerba), leche = LineOf(o, kLeche), queso = LineOf(o, kQueso);
  ASSERT_TRUE(Receive({id, std::nullopt, std::nullopt, std::nullopt, {{yerba, 20}}}).ok());
  auto before_mov = Count("movimientos_deposito");
  auto before_lots = Count("stock_lotes");
  auto before_cost = Count("precios_compra");
  // Yerba: 4 pending, 3 + 2 asked; leche: 10 pending, 11 asked in one; queso fits.
  NewReceipt over;
  over.orden_compra_id = id;
  over.items = {{yerba, 3, std::nullopt, "X", std::nullopt},
                {yerba, 2, std::nullopt, "Y", std::nullopt},
                {leche, 11, std::nullopt, std::nullopt, "2026-12-10"},
                {queso, 10, 1, std::nullopt, std::nullopt}};
  auto r = Receive(over);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kReceptionExceedsPending);
  std::map<std::string, std::int64_t> lines;
  for (const auto& l : r.error().details.at("lineas").as_array()) {
    lines[std::string(l.at("linea_id").as_string())] = l.at("pendiente").as_int64();
  }
  EXPECT_EQ(lines, (std::map<std::string, std::int64_t>{{yerba, 4}, {leche, 10}}));
  EXPECT_EQ(Count("recepciones"), 1);
  EXPECT_EQ(Count("recepcion_lineas"), 1);
  EXPECT_EQ(Count("movimientos_deposito"), before_mov);
  EXPECT_EQ(Count("stock_lotes"), before_lots);
  EXPECT_EQ(Count("precios_compra"), before_cost);
  EXPECT_EQ(Scalar("SELECT SUM(cantidad_recibida) FROM ordenes_compra_lineas"), 20);
  EXPECT_EQ(Detail(id).at("estado").as_string(), "parcial");
  ExpectInvariants();
}

TEST_P(PurchaseOrdersTest, ReceiptReferencesMustBelongToTheOrder) {
  auto a = CreateOk(Basic());
  auto b = CreateOk(Basic());
  std::string ia(a.at("id").as_string());
  auto foreign = Receive({ia,
                          std::nullopt,
                          std::nullopt,
                          std::nullopt,
                          {{LineOf(a, kYerba), 1}, {LineOf(b, kYerba), 1}}});
  ASSERT_FALSE(foreign.ok());
  EXPECT_EQ(foreign.error().code, ErrorCode::kReferenceNotFound);
  EXPECT_EQ(foreign.error().details.at("campo").as_string(), "items[1].linea_id");
  auto unknown =
      Receive({kNadie, std::nullopt, std::nullopt, std::nullopt, {{LineOf(a, kYerba), 1}}});
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code, ErrorCode::kReferenceNotFound);
  EXPECT_EQ(unknown.error().details.at("campo").as_string(), "orden_compra_id");
  auto location =
      Receive({ia, std::string(kNadie), std::nullopt, std::nullopt, {{LineOf(a, kYerba), 1}}});
  ASSERT_FALSE(location.ok());
  EXPECT_EQ(location.error().details.at("campo").as_string(), "ubicacion_id");
  // An expiring product needs its date.
  auto no_expiry =
      Receive({ia, std::nullopt, std::nullopt, std::nullopt, {{LineOf(a, kLeche), 2}}});
  ASSERT_FALSE(no_expiry.ok());
  EXPECT_EQ(no_expiry.error().code, ErrorCode::kValidationError);
  EXPECT_EQ(no_expiry.error().details.at("campos").as_array()[0].at("campo").as_string(),
            "items[0].fecha_vencimiento");
  // An expiry over a year old is refused before anything is read.
  NewReceipt old{ia,
                 std::nullopt,
                 std::nullopt,
                 std::nullopt,
                 {{LineOf(a, kLeche), 2, std::nullopt, std::nullopt, "2025-11-01"}}};
  EXPECT_EQ(Receive(old).error().code, ErrorCode::kValidationError);
  EXPECT_EQ(Count("recepciones"), 0);
  EXPECT_EQ(Count("movimientos_deposito"), 0);
  EXPECT_EQ(Count("stock_lotes"), 0);
  EXPECT_EQ(Scalar("SELECT SUM(cantidad_recibida) FROM ordenes_compra_lineas"), 0);
}

TEST_P(PurchaseOrdersTest, AReceiptReplaysItsKeyAndHasOneEffect) {
  auto o = CreateOk(Basic());
  std::string id(o.at("id").as_string());
  NewReceipt r{id, std::nullopt, "R-1", std::nullopt, {{LineOf(o, kYerba), 5}}};
  auto k = Key("POST /api/compras/recepcion", "rec-1", "body-1");
  auto first = receipts_->Receive(k, Meta("r1"), r);
  ASSERT_TRUE(first.ok());
  auto again = receipts_->Receive(k, Meta("r2"), r);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->replayed);
  EXPECT_EQ(again->status, 201);
  EXPECT_EQ(again->data_json, first->data_json);
  EXPECT_EQ(again->original_request_id, "r1");
  auto other = r;
  other.items[0].cantidad = 6;
  auto reused =
      receipts_->Receive(Key("POST /api/compras/recepcion", "rec-1", "body-2"), Meta(), other);
  ASSERT_FALSE(reused.ok());
  EXPECT_EQ(reused.error().code, ErrorCode::kIdempotencyKeyReused);
  EXPECT_EQ(Count("recepciones"), 1);
  EXPECT_EQ(Scalar("SELECT cantidad FROM stock_deposito WHERE producto_id = '" +
                   std::string(kYerba) + "'"),
            5);
  ExpectInvariants();
}

TEST_P(PurchaseOrdersTest, ConcurrentReceiptsNeverExceedThePendingQuantity) {
  NewPurchaseOrder big;
  big.proveedor_id = kProveedor;
  big.items = {{kYerba, 40, std::nullopt}, {kQueso, 30, 900000}};
  auto o = CreateOk(big);
  std::string id(o.at("id").as_string());
  std::string yerba = LineOf(o, kYerba), queso = LineOf(o, kQueso);
  const int threads = static_cast<int>(testing::Scaled(8, 4));
  const int rounds = static_cast<int>(testing::Scaled(12, 6));
  std::atomic<std::int64_t> ok_yerba{0}, ok_queso{0}, ok_calls{0};
  std::mutex mu;
  std::vector<std::string> unexpected;
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      for (int i = 0; i < rounds; ++i) {
        std::int64_t qy = 1 + (t + i) % 3, qq = 1 + (t * 7 + i) % 4;
        NewReceipt r;
        r.orden_compra_id = id;
        r.items = {{yerba, qy, std::nullopt, "T" + std::to_string(t % 2), std::nullopt},
                   {queso, qq, std::nullopt, std::nullopt, std::nullopt}};
        auto key = Key("POST /api/compras/recepcion",
                       "c-" + std::to_string(t) + "-" + std::to_string(i), "f");
        core::Result<IdempotentReply> res = core::Error::Internal();
        try {
          res = receipts_->Receive(key, Meta(), r);
        } catch (const std::exception& e) {  // e.g. a CHECK the service should have prevented
          std::lock_guard lock(mu);
          unexpected.emplace_back(e.what());
          continue;
        }
        if (res.ok()) {
          ok_yerba += qy;
          ok_queso += qq;
          ++ok_calls;
        } else if (res.error().code != ErrorCode::kReceptionExceedsPending &&
                   res.error().code != ErrorCode::kInvalidStateTransition) {
          std::lock_guard lock(mu);
          unexpected.emplace_back(core::Name(res.error().code));
        }
      }
    });
  }
  for (auto& th : pool) th.join();
  EXPECT_EQ(unexpected, std::vector<std::string>{});
  auto detail = Detail(id);
  std::int64_t got_yerba = 0, got_queso = 0;
  for (const auto& l : detail.at("lineas").as_array()) {
    auto rec = l.at("cantidad_recibida").as_int64();
    EXPECT_LE(rec, l.at("cantidad").as_int64());
    if (l.at("id").as_string() == yerba) got_yerba = rec;
    if (l.at("id").as_string() == queso) got_queso = rec;
  }
  EXPECT_EQ(got_yerba, ok_yerba.load());
  EXPECT_EQ(got_queso, ok_queso.load());
  EXPECT_EQ(Count("recepciones"), ok_calls.load());
  EXPECT_GT(ok_calls.load(), 0);
  bool complete = got_yerba == 40 && got_queso == 30;
  EXPECT_EQ(detail.at("estado").as_string(), complete ? "recibida" : "parcial");
  ExpectInvariants();
}

TEST_P(PurchaseOrdersTest, ConcurrentCreatesGetUniqueIncreasingNumbers) {
  const int threads = static_cast<int>(testing::Scaled(6, 3));
  const int each = static_cast<int>(testing::Scaled(5, 3));
  std::mutex mu;
  std::vector<std::vector<std::int64_t>> per_thread(threads);
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      for (int i = 0; i < each; ++i) {
        auto r = orders_->Create(std::nullopt, Meta(), Basic());
        if (!r.ok()) {
          std::lock_guard lock(mu);
          ADD_FAILURE() << r.error().Message();
          continue;
        }
        per_thread[t].push_back(json::parse(r->data_json).at("numero").as_int64());
      }
    });
  }
  for (auto& th : pool) th.join();
  std::set<std::int64_t> all;
  for (const auto& nums : per_thread) {
    // Each thread's orders were created one after the other: their numbers increase.
    for (std::size_t i = 1; i < nums.size(); ++i) EXPECT_LT(nums[i - 1], nums[i]);
    all.insert(nums.begin(), nums.end());
  }
  EXPECT_EQ(all.size(), static_cast<std::size_t>(threads * each));
  EXPECT_EQ(Count("ordenes_compra"), threads * each);
}

MM_INSTANTIATE_BACKENDS(PurchaseOrdersTest);

}  // namespace
}  // namespace mm::services
