#include "services/demo_catalog.hpp"

#include <map>

#include "core/barcode.hpp"
#include "core/money.hpp"
#include "core/normalize.hpp"
#include "core/seeded_random.hpp"
#include "core/store_calendar.hpp"
#include "core/uuid.hpp"
#include "services/cache_versions.hpp"
#include "services/category_store.hpp"
#include "services/demo_catalog_data.hpp"
#include "services/demo_users.hpp"
#include "services/location_store.hpp"
#include "services/product_store.hpp"
#include "services/stock_ledger.hpp"
#include "services/supplier_store.hpp"
#include "services/user_store.hpp"

namespace mm::services {
namespace {

constexpr std::uint64_t kSeed = 20261129;

bool Tracked(const demo::DemoProduct& d) { return d.vida_util_dias > 7; }

std::string Ean13(int index) {
  // 779 (Argentina) + 9 digits + check digit; the fixtures use 7790000000xxx, these 7798….
  std::string body =
      "7798" + std::string(8 - std::to_string(index).size(), '0') + std::to_string(index);
  return body + std::to_string(*core::GtinCheckDigit(body));
}

class DemoWriter {
 public:
  DemoWriter(store::Tx& tx, Env& env)
      : tx_(tx),
        env_(env),
        rng_(kSeed),
        now_(env.clock.Now()),
        today_(core::StoreCalendar::Default().DayOf(now_)) {}

  void Write() {
    Locations();
    Suppliers();
    Categories();
    Products();
    for (auto k : {"catalogo", "precios", "stock", "config"}) BumpCacheVersion(tx_, k, now_);
  }

 private:
  std::string Id() { return core::NewUuidV4(rng_); }
  std::string Date(int days_from_today) {
    return core::FormatDate(core::AddDays(today_, days_from_today));
  }

  void Locations() {
    if (location_store::FindById(tx_, kDemoDepositoId)) return;
    LocationRow d;
    d.id = kDemoDepositoId;
    d.nombre = "Depósito";
    d.es_venta = false;
    d.activo = true;
    d.creado_en = d.actualizado_en = now_;
    location_store::Insert(tx_, d);
  }

  void Suppliers() {
    for (const auto& s : demo::Suppliers()) {
      SupplierRow r;
      r.id = Id();
      r.nombre = s.nombre;
      r.razon_social = s.razon_social;
      r.cuit = s.cuit;
      r.contacto = s.contacto;
      r.telefono = s.telefono;
      r.email = s.email;
      r.direccion = s.direccion;
      r.creado_en = r.actualizado_en = now_;
      supplier_store::Insert(tx_, r);
      suppliers_.push_back(r.id);
    }
  }

  void Categories() {
    for (const auto& c : demo::Categories()) {
      CategoryRow r;
      r.id = Id();
      r.codigo = c.codigo;
      r.nombre = c.nombre;
      r.nivel = 1;
      r.markup_minimo_bp = c.markup_minimo_bp;
      r.markup_maximo_bp = c.markup_maximo_bp;
      r.creado_en = r.actualizado_en = now_;
      category_store::Insert(tx_, r);
      categories_[c.codigo] = {r.id, c.markup_minimo_bp, c.markup_maximo_bp};
    }
  }

  void Products() {
    const auto& list = demo::Products();
    for (std::size_t i = 0; i < list.size(); ++i) {
      const auto& d = list[i];
      bool fixture = i < 6;
      const auto& cat = categories_.at(d.categoria);
      ProductRow p;
      p.id = Id();
      p.nombre = d.nombre;
      p.sku = fixture ? "FIX-" + std::to_string(i + 1) : product_store::NextSku(tx_);
      p.codigo_barras = *d.ean ? std::string(d.ean) : Ean13(static_cast<int>(i));
      if (std::string_view(d.unidad) != "u") p.codigo_barras.reset();  // sold by weight
      if (*d.marca) p.marca = d.marca;
      if (*d.contenido_neto) p.contenido_neto = d.contenido_neto;
      p.categoria_id = cat.id;
      p.proveedor_principal_id = suppliers_.at(static_cast<std::size_t>(d.proveedor));
      p.unidad = d.unidad;
      p.precio_venta_centavos = d.precio_centavos;
      // Cost: the fixture's, else one that leaves a markup inside the category band.
      std::int64_t markup = rng_.Between(cat.min, cat.max);
      p.costo_centavos = d.costo_centavos > 0
                             ? d.costo_centavos
                             : core::RoundHalfUp(d.precio_centavos, 10000, 10000 + markup);
      // Fresh goods that last a few days (bread, meat, greens) are not tracked by lot.
      p.controla_vencimiento = Tracked(d);
      p.creado_en = p.actualizado_en = now_;
      product_store::Insert(tx_, p);
      Stock(i, d, p);
    }
  }

  // One inflow into a lot of the product at a location.
  void In(const ProductRow& p, std::string_view ubicacion, std::int64_t cantidad,
          const std::string& lote, std::optional<std::string> fecha) {
    if (cantidad <= 0) return;
    auto row = stock::LockStockRow(tx_, rng_, p.id, ubicacion, now_);
    auto lots = stock::LockLots(tx_, row, today_);
    auto id = stock::EnsureLot(tx_, rng_, row, lots, lote, fecha, now_, now_);
    stock::ApplyMovement(tx_, rng_, row, lots,
                         {.tipo = "entrada",
                          .motivo = "Stock inicial",
                          .proveedor_id = p.proveedor_principal_id,
                          .lots = {{id, cantidad}}},
                         now_);
  }

  void SetMinimum(const ProductRow& p, std::string_view ubicacion, std::int64_t minimo) {
    auto row = stock::LockStockRow(tx_, rng_, p.id, ubicacion, now_);
    tx_.Exec("UPDATE stock_deposito SET stock_minimo = $1, actualizado_en = $2 WHERE id = $3",
             {minimo, now_, row.id});
  }

  std::string LotCode() { return "L" + std::to_string(rng_.Between(10000, 99999)); }

  void Stock(std::size_t i, const demo::DemoProduct& d, const ProductRow& p) {
    const std::string principal(stock::kPrincipalId);
    auto fecha = [&](int days) -> std::optional<std::string> {
      if (!Tracked(d)) return std::nullopt;
      return Date(days);
    };
    switch (i) {  // the fixtures of ui.md §5: stock only at Principal, exact quantities
      case 0:
        In(p, principal, 100, "", std::nullopt);
        SetMinimum(p, principal, 10);
        return;
      case 1:
        In(p, principal, 50, "", std::nullopt);
        return;
      case 2:  // Leche: 20 units expiring in 3 days (the offer's lot) and 20 later
        In(p, principal, 20, "L-LECHE-3D", Date(3));
        In(p, principal, 20, "L-LECHE-10D", Date(10));
        return;
      case 3:
        In(p, principal, 30, LotCode(), Date(120));
        return;
      case 4:
        In(p, principal, 1, "", std::nullopt);
        return;
      case 5:
        In(p, principal, 3, "", std::nullopt);
        return;
      default:
        break;
    }
    bool weight = std::string_view(d.unidad) != "u";
    std::int64_t scale = weight ? 1000 : 1;  // grams or millilitres
    // Principal: the shelf. Every eighth product is below its minimum (a stock-bajo item).
    std::int64_t minimo = rng_.Between(3, 12) * scale;
    std::int64_t cantidad = i % 8 == 0 ? rng_.Between(0, 2) * scale : rng_.Between(8, 40) * scale;
    if (Tracked(d)) {
      // Two lots: an older one expiring sooner and a newer one.
      int soon = static_cast<int>(rng_.Between(d.vida_util_dias / 3, d.vida_util_dias * 2 / 3));
      if (i % 11 == 0) soon = static_cast<int>(rng_.Between(0, 6));  // near expiry: urgente
      std::int64_t first = cantidad / 3;
      In(p, principal, first, LotCode(), fecha(soon));
      In(p, principal, cantidad - first, LotCode(), fecha(d.vida_util_dias));
    } else {
      In(p, principal, cantidad, "", std::nullopt);
    }
    SetMinimum(p, principal, minimo);
    // Depósito: the back room holds boxes for about half the catalogue.
    if (i % 2 == 0) {
      std::int64_t caja = rng_.Between(1, 4) * 12 * scale;
      if (Tracked(d) && i % 13 == 0) {
        // An expired lot nobody took out yet (vencimientos shows it as vencido).
        In(p, kDemoDepositoId, rng_.Between(2, 6) * scale, LotCode(),
           fecha(-static_cast<int>(rng_.Between(1, 10))));
      }
      In(p, kDemoDepositoId, caja, LotCode(), fecha(d.vida_util_dias));
    }
  }

  struct CategoryInfo {
    std::string id;
    std::int64_t min, max;
  };

  store::Tx& tx_;
  Env& env_;
  core::SeededRandom rng_;
  core::Timestamp now_;
  core::Date today_;
  std::vector<std::string> suppliers_;
  std::map<std::string, CategoryInfo> categories_;
};

}  // namespace

Seed DemoCatalogSeed() {
  return Seed{"catálogo y stock de demostración",
              [](store::Tx& tx) { return category_store::FindByCodigo(tx, "ALM").has_value(); },
              [](store::Tx& tx, Env& env) { DemoWriter(tx, env).Write(); }};
}

int WriteDemoPurchaseOrders(Env& env, PurchaseOrders& orders, Receipts& receipts) {
  struct Plan {
    std::string admin, mayorista, lacteos, bebidas;
    std::vector<std::pair<std::string, std::int64_t>> mayorista_items, lacteos_items, bebidas_items;
  };
  auto plan = env.db.Read([&](store::Tx& tx) -> std::optional<Plan> {
    if (tx.QueryOne("SELECT id FROM ordenes_compra LIMIT 1")) return std::nullopt;
    auto admin = user_store::FindByEmail(tx, DemoUserEmails().front());
    if (!admin) return std::nullopt;
    Plan p;
    p.admin = admin->id;
    auto supplier = [&](const char* nombre) -> std::string {
      auto r = tx.QueryOne("SELECT id FROM proveedores WHERE nombre = $1", {nombre});
      return r ? r->Text("id") : "";
    };
    p.mayorista = supplier("Mayorista Centro");
    p.lacteos = supplier("Lácteos Don Julián");
    p.bebidas = supplier("Bebidas Norte");
    if (p.mayorista.empty() || p.lacteos.empty() || p.bebidas.empty()) return std::nullopt;
    auto items = [&](const std::string& proveedor, int n) {
      std::vector<std::pair<std::string, std::int64_t>> out;
      for (const auto& r :
           tx.Query("SELECT id FROM productos WHERE proveedor_principal_id = $1 AND unidad = 'u' "
                    "AND sku LIKE 'P-%' ORDER BY sku LIMIT " +
                        std::to_string(n),
                    {proveedor})) {
        out.emplace_back(r.Text("id"), 12 * static_cast<std::int64_t>(out.size() % 3 + 1));
      }
      return out;
    };
    p.mayorista_items = items(p.mayorista, 5);
    p.lacteos_items = items(p.lacteos, 4);
    p.bebidas_items = items(p.bebidas, 4);
    return p;
  });
  if (!plan) return 0;
  const RequestMeta meta = DemoMeta(plan->admin, core::Role::kAdmin);
  auto today = core::StoreCalendar::Default().DayOf(env.clock.Now());
  auto create = [&](const std::string& proveedor,
                    const std::vector<std::pair<std::string, std::int64_t>>& items,
                    const char* obs) -> std::optional<std::string> {
    NewPurchaseOrder o;
    o.proveedor_id = proveedor;
    o.fecha_estimada = core::FormatDate(core::AddDays(today, 3));
    o.observaciones = obs;
    for (const auto& [id, n] : items) o.items.push_back({id, n, std::nullopt});
    auto r = orders.Create(std::nullopt, meta, o);
    if (!r.ok()) return std::nullopt;
    return r->resource_id;
  };
  int written = 0;
  // Pending: the weekly dry-goods order.
  if (create(plan->mayorista, plan->mayorista_items, "Pedido semanal de almacén")) ++written;
  // Partly received: dairy came short.
  if (auto id = create(plan->lacteos, plan->lacteos_items, "Entrega martes y viernes")) {
    ++written;
    auto detail = orders.Get(*id);
    if (detail.ok()) {
      NewReceipt rec;
      rec.orden_compra_id = *id;
      rec.remito = "R-0001-00004512";
      const auto& lineas = detail->at("lineas").as_array();
      for (std::size_t k = 0; k + 1 < lineas.size(); ++k) {
        const auto& l = lineas[k].as_object();
        rec.items.push_back({std::string(l.at("id").as_string()), l.at("cantidad").as_int64() / 2,
                             std::nullopt, "LD" + std::to_string(4512 + k),
                             core::FormatDate(core::AddDays(today, 20))});
      }
      (void)receipts.Receive(std::nullopt, meta, rec);
    }
  }
  // Received in full: drinks.
  if (auto id = create(plan->bebidas, plan->bebidas_items, "Reposición de bebidas")) {
    ++written;
    auto detail = orders.Get(*id);
    if (detail.ok()) {
      NewReceipt rec;
      rec.orden_compra_id = *id;
      rec.remito = "R-0003-00018877";
      for (const auto& lv : detail->at("lineas").as_array()) {
        const auto& l = lv.as_object();
        rec.items.push_back({std::string(l.at("id").as_string()), l.at("cantidad").as_int64(),
                             std::nullopt, "B" + std::to_string(18877 + rec.items.size()),
                             core::FormatDate(core::AddDays(today, 180))});
      }
      (void)receipts.Receive(std::nullopt, meta, rec);
    }
  }
  // Cancelled: the supplier had no stock.
  if (auto id = create(plan->mayorista,
                       {plan->mayorista_items.begin(), plan->mayorista_items.begin() + 2},
                       "Pedido duplicado")) {
    ++written;
    (void)orders.Cancel(std::nullopt, meta, *id, "El proveedor no tenía stock");
  }
  return written;
}

}  // namespace mm::services
