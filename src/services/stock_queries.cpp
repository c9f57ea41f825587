#include "services/stock_queries.hpp"

#include <map>
#include <utility>

#include "core/normalize.hpp"
#include "services/audit.hpp"
#include "services/cache_versions.hpp"
#include "services/offers.hpp"
#include "services/product_search.hpp"
#include "services/stock_ledger.hpp"
#include "store/db_error.hpp"

namespace mm::services {
namespace {

using core::Error;
using core::ErrorCode;

// Positional parameters: Add returns the placeholder of the value it appends.
struct Params {
  std::vector<store::Value> values;
  std::string Add(store::Value v) {
    values.push_back(std::move(v));
    return "$" + std::to_string(values.size());
  }
};

// Sorting by a name orders by its normalized text, byte-wise on both databases (domain.md §0).
std::string ByName(store::Tx& tx, const std::string& column) {
  return tx.dialect() == store::Dialect::kPostgres ? column + " COLLATE \"C\"" : column;
}

// Tx::QueryOne takes an initializer list; the builders here collect a vector.
std::optional<store::Row> QueryOne(store::Tx& tx, const std::string& sql, const Params& p) {
  auto rows = tx.Query(sql, p.values);
  if (rows.empty()) return std::nullopt;
  return std::move(rows.front());
}

std::string ForUpdate(store::Tx& tx) {
  return tx.dialect() == store::Dialect::kPostgres ? " FOR UPDATE" : "";
}

// The stock rows with their reservations and availability, before the level is applied.
// `where` filters the joined rows (aliases s, p, u, c, pv); `details` adds proximo_vencimiento.
std::string StockRows(Params& p, core::Timestamp now, const std::string& where, bool details) {
  std::string sql = R"sql(
SELECT s.id, s.producto_id, s.ubicacion_id, s.cantidad, s.stock_minimo, s.stock_maximo,
  COALESCE(r.reservado, 0) AS reservado,
  CASE WHEN s.cantidad > COALESCE(r.reservado, 0) THEN s.cantidad - COALESCE(r.reservado, 0)
       ELSE 0 END AS disponible,
  p.nombre AS producto_nombre, p.nombre_normalizado, p.sku, p.codigo_barras, p.categoria_id,
  c.nombre AS categoria_nombre, u.nombre AS ubicacion_nombre,
  u.nombre_normalizado AS ubicacion_orden, p.proveedor_principal_id, pv.nombre AS proveedor_nombre)sql";
  if (details) {
    sql += R"sql(,
  (SELECT MIN(l.fecha_vencimiento) FROM stock_lotes l
   WHERE l.stock_id = s.id AND l.cantidad > 0) AS proximo_vencimiento)sql";
  }
  sql += R"sql(
FROM stock_deposito s
JOIN productos p ON p.id = s.producto_id
JOIN ubicaciones u ON u.id = s.ubicacion_id
LEFT JOIN categorias c ON c.id = p.categoria_id
LEFT JOIN proveedores pv ON pv.id = p.proveedor_principal_id
LEFT JOIN (SELECT producto_id, ubicacion_id, CAST(SUM(cantidad) AS BIGINT) AS reservado
           FROM stock_reservado
           WHERE )sql" +
         stock::EffectivelyActive("", p.Add(now)) + R"sql(
           GROUP BY producto_id, ubicacion_id) r
  ON r.producto_id = s.producto_id AND r.ubicacion_id = s.ubicacion_id
WHERE )sql" +
         where;
  return sql;
}

std::string Levels(const std::vector<core::StockLevel>& niveles) {
  std::string out;
  for (auto n : niveles) {
    if (!out.empty()) out += ", ";
    out += std::to_string(static_cast<int>(n));
  }
  return out;
}

StockView MapStock(const store::Row& r) {
  StockView v;
  v.id = r.Text("id");
  v.producto_id = r.Text("producto_id");
  v.ubicacion_id = r.Text("ubicacion_id");
  v.cantidad = r.Int("cantidad");
  v.stock_minimo = r.Int("stock_minimo");
  v.stock_maximo = r.OptInt("stock_maximo");
  v.reservado = r.Int("reservado");
  v.disponible = r.Int("disponible");
  v.nivel = core::StockLevelOf(v.disponible, v.stock_minimo);
  v.producto_nombre = r.Text("producto_nombre");
  v.producto_sku = r.Text("sku");
  v.codigo_barras = r.OptText("codigo_barras");
  v.categoria_id = r.OptText("categoria_id");
  v.categoria_nombre = r.OptText("categoria_nombre");
  v.ubicacion_nombre = r.Text("ubicacion_nombre");
  v.proveedor_id = r.OptText("proveedor_principal_id");
  v.proveedor_nombre = r.OptText("proveedor_nombre");
  return v;
}

constexpr std::string_view kLotSelect = R"sql(
SELECT l.id, l.stock_id, l.producto_id, p.nombre AS producto_nombre, p.sku, s.ubicacion_id,
  u.nombre AS ubicacion_nombre, l.lote, l.fecha_vencimiento, l.cantidad, l.ingresado_en
FROM stock_lotes l
JOIN stock_deposito s ON s.id = l.stock_id
JOIN productos p ON p.id = l.producto_id
JOIN ubicaciones u ON u.id = s.ubicacion_id
WHERE )sql";

// Lots of one row listed by expiry: soonest first, no expiry last, then receipt order.
constexpr std::string_view kLotOrder =
    " ORDER BY (l.fecha_vencimiento IS NULL), l.fecha_vencimiento, l.ingresado_en, l.id";

LotView MapLot(const store::Row& r, core::Date today) {
  LotView l;
  l.id = r.Text("id");
  l.stock_id = r.Text("stock_id");
  l.producto_id = r.Text("producto_id");
  l.producto_nombre = r.Text("producto_nombre");
  l.producto_sku = r.Text("sku");
  l.ubicacion_id = r.Text("ubicacion_id");
  l.ubicacion_nombre = r.Text("ubicacion_nombre");
  l.lote = r.Text("lote");
  l.fecha_vencimiento = r.OptText("fecha_vencimiento");
  l.cantidad = r.Int("cantidad");
  l.ingresado_en = r.Time("ingresado_en");
  if (l.fecha_vencimiento) {
    if (auto d = core::ParseDate(*l.fecha_vencimiento))
      l.dias_para_vencer = core::DaysBetween(today, *d);
  }
  return l;
}

// The ORDER BY items of a `sort` list for GET /api/stock (fields validated by the API layer).
std::string StockOrder(store::Tx& tx, const std::vector<std::string>& sort) {
  std::string out;
  for (const auto& f : sort) {
    bool desc = f.starts_with('-');
    std::string field = desc ? f.substr(1) : f;
    std::string dir = desc ? " DESC" : "";
    if (!out.empty()) out += ", ";
    if (field == "cantidad") {
      out += "x.cantidad" + dir;
    } else if (field == "nivel") {
      out += "nivel" + dir;
    } else if (field == "fecha_vencimiento") {
      out += "(x.proximo_vencimiento IS NULL), x.proximo_vencimiento" + dir;
    } else {
      out += ByName(tx, "x.nombre_normalizado") + dir;
    }
  }
  return out;
}

std::string LotOrder(store::Tx& tx, const std::vector<std::string>& sort) {
  std::string out;
  for (const auto& f : sort) {
    bool desc = f.starts_with('-');
    std::string field = desc ? f.substr(1) : f;
    std::string dir = desc ? " DESC" : "";
    if (!out.empty()) out += ", ";
    if (field == "cantidad") {
      out += "l.cantidad" + dir;
    } else {
      out += "(l.fecha_vencimiento IS NULL), l.fecha_vencimiento" + dir;
    }
  }
  if (!out.empty()) out += ", ";
  return out + ByName(tx, "p.nombre_normalizado") + ", l.id";
}

std::string Page(Params& p, int limit, int offset) {
  std::string out = " LIMIT " + p.Add(static_cast<std::int64_t>(limit));
  return out + " OFFSET " + p.Add(static_cast<std::int64_t>(offset));
}

// Fills `lotes` of each view with its lots that hold stock (one query for the whole page).
void AttachLots(store::Tx& tx, std::vector<StockView>& rows, core::Date today) {
  if (rows.empty()) return;
  Params p;
  std::string in;
  std::map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    in += (i ? ", " : "") + p.Add(rows[i].id);
    index[rows[i].id] = i;
  }
  std::string sql = std::string(kLotSelect) + "l.stock_id IN (" + in + ") AND l.cantidad > 0" +
                    std::string(kLotOrder);
  for (const auto& r : tx.Query(sql, p.values)) {
    auto lot = MapLot(r, today);
    rows[index.at(lot.stock_id)].lotes.push_back(std::move(lot));
  }
}

std::optional<StockView> ReadStockView(store::Tx& tx, const std::string& id, core::Timestamp now,
                                       core::Date today) {
  Params p;
  std::string where = "s.id = " + p.Add(id);
  std::string sql = StockRows(p, now, where, true);
  auto r = QueryOne(tx, sql, p);
  if (!r) return std::nullopt;
  std::vector<StockView> one{MapStock(*r)};
  one[0].proximo_vencimiento = r->OptText("proximo_vencimiento");
  AttachLots(tx, one, today);
  return std::move(one[0]);
}

std::optional<LotView> ReadLotView(store::Tx& tx, const std::string& id, core::Date today) {
  Params p;
  std::string sql = std::string(kLotSelect) + "l.id = " + p.Add(id);
  auto r = QueryOne(tx, sql, p);
  if (!r) return std::nullopt;
  return MapLot(*r, today);
}

Error DuplicateLot() {
  Error e(ErrorCode::kDuplicate,
          "Ese producto ya tiene en esta ubicación un lote con ese código y vencimiento.");
  e.details["campo"] = "lote";
  return e;
}

boost::json::value OptJson(const std::optional<std::string>& v) {
  return v ? boost::json::value(*v) : boost::json::value(nullptr);
}

}  // namespace

std::string StockLevelSql(const std::string& disponible, const std::string& minimo) {
  // core::StockLevelOf: 2·d ≤ m is written d ≤ m / 2 (integer division), as in C++.
  return "(CASE WHEN " + disponible + " <= 0 THEN 0 WHEN " + disponible + " <= " + minimo +
         " / 2 THEN 1 WHEN " + disponible + " <= " + minimo + " THEN 2 ELSE 3 END)";
}

StockQueries::StockQueries(Env& env) : env_(env) {}

core::Date StockQueries::Today() const {
  return core::StoreCalendar::Default().DayOf(env_.clock.Now());
}

core::Result<std::vector<StockView>> StockQueries::List(const StockFilter& f, std::int64_t* total,
                                                        const store::TxOptions& options,
                                                        std::int64_t cap) {
  auto now = env_.clock.Now();
  auto today = Today();
  return env_.db.Read(
      [&](store::Tx& tx) -> core::Result<std::vector<StockView>> {
        Params p;
        std::string where = "p.activo = " + p.Add(true);
        if (f.producto_id) where += " AND s.producto_id = " + p.Add(*f.producto_id);
        if (f.ubicacion_id) where += " AND s.ubicacion_id = " + p.Add(*f.ubicacion_id);
        if (f.categoria_id) where += " AND p.categoria_id = " + p.Add(*f.categoria_id);
        // The product search of GET /api/productos (names, SKU, barcode and active aliases).
        std::vector<std::string> tokens;
        if (f.q) tokens = core::SearchTokens(*f.q);
        if (!tokens.empty()) where += " AND " + ProductMatches(tx.dialect(), "p", tokens, p.values);
        std::string nivel = StockLevelSql("x.disponible", "x.stock_minimo");
        std::string outer =
            f.niveles.empty() ? "" : " WHERE " + nivel + " IN (" + Levels(f.niveles) + ")";

        Params pc = p;
        std::string count =
            "SELECT COUNT(*) FROM (" + StockRows(pc, now, where, false) + ") x" + outer;
        auto n = QueryOne(tx, count, pc)->Int(0);
        if (total) *total = n;
        if (cap > 0 && n > cap) return std::vector<StockView>{};

        std::string sql = "SELECT x.*, " + nivel + " AS nivel FROM (" +
                          StockRows(p, now, where, true) + ") x" + outer + " ORDER BY ";
        if (f.sort.empty() && !tokens.empty()) {
          // Relevance as GET /api/productos (api.md §1.5): exact barcode or SKU, then names
          // starting with q, then by name; x.id is the stock row's.
          sql += ProductRelevanceOrder(tx.dialect(), "x", *f.q, p.values);
        } else {
          if (!f.sort.empty()) sql += StockOrder(tx, f.sort) + ", ";
          sql += ByName(tx, "x.nombre_normalizado") + ", " + ByName(tx, "x.ubicacion_orden") +
                 ", x.id";
        }
        if (!f.all) sql += Page(p, f.limit, f.offset);
        std::vector<StockView> out;
        for (const auto& r : tx.Query(sql, p.values)) {
          out.push_back(MapStock(r));
          out.back().proximo_vencimiento = r.OptText("proximo_vencimiento");
        }
        if (f.incluir_lotes) AttachLots(tx, out, today);
        return out;
      },
      options);
}

core::Result<StockSummary> StockQueries::Summary(const std::optional<std::string>& ubicacion_id,
                                                 const store::TxOptions& options) {
  auto now = env_.clock.Now();
  return env_.db.Read(
      [&](store::Tx& tx) -> core::Result<StockSummary> {
        Params p;
        std::string where = "p.activo = " + p.Add(true);
        if (ubicacion_id) where += " AND s.ubicacion_id = " + p.Add(*ubicacion_id);
        auto count = [](int level, const char* name) {
          return "COALESCE(SUM(CASE WHEN y.nivel = " + std::to_string(level) +
                 " THEN 1 ELSE 0 END), 0) AS " + name;
        };
        std::string sql = "SELECT COUNT(*) AS total, " + count(0, "agotado") + ", " +
                          count(1, "muy_bajo") + ", " + count(2, "bajo") + ", " +
                          count(3, "normal") + " FROM (SELECT " +
                          StockLevelSql("x.disponible", "x.stock_minimo") + " AS nivel FROM (" +
                          StockRows(p, now, where, false) + ") x) y";
        auto r = QueryOne(tx, sql, p);
        StockSummary s;
        s.total = r->Int("total");
        s.agotado = r->Int("agotado");
        s.muy_bajo = r->Int("muy_bajo");
        s.bajo = r->Int("bajo");
        s.normal = r->Int("normal");
        return s;
      },
      options);
}

core::Result<std::vector<StockView>> StockQueries::BelowMinimum(const LowStockFilter& f,
                                                                std::int64_t* total,
                                                                const store::TxOptions& options) {
  auto now = env_.clock.Now();
  return env_.db.Read(
      [&](store::Tx& tx) -> core::Result<std::vector<StockView>> {
        Params p;
        std::string where = "p.activo = " + p.Add(true) + " AND s.stock_minimo > 0";
        if (f.ubicacion_id) where += " AND s.ubicacion_id = " + p.Add(*f.ubicacion_id);
        if (f.proveedor_id) where += " AND p.proveedor_principal_id = " + p.Add(*f.proveedor_id);
        std::string nivel = StockLevelSql("x.disponible", "x.stock_minimo");
        std::string outer = " WHERE " + nivel + " IN (0, 1, 2)";
        Params pc = p;
        std::string count =
            "SELECT COUNT(*) FROM (" + StockRows(pc, now, where, false) + ") x" + outer;
        auto n = QueryOne(tx, count, pc)->Int(0);
        if (total) *total = n;
        std::string sql = "SELECT x.*, " + nivel + " AS nivel FROM (" +
                          StockRows(p, now, where, true) + ") x" + outer + " ORDER BY nivel, " +
                          ByName(tx, "x.nombre_normalizado") + ", " +
                          ByName(tx, "x.ubicacion_orden") + ", x.id" + Page(p, f.limit, f.offset);
        std::vector<StockView> out;
        for (const auto& r : tx.Query(sql, p.values)) {
          out.push_back(MapStock(r));
          out.back().proximo_vencimiento = r.OptText("proximo_vencimiento");
        }
        return out;
      },
      options);
}

core::Result<ProductStockView> StockQueries::ForProduct(const std::string& producto_id,
                                                        const store::TxOptions& options) {
  auto now = env_.clock.Now();
  auto today = Today();
  return env_.db.Read(
      [&](store::Tx& tx) -> core::Result<ProductStockView> {
        if (!tx.QueryOne("SELECT id FROM productos WHERE id = $1", {producto_id})) {
          return Error::NotFound("producto");
        }
        ProductStockView out;
        out.producto_id = producto_id;
        Params p;
        std::string where = "s.producto_id = " + p.Add(producto_id);
        std::string sql = StockRows(p, now, where, true) + " ORDER BY " +
                          ByName(tx, "u.nombre_normalizado") + ", s.id";
        for (const auto& r : tx.Query(sql, p.values)) {
          out.ubicaciones.push_back(MapStock(r));
          out.ubicaciones.back().proximo_vencimiento = r.OptText("proximo_vencimiento");
        }
        AttachLots(tx, out.ubicaciones, today);
        for (const auto& u : out.ubicaciones) {
          out.total += u.cantidad;
          out.reservado += u.reservado;
          out.disponible += u.disponible;
        }
        return out;
      },
      options);
}

core::Result<std::vector<LotView>> StockQueries::Lots(const LotFilter& f, std::int64_t* total,
                                                      const store::TxOptions& options,
                                                      std::int64_t cap) {
  auto today = Today();
  return env_.db.Read(
      [&](store::Tx& tx) -> core::Result<std::vector<LotView>> {
        Params p;
        std::string where = "p.activo = " + p.Add(true);
        // A literal 0, so PostgreSQL can use the partial index on fecha_vencimiento.
        if (f.con_stock) where += " AND l.cantidad > 0";
        if (f.producto_id) where += " AND l.producto_id = " + p.Add(*f.producto_id);
        if (f.ubicacion_id) where += " AND s.ubicacion_id = " + p.Add(*f.ubicacion_id);
        if (f.vence_en_dias) {
          where += " AND l.fecha_vencimiento IS NOT NULL AND l.fecha_vencimiento <= " +
                   p.Add(core::FormatDate(core::AddDays(today, *f.vence_en_dias)));
        }
        if (f.vencidos) {
          std::string t = p.Add(core::FormatDate(today));
          where += *f.vencidos
                       ? " AND l.fecha_vencimiento < " + t
                       : " AND (l.fecha_vencimiento IS NULL OR l.fecha_vencimiento >= " + t + ")";
        }
        std::string from = std::string(kLotSelect) + where;
        auto n = QueryOne(tx, "SELECT COUNT(*) FROM (" + from + ") x", p)->Int(0);
        if (total) *total = n;
        if (cap > 0 && n > cap) return std::vector<LotView>{};
        std::vector<std::string> sort = f.sort;
        if (sort.empty()) sort.emplace_back("fecha_vencimiento");
        std::string sql = from + " ORDER BY " + LotOrder(tx, sort);
        if (!f.all) sql += Page(p, f.limit, f.offset);
        std::vector<LotView> out;
        for (const auto& r : tx.Query(sql, p.values)) out.push_back(MapLot(r, today));
        if (!out.empty()) {
          std::map<std::pair<std::string, std::string>, ActiveOffer> offers;
          for (auto& o : ActiveOffersAt(tx, std::nullopt, env_.clock.Now())) {
            offers.emplace(std::pair{o.producto_id, o.ubicacion_id}, std::move(o));
          }
          for (auto& l : out) {
            auto it = offers.find({l.producto_id, l.ubicacion_id});
            if (it == offers.end() || (it->second.lote_id && *it->second.lote_id != l.id)) continue;
            l.oferta_activa =
                boost::json::object{{"id", it->second.id},
                                    {"descuento_bp", it->second.descuento_bp},
                                    {"precio_oferta_centavos", it->second.precio_oferta_centavos},
                                    {"vence_en", core::FormatApiTimestamp(it->second.vence_en)}};
          }
        }
        return out;
      },
      options);
}

core::Result<StockView> StockQueries::SetLevels(const RequestMeta& meta,
                                                const std::string& stock_id,
                                                const StockLevelsPatch& patch) {
  return env_.db.Write(
      [&](store::Tx& tx) -> core::Result<StockView> {
        auto now = env_.clock.Now();
        auto row = tx.QueryOne(
            "SELECT stock_minimo, stock_maximo FROM stock_deposito WHERE id = $1" + ForUpdate(tx),
            {stock_id});
        if (!row) return Error::NotFound("stock");
        std::int64_t minimo = patch.stock_minimo.value_or(row->Int("stock_minimo"));
        std::optional<std::int64_t> maximo =
            patch.set_maximo ? patch.stock_maximo : row->OptInt("stock_maximo");
        if (maximo && *maximo < minimo) {
          std::string campo = patch.set_maximo ? "stock_maximo" : "stock_minimo";
          return Error::Validation(
              {{campo, "rango",
                "El máximo (" + std::to_string(*maximo) + ") no puede ser menor que el mínimo (" +
                    std::to_string(minimo) + ")."}});
        }
        if (minimo != row->Int("stock_minimo") || maximo != row->OptInt("stock_maximo")) {
          tx.Exec(
              "UPDATE stock_deposito SET stock_minimo = $2, stock_maximo = $3, actualizado_en = "
              "$4 WHERE id = $1",
              {stock_id, minimo, maximo, now});
          BumpCacheVersion(tx, "stock", now);
        }
        return *ReadStockView(tx, stock_id, now, Today());
      },
      meta.TxOptions());
}

core::Result<LotView> StockQueries::CorrectLot(const RequestMeta& meta, const std::string& lot_id,
                                               const LotPatch& patch) {
  return env_.db.Write(
      [&](store::Tx& tx) -> core::Result<LotView> {
        auto now = env_.clock.Now();
        auto today = Today();
        auto found = tx.QueryOne("SELECT stock_id FROM stock_lotes WHERE id = $1", {lot_id});
        if (!found) return Error::NotFound("lote");
        // L6 then L7 (domain.md §0): the stock row, then the lot.
        tx.QueryOne("SELECT id FROM stock_deposito WHERE id = $1" + ForUpdate(tx),
                    {found->Text("stock_id")});
        auto lot = tx.QueryOne(
            "SELECT l.stock_id, l.producto_id, l.lote, l.fecha_vencimiento, "
            "p.controla_vencimiento FROM stock_lotes l JOIN productos p ON p.id = l.producto_id "
            "WHERE l.id = $1" +
                std::string(tx.dialect() == store::Dialect::kPostgres ? " FOR UPDATE OF l" : ""),
            {lot_id});
        std::string stock_id = lot->Text("stock_id");
        std::string old_lote = lot->Text("lote");
        auto old_fecha = lot->OptText("fecha_vencimiento");
        std::string lote = patch.lote.value_or(old_lote);
        auto fecha = patch.set_fecha ? patch.fecha_vencimiento : old_fecha;
        if (patch.set_fecha && !fecha && lot->Bool("controla_vencimiento")) {
          return Error::Validation({{"fecha_vencimiento", "requerido",
                                     "El producto controla vencimiento: indicá la fecha."}});
        }
        if (lote == old_lote && fecha == old_fecha) return *ReadLotView(tx, lot_id, today);
        Params p;
        std::string same = "SELECT id FROM stock_lotes WHERE stock_id = " + p.Add(stock_id) +
                           " AND lote = " + p.Add(lote) + " AND id <> " + p.Add(lot_id) +
                           (fecha ? " AND fecha_vencimiento = " + p.Add(*fecha)
                                  : std::string(" AND fecha_vencimiento IS NULL"));
        if (QueryOne(tx, same, p)) return DuplicateLot();
        try {
          tx.Exec(
              "UPDATE stock_lotes SET lote = $2, fecha_vencimiento = $3, actualizado_en = $4 "
              "WHERE id = $1",
              {lot_id, lote, fecha, now});
        } catch (const store::DbError& e) {
          // The pre-check above runs under the row lock; this covers a lot created by a writer
          // that does not take it.
          if (e.kind() == store::DbError::Kind::kUniqueViolation) return DuplicateLot();
          throw;
        }
        RecordAudit(
            tx, env_, meta,
            AuditEntry{
                core::AuditAction::kLoteCorregido, "lote", lot_id, core::AuditLevel::kInfo,
                boost::json::object{
                    {"producto_id", lot->Text("producto_id")},
                    {"stock_id", stock_id},
                    {"antes", {{"lote", old_lote}, {"fecha_vencimiento", OptJson(old_fecha)}}},
                    {"despues", {{"lote", lote}, {"fecha_vencimiento", OptJson(fecha)}}}}});
        BumpCacheVersion(tx, "stock", now);
        return *ReadLotView(tx, lot_id, today);
      },
      meta.TxOptions());
}

}  // namespace mm::services
