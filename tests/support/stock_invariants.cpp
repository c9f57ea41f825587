#include "support/stock_invariants.hpp"

#include <map>
#include <tuple>

namespace mm::testing {
namespace {

using Key = std::pair<std::string, std::string>;  // (producto, ubicacion)

std::string Name(const Key& k) { return "(" + k.first + ", " + k.second + ")"; }

}  // namespace

std::vector<std::string> StockInvariantViolations(store::Database& db, core::Timestamp now) {
  return db.Read([&](store::Tx& tx) {
    std::vector<std::string> bad;
    struct RowState {
      std::int64_t cantidad = 0, secuencia = 0;
      std::string id;
    };
    std::map<Key, RowState> rows;
    for (const auto& r : tx.Query(
             "SELECT id, producto_id, ubicacion_id, cantidad, secuencia FROM stock_deposito")) {
      rows[{r.Text("producto_id"), r.Text("ubicacion_id")}] =
          RowState{r.Int("cantidad"), r.Int("secuencia"), r.Text("id")};
      if (r.Int("cantidad") < 0) bad.push_back("I1 stock negativo en " + r.Text("id"));
    }

    // I1, I2, I4: walk every kardex chain in sequence order.
    std::map<Key, std::tuple<std::int64_t, std::int64_t, std::int64_t>>
        chain;  // sum, last seq, last nueva
    for (const auto& m :
         tx.Query("SELECT id, producto_id, ubicacion_id, tipo, cantidad_delta, cantidad_anterior, "
                  "cantidad_nueva, secuencia, motivo FROM movimientos_deposito "
                  "ORDER BY producto_id, ubicacion_id, secuencia")) {
      Key k{m.Text("producto_id"), m.Text("ubicacion_id")};
      auto& [sum, seq, nueva] = chain[k];
      std::int64_t d = m.Int("cantidad_delta");
      if (m.Int("secuencia") != seq + 1) {
        bad.push_back("I2 hueco de secuencia en " + Name(k) + " antes de " +
                      std::to_string(m.Int("secuencia")));
      }
      if (m.Int("cantidad_anterior") != nueva) {
        bad.push_back("I2 anterior no encadena en " + Name(k) + " secuencia " +
                      std::to_string(m.Int("secuencia")));
      }
      if (m.Int("cantidad_nueva") != m.Int("cantidad_anterior") + d ||
          m.Int("cantidad_nueva") < 0) {
        bad.push_back("I2 nueva ≠ anterior + delta en movimiento " + m.Text("id"));
      }
      const std::string& tipo = m.Text("tipo");
      bool in =
          tipo == "entrada" || tipo == "recepcion" || tipo == "devolucion" || tipo == "anulacion";
      bool out = tipo == "salida" || tipo == "venta" || tipo == "pedido";
      if ((in && d <= 0) || (out && d >= 0))
        bad.push_back("I4 signo de " + tipo + " " + m.Text("id"));
      if ((tipo == "salida" || tipo == "ajuste") && !m.OptText("motivo")) {
        bad.push_back("I4 " + tipo + " sin motivo " + m.Text("id"));
      }
      sum += d;
      seq = m.Int("secuencia");
      nueva = m.Int("cantidad_nueva");
    }
    for (const auto& [k, row] : rows) {
      auto it = chain.find(k);
      std::int64_t sum = it == chain.end() ? 0 : std::get<0>(it->second);
      std::int64_t seq = it == chain.end() ? 0 : std::get<1>(it->second);
      if (sum != row.cantidad) {
        bad.push_back("I1 stock " + std::to_string(row.cantidad) + " ≠ Σ movimientos " +
                      std::to_string(sum) + " en " + Name(k));
      }
      if (seq != row.secuencia)
        bad.push_back("I2 secuencia de la fila ≠ último movimiento en " + Name(k));
    }
    for (const auto& [k, c] : chain) {
      if (!rows.count(k)) bad.push_back("I1 movimientos sin fila de stock en " + Name(k));
    }

    // I3: row = Σ lots; lot = Σ its movimiento_lotes; movement = Σ its lot deltas.
    for (const auto& r : tx.Query(
             "SELECT s.id, s.cantidad, COALESCE(SUM(l.cantidad), 0) AS lotes FROM stock_deposito s "
             "LEFT JOIN stock_lotes l ON l.stock_id = s.id GROUP BY s.id, s.cantidad")) {
      if (r.Int("cantidad") != r.Int("lotes")) {
        bad.push_back("I3 stock " + std::to_string(r.Int("cantidad")) + " ≠ Σ lotes " +
                      std::to_string(r.Int("lotes")) + " en " + r.Text("id"));
      }
    }
    for (const auto& r :
         tx.Query("SELECT l.id, l.cantidad, COALESCE(SUM(ml.cantidad_delta), 0) AS suma FROM "
                  "stock_lotes l "
                  "LEFT JOIN movimiento_lotes ml ON ml.lote_id = l.id GROUP BY l.id, l.cantidad")) {
      if (r.Int("cantidad") != r.Int("suma") || r.Int("cantidad") < 0) {
        bad.push_back("I3 lote " + r.Text("id") + " con " + std::to_string(r.Int("cantidad")) +
                      " ≠ Σ sus movimientos " + std::to_string(r.Int("suma")));
      }
    }
    for (const auto& r : tx.Query(
             "SELECT m.id, m.cantidad_delta, COALESCE(SUM(ml.cantidad_delta), 0) AS suma "
             "FROM movimientos_deposito m LEFT JOIN movimiento_lotes ml ON ml.movimiento_id = m.id "
             "GROUP BY m.id, m.cantidad_delta")) {
      if (r.Int("cantidad_delta") != r.Int("suma")) {
        bad.push_back("I3 movimiento " + r.Text("id") + " ≠ Σ de sus lotes");
      }
    }

    // I5: disponible ≥ 0 now.
    for (const auto& r : tx.Query(
             "SELECT s.id, s.cantidad, COALESCE(SUM(r.cantidad), 0) AS reservado "
             "FROM stock_deposito s LEFT JOIN stock_reservado r ON r.producto_id = s.producto_id "
             "AND r.ubicacion_id = s.ubicacion_id AND r.estado = 'activa' "
             "AND (r.expira_en IS NULL OR r.expira_en > $1) GROUP BY s.id, s.cantidad",
             {now})) {
      if (r.Int("reservado") > r.Int("cantidad")) {
        bad.push_back("I5 reservado " + std::to_string(r.Int("reservado")) + " > stock " +
                      std::to_string(r.Int("cantidad")) + " en " + r.Text("id"));
      }
    }

    // I8: each transferencia_id has exactly two opposite movements of one product at two places.
    for (const auto& r : tx.Query(
             "SELECT transferencia_id, COUNT(*) AS n, SUM(cantidad_delta) AS suma, "
             "COUNT(DISTINCT producto_id) AS productos, COUNT(DISTINCT ubicacion_id) AS lugares "
             "FROM movimientos_deposito WHERE transferencia_id IS NOT NULL "
             "GROUP BY transferencia_id")) {
      if (r.Int("n") != 2 || r.Int("suma") != 0 || r.Int("productos") != 1 ||
          r.Int("lugares") != 2) {
        bad.push_back("I8 transferencia incompleta " + r.Text("transferencia_id"));
      }
    }

    // I11: 0 ≤ recibida ≤ cantidad, recibida = Σ recepcion_lineas = Σ recepcion deltas.
    for (const auto& r : tx.Query(
             "SELECT l.id, l.orden_id, l.producto_id, l.cantidad, l.cantidad_recibida, "
             "(SELECT COALESCE(SUM(rl.cantidad), 0) FROM recepcion_lineas rl WHERE rl.linea_id = "
             "l.id) AS recibido, (SELECT COALESCE(SUM(m.cantidad_delta), 0) FROM "
             "movimientos_deposito m WHERE m.orden_compra_id = l.orden_id AND m.producto_id = "
             "l.producto_id AND m.tipo = 'recepcion') AS movido FROM ordenes_compra_lineas l")) {
      std::int64_t rec = r.Int("cantidad_recibida");
      if (rec < 0 || rec > r.Int("cantidad") || rec != r.Int("recibido") ||
          rec != r.Int("movido")) {
        bad.push_back("I11 línea de OC " + r.Text("id") + ": recibida " + std::to_string(rec) +
                      ", recepciones " + std::to_string(r.Int("recibido")) + ", kardex " +
                      std::to_string(r.Int("movido")));
      }
    }
    // I9: a hold without an order expires; only the current terminal state's stamps are set, and
    // none before the hold was made. I10: a consumed hold names the sale (whose line for the
    // same product names it back) or belongs to an order. (The other half of I10, an expired hold
    // never reduces availability, is I5's definition of reservado.)
    for (const auto& r : tx.Query(
             "SELECT r.id, r.estado, r.pedido_id, r.expira_en, r.venta_id, r.consumida_en, "
             "r.cancelada_en, r.vencida_en, r.cancelada_por, r.motivo_cancelacion, r.creado_en, "
             "(SELECT COUNT(*) FROM venta_items vi WHERE vi.reserva_id = r.id AND vi.venta_id = "
             "r.venta_id AND vi.producto_id = r.producto_id) AS lineas FROM stock_reservado r")) {
      const std::string& id = r.Text("id");
      const std::string& e = r.Text("estado");
      if (!r.OptText("pedido_id") && !r.OptTime("expira_en")) {
        bad.push_back("I9 reserva sin pedido y sin vencimiento " + id);
      }
      const bool consumida = e == "consumida", cancelada = e == "cancelada";
      if (r.OptTime("consumida_en").has_value() != consumida ||
          r.OptTime("cancelada_en").has_value() != cancelada ||
          r.OptTime("vencida_en").has_value() != (e == "vencida") ||
          (r.OptText("venta_id") && !consumida) ||
          (!cancelada && (r.OptText("cancelada_por") || r.OptText("motivo_cancelacion")))) {
        bad.push_back("I9 reserva " + id + " en estado " + e + " con sellos de otro estado");
      }
      for (const char* stamp : {"consumida_en", "cancelada_en", "vencida_en"}) {
        if (auto t = r.OptTime(stamp); t && *t < r.Time("creado_en")) {
          bad.push_back("I9 reserva " + id + " con " + stamp + " anterior a su creación");
        }
      }
      if (consumida && !r.OptText("venta_id") && !r.OptText("pedido_id")) {
        bad.push_back("I10 reserva consumida sin venta ni pedido " + id);
      }
      if (r.OptText("venta_id") && r.Int("lineas") == 0) {
        bad.push_back("I10 reserva " + id + " consumida por una venta sin una línea que la nombre");
      }
    }

    // I12: estado matches the lines.
    for (const auto& r : tx.Query(
             "SELECT o.id, o.estado, SUM(CASE WHEN l.cantidad_recibida = l.cantidad THEN 1 ELSE 0 "
             "END) AS completas, SUM(CASE WHEN l.cantidad_recibida > 0 THEN 1 ELSE 0 END) AS "
             "con_recibido, COUNT(l.id) AS lineas FROM ordenes_compra o JOIN "
             "ordenes_compra_lineas l ON l.orden_id = o.id GROUP BY o.id, o.estado")) {
      const std::string& e = r.Text("estado");
      bool all = r.Int("completas") == r.Int("lineas");
      bool some = r.Int("con_recibido") > 0;
      bool ok = (e == "recibida" && all) || (e == "parcial" && some && !all) ||
                (e == "pendiente" && !some) || e == "cancelada";
      if (!ok)
        bad.push_back("I12 estado " + e + " no coincide con las líneas de la OC " + r.Text("id"));
    }
    return bad;
  });
}

}  // namespace mm::testing
