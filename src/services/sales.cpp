#include "services/sales.hpp"

#include <algorithm>
#include <set>

#include <boost/json/array.hpp>

#include "core/money.hpp"
#include "core/store_calendar.hpp"
#include "core/uuid.hpp"
#include "core/validation.hpp"
#include "services/audit.hpp"
#include "services/cache_versions.hpp"
#include "services/cash_register.hpp"
#include "services/human_number.hpp"
#include "services/replacement_cost.hpp"
#include "services/reservation_consumption.hpp"
#include "services/sale_credit.hpp"
#include "services/sale_reader.hpp"
#include "services/sale_store.hpp"
#include "services/stock_ledger.hpp"

namespace mm::services {
namespace {

namespace json = boost::json;
using core::Error;
using core::ErrorCode;
using core::FieldError;

constexpr std::int64_t kMaxLineCantidad = 10'000;
constexpr std::size_t kMaxItems = 200;
constexpr std::size_t kMaxPagos = 5;

const std::set<std::string, std::less<>>& Metodos() {
  static const std::set<std::string, std::less<>> k = {
      "efectivo", "debito", "credito", "transferencia", "qr", "cuenta_corriente"};
  return k;
}

std::string At(std::string_view list, std::size_t i, std::string_view field) {
  return std::string(list) + "[" + std::to_string(i) + "]." + std::string(field);
}

// One product of the sale with everything its decision needs.
struct ProductPlan {
  sale_pricing::MergedLine line;
  stock::ProductInfo product;
  std::int64_t precio = 0;  // the list price in force (now, or at the offline snapshot)
  std::optional<sale_pricing::Offer> offer;
  std::optional<stock::StockRow> row;
  std::vector<stock::Lot> lots;
  std::int64_t disponible = 0;  // for this sale: available + its named reservations
  std::vector<sale_pricing::PricedItem> items;
  std::optional<ReplacementCost> costo;
  bool riesgo = false;  // list-priced units at loss risk
};

struct Plan {
  std::string ubicacion_id;
  std::vector<ProductPlan> products;
  std::vector<stock::Shortage> shortages;
  std::vector<std::string> reserva_ids;  // every named reservation (locked, checked)
  std::int64_t total = 0;
};

// Steps 4–7 on the current rows (`lock`: the sale's locks and named reservations; else the
// quote's plain reads). `at`: the offline snapshot cutoff, else prices and offers now.
core::Result<Plan> BuildPlan(store::Tx& tx, core::Random& random,
                             const std::vector<sale_pricing::MergedLine>& lines, bool lock,
                             core::Timestamp now, const std::optional<core::Timestamp>& at) {
  const core::Date today = core::StoreCalendar::Default().DayOf(now);
  Plan plan;
  // L5: productos FOR SHARE in ascending id (MergeLines sorts them).
  for (const auto& l : lines) {
    auto p = stock::LockProduct(tx, l.producto_id, lock ? stock::Lock::kShare : stock::Lock::kNone);
    if (!p) return Error::ReferenceNotFound(At("items", l.first_index, "producto_id"));
    ProductPlan pp;
    pp.line = l;
    pp.product = *p;
    plan.products.push_back(std::move(pp));
  }
  for (auto& pp : plan.products) {
    const auto& p = pp.product;
    if (!p.activo) {
      return Error(ErrorCode::kProductInactive, "El producto " + p.nombre + " está desactivado.",
                   json::object{{"producto_id", p.id}});
    }
    pp.precio =
        at ? sale_store::PriceAt(tx, p.id, p.precio_venta_centavos, *at) : p.precio_venta_centavos;
    if (pp.precio <= 0) {
      return Error(ErrorCode::kProductWithoutPrice,
                   "El producto " + p.nombre + " no tiene precio de venta.",
                   json::object{{"producto_id", p.id}});
    }
  }
  plan.ubicacion_id = stock::SalesLocationId(tx);
  // L6: stock rows at the sales location in ascending product id, then L7: their lots.
  for (auto& pp : plan.products) {
    if (lock) {
      pp.row = stock::LockStockRow(tx, random, pp.product.id, plan.ubicacion_id, now);
    } else {
      pp.row = stock::FindStockRow(tx, pp.product.id, plan.ubicacion_id);
    }
  }
  for (auto& pp : plan.products) {
    if (!pp.row) continue;
    pp.lots = lock ? stock::LockLots(tx, *pp.row, today) : sale_store::ReadLots(tx, *pp.row, today);
  }
  // L8: the named reservations.
  std::vector<reservations::LockedReservation> locked;
  if (lock) {
    std::map<std::string, std::string> campo_of;
    std::vector<reservations::Consumption> uses;
    for (const auto& pp : plan.products) {
      for (const auto& id : pp.line.reserva_ids) {
        plan.reserva_ids.push_back(id);
        campo_of.emplace(id, "items[" + std::to_string(pp.line.first_index) + "].reserva_id");
      }
      if (!pp.line.reserva_ids.empty()) {
        uses.push_back({pp.product.id, plan.ubicacion_id, pp.line.cantidad, pp.line.reserva_ids,
                        std::nullopt});
      }
    }
    if (!plan.reserva_ids.empty()) {
      auto l = reservations::LockReservations(tx, plan.reserva_ids, now, campo_of);
      if (!l.ok()) return l.error();
      locked = std::move(*l);
      // A reservation named on two products' lines matches neither.
      std::set<std::string> seen;
      for (const auto& id : plan.reserva_ids) {
        if (!seen.insert(id).second) {
          return Error::Conflict("reserva_no_coincide",
                                 "La misma reserva está indicada para dos productos.");
        }
      }
      if (auto ok = reservations::CheckConsumable(locked, uses); !ok.ok()) return ok.error();
    }
  }
  // Availability, offers, allocation and prices.
  std::vector<std::string> ids;
  for (const auto& pp : plan.products) ids.push_back(pp.product.id);
  auto costs = FindReplacementCosts(tx, ids);
  for (auto& pp : plan.products) {
    const auto& p = pp.product;
    std::int64_t en_lotes = 0;
    for (const auto& l : pp.lots) en_lotes += l.cantidad;
    if (pp.row) {
      const std::int64_t reservado = stock::Reserved(tx, p.id, plan.ubicacion_id, now);
      const std::int64_t propias = reservations::NamedQuantity(locked, pp.line.reserva_ids);
      pp.disponible = std::max<std::int64_t>(0, pp.row->cantidad - reservado) + propias;
      pp.disponible = std::min(pp.disponible, en_lotes);
    }
    if (pp.line.cantidad > pp.disponible) {
      plan.shortages.push_back({p.id, p.nombre, pp.disponible, pp.line.cantidad});
    }
    // The offer.
    if (at) {
      if (auto o = sale_store::OfferAt(tx, p.id, plan.ubicacion_id, *at)) {
        sale_pricing::Offer offer{o->id, o->lote_id, o->precio_oferta_centavos, std::nullopt};
        if (o->lote_id) {
          std::int64_t current = 0;
          for (const auto& l : pp.lots) {
            if (l.id == *o->lote_id) current = l.cantidad;
          }
          offer.max_units =
              std::max<std::int64_t>(0, sale_store::LotUnitsAt(tx, *o->lote_id, current, *at));
        }
        pp.offer = offer;
      }
    } else if (auto o = sale_store::ActiveOffer(tx, p.id, plan.ubicacion_id, now)) {
      bool valid = true;
      if (o->lote_id) {
        auto it = std::find_if(pp.lots.begin(), pp.lots.end(),
                               [&](const stock::Lot& l) { return l.id == *o->lote_id; });
        valid = it != pp.lots.end() && !stock::IsExpired(*it, today);
      }
      if (valid) {
        pp.offer = sale_pricing::Offer{o->id, o->lote_id, o->precio_oferta_centavos, std::nullopt};
      }
    }
    auto takes = sale_pricing::AllocateFefo(pp.lots, pp.line.cantidad);
    pp.items =
        sale_pricing::PriceProduct(p.id, p.unidad, pp.precio, pp.line.cantidad, pp.offer, takes);
    for (const auto& it : pp.items) plan.total += it.subtotal_centavos;
    auto c = costs.find(p.id);
    if (c != costs.end()) pp.costo = c->second;
    const bool list_priced =
        std::any_of(pp.items.begin(), pp.items.end(), [](const auto& it) { return !it.oferta_id; });
    pp.riesgo = list_priced && AtLossRisk(pp.precio, pp.costo);
  }
  return plan;
}

json::object QuoteJson(const Plan& plan, bool with_stock_warnings) {
  json::array items;
  json::array advertencias;
  for (const auto& pp : plan.products) {
    for (const auto& it : pp.items) {
      json::object o{{"producto_id", pp.product.id},
                     {"nombre", pp.product.nombre},
                     {"cantidad", it.cantidad},
                     {"precio_lista_centavos", it.precio_lista_centavos},
                     {"precio_unitario_centavos", it.precio_unitario_centavos},
                     {"subtotal_centavos", it.subtotal_centavos}};
      if (it.oferta_id) o["oferta_id"] = *it.oferta_id;
      items.push_back(std::move(o));
    }
    if (pp.riesgo) {
      advertencias.push_back(
          json::object{{"tipo", "riesgo_perdida"}, {"producto_id", pp.product.id}});
    }
  }
  if (with_stock_warnings) {
    for (const auto& s : plan.shortages) {
      advertencias.push_back(json::object{{"tipo", "stock_insuficiente"},
                                          {"producto_id", s.producto_id},
                                          {"disponible", s.disponible},
                                          {"solicitado", s.solicitado}});
    }
  }
  return json::object{{"items", std::move(items)},
                      {"total_centavos", plan.total},
                      {"advertencias", std::move(advertencias)}};
}

bool SeesCosts(const RequestMeta& meta) {
  return meta.principal.role == core::Role::kAdmin || meta.principal.role == core::Role::kDeposito;
}

Error LossRisk(const Plan& plan, const RequestMeta& meta) {
  json::array items;
  std::string nombres;
  for (const auto& pp : plan.products) {
    if (!pp.riesgo) continue;
    json::object o{{"producto_id", pp.product.id},
                   {"nombre", pp.product.nombre},
                   {"precio_unitario_centavos", pp.precio}};
    if (SeesCosts(meta) && pp.costo) o["costo_reposicion_centavos"] = pp.costo->costo_centavos;
    items.push_back(std::move(o));
    nombres += (nombres.empty() ? "" : ", ") + pp.product.nombre;
  }
  return Error(
      ErrorCode::kLossRiskConfirmRequired,
      "Se vende al costo de reposición o por debajo (" + nombres + "). Confirmá para continuar.",
      json::object{{"items", std::move(items)}});
}

const SalePayment* FindPago(const NewSale& in, std::string_view metodo) {
  for (const auto& p : in.pagos) {
    if (p.metodo == metodo) return &p;
  }
  return nullptr;
}

// The charge a quote checks against the customer's limit: the cuenta_corriente share when the
// quote names payments, else (no payments yet) the whole total.
std::optional<std::int64_t> QuoteCharge(const NewSale& in, std::int64_t total) {
  if (in.pagos.empty()) return total;
  if (const auto* cc = FindPago(in, "cuenta_corriente")) return cc->monto_centavos;
  return std::nullopt;
}

std::vector<sale_pricing::MergedLine> Merge(const NewSale& in, bool quote) {
  std::vector<sale_pricing::LineIn> lines = in.items;
  if (quote) {
    for (auto& l : lines) l.reserva_id.reset();
  }
  return sale_pricing::MergeLines(lines);
}

}  // namespace

core::Status ValidateSale(const NewSale& in, core::Timestamp now, bool quote) {
  std::vector<FieldError> bad;
  if (in.items.empty() || in.items.size() > kMaxItems) {
    bad.push_back({"items", "rango", "La venta tiene que tener entre 1 y 200 renglones."});
  }
  for (std::size_t i = 0; i < in.items.size(); ++i) {
    const auto& l = in.items[i];
    if (l.producto_id.empty()) {
      bad.push_back({At("items", i, "producto_id"), "requerido", "Elegí un producto."});
    }
    if (l.cantidad < 1 || l.cantidad > kMaxLineCantidad) {
      bad.push_back({At("items", i, "cantidad"), "rango", "Debe estar entre 1 y 10.000."});
    }
    if (quote && l.reserva_id) {
      bad.push_back(
          {At("items", i, "reserva_id"), "desconocido", "La cotización no usa reservas."});
    }
  }
  if ((!quote && in.pagos.empty()) || in.pagos.size() > kMaxPagos) {
    bad.push_back({"pagos", "rango", "Indicá entre 1 y 5 pagos."});
  }
  std::set<std::string> metodos;
  for (std::size_t i = 0; i < in.pagos.size(); ++i) {
    const auto& p = in.pagos[i];
    if (Metodos().count(p.metodo) == 0) {
      bad.push_back({At("pagos", i, "metodo"), "enum",
                     "Tiene que ser efectivo, debito, credito, transferencia, qr o "
                     "cuenta_corriente."});
    } else if (!metodos.insert(p.metodo).second) {
      bad.push_back({At("pagos", i, "metodo"), "formato", "Cada medio de pago va una sola vez."});
    }
    if (p.monto_centavos < 1 || p.monto_centavos > core::kMaxCentavos) {
      bad.push_back({At("pagos", i, "monto_centavos"), "rango",
                     "Debe estar entre 1 y 100.000.000.000 centavos."});
    }
    if (p.referencia && core::CodePoints(*p.referencia) > 120) {
      bad.push_back(
          {At("pagos", i, "referencia"), "longitud", "Debe tener como máximo 120 caracteres."});
    }
  }
  const SalePayment* efectivo = FindPago(in, "efectivo");
  if (in.efectivo_recibido_centavos) {
    if (!efectivo) {
      bad.push_back({"efectivo_recibido_centavos", "formato",
                     "Solo con un pago en efectivo: los demás medios no dan vuelto."});
    } else if (*in.efectivo_recibido_centavos < efectivo->monto_centavos ||
               *in.efectivo_recibido_centavos > core::kMaxCentavos) {
      bad.push_back(
          {"efectivo_recibido_centavos", "rango", "Tiene que ser al menos el monto en efectivo."});
    }
  }
  if (FindPago(in, "cuenta_corriente") && !in.cliente_id) {
    bad.push_back({"cliente_id", "requerido", "Un pago en cuenta corriente necesita el cliente."});
  }
  if (in.total_esperado_centavos &&
      (*in.total_esperado_centavos < 0 || *in.total_esperado_centavos > core::kMaxCentavos)) {
    bad.push_back({"total_esperado_centavos", "rango", "Fuera de rango."});
  }
  if (in.observaciones && core::CodePoints(*in.observaciones) > 200) {
    bad.push_back({"observaciones", "longitud", "Debe tener como máximo 200 caracteres."});
  }
  if (in.creado_offline_en && *in.creado_offline_en > now) {
    bad.push_back({"creado_offline_en", "rango", "No puede estar en el futuro."});
  }
  if (in.creado_offline_en && !in.catalogo_generado_en) {
    bad.push_back({"catalogo_generado_en", "requerido",
                   "Una venta sin conexión indica el catálogo con el que se vendió."});
  }
  if (in.catalogo_generado_en && !in.creado_offline_en) {
    bad.push_back({"catalogo_generado_en", "desconocido", "Solo para ventas sin conexión."});
  }
  if (!bad.empty()) return Error::Validation(std::move(bad));
  return core::Ok{};
}

Sales::Sales(Env& env, Idempotency& idempotency, SalesOptions options)
    : env_(env), idempotency_(idempotency), options_(options) {}

core::Result<IdempotentReply> Sales::Record(const std::optional<IdempotencyKey>& key,
                                            const RequestMeta& meta, const NewSale& in) {
  if (auto ok = ValidateSale(in, env_.clock.Now()); !ok.ok()) return ok.error();
  if (!key) return Error(ErrorCode::kIdempotencyKeyRequired);
  const auto lines = Merge(in, false);
  return idempotency_.Run(key, meta, [&](store::Tx& tx) -> core::Result<Outcome> {
    const core::Timestamp now = env_.clock.Now();
    const core::Date today = core::StoreCalendar::Default().DayOf(now);
    // Step 2: the open session, FOR SHARE.
    auto session = cash::LockOpen(tx, cash::Hold::kShare);
    if (!session.ok()) return session.error();
    // Step 3: the customer (L3), when the sale names one.
    auto customer = sale_credit::LockForSale(tx, in.cliente_id);
    if (!customer.ok()) return customer.error();
    // Step 8 (offline): the snapshot's bounds first, since the pricing depends on it.
    std::optional<core::Timestamp> at;
    if (in.creado_offline_en) {
      if (sale_pricing::SnapshotOutOfBounds(*in.catalogo_generado_en, *in.creado_offline_en, now,
                                            options_.offline_max_edad_h)) {
        return Error::Conflict(
            "venta_offline_fuera_de_plazo",
            "El catálogo con el que se hizo la venta sin conexión es de más de " +
                std::to_string(options_.offline_max_edad_h) +
                " horas antes de la venta, o posterior a ahora: revisala antes de registrarla.");
      }
      at = sale_pricing::SnapshotCutoff(*in.catalogo_generado_en);
    }
    // Steps 4–7.
    auto built = BuildPlan(tx, env_.random, lines, true, now, at);
    if (!built.ok()) return built.error();
    Plan& plan = *built;
    if (!plan.shortages.empty()) return stock::InsufficientStock(plan.shortages);
    const bool riesgo = std::any_of(plan.products.begin(), plan.products.end(),
                                    [](const ProductPlan& pp) { return pp.riesgo; });
    if (riesgo && !in.confirmar_riesgo) return LossRisk(plan, meta);
    // Step 8.
    if (in.total_esperado_centavos && *in.total_esperado_centavos != plan.total) {
      return Error(
          ErrorCode::kPriceChanged,
          "Los precios cambiaron: el total ahora es otro. Revisá la venta.",
          json::object{{"total_centavos", plan.total}, {"cotizacion", QuoteJson(plan, false)}});
    }
    // Step 9.
    std::int64_t pagado = 0;
    for (const auto& p : in.pagos) pagado += p.monto_centavos;
    if (pagado != plan.total) {
      return Error::Validation(
          {{"pagos", "rango",
            "Los pagos suman " + std::to_string(pagado) + " centavos y el total es " +
                std::to_string(plan.total) + "."}});
    }
    const SalePayment* cc = FindPago(in, "cuenta_corriente");
    if (cc) {
      // ValidateSale demands cliente_id with a cuenta_corriente payment.
      if (auto ok = credit::CheckCredit(**customer, cc->monto_centavos); !ok.ok()) {
        return ok.error();
      }
    }

    // Step 10: write.
    sale_store::NewVenta v;
    v.id = core::NewUuidV4(env_.random);
    v.numero = NextHumanNumber(tx, "ventas", "ventas_numero_seq");
    v.sesion_caja_id = session->id;
    v.ubicacion_id = plan.ubicacion_id;
    v.usuario_id = meta.principal.user_id;
    v.cliente_id = in.cliente_id;
    v.total_centavos = plan.total;
    v.riesgo_confirmado = riesgo;
    v.creado_offline_en = in.creado_offline_en;
    v.catalogo_generado_en = in.catalogo_generado_en;
    v.observaciones = in.observaciones;
    sale_store::InsertVenta(tx, v, now);

    json::array vencidos;
    json::array riesgos;
    for (auto& pp : plan.products) {
      std::size_t next_reserva = 0;
      for (const auto& it : pp.items) {
        sale_store::NewVentaItem row;
        row.id = core::NewUuidV4(env_.random);
        row.venta_id = v.id;
        row.producto_id = pp.product.id;
        row.producto_nombre = pp.product.nombre;
        row.producto_sku = pp.product.sku;
        row.unidad = pp.product.unidad;
        row.cantidad = it.cantidad;
        row.precio_lista_centavos = it.precio_lista_centavos;
        row.precio_unitario_centavos = it.precio_unitario_centavos;
        row.oferta_id = it.oferta_id;
        if (next_reserva < pp.line.reserva_ids.size()) {
          row.reserva_id = pp.line.reserva_ids[next_reserva++];
        }
        row.subtotal_centavos = it.subtotal_centavos;
        row.costo_unitario_centavos = pp.product.costo_centavos;
        sale_store::InsertItem(tx, row, now);

        stock::MovementSpec spec;
        spec.tipo = "venta";
        spec.venta_id = v.id;
        spec.venta_item_id = row.id;
        spec.usuario_id = meta.principal.user_id;
        for (const auto& t : it.lots) {
          spec.lots.push_back({t.lote_id, -t.cantidad});
          for (const auto& l : pp.lots) {
            if (l.id != t.lote_id || !stock::IsExpired(l, today)) continue;
            vencidos.push_back(json::object{
                {"producto_id", pp.product.id},
                {"producto", pp.product.nombre},
                {"lote_id", l.id},
                {"lote", l.lote},
                {"fecha_vencimiento",
                 l.fecha_vencimiento ? json::value(*l.fecha_vencimiento) : json::value(nullptr)},
                {"cantidad", t.cantidad}});
          }
        }
        stock::ApplyMovement(tx, env_.random, *pp.row, pp.lots, spec, now);
      }
      if (pp.riesgo) {
        json::object o{{"producto_id", pp.product.id},
                       {"nombre", pp.product.nombre},
                       {"precio_unitario_centavos", pp.precio}};
        if (pp.costo) o["costo_reposicion_centavos"] = pp.costo->costo_centavos;
        riesgos.push_back(std::move(o));
      }
    }
    for (const auto& p : in.pagos) {
      sale_store::NewVentaPago row;
      row.id = core::NewUuidV4(env_.random);
      row.venta_id = v.id;
      row.metodo = p.metodo;
      row.monto_centavos = p.monto_centavos;
      row.referencia = p.referencia;
      if (p.metodo == "efectivo" && in.efectivo_recibido_centavos) {
        row.recibido_centavos = *in.efectivo_recibido_centavos;
        row.vuelto_centavos = *in.efectivo_recibido_centavos - p.monto_centavos;
      }
      sale_store::InsertPago(tx, row, now);
      if (p.metodo == "efectivo") {
        cash::CashFlow flow;
        flow.sesion_id = session->id;
        flow.tipo = "venta";
        flow.monto_centavos = p.monto_centavos;
        flow.venta_id = v.id;
        flow.usuario_id = meta.principal.user_id;
        cash::RecordFlow(tx, env_.random, flow, now);
      }
    }
    if (cc) {
      sale_credit::PostSaleCharge(tx, env_, **customer, v.id, v.numero, cc->monto_centavos,
                                  meta.principal.user_id, now);
    }
    reservations::MarkConsumed(tx, plan.reserva_ids, v.id, now);
    if (riesgo) {
      AuditEntry e;
      e.accion = core::AuditAction::kRiesgoPerdidaConfirmado;
      e.entidad_tipo = "venta";
      e.entidad_id = v.id;
      e.nivel = core::AuditLevel::kWarning;
      e.detalles = json::object{{"numero", v.numero}, {"items", std::move(riesgos)}};
      RecordAudit(tx, env_, meta, e);
    }
    if (!vencidos.empty()) {
      AuditEntry e;
      e.accion = core::AuditAction::kVentaLoteVencido;
      e.entidad_tipo = "venta";
      e.entidad_id = v.id;
      e.nivel = core::AuditLevel::kWarning;
      e.detalles = json::object{{"numero", v.numero}, {"lotes", std::move(vencidos)}};
      RecordAudit(tx, env_, meta, e);
    }
    auto data = ReadVentaJson(tx, v.id);
    BumpCacheVersion(tx, "ventas", now);
    // Last: the row every stock write shares (see StockMovements::Perform).
    BumpCacheVersion(tx, "stock", now);
    return Outcome{201, std::move(*data), v.id};
  });
}

core::Result<json::object> Sales::Quote(const RequestMeta& meta, const NewSale& in) {
  const core::Timestamp now = env_.clock.Now();
  if (auto ok = ValidateSale(in, now, true); !ok.ok()) return ok.error();
  const auto lines = Merge(in, true);
  return env_.db.Read(
      [&](store::Tx& tx) -> core::Result<json::object> {
        auto customer = sale_credit::FindForQuote(tx, in.cliente_id);
        if (!customer.ok()) return customer.error();
        auto plan = BuildPlan(tx, env_.random, lines, false, now, std::nullopt);
        if (!plan.ok()) return plan.error();
        json::object out = QuoteJson(*plan, true);
        if (*customer) {
          if (auto charge = QuoteCharge(in, plan->total)) {
            if (auto w = sale_credit::QuoteWarning(**customer, *charge)) {
              out["advertencias"].as_array().push_back(std::move(*w));
            }
          }
        }
        return out;
      },
      meta.TxOptions());
}

core::Result<json::object> Sales::Get(const RequestMeta& meta, const std::string& id) {
  return env_.db.Read(
      [&](store::Tx& tx) -> core::Result<json::object> {
        auto v = ReadVentaJson(tx, id);
        if (!v) return Error::NotFound("venta");
        return std::move(*v);
      },
      meta.TxOptions());
}

}  // namespace mm::services
