#include "services/sale_list.hpp"

#include <algorithm>
#include <map>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "services/catalog_common.hpp"

namespace mm::services {
namespace {

namespace json = boost::json;

int MethodRank(const std::string& m) {
  for (int i = 0; i < static_cast<int>(std::size(kPaymentMethods)); ++i) {
    if (m == kPaymentMethods[i]) return i;
  }
  return static_cast<int>(std::size(kPaymentMethods));
}

// "$a, $b, …" for `values`, appended to `params`.
std::string InList(std::vector<store::Value>& params, const std::vector<std::string>& values) {
  std::string out;
  for (const auto& v : values) {
    if (!out.empty()) out += ", ";
    out += Param(params, v);
  }
  return out;
}

std::string Order(const std::vector<std::string>& sort) {
  std::string out;
  for (const auto& term : sort) {
    bool desc = term.starts_with("-");
    std::string field = desc ? term.substr(1) : term;
    if (field != "creado_en" && field != "total_centavos") continue;
    out += "v." + field + (desc ? " DESC" : " ASC") + ", ";
  }
  if (out.empty()) out = "v.creado_en DESC, ";
  return out + "v.id";
}

}  // namespace

core::Result<SaleListPage> SaleList::List(const SaleFilter& f, const RequestMeta& meta,
                                          std::int64_t cap) {
  return env_.db.Read(
      [&](store::Tx& tx) -> core::Result<SaleListPage> {
        std::vector<store::Value> params;
        std::string where = " WHERE 1 = 1";
        if (f.desde) where += " AND v.creado_en >= " + Param(params, *f.desde);
        if (f.hasta) where += " AND v.creado_en <= " + Param(params, *f.hasta);
        if (!f.metodos.empty()) {
          where +=
              " AND EXISTS (SELECT 1 FROM venta_pagos mp WHERE mp.venta_id = v.id AND "
              "mp.metodo IN (" +
              InList(params, f.metodos) + "))";
        }
        if (f.cliente_id) where += " AND v.cliente_id = " + Param(params, *f.cliente_id);
        if (f.usuario_id) where += " AND v.usuario_id = " + Param(params, *f.usuario_id);
        if (!f.estados.empty()) where += " AND v.estado IN (" + InList(params, f.estados) + ")";
        if (f.con_devolucion) {
          where += std::string(*f.con_devolucion ? " AND" : " AND NOT") +
                   " EXISTS (SELECT 1 FROM devoluciones d WHERE d.venta_id = v.id AND d.tipo = "
                   "'devolucion')";
        }
        if (f.offline) {
          where += *f.offline ? " AND v.creado_offline_en IS NOT NULL"
                              : " AND v.creado_offline_en IS NULL";
        }
        if (f.sesion_caja_id) {
          where += " AND v.sesion_caja_id = " + Param(params, *f.sesion_caja_id);
        }
        if (f.numero) where += " AND v.numero = " + Param(params, *f.numero);

        SaleListPage page;
        const std::span<const store::Value> bound(params);
        auto t = tx.Query(
                       "SELECT COUNT(*) AS n, COALESCE(SUM(v.total_centavos), 0) AS total, "
                       "COALESCE(SUM(v.devuelto_centavos), 0) AS devuelto FROM ventas v" +
                           where,
                       bound)
                     .front();
        page.total = t.Int("n");
        page.totales.cantidad = page.total;
        page.totales.total_centavos = t.Int("total");
        page.totales.devuelto_centavos = t.Int("devuelto");
        page.totales.neto_centavos = page.totales.total_centavos - page.totales.devuelto_centavos;
        for (const auto& r : tx.Query(
                 "SELECT p.metodo, COUNT(*) AS n, SUM(p.monto_centavos) AS total, "
                 "SUM(p.monto_reintegrado_centavos) AS devuelto FROM venta_pagos p JOIN ventas v "
                 "ON v.id = p.venta_id" +
                     where + " GROUP BY p.metodo",
                 bound)) {
          MethodTotals m;
          m.metodo = r.Text("metodo");
          m.cantidad = r.Int("n");
          m.total_centavos = r.Int("total");
          m.devuelto_centavos = r.Int("devuelto");
          m.neto_centavos = m.total_centavos - m.devuelto_centavos;
          page.totales.por_metodo.push_back(std::move(m));
        }
        std::sort(page.totales.por_metodo.begin(), page.totales.por_metodo.end(),
                  [](const MethodTotals& a, const MethodTotals& b) {
                    return MethodRank(a.metodo) < MethodRank(b.metodo);
                  });
        if (cap > 0 && page.total > cap) return page;

        std::string sql =
            "SELECT v.id, v.numero, v.creado_en, v.creado_offline_en, v.total_centavos, "
            "v.devuelto_centavos, v.estado, v.usuario_id, u.nombre AS usuario_nombre, "
            "v.cliente_id, c.nombre AS cliente_nombre, "
            "(SELECT COUNT(*) FROM venta_items i WHERE i.venta_id = v.id) AS items_count "
            "FROM ventas v JOIN usuarios u ON u.id = v.usuario_id LEFT JOIN clientes c ON c.id = "
            "v.cliente_id" +
            where + " ORDER BY " + Order(f.sort);
        if (!f.all) {
          sql += " LIMIT " + Param(params, std::int64_t{f.limit}) + " OFFSET " +
                 Param(params, std::int64_t{f.offset});
        }
        std::map<std::string, std::size_t> index;
        for (const auto& r : tx.Query(sql, std::span<const store::Value>(params))) {
          SaleListRow row;
          row.id = r.Text("id");
          row.numero = r.Int("numero");
          row.creado_en = r.Time("creado_en");
          row.creado_offline_en = r.OptTime("creado_offline_en");
          row.total_centavos = r.Int("total_centavos");
          row.devuelto_centavos = r.Int("devuelto_centavos");
          row.estado = r.Text("estado");
          row.usuario_id = r.Text("usuario_id");
          row.usuario_nombre = r.Text("usuario_nombre");
          row.cliente_id = r.OptText("cliente_id");
          row.cliente_nombre = r.OptText("cliente_nombre");
          row.items_count = r.Int("items_count");
          index[row.id] = page.rows.size();
          page.rows.push_back(std::move(row));
        }
        // The methods of the page's sales, in chunks.
        std::vector<std::string> ids;
        for (const auto& r : page.rows) ids.push_back(r.id);
        constexpr std::size_t kChunk = 500;
        for (std::size_t i = 0; i < ids.size(); i += kChunk) {
          std::vector<std::string> chunk(
              ids.begin() + static_cast<std::ptrdiff_t>(i),
              ids.begin() + static_cast<std::ptrdiff_t>(std::min(ids.size(), i + kChunk)));
          std::vector<store::Value> p;
          std::string in = InList(p, chunk);
          for (const auto& r :
               tx.Query("SELECT venta_id, metodo FROM venta_pagos WHERE venta_id IN (" + in + ")",
                        std::span<const store::Value>(p))) {
            page.rows[index.at(r.Text("venta_id"))].metodos.push_back(r.Text("metodo"));
          }
        }
        for (auto& r : page.rows) {
          std::sort(r.metodos.begin(), r.metodos.end(),
                    [](const auto& a, const auto& b) { return MethodRank(a) < MethodRank(b); });
        }
        return page;
      },
      meta.TxOptions());
}

json::object SaleListRowJson(const SaleListRow& r) {
  json::array metodos;
  for (const auto& m : r.metodos) metodos.emplace_back(m);
  json::object o{
      {"id", r.id}, {"numero", r.numero}, {"creado_en", core::FormatApiTimestamp(r.creado_en)}};
  o["creado_offline_en"] = r.creado_offline_en
                               ? json::value(core::FormatApiTimestamp(*r.creado_offline_en))
                               : json::value();
  o["metodos"] = std::move(metodos);
  o["total_centavos"] = r.total_centavos;
  o["devuelto_centavos"] = r.devuelto_centavos;
  o["estado"] = r.estado;
  o["cliente"] = r.cliente_id ? json::value(json::object{{"id", *r.cliente_id},
                                                         {"nombre", r.cliente_nombre.value_or("")}})
                              : json::value();
  o["usuario"] = json::object{{"id", r.usuario_id}, {"nombre", r.usuario_nombre}};
  o["items_count"] = r.items_count;
  return o;
}

json::object SaleTotalsJson(const SaleTotals& t) {
  json::array por_metodo;
  for (const auto& m : t.por_metodo) {
    por_metodo.push_back(json::object{{"metodo", m.metodo},
                                      {"cantidad", m.cantidad},
                                      {"total_centavos", m.total_centavos},
                                      {"devuelto_centavos", m.devuelto_centavos},
                                      {"neto_centavos", m.neto_centavos}});
  }
  return json::object{{"cantidad", t.cantidad},
                      {"total_centavos", t.total_centavos},
                      {"devuelto_centavos", t.devuelto_centavos},
                      {"neto_centavos", t.neto_centavos},
                      {"por_metodo", std::move(por_metodo)}};
}

}  // namespace mm::services
