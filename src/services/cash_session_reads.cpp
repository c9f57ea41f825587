// The read side of cash sessions: the session JSON, the arqueo and the list (api.md §9.2).
#include <algorithm>
#include <array>
#include <map>

#include "services/cash_sessions.hpp"

namespace mm::services {
namespace {

namespace json = boost::json;

// The one set of payment methods, in the order the till shows them (domain.md §1.4).
constexpr std::array<std::string_view, 6> kMetodos = {
    "efectivo", "debito", "credito", "transferencia", "qr", "cuenta_corriente"};

std::size_t MetodoRank(std::string_view m) {
  auto it = std::find(kMetodos.begin(), kMetodos.end(), m);
  return static_cast<std::size_t>(it - kMetodos.begin());
}

constexpr std::string_view kSelectSession = R"sql(
SELECT s.id, s.numero, s.estado, s.abierta_por, ua.nombre AS abierta_por_nombre, s.abierta_en,
       s.monto_inicial_centavos, s.cerrada_por, uc.nombre AS cerrada_por_nombre, s.cerrada_en,
       s.efectivo_esperado_centavos, s.efectivo_contado_centavos, s.diferencia_centavos,
       s.observaciones
FROM sesiones_caja s
JOIN usuarios ua ON ua.id = s.abierta_por
LEFT JOIN usuarios uc ON uc.id = s.cerrada_por)sql";

json::value OptText(const std::optional<std::string>& s) {
  return s ? json::value(*s) : json::value(nullptr);
}
json::value OptInt(const std::optional<std::int64_t>& v) {
  return v ? json::value(*v) : json::value(nullptr);
}
json::value OptTime(const std::optional<core::Timestamp>& t) {
  return t ? json::value(core::FormatApiTimestamp(*t)) : json::value(nullptr);
}

json::object SessionJson(const store::Row& r) {
  json::value cerrada_por = nullptr;
  if (auto id = r.OptText("cerrada_por")) {
    cerrada_por =
        json::object{{"id", *id}, {"nombre", r.OptText("cerrada_por_nombre").value_or("")}};
  }
  return json::object{
      {"id", r.Text("id")},
      {"numero", r.Int("numero")},
      {"estado", r.Text("estado")},
      {"abierta_por",
       json::object{{"id", r.Text("abierta_por")}, {"nombre", r.Text("abierta_por_nombre")}}},
      {"abierta_en", core::FormatApiTimestamp(r.Time("abierta_en"))},
      {"monto_inicial_centavos", r.Int("monto_inicial_centavos")},
      {"cerrada_por", std::move(cerrada_por)},
      {"cerrada_en", OptTime(r.OptTime("cerrada_en"))},
      {"efectivo_esperado_centavos", OptInt(r.OptInt("efectivo_esperado_centavos"))},
      {"efectivo_contado_centavos", OptInt(r.OptInt("efectivo_contado_centavos"))},
      {"diferencia_centavos", OptInt(r.OptInt("diferencia_centavos"))},
      {"observaciones", OptText(r.OptText("observaciones"))}};
}

// [{metodo, cantidad, total_centavos}] in the till's order.
json::array PerMethod(const std::vector<store::Row>& rows) {
  std::vector<const store::Row*> sorted;
  for (const auto& r : rows) sorted.push_back(&r);
  std::sort(sorted.begin(), sorted.end(), [](const store::Row* a, const store::Row* b) {
    return MetodoRank(a->Text("metodo")) < MetodoRank(b->Text("metodo"));
  });
  json::array out;
  for (const auto* r : sorted) {
    out.push_back(json::object{{"metodo", r->Text("metodo")},
                               {"cantidad", r->Int("cantidad")},
                               {"total_centavos", r->Int("total")}});
  }
  return out;
}

}  // namespace

namespace cash_reads {

std::optional<json::object> Session(store::Tx& tx, const std::string& id) {
  auto r = tx.QueryOne(std::string(kSelectSession) + " WHERE s.id = $1", {id});
  if (!r) return std::nullopt;
  return SessionJson(*r);
}

json::object Arqueo(store::Tx& tx, const json::object& sesion) {
  const std::string id(sesion.at("id").as_string());
  const std::int64_t inicial = sesion.at("monto_inicial_centavos").as_int64();

  // Sales of the session per payment method (voided ones included: their refunds are below).
  auto ventas = tx.Query(R"sql(
SELECT p.metodo, COUNT(*) AS cantidad, COALESCE(SUM(p.monto_centavos), 0) AS total
FROM venta_pagos p JOIN ventas v ON v.id = p.venta_id
WHERE v.sesion_caja_id = $1
GROUP BY p.metodo)sql",
                         {id});

  // Cash flows by kind; a `devolucion` flow is a void's when its devolución is an anulación.
  std::map<std::string, std::int64_t> flows;
  for (const auto& r : tx.Query(R"sql(
SELECT m.tipo, COALESCE(d.tipo, '') AS devolucion_tipo,
       COALESCE(SUM(m.monto_centavos), 0) AS total
FROM movimientos_caja m LEFT JOIN devoluciones d ON d.id = m.devolucion_id
WHERE m.sesion_id = $1
GROUP BY m.tipo, d.tipo)sql",
                                {id})) {
    std::string key = r.Text("tipo");
    if (key == "devolucion" && r.Text("devolucion_tipo") == "anulacion") key = "anulacion";
    flows[key] += r.Int("total");
  }
  auto flow = [&](const char* k) {
    auto it = flows.find(k);
    return it == flows.end() ? std::int64_t{0} : it->second;
  };
  std::int64_t esperado = inicial;
  for (const auto& [k, v] : flows) esperado += v;

  json::object out{{"sesion", sesion},
                   {"monto_inicial_centavos", inicial},
                   {"ventas_por_metodo", PerMethod(ventas)},
                   {"ventas_efectivo_centavos", flow("venta")},
                   {"devoluciones_efectivo_centavos", -flow("devolucion")},
                   {"anulaciones_efectivo_centavos", -flow("anulacion")},
                   {"cobros_cc_efectivo_centavos", flow("pago_cc")},
                   {"cobros_pedidos_efectivo_centavos", flow("pago_pedido")},
                   {"reembolsos_pedidos_efectivo_centavos", -flow("reembolso_pedido")},
                   {"ingresos_centavos", flow("ingreso")},
                   {"retiros_centavos", -flow("retiro")},
                   {"efectivo_esperado_centavos", esperado},
                   {"efectivo_contado_centavos", nullptr},
                   {"diferencia_centavos", nullptr}};
  if (sesion.at("estado").as_string() == "cerrada") {
    // The figures stored at the close (nothing books into a closed session).
    out["efectivo_esperado_centavos"] = sesion.at("efectivo_esperado_centavos");
    out["efectivo_contado_centavos"] = sesion.at("efectivo_contado_centavos");
    out["diferencia_centavos"] = sesion.at("diferencia_centavos");
  }
  // Refunds per method (the close's resumen keeps them too).
  out["devoluciones_por_metodo"] = PerMethod(tx.Query(R"sql(
SELECT r.metodo, COUNT(*) AS cantidad, COALESCE(SUM(r.monto_centavos), 0) AS total
FROM devolucion_reintegros r JOIN devoluciones d ON d.id = r.devolucion_id
WHERE d.sesion_caja_id = $1
GROUP BY r.metodo)sql",
                                                      {id}));
  return out;
}

}  // namespace cash_reads

core::Result<json::array> CashSessions::List(const RequestMeta& meta,
                                             const CashSessionFilter& filter, std::int64_t* total) {
  return env_.db.Read([&](store::Tx& tx) -> core::Result<json::array> {
    std::vector<store::Value> params;
    auto p = [&](store::Value v) {
      params.push_back(std::move(v));
      return "$" + std::to_string(params.size());
    };
    std::string where = " WHERE 1 = 1";
    if (meta.principal.role != core::Role::kAdmin) {
      where += " AND s.abierta_por = " + p(meta.principal.user_id);
    }
    if (filter.usuario_id) where += " AND s.abierta_por = " + p(*filter.usuario_id);
    if (filter.desde) where += " AND s.abierta_en >= " + p(*filter.desde);
    if (filter.hasta) where += " AND s.abierta_en <= " + p(*filter.hasta);
    if (total) {
      *total = tx.Query("SELECT COUNT(*) FROM sesiones_caja s" + where,
                        std::span<const store::Value>(params))
                   .at(0)
                   .Int(0);
    }
    std::string sql = std::string(kSelectSession) + where +
                      " ORDER BY s.abierta_en DESC, s.id DESC LIMIT " +
                      std::to_string(filter.limit) + " OFFSET " + std::to_string(filter.offset);
    json::array out;
    for (const auto& r : tx.Query(sql, std::span<const store::Value>(params))) {
      out.push_back(SessionJson(r));
    }
    return out;
  });
}

}  // namespace mm::services
