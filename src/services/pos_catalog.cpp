#include "services/pos_catalog.hpp"

#include <algorithm>
#include <map>

#include "services/cache_versions.hpp"
#include "services/offers.hpp"
#include "services/product_search.hpp"
#include "services/replacement_cost.hpp"
#include "services/stock_ledger.hpp"

namespace mm::services {
namespace {

namespace json = boost::json;

}  // namespace

std::string PosCatalogVersion(store::Tx& tx, core::Timestamp now) {
  auto v = ReadCacheVersions(tx);
  auto of = [&](const char* ns) {
    auto it = v.find(ns);
    return std::to_string(it == v.end() ? 0 : it->second);
  };
  auto offers =
      tx.QueryOne("SELECT COUNT(*) FROM ofertas WHERE activa = $1 AND vence_en > $2", {true, now})
          ->Int(0);
  auto reservations = tx.QueryOne("SELECT COUNT(*) FROM stock_reservado WHERE " +
                                      stock::EffectivelyActive("", "$1"),
                                  {now})
                          ->Int(0);
  return "c" + of("catalogo") + ".p" + of("precios") + ".s" + of("stock") + ".o" +
         std::to_string(offers) + ".r" + std::to_string(reservations);
}

core::Result<std::string> PosCatalog::Version(const RequestMeta& meta) {
  return env_.db.Read(
      [&](store::Tx& tx) -> core::Result<std::string> {
        return PosCatalogVersion(tx, env_.clock.Now());
      },
      meta.TxOptions());
}

core::Result<json::object> PosCatalog::Build(const RequestMeta& meta) {
  return env_.db.Read(
      [&](store::Tx& tx) -> core::Result<json::object> {
        auto now = env_.clock.Now();
        std::string version = PosCatalogVersion(tx, now);
        std::string ubicacion = stock::SalesLocationId(tx);

        std::map<std::string, ActiveOffer> offers;
        for (auto& o : ActiveOffersAt(tx, ubicacion, now)) {
          // An offer on a lot that ran out covers nothing (the offer_expiry job ends it).
          if (o.lote_id && o.lote_cantidad.value_or(0) <= 0) continue;
          offers.emplace(o.producto_id, std::move(o));
        }
        auto costs = AllReplacementCosts(tx);

        std::string sql = R"sql(
SELECT p.id, p.nombre, p.sku, p.codigo_barras, p.unidad, p.precio_venta_centavos,
  COALESCE(s.cantidad, 0) AS cantidad, COALESCE(r.reservado, 0) AS reservado
FROM productos p
LEFT JOIN stock_deposito s ON s.producto_id = p.id AND s.ubicacion_id = $1
LEFT JOIN (SELECT producto_id, SUM(cantidad) AS reservado FROM stock_reservado
           WHERE ubicacion_id = $1 AND )sql" +
                          stock::EffectivelyActive("", "$2") + R"sql(
           GROUP BY producto_id) r ON r.producto_id = p.id
WHERE p.activo = $3
ORDER BY )sql" + NameOrder(tx.dialect(), "p") +
                          ", p.id";
        json::array productos;
        for (const auto& r : tx.Query(sql, {ubicacion, now, true})) {
          std::string id = r.Text("id");
          std::int64_t precio = r.Int("precio_venta_centavos");
          json::object p{{"id", id},
                         {"nombre", r.Text("nombre")},
                         {"sku", r.Text("sku")},
                         {"codigo_barras", r.OptText("codigo_barras")
                                               ? json::value(*r.OptText("codigo_barras"))
                                               : json::value()},
                         {"unidad", r.Text("unidad")},
                         {"precio_venta_centavos", precio}};
          auto o = offers.find(id);
          if (o != offers.end()) {
            json::object oferta{{"id", o->second.id},
                                {"precio_oferta_centavos", o->second.precio_oferta_centavos},
                                {"descuento_bp", o->second.descuento_bp}};
            if (o->second.lote_id) {
              oferta["lote_id"] = *o->second.lote_id;
              oferta["unidades"] = o->second.lote_cantidad.value_or(0);
            }
            p["oferta"] = std::move(oferta);
          } else {
            p["oferta"] = nullptr;
          }
          auto c = costs.find(id);
          p["riesgo_perdida"] = AtLossRisk(
              precio, c == costs.end() ? std::nullopt : std::optional<ReplacementCost>(c->second));
          p["disponible"] = std::max<std::int64_t>(0, r.Int("cantidad") - r.Int("reservado"));
          productos.push_back(std::move(p));
        }
        return json::object{{"version", version},
                            {"generado_en", core::FormatApiTimestamp(now)},
                            {"ubicacion_id", ubicacion},
                            {"productos", std::move(productos)}};
      },
      meta.TxOptions());
}

}  // namespace mm::services
