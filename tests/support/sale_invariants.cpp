#include "support/sale_invariants.hpp"

#include <map>
#include <optional>
#include <set>
#include <tuple>

#include "core/money.hpp"

namespace mm::testing {
namespace {

using Bad = std::vector<std::string>;

// (venta, producto) → quantity.
using PerSaleProduct = std::map<std::pair<std::string, std::string>, std::int64_t>;

std::map<std::string, std::int64_t> SumBy(store::Tx& tx, const std::string& sql) {
  std::map<std::string, std::int64_t> out;
  for (const auto& r : tx.Query(sql)) out[r.Text(0)] = r.Int(1);
  return out;
}

std::int64_t At(const std::map<std::string, std::int64_t>& m, const std::string& k) {
  auto it = m.find(k);
  return it == m.end() ? 0 : it->second;
}

void CheckItems(store::Tx& tx, Bad& bad) {
  std::map<std::string, std::int64_t> subtotals;
  for (const auto& i : tx.Query("SELECT id, venta_id, unidad, cantidad, precio_lista_centavos, "
                                "precio_unitario_centavos, subtotal_centavos, cantidad_devuelta, "
                                "monto_devuelto_centavos FROM venta_items")) {
    subtotals[i.Text("venta_id")] += i.Int("subtotal_centavos");
    auto expected =
        core::LineAmount(i.Int("cantidad"), i.Int("precio_unitario_centavos"), i.Text("unidad"));
    if (expected != i.Int("subtotal_centavos")) {
      bad.push_back("I13 subtotal de item " + i.Text("id") + " es " +
                    std::to_string(i.Int("subtotal_centavos")) + ", debería ser " +
                    std::to_string(expected));
    }
    if (i.Int("precio_unitario_centavos") > i.Int("precio_lista_centavos")) {
      bad.push_back("I13 precio unitario sobre el de lista en item " + i.Text("id"));
    }
  }
  auto pagos = SumBy(tx, "SELECT venta_id, SUM(monto_centavos) FROM venta_pagos GROUP BY venta_id");
  for (const auto& v : tx.Query("SELECT id, numero, total_centavos FROM ventas")) {
    const std::string id = v.Text("id");
    if (At(subtotals, id) != v.Int("total_centavos") || At(pagos, id) != v.Int("total_centavos")) {
      bad.push_back("I13 venta " + std::to_string(v.Int("numero")) + ": total " +
                    std::to_string(v.Int("total_centavos")) + ", Σ subtotales " +
                    std::to_string(At(subtotals, id)) + ", Σ pagos " +
                    std::to_string(At(pagos, id)));
    }
  }
}

void CheckKardex(store::Tx& tx, Bad& bad) {
  PerSaleProduct sold, moved_out, returned, moved_back;
  for (const auto& r : tx.Query(
           "SELECT venta_id, producto_id, SUM(cantidad), SUM(cantidad_devuelta) FROM venta_items "
           "GROUP BY venta_id, producto_id")) {
    sold[{r.Text(0), r.Text(1)}] = r.Int(2);
  }
  // Restocked returned units: the items of devoluciones that put goods back.
  for (const auto& r :
       tx.Query("SELECT i.venta_id, i.producto_id, SUM(di.cantidad) FROM devolucion_items di "
                "JOIN devoluciones d ON d.id = di.devolucion_id JOIN venta_items i ON i.id = "
                "di.venta_item_id WHERE d.reingresa_stock GROUP BY i.venta_id, i.producto_id")) {
    returned[{r.Text(0), r.Text(1)}] = r.Int(2);
  }
  for (const auto& r :
       tx.Query("SELECT venta_id, producto_id, tipo, SUM(cantidad_delta) FROM movimientos_deposito "
                "WHERE venta_id IS NOT NULL GROUP BY venta_id, producto_id, tipo")) {
    std::pair<std::string, std::string> k{r.Text(0), r.Text(1)};
    if (r.Text(2) == "venta") {
      moved_out[k] += -r.Int(3);
    } else if (r.Text(2) == "devolucion" || r.Text(2) == "anulacion") {
      moved_back[k] += r.Int(3);
    } else {
      bad.push_back("I14 movimiento " + r.Text(2) + " con venta_id " + k.first);
    }
  }
  for (const auto& [k, q] : sold) {
    auto out = moved_out.count(k) != 0 ? moved_out[k] : 0;
    if (out != q) {
      bad.push_back("I14 venta " + k.first + " producto " + k.second + ": vendió " +
                    std::to_string(q) + ", el kardex sacó " + std::to_string(out));
    }
  }
  for (const auto& [k, q] : moved_out) {
    if (sold.count(k) == 0) bad.push_back("I14 kardex de venta sin item: " + k.first);
  }
  for (const auto& [k, q] : moved_back) {
    auto r = returned.count(k) != 0 ? returned[k] : 0;
    if (r != q) {
      bad.push_back("I14 venta " + k.first + " producto " + k.second + ": reingresó " +
                    std::to_string(q) + " al kardex, devoluciones con reingreso " +
                    std::to_string(r));
    }
  }
  for (const auto& [k, q] : returned) {
    if (moved_back.count(k) == 0) {
      bad.push_back("I14 devolución con reingreso sin kardex: venta " + k.first);
    }
  }
}

void CheckRefunds(store::Tx& tx, Bad& bad) {
  auto devs = SumBy(tx, "SELECT venta_id, SUM(total_centavos) FROM devoluciones GROUP BY venta_id");
  auto items =
      SumBy(tx, "SELECT venta_id, SUM(monto_devuelto_centavos) FROM venta_items GROUP BY venta_id");
  auto reint = SumBy(
      tx, "SELECT venta_id, SUM(monto_reintegrado_centavos) FROM venta_pagos GROUP BY venta_id");
  auto voids = SumBy(tx,
                     "SELECT venta_id, COUNT(*) FROM devoluciones WHERE tipo = 'anulacion' "
                     "GROUP BY venta_id");
  for (const auto& v :
       tx.Query("SELECT id, numero, estado, total_centavos, devuelto_centavos FROM ventas")) {
    const std::string id = v.Text("id");
    const std::string n = std::to_string(v.Int("numero"));
    std::int64_t devuelto = v.Int("devuelto_centavos");
    if (At(devs, id) != devuelto || At(items, id) != devuelto || At(reint, id) != devuelto) {
      bad.push_back("I15 venta " + n + ": devuelto " + std::to_string(devuelto) +
                    ", Σ devoluciones " + std::to_string(At(devs, id)) + ", Σ items " +
                    std::to_string(At(items, id)) + ", Σ reintegros " +
                    std::to_string(At(reint, id)));
    }
    bool anulada = v.Text("estado") == "anulada";
    if (anulada != (At(voids, id) == 1) || (anulada && devuelto != v.Int("total_centavos"))) {
      bad.push_back("I15 venta " + n + " estado " + v.Text("estado") + " con " +
                    std::to_string(At(voids, id)) + " anulaciones");
    }
  }
  auto dev_items = SumBy(
      tx, "SELECT devolucion_id, SUM(monto_centavos) FROM devolucion_items GROUP BY devolucion_id");
  auto dev_reint = SumBy(tx,
                         "SELECT devolucion_id, SUM(monto_centavos) FROM devolucion_reintegros "
                         "GROUP BY devolucion_id");
  for (const auto& d : tx.Query("SELECT id, total_centavos FROM devoluciones")) {
    if (At(dev_items, d.Text(0)) != d.Int(1) || At(dev_reint, d.Text(0)) != d.Int(1)) {
      bad.push_back("I15 devolución " + d.Text(0) + ": total " + std::to_string(d.Int(1)) +
                    ", Σ items " + std::to_string(At(dev_items, d.Text(0))) + ", Σ reintegros " +
                    std::to_string(At(dev_reint, d.Text(0))));
    }
  }
}

void CheckSessions(store::Tx& tx, Bad& bad) {
  struct Session {
    core::Timestamp abierta_en;
    std::optional<core::Timestamp> cerrada_en;
  };
  std::map<std::string, Session> sessions;
  int open = 0;
  auto flows =
      SumBy(tx, "SELECT sesion_id, SUM(monto_centavos) FROM movimientos_caja GROUP BY sesion_id");
  for (const auto& s :
       tx.Query("SELECT id, numero, estado, abierta_en, cerrada_en, monto_inicial_centavos, "
                "efectivo_esperado_centavos, efectivo_contado_centavos, diferencia_centavos "
                "FROM sesiones_caja")) {
    sessions[s.Text("id")] = Session{s.Time("abierta_en"), s.OptTime("cerrada_en")};
    if (s.Text("estado") == "abierta") {
      ++open;
      continue;
    }
    std::int64_t esperado = s.Int("monto_inicial_centavos") + At(flows, s.Text("id"));
    if (s.OptInt("efectivo_esperado_centavos") != esperado ||
        s.OptInt("diferencia_centavos") !=
            s.OptInt("efectivo_contado_centavos").value_or(0) - esperado) {
      bad.push_back("I17 sesión " + std::to_string(s.Int("numero")) + ": esperado guardado " +
                    std::to_string(s.OptInt("efectivo_esperado_centavos").value_or(-1)) +
                    ", calculado " + std::to_string(esperado));
    }
  }
  if (open > 1) bad.push_back("I16 hay " + std::to_string(open) + " sesiones abiertas");

  auto check_time = [&](const std::string& what, const std::string& sesion_id, core::Timestamp en) {
    auto it = sessions.find(sesion_id);
    if (it == sessions.end()) {
      bad.push_back("I16 " + what + " sin sesión");
      return;
    }
    if (en < it->second.abierta_en || (it->second.cerrada_en && en > *it->second.cerrada_en)) {
      bad.push_back("I16 " + what + " escrito con su sesión cerrada");
    }
  };
  for (const auto& v : tx.Query("SELECT id, sesion_caja_id, creado_en FROM ventas")) {
    check_time("venta " + v.Text(0), v.Text(1), v.Time(2));
  }
  for (const auto& m : tx.Query("SELECT id, sesion_id, creado_en FROM movimientos_caja")) {
    check_time("movimiento de caja " + m.Text(0), m.Text(1), m.Time(2));
  }
  for (const auto& d :
       tx.Query("SELECT id, sesion_caja_id, creado_en FROM devoluciones WHERE id IN (SELECT "
                "devolucion_id FROM devolucion_reintegros WHERE metodo = 'efectivo')")) {
    if (!d.OptText(1)) {
      bad.push_back("I16 devolución en efectivo " + d.Text(0) + " sin sesión");
    } else {
      check_time("devolución en efectivo " + d.Text(0), *d.OptText(1), d.Time(2));
    }
  }

  // I17: a sale's `venta` cash rows equal its efectivo payment.
  auto cash_rows = SumBy(tx,
                         "SELECT venta_id, SUM(monto_centavos) FROM movimientos_caja WHERE tipo "
                         "= 'venta' GROUP BY venta_id");
  auto cash_pagos = SumBy(tx,
                          "SELECT venta_id, SUM(monto_centavos) FROM venta_pagos WHERE metodo = "
                          "'efectivo' GROUP BY venta_id");
  std::set<std::string> ids;
  for (const auto& [k, v] : cash_rows) ids.insert(k);
  for (const auto& [k, v] : cash_pagos) ids.insert(k);
  for (const auto& id : ids) {
    if (At(cash_rows, id) != At(cash_pagos, id)) {
      bad.push_back("I17 venta " + id + ": caja registró " + std::to_string(At(cash_rows, id)) +
                    ", pago en efectivo " + std::to_string(At(cash_pagos, id)));
    }
  }
}

void CheckPayments(store::Tx& tx, Bad& bad) {
  for (const auto& p :
       tx.Query("SELECT venta_id, metodo, monto_centavos, recibido_centavos, vuelto_centavos FROM "
                "venta_pagos")) {
    auto recibido = p.OptInt("recibido_centavos");
    if (p.Text("metodo") != "efectivo" && (recibido || p.Int("vuelto_centavos") != 0)) {
      bad.push_back("I18 vuelto en pago " + p.Text("metodo") + " de venta " + p.Text("venta_id"));
    }
    if (recibido && *recibido != p.Int("monto_centavos") + p.Int("vuelto_centavos")) {
      bad.push_back("I18 recibido ≠ monto + vuelto en venta " + p.Text("venta_id"));
    }
  }
}

void CheckOffers(store::Tx& tx, Bad& bad) {
  for (const auto& i :
       tx.Query("SELECT i.id, i.precio_lista_centavos, i.precio_unitario_centavos, "
                "o.precio_oferta_centavos, o.ubicacion_id AS oferta_ubicacion, v.ubicacion_id, "
                "o.lote_id FROM venta_items i JOIN ventas v ON v.id = i.venta_id JOIN ofertas o ON "
                "o.id = i.oferta_id")) {
    auto expected = std::min(i.Int("precio_oferta_centavos"), i.Int("precio_lista_centavos"));
    if (i.Int("precio_unitario_centavos") != expected) {
      bad.push_back("I19 item " + i.Text("id") + " con oferta cobró " +
                    std::to_string(i.Int("precio_unitario_centavos")) + " en vez de " +
                    std::to_string(expected));
    }
    if (i.Text("oferta_ubicacion") != i.Text("ubicacion_id")) {
      bad.push_back("I19 item " + i.Text("id") + " con oferta de otra ubicación");
    }
    if (auto lote = i.OptText("lote_id")) {
      for (const auto& l : tx.Query(
               "SELECT ml.lote_id FROM movimiento_lotes ml JOIN movimientos_deposito m ON m.id = "
               "ml.movimiento_id WHERE m.venta_item_id = $1 AND m.tipo = 'venta'",
               {i.Text("id")})) {
        if (l.Text(0) != *lote) {
          bad.push_back("I19 item " + i.Text("id") + " con oferta de lote salió de otro lote");
        }
      }
    }
  }
}

}  // namespace

std::vector<std::string> SaleInvariantViolations(store::Database& db) {
  return db.Read([&](store::Tx& tx) {
    Bad bad;
    CheckItems(tx, bad);
    CheckKardex(tx, bad);
    CheckRefunds(tx, bad);
    CheckSessions(tx, bad);
    CheckPayments(tx, bad);
    CheckOffers(tx, bad);
    return bad;
  });
}

}  // namespace mm::testing
