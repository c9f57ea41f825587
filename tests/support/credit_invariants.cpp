#include "support/credit_invariants.hpp"

#include <map>
#include <set>

#include "core/money.hpp"

namespace mm::testing {
namespace {

using Bad = std::vector<std::string>;

void CheckLedger(store::Tx& tx, Bad& bad) {
  struct Running {
    std::int64_t n = 0, saldo = 0;
  };
  std::map<std::string, Running> run;
  for (const auto& m :
       tx.Query("SELECT id, cliente_id, tipo, monto_centavos, secuencia, saldo_posterior_centavos, "
                "metodo FROM cuentas_corrientes_movimientos ORDER BY cliente_id, secuencia")) {
    auto& r = run[m.Text("cliente_id")];
    const std::string tipo = m.Text("tipo");
    const std::int64_t monto = m.Int("monto_centavos");
    ++r.n;
    r.saldo += monto;
    if (m.Int("secuencia") != r.n) {
      bad.push_back("I21 movimiento " + m.Text("id") + " tiene secuencia " +
                    std::to_string(m.Int("secuencia")) + ", se esperaba " + std::to_string(r.n));
    }
    if (m.Int("saldo_posterior_centavos") != r.saldo) {
      bad.push_back("I21 movimiento " + m.Text("id") + " tiene saldo posterior " +
                    std::to_string(m.Int("saldo_posterior_centavos")) + ", la suma da " +
                    std::to_string(r.saldo));
    }
    bool sign_ok = (tipo == "cargo" && monto > 0) ||
                   ((tipo == "pago" || tipo == "devolucion") && monto < 0) ||
                   (tipo == "ajuste" && monto != 0);
    if (!sign_ok) bad.push_back("I21 signo de " + tipo + " en movimiento " + m.Text("id"));
    if (m.OptText("metodo").has_value() != (tipo == "pago")) {
      bad.push_back("I21 método en movimiento " + m.Text("id") + " de tipo " + tipo);
    }
  }
  for (const auto& c : tx.Query("SELECT id, nombre, saldo_centavos, cc_secuencia FROM clientes")) {
    const auto it = run.find(c.Text("id"));
    const Running r = it == run.end() ? Running{} : it->second;
    if (c.Int("saldo_centavos") != r.saldo || c.Int("cc_secuencia") != r.n) {
      bad.push_back("I21 cliente " + c.Text("nombre") + ": saldo " +
                    std::to_string(c.Int("saldo_centavos")) + " / secuencia " +
                    std::to_string(c.Int("cc_secuencia")) + ", el libro da " +
                    std::to_string(r.saldo) + " / " + std::to_string(r.n));
    }
  }
}

void CheckLinks(store::Tx& tx, Bad& bad) {
  // Sales: each cuenta_corriente payment ↔ exactly one equal cargo of the sale's customer.
  std::map<std::string, std::vector<std::pair<std::string, std::int64_t>>> cargos;
  for (const auto& m : tx.Query("SELECT venta_id, cliente_id, monto_centavos FROM "
                                "cuentas_corrientes_movimientos WHERE tipo = 'cargo' AND "
                                "venta_id IS NOT NULL")) {
    cargos[m.Text("venta_id")].emplace_back(m.Text("cliente_id"), m.Int("monto_centavos"));
  }
  std::set<std::string> cc_sales;
  for (const auto& p : tx.Query("SELECT p.venta_id, p.monto_centavos, v.cliente_id, v.numero "
                                "FROM venta_pagos p JOIN ventas v ON v.id = p.venta_id "
                                "WHERE p.metodo = 'cuenta_corriente'")) {
    const std::string venta = p.Text("venta_id");
    cc_sales.insert(venta);
    const auto& found = cargos[venta];
    if (found.size() != 1 || found[0].second != p.Int("monto_centavos") ||
        !p.OptText("cliente_id") || found[0].first != *p.OptText("cliente_id")) {
      bad.push_back("I22 venta " + std::to_string(p.Int("numero")) +
                    ": su pago en cuenta corriente no tiene exactamente un cargo igual de su "
                    "cliente");
    }
  }
  for (const auto& [venta, list] : cargos) {
    if (!list.empty() && !cc_sales.contains(venta)) {
      bad.push_back("I22 cargo de la venta " + venta + " sin pago en cuenta corriente");
    }
  }
  // Returns: each cuenta_corriente reintegro ↔ exactly one equal ledger devolucion.
  std::map<std::string, std::vector<std::int64_t>> credits;
  for (const auto& m : tx.Query("SELECT devolucion_id, monto_centavos FROM "
                                "cuentas_corrientes_movimientos WHERE tipo = 'devolucion' AND "
                                "devolucion_id IS NOT NULL")) {
    credits[m.Text("devolucion_id")].push_back(m.Int("monto_centavos"));
  }
  std::set<std::string> cc_refunds;
  for (const auto& r : tx.Query("SELECT devolucion_id, monto_centavos FROM devolucion_reintegros "
                                "WHERE metodo = 'cuenta_corriente'")) {
    cc_refunds.insert(r.Text("devolucion_id"));
    const auto& found = credits[r.Text("devolucion_id")];
    if (found.size() != 1 || found[0] != -r.Int("monto_centavos")) {
      bad.push_back("I22 devolución " + r.Text("devolucion_id") +
                    ": su reintegro en cuenta corriente no tiene exactamente un crédito igual");
    }
  }
  for (const auto& [dev, list] : credits) {
    if (!list.empty() && !cc_refunds.contains(dev)) {
      bad.push_back("I22 crédito de la devolución " + dev + " sin reintegro en cuenta corriente");
    }
  }
  // Orders: each cuenta_corriente payment names its own ledger row of the same amount.
  for (const auto& p : tx.Query(
           "SELECT p.id, p.tipo, p.monto_centavos, m.tipo AS mtipo, m.monto_centavos AS mmonto, "
           "m.pedido_id, p.pedido_id AS ppedido FROM pedido_pagos p LEFT JOIN "
           "cuentas_corrientes_movimientos m ON m.id = p.cc_movimiento_id "
           "WHERE p.metodo = 'cuenta_corriente'")) {
    const bool pago = p.Text("tipo") == "pago";
    const auto mtipo = p.OptText("mtipo");
    const std::int64_t expected = pago ? p.Int("monto_centavos") : -p.Int("monto_centavos");
    if (!mtipo || *mtipo != (pago ? "cargo" : "devolucion") || p.OptInt("mmonto") != expected ||
        p.OptText("pedido_id") != p.OptText("ppedido")) {
      bad.push_back("I22 pago de pedido " + p.Text("id") +
                    " en cuenta corriente sin su movimiento igual en el libro");
    }
  }
  std::map<std::string, int> uses;
  for (const auto& r :
       tx.Query("SELECT cc_movimiento_id FROM pedido_pagos WHERE cc_movimiento_id IS NOT NULL")) {
    if (++uses[r.Text(0)] > 1) bad.push_back("I22 movimiento " + r.Text(0) + " usado dos veces");
  }
}

void CheckLimits(store::Tx& tx, Bad& bad) {
  std::set<std::string> changed;
  for (const auto& r : tx.Query("SELECT DISTINCT entidad_id FROM audit_log WHERE accion = "
                                "'limite_credito_cambiado' AND entidad_id IS NOT NULL")) {
    changed.insert(r.Text(0));
  }
  for (const auto& m :
       tx.Query("SELECT m.id, m.cliente_id, m.saldo_posterior_centavos, c.limite_credito_centavos "
                "FROM cuentas_corrientes_movimientos m JOIN clientes c ON c.id = m.cliente_id "
                "WHERE m.tipo = 'cargo'")) {
    if (changed.contains(m.Text("cliente_id"))) continue;
    if (m.Int("saldo_posterior_centavos") > m.Int("limite_credito_centavos")) {
      bad.push_back("I23 cargo " + m.Text("id") + " dejó el saldo en " +
                    std::to_string(m.Int("saldo_posterior_centavos")) + ", sobre el límite " +
                    std::to_string(m.Int("limite_credito_centavos")));
    }
  }
}

}  // namespace

std::vector<std::string> CreditInvariantViolations(store::Database& db) {
  return db.Read([](store::Tx& tx) {
    Bad bad;
    CheckLedger(tx, bad);
    CheckLinks(tx, bad);
    CheckLimits(tx, bad);
    return bad;
  });
}

std::vector<std::string> OrderInvariantViolations(store::Database& db) {
  return db.Read([](store::Tx& tx) {
    Bad bad;
    std::map<std::string, std::int64_t> subtotals;
    for (const auto& i :
         tx.Query("SELECT id, pedido_id, unidad, cantidad, precio_unitario_centavos, "
                  "subtotal_centavos FROM pedido_items")) {
      subtotals[i.Text("pedido_id")] += i.Int("subtotal_centavos");
      const std::string unidad = i.OptText("unidad").value_or("u");
      if (core::LineAmount(i.Int("cantidad"), i.Int("precio_unitario_centavos"), unidad) !=
          i.Int("subtotal_centavos")) {
        bad.push_back("I24 subtotal del item de pedido " + i.Text("id"));
      }
    }
    std::map<std::string, std::int64_t> paid;
    for (const auto& p : tx.Query("SELECT pedido_id, SUM(CASE WHEN tipo = 'pago' THEN "
                                  "monto_centavos ELSE -monto_centavos END) FROM pedido_pagos "
                                  "GROUP BY pedido_id")) {
      paid[p.Text(0)] = p.Int(1);
    }
    // (pedido_item) → −Σ pedido deltas.
    std::map<std::string, std::int64_t> taken;
    for (const auto& k : tx.Query("SELECT pedido_item_id, pedido_id, cantidad_delta FROM "
                                  "movimientos_deposito WHERE tipo = 'pedido'")) {
      taken[k.OptText("pedido_item_id").value_or("?")] -= k.Int("cantidad_delta");
    }
    std::map<std::string, int> active_holds;
    for (const auto& h : tx.Query("SELECT pedido_id FROM stock_reservado WHERE pedido_id IS NOT "
                                  "NULL AND estado = 'activa'")) {
      ++active_holds[h.Text(0)];
    }
    for (const auto& o :
         tx.Query("SELECT id, numero, estado, estado_pago, tipo_entrega, direccion_entrega, "
                  "total_centavos, pagado_centavos FROM pedidos")) {
      const std::string id = o.Text("id");
      const std::string n = std::to_string(o.Int("numero"));
      const std::int64_t total = o.Int("total_centavos"), pagado = o.Int("pagado_centavos");
      if (subtotals[id] != total) bad.push_back("I24 pedido " + n + ": total ≠ Σ subtotales");
      if (paid[id] != pagado || pagado < 0 || pagado > total) {
        bad.push_back("I24 pedido " + n + ": pagado " + std::to_string(pagado) +
                      ", Σ pagos − reembolsos " + std::to_string(paid[id]));
      }
      const std::string derived =
          pagado == total ? "pagado" : (pagado > 0 ? "parcial" : "pendiente");
      if (o.Text("estado_pago") != derived) bad.push_back("I24 pedido " + n + ": estado_pago");
      if (o.Text("tipo_entrega") == "domicilio" && !o.OptText("direccion_entrega")) {
        bad.push_back("I24 pedido " + n + " a domicilio sin dirección");
      }
      const std::string estado = o.Text("estado");
      if ((estado == "entregado" || estado == "cancelado") && active_holds[id] > 0) {
        bad.push_back("I25 pedido " + n + " " + estado + " con reservas activas");
      }
      for (const auto& i : tx.Query(
               "SELECT id, cantidad FROM pedido_items WHERE pedido_id = $1 AND producto_id IS NOT "
               "NULL",
               {id})) {
        const std::int64_t out = taken.contains(i.Text("id")) ? taken[i.Text("id")] : 0;
        const std::int64_t want = estado == "entregado" ? i.Int("cantidad") : 0;
        if (out != want) {
          bad.push_back("I25 pedido " + n + " (" + estado + "): item " + i.Text("id") + " salió " +
                        std::to_string(out) + " del depósito, se esperaba " + std::to_string(want));
        }
      }
    }
    for (const auto& h :
         tx.Query("SELECT r.id FROM stock_reservado r WHERE r.pedido_id IS NOT NULL AND NOT EXISTS "
                  "(SELECT 1 FROM pedido_items i WHERE i.id = r.pedido_item_id AND i.pedido_id = "
                  "r.pedido_id)")) {
      bad.push_back("I25 reserva " + h.Text(0) + " nombra un pedido o item que no existe");
    }
    return bad;
  });
}

}  // namespace mm::testing
