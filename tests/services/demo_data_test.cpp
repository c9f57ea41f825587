#include <gtest/gtest.h>

#include "core/barcode.hpp"
#include "service_fixture.hpp"
#include "services/demo_catalog.hpp"
#include "services/demo_shop.hpp"
#include "services/principal_seed.hpp"
#include "store/migrator.hpp"
#include "support/credit_invariants.hpp"
#include "support/stock_invariants.hpp"

namespace mm::services {
namespace {

class DemoDataTest : public ServiceTest {
 protected:
  // What `minimarket demo-data` does.
  static void LoadInto(Env& env) {
    RunSeeds(env, {PrincipalLocationSeed()});
    RunSeeds(env, DemoSeeds());
    WriteDemoDocuments(env);
  }
  void Load() { LoadInto(*env_); }

  // Name, sku, barcode, price, cost and stock per location of every product, in name order.
  std::vector<std::string> Snapshot() {
    return db_->Read([](store::Tx& tx) {
      std::vector<std::string> out;
      for (const auto& r : tx.Query(
               "SELECT p.nombre, p.sku, COALESCE(p.codigo_barras, '-') AS cb, "
               "p.precio_venta_centavos AS precio, COALESCE(p.costo_centavos, -1) AS costo, "
               "COALESCE(SUM(s.cantidad), 0) AS stock FROM productos p LEFT JOIN stock_deposito s "
               "ON s.producto_id = p.id GROUP BY p.nombre, p.sku, p.codigo_barras, "
               "p.precio_venta_centavos, p.costo_centavos ORDER BY p.sku")) {
        out.push_back(r.Text("nombre") + "|" + r.Text("sku") + "|" + r.Text("cb") + "|" +
                      std::to_string(r.Int("precio")) + "|" + std::to_string(r.Int("costo")) + "|" +
                      std::to_string(r.Int("stock")));
      }
      return out;
    });
  }

  std::int64_t StockAtPrincipal(const std::string& ean) {
    return Scalar(
        "SELECT COALESCE(SUM(s.cantidad), 0) FROM stock_deposito s JOIN productos p ON "
        "p.id = s.producto_id WHERE p.codigo_barras = '" +
        ean + "' AND s.ubicacion_id = '00000000-0000-4000-8000-000000000001'");
  }
};

TEST_P(DemoDataTest, ARealisticShopWithTheScenarioFixtures) {
  Load();
  EXPECT_GE(Scalar("SELECT COUNT(*) FROM productos"), 290);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM categorias"), 15);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM proveedores"), 8);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM ubicaciones"), 2);
  // Fixtures of ui.md §5.
  EXPECT_EQ(StockAtPrincipal("7790000000010"), 100);
  EXPECT_EQ(StockAtPrincipal("7790000000027"), 50);
  EXPECT_EQ(StockAtPrincipal("7790000000034"), 40);
  EXPECT_EQ(StockAtPrincipal("7790000000041"), 30);
  EXPECT_EQ(StockAtPrincipal("7790000000058"), 1);
  EXPECT_EQ(StockAtPrincipal("7790000000065"), 3);
  EXPECT_EQ(Scalar("SELECT precio_venta_centavos FROM productos WHERE codigo_barras = "
                   "'7790000000041'"),
            90000);
  EXPECT_EQ(Scalar("SELECT costo_centavos FROM productos WHERE codigo_barras = '7790000000041'"),
            95000);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM productos p JOIN proveedores v ON v.id = "
                   "p.proveedor_principal_id WHERE v.nombre = 'Mayorista Centro' AND "
                   "p.codigo_barras IN ('7790000000010', '7790000000027')"),
            2);
  // Every barcode is a valid GTIN; accents and ñ are there.
  db_->Read([](store::Tx& tx) {
    for (const auto& r : tx.Query("SELECT codigo_barras FROM productos WHERE codigo_barras IS "
                                  "NOT NULL")) {
      EXPECT_EQ(core::CheckBarcode(r.Text("codigo_barras")), core::BarcodeCheck::kOk)
          << r.Text("codigo_barras");
    }
    return 0;
  });
  EXPECT_GT(Scalar("SELECT COUNT(*) FROM productos WHERE nombre LIKE '%ñ%' OR nombre LIKE "
                   "'%Ñ%'"),
            0);
  // Lots near expiry and expired with stock, a product below its minimum, nothing reserved.
  std::string today = core::FormatDate(core::StoreCalendar::Default().DayOf(clock_.Now()));
  std::string soon =
      core::FormatDate(core::AddDays(core::StoreCalendar::Default().DayOf(clock_.Now()), 7));
  EXPECT_GT(Scalar("SELECT COUNT(*) FROM stock_lotes WHERE cantidad > 0 AND fecha_vencimiento < '" +
                   today + "'"),
            0);
  EXPECT_GT(Scalar("SELECT COUNT(*) FROM stock_lotes WHERE cantidad > 0 AND fecha_vencimiento "
                   "BETWEEN '" +
                   today + "' AND '" + soon + "'"),
            0);
  EXPECT_GT(Scalar("SELECT COUNT(*) FROM stock_deposito WHERE stock_minimo > 0 AND cantidad <= "
                   "stock_minimo"),
            0);
  // No hold on the scenario products (ui.md §5: their disponible is their stock); the pending
  // and ready demo orders hold other products.
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM stock_reservado r JOIN productos p ON p.id = "
                   "r.producto_id WHERE p.codigo_barras LIKE '77900000000%'"),
            0);
  // Purchase orders in every state, written through the purchasing services.
  for (const char* estado : {"pendiente", "parcial", "recibida", "cancelada"}) {
    EXPECT_EQ(
        Scalar(std::string("SELECT COUNT(*) FROM ordenes_compra WHERE estado = '") + estado + "'"),
        1)
        << estado;
  }
  EXPECT_GT(Scalar("SELECT COUNT(*) FROM movimientos_deposito WHERE tipo = 'recepcion'"), 0);
  // The one offer: −30 % on Leche's lot that expires in three days ($ 1.300 → $ 910), no open
  // cash session and no sale yet.
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM ofertas o JOIN stock_lotes l ON l.id = o.lote_id JOIN "
                   "productos p ON p.id = o.producto_id WHERE o.activa AND l.lote = 'L-LECHE-3D' "
                   "AND p.codigo_barras = '7790000000034' AND o.descuento_bp = 3000 AND "
                   "o.precio_oferta_centavos = 91000"),
            1);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM ofertas"), 1);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM sesiones_caja"), 0);
  // Marta Gómez: limit $ 5.000, saldo $ 4.000 from one earlier charge; four other customers.
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM clientes c WHERE c.nombre = 'Marta Gómez' AND c.activo "
                   "AND c.limite_credito_centavos = 500000 AND c.saldo_centavos = 400000 AND "
                   "c.cc_secuencia = 1"),
            1);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM clientes"), 5);
  // Three orders: a pending delivery holding its stock, a paid pickup ready, one delivered.
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM pedidos WHERE estado = 'pendiente' AND tipo_entrega = "
                   "'domicilio' AND direccion_entrega IS NOT NULL"),
            1);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM pedidos WHERE estado = 'listo' AND estado_pago = "
                   "'pagado'"),
            1);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM pedidos WHERE estado = 'entregado'"), 1);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM stock_reservado WHERE estado = 'activa'"), 4);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM movimientos_deposito WHERE tipo = 'pedido'"), 1);
  EXPECT_EQ(testing::StockInvariantViolations(*db_, clock_.Now()), std::vector<std::string>{});
  EXPECT_EQ(testing::CreditInvariantViolations(*db_), std::vector<std::string>{});
  EXPECT_EQ(testing::OrderInvariantViolations(*db_), std::vector<std::string>{});
}

TEST_P(DemoDataTest, IsDeterministicAndLoadsOnce) {
  Load();
  auto first = Snapshot();
  Load();  // a second run finds it there and writes nothing
  EXPECT_EQ(Snapshot(), first);
  // A fresh database gets exactly the same shop.
  testing::TestDatabase other(GetParam());
  auto db2 = other.Open();
  store::Migrator(*db2, clock_).Apply();
  Env env2{*db2, clock_, random_};
  LoadInto(env2);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM ordenes_compra"), 4);  // the second Load added none
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM ofertas"), 1);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM clientes"), 5);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM pedidos"), 3);
  std::swap(db_, db2);
  auto second = Snapshot();
  std::swap(db_, db2);
  EXPECT_EQ(second, first);
}

MM_INSTANTIATE_BACKENDS(DemoDataTest);

}  // namespace
}  // namespace mm::services
