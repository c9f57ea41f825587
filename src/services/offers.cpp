#include "services/offers.hpp"

#include <chrono>

#include "core/money.hpp"
#include "core/store_calendar.hpp"
#include "core/uuid.hpp"
#include "services/audit.hpp"
#include "services/cache_versions.hpp"
#include "services/catalog_common.hpp"
#include "services/product_search.hpp"
#include "services/stock_ledger.hpp"

namespace mm::services {
namespace {

namespace json = boost::json;

constexpr std::string_view kOfferSelect = R"sql(
SELECT o.id, o.producto_id, p.nombre AS producto_nombre, p.sku AS producto_sku,
  o.ubicacion_id, u.nombre AS ubicacion_nombre, o.lote_id, l.lote AS lote_codigo,
  l.fecha_vencimiento AS lote_fecha_vencimiento, l.cantidad AS lote_cantidad, o.descuento_bp,
  o.precio_lista_centavos, o.precio_oferta_centavos, o.motivo, o.activa, o.vence_en,
  o.creada_por, o.desactivada_por, o.desactivada_en, o.motivo_desactivacion, o.creado_en
FROM ofertas o
JOIN productos p ON p.id = o.producto_id
JOIN ubicaciones u ON u.id = o.ubicacion_id
LEFT JOIN stock_lotes l ON l.id = o.lote_id
)sql";

json::object OfferRowJson(const store::Row& r) {
  json::object o{{"id", r.Text("id")}};
  o["producto"] = json::object{{"id", r.Text("producto_id")},
                               {"nombre", r.Text("producto_nombre")},
                               {"sku", r.Text("producto_sku")}};
  o["ubicacion"] =
      json::object{{"id", r.Text("ubicacion_id")}, {"nombre", r.Text("ubicacion_nombre")}};
  if (auto lote_id = r.OptText("lote_id")) {
    o["lote"] = json::object{{"id", *lote_id},
                             {"lote", r.OptText("lote_codigo").value_or("")},
                             {"fecha_vencimiento", JsonOrNull(r.OptText("lote_fecha_vencimiento"))},
                             {"cantidad", r.OptInt("lote_cantidad").value_or(0)}};
  } else {
    o["lote"] = nullptr;
  }
  o["descuento_bp"] = r.Int("descuento_bp");
  o["precio_lista_centavos"] = r.Int("precio_lista_centavos");
  o["precio_oferta_centavos"] = r.Int("precio_oferta_centavos");
  o["motivo"] = r.Text("motivo");
  o["activa"] = r.Bool("activa");
  o["vence_en"] = core::FormatApiTimestamp(r.Time("vence_en"));
  o["creado_en"] = core::FormatApiTimestamp(r.Time("creado_en"));
  o["creada_por"] = r.Text("creada_por");
  auto desactivada_en = r.OptTime("desactivada_en");
  o["desactivada_en"] =
      desactivada_en ? json::value(core::FormatApiTimestamp(*desactivada_en)) : json::value();
  o["desactivada_por"] = JsonOrNull(r.OptText("desactivada_por"));
  o["motivo_desactivacion"] = JsonOrNull(r.OptText("motivo_desactivacion"));
  return o;
}

core::Error AlreadyActive(const std::string& oferta_id) {
  core::Error e(core::ErrorCode::kOfferAlreadyActive, {}, json::object{{"oferta_id", oferta_id}});
  return e;
}

std::optional<std::string> ActiveOfferId(store::Tx& tx, const std::string& producto_id,
                                         const std::string& ubicacion_id) {
  auto r = tx.QueryOne(
      "SELECT id FROM ofertas WHERE producto_id = $1 AND ubicacion_id = $2 AND activa = $3",
      {producto_id, ubicacion_id, true});
  if (!r) return std::nullopt;
  return r->Text("id");
}

// The product and location a sweep is limited to (none: every active offer).
struct SweepScope {
  std::string producto_id;
  std::string ubicacion_id;
};

// Deactivates the active offers (of `scope` when given) that are due: lot empty, lot expired,
// past vence_en, in that order of precedence. Returns how many.
std::int64_t SweepDue(store::Tx& tx, core::Timestamp now, const std::optional<SweepScope>& scope) {
  std::string today = core::FormatDate(core::StoreCalendar::Default().DayOf(now));
  const char* const motivos[] = {"lote_agotado", "lote_vencido", "expirada"};
  std::int64_t n = 0;
  for (const char* motivo : motivos) {
    std::vector<store::Value> params{now};
    std::string where = "o.activa = " + Param(params, true) + " AND ";
    if (std::string_view(motivo) == "lote_agotado") {
      where +=
          "o.lote_id IS NOT NULL AND EXISTS (SELECT 1 FROM stock_lotes l WHERE l.id = o.lote_id "
          "AND l.cantidad = 0)";
    } else if (std::string_view(motivo) == "lote_vencido") {
      where +=
          "o.lote_id IS NOT NULL AND EXISTS (SELECT 1 FROM stock_lotes l WHERE l.id = o.lote_id "
          "AND l.fecha_vencimiento IS NOT NULL AND l.fecha_vencimiento < " +
          Param(params, today) + ")";
    } else {
      where += "o.vence_en <= $1";
    }
    if (scope) {
      where += " AND o.producto_id = " + Param(params, scope->producto_id) +
               " AND o.ubicacion_id = " + Param(params, scope->ubicacion_id);
    }
    std::string motivo_param = Param(params, std::string(motivo));
    std::string inactive = Param(params, false);
    n += tx.Exec("UPDATE ofertas SET activa = " + inactive + ", desactivada_en = $1, " +
                     "motivo_desactivacion = " + motivo_param +
                     ", actualizado_en = $1 WHERE id IN " + "(SELECT o.id FROM ofertas o WHERE " +
                     where + ")",
                 std::span<const store::Value>(params));
  }
  return n;
}

}  // namespace

std::int64_t OfferPrice(std::int64_t precio_lista_centavos, std::int64_t descuento_bp) {
  return core::RoundHalfUp(precio_lista_centavos, 10000 - descuento_bp, 10000);
}

std::optional<json::object> FindOfferJson(store::Tx& tx, const std::string& id) {
  auto r = tx.QueryOne(std::string(kOfferSelect) + "WHERE o.id = $1", {id});
  if (!r) return std::nullopt;
  return OfferRowJson(*r);
}

std::optional<json::object> FindActiveOfferJson(store::Tx& tx, const std::string& producto_id,
                                                const std::string& ubicacion_id,
                                                core::Timestamp now) {
  auto r = tx.QueryOne(std::string(kOfferSelect) +
                           "WHERE o.producto_id = $1 AND o.ubicacion_id = $2 AND o.activa = $3 "
                           "AND o.vence_en > $4",
                       {producto_id, ubicacion_id, true, now});
  if (!r) return std::nullopt;
  return OfferRowJson(*r);
}

std::vector<ActiveOffer> ActiveOffersAt(store::Tx& tx,
                                        const std::optional<std::string>& ubicacion_id,
                                        core::Timestamp now) {
  std::vector<store::Value> params{true, now};
  std::string sql =
      "SELECT o.id, o.producto_id, o.ubicacion_id, o.lote_id, o.descuento_bp, "
      "o.precio_lista_centavos, o.precio_oferta_centavos, o.vence_en, l.cantidad AS "
      "lote_cantidad FROM ofertas o LEFT JOIN stock_lotes l ON l.id = o.lote_id "
      "WHERE o.activa = $1 AND o.vence_en > $2";
  if (ubicacion_id) sql += " AND o.ubicacion_id = " + Param(params, *ubicacion_id);
  sql += " ORDER BY o.producto_id, o.ubicacion_id";
  std::vector<ActiveOffer> out;
  for (const auto& r : tx.Query(sql, std::span<const store::Value>(params))) {
    ActiveOffer a;
    a.id = r.Text("id");
    a.producto_id = r.Text("producto_id");
    a.ubicacion_id = r.Text("ubicacion_id");
    a.lote_id = r.OptText("lote_id");
    a.descuento_bp = r.Int("descuento_bp");
    a.precio_lista_centavos = r.Int("precio_lista_centavos");
    a.precio_oferta_centavos = r.Int("precio_oferta_centavos");
    a.vence_en = r.Time("vence_en");
    a.lote_cantidad = r.OptInt("lote_cantidad");
    out.push_back(std::move(a));
  }
  return out;
}

core::Result<IdempotentReply> Offers::Create(const std::optional<IdempotencyKey>& key,
                                             const RequestMeta& meta, const NewOffer& input) {
  if (input.descuento_bp < kOfferMinDiscountBp || input.descuento_bp > kOfferMaxDiscountBp) {
    return InvalidField("descuento_bp", "rango", "El descuento va de 100 a 9000 (1 % a 90 %).");
  }
  if (!input.lote_id && !input.producto_id) {
    return InvalidField("lote_id", "requerido", "Indicá el lote o el producto de la oferta.");
  }
  return idempotency_.Run(key, meta, [&](store::Tx& tx) -> core::Result<Outcome> {
    auto now = env_.clock.Now();
    const auto& calendar = core::StoreCalendar::Default();
    auto today = calendar.DayOf(now);

    // Resolve the product and location (from the lot when one is named).
    std::string producto_id;
    std::string ubicacion_id;
    if (input.lote_id) {
      auto lot = tx.QueryOne(
          "SELECT l.id, s.producto_id, s.ubicacion_id FROM stock_lotes l "
          "JOIN stock_deposito s ON s.id = l.stock_id WHERE l.id = $1",
          {*input.lote_id});
      if (!lot) return core::Error::ReferenceNotFound("lote_id");
      producto_id = lot->Text("producto_id");
      ubicacion_id = lot->Text("ubicacion_id");
      if ((input.producto_id && *input.producto_id != producto_id) ||
          (input.ubicacion_id && *input.ubicacion_id != ubicacion_id)) {
        return InvalidField("lote_id", "formato",
                            "El lote no es de ese producto o de esa ubicación.");
      }
    } else {
      producto_id = *input.producto_id;
      ubicacion_id = input.ubicacion_id ? *input.ubicacion_id : stock::SalesLocationId(tx);
      auto location = stock::FindLocation(tx, ubicacion_id);
      if (!location) return core::Error::ReferenceNotFound("ubicacion_id");
      if (!location->activo) {
        return core::Error::Conflict("ubicacion_inactiva", "La ubicación está desactivada.");
      }
    }

    // Offers that are already due stop counting before the one-active check.
    SweepDue(tx, now, SweepScope{producto_id, ubicacion_id});

    // L5 productos FOR SHARE, then L7 the lot FOR SHARE.
    auto product = stock::LockProduct(tx, producto_id, stock::Lock::kShare);
    if (!product) return core::Error::ReferenceNotFound("producto_id");
    if (!product->activo) {
      return core::Error(core::ErrorCode::kProductInactive, "El producto está desactivado.");
    }
    if (product->precio_venta_centavos <= 0) {
      return core::Error(core::ErrorCode::kProductWithoutPrice,
                         "El producto no tiene precio de venta: cargale un precio primero.");
    }
    std::optional<core::Timestamp> lot_end;
    if (input.lote_id) {
      std::string sql = "SELECT cantidad, fecha_vencimiento FROM stock_lotes WHERE id = $1";
      if (tx.dialect() == store::Dialect::kPostgres) sql += " FOR SHARE";
      auto lot = tx.QueryOne(sql, {*input.lote_id});
      if (!lot) return core::Error::ReferenceNotFound("lote_id");
      if (lot->Int("cantidad") <= 0) {
        return core::Error::Conflict("lote_sin_stock", "El lote no tiene unidades.");
      }
      if (auto fecha = lot->OptText("fecha_vencimiento")) {
        auto d = core::ParseDate(*fecha);
        if (d && *d < today) {
          return core::Error::Conflict("lote_vencido", "El lote ya está vencido.");
        }
        if (d) lot_end = calendar.EndOf(*d);
      }
    }

    core::Timestamp vence_en =
        input.vence_en ? *input.vence_en : lot_end.value_or(now + std::chrono::days(7));
    if (vence_en <= now) {
      return InvalidField("vence_en", "rango", "El vencimiento de la oferta tiene que ser futuro.");
    }
    std::int64_t lista = product->precio_venta_centavos;
    std::int64_t precio = OfferPrice(lista, input.descuento_bp);
    if (precio <= 0) {
      return InvalidField("descuento_bp", "rango",
                          "Con ese descuento el precio de oferta queda en cero.");
    }

    if (auto existing = ActiveOfferId(tx, producto_id, ubicacion_id)) {
      return AlreadyActive(*existing);
    }

    std::string id = core::NewUuidV4(env_.random);
    std::string motivo = input.lote_id ? "vencimiento" : "manual";
    // ON CONFLICT on the partial UNIQUE: a concurrent creator that committed first makes this a
    // no-op (PostgreSQL waits for it), and the answer names its offer.
    std::string conflict =
        tx.dialect() == store::Dialect::kPostgres
            ? "ON CONFLICT (producto_id, ubicacion_id) WHERE activa DO NOTHING"
            : "ON CONFLICT (producto_id, ubicacion_id) WHERE activa = 1 DO NOTHING";
    std::vector<store::Value> params{id,
                                     producto_id,
                                     ubicacion_id,
                                     input.lote_id ? store::Value(*input.lote_id) : store::Value(),
                                     input.descuento_bp,
                                     lista,
                                     precio,
                                     motivo,
                                     true,
                                     vence_en,
                                     meta.principal.user_id,
                                     now};
    std::int64_t inserted = tx.Exec(
        "INSERT INTO ofertas (id, producto_id, ubicacion_id, lote_id, descuento_bp, "
        "precio_lista_centavos, precio_oferta_centavos, motivo, activa, vence_en, creada_por, "
        "creado_en, actualizado_en) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, "
        "$12) " +
            conflict,
        std::span<const store::Value>(params));
    if (inserted == 0) {
      auto winner = ActiveOfferId(tx, producto_id, ubicacion_id);
      return AlreadyActive(winner.value_or(""));
    }

    AuditEntry e;
    e.accion = core::AuditAction::kOfertaCreada;
    e.entidad_tipo = "oferta";
    e.entidad_id = id;
    e.detalles = json::object{{"producto_id", producto_id},
                              {"ubicacion_id", ubicacion_id},
                              {"lote_id", JsonOrNull(input.lote_id)},
                              {"descuento_bp", input.descuento_bp},
                              {"precio_lista_centavos", lista},
                              {"precio_oferta_centavos", precio},
                              {"vence_en", core::FormatApiTimestamp(vence_en)}};
    RecordAudit(tx, env_, meta, e);
    BumpCacheVersion(tx, "precios", now);
    return Outcome{201, *FindOfferJson(tx, id), id};
  });
}

core::Result<IdempotentReply> Offers::Deactivate(const std::optional<IdempotencyKey>& key,
                                                 const RequestMeta& meta, const std::string& id) {
  return idempotency_.Run(key, meta, [&](store::Tx& tx) -> core::Result<Outcome> {
    auto r = tx.QueryOne(
        "SELECT id, activa FROM ofertas WHERE id = $1" + std::string(ForUpdate(tx)), {id});
    if (!r) return core::Error::NotFound("oferta");
    if (!r->Bool("activa")) {
      return core::Error(core::ErrorCode::kInvalidStateTransition, "La oferta ya no está activa.");
    }
    auto now = env_.clock.Now();
    tx.Exec(
        "UPDATE ofertas SET activa = $2, desactivada_en = $3, desactivada_por = $4, "
        "motivo_desactivacion = 'manual', actualizado_en = $3 WHERE id = $1",
        {id, false, now, meta.principal.user_id});
    AuditEntry e;
    e.accion = core::AuditAction::kOfertaDesactivada;
    e.entidad_tipo = "oferta";
    e.entidad_id = id;
    e.detalles = json::object{{"motivo", "manual"}};
    RecordAudit(tx, env_, meta, e);
    BumpCacheVersion(tx, "precios", now);
    return Outcome{200, *FindOfferJson(tx, id), id};
  });
}

core::Result<json::array> Offers::List(const OfferFilter& f, std::int64_t* total) {
  return env_.db.Read([&](store::Tx& tx) -> core::Result<json::array> {
    std::vector<store::Value> params;
    std::string where = "WHERE 1 = 1";
    if (f.activa) where += " AND o.activa = " + Param(params, *f.activa);
    if (f.producto_id) where += " AND o.producto_id = " + Param(params, *f.producto_id);
    if (f.ubicacion_id) where += " AND o.ubicacion_id = " + Param(params, *f.ubicacion_id);
    if (total) {
      *total =
          tx.Query("SELECT COUNT(*) FROM ofertas o " + where, std::span<const store::Value>(params))
              .front()
              .Int(0);
    }
    std::string sql = std::string(kOfferSelect) + where + " ORDER BY o.creado_en DESC, o.id" +
                      " LIMIT " + Param(params, std::int64_t{f.limit}) + " OFFSET " +
                      Param(params, std::int64_t{f.offset});
    json::array out;
    for (const auto& r : tx.Query(sql, std::span<const store::Value>(params))) {
      out.push_back(OfferRowJson(r));
    }
    return out;
  });
}

core::Result<json::array> Offers::Suggested(int dias, int limit, int offset, std::int64_t* total) {
  auto now = env_.clock.Now();
  auto today = core::StoreCalendar::Default().DayOf(now);
  return env_.db.Read([&](store::Tx& tx) -> core::Result<json::array> {
    std::vector<store::Value> params;
    std::string from = R"sql(
FROM stock_lotes l
JOIN stock_deposito s ON s.id = l.stock_id
JOIN productos p ON p.id = s.producto_id
JOIN ubicaciones u ON u.id = s.ubicacion_id
WHERE l.cantidad > 0 AND l.fecha_vencimiento IS NOT NULL
  AND l.fecha_vencimiento >= )sql" +
                       Param(params, core::FormatDate(today)) + " AND l.fecha_vencimiento <= " +
                       Param(params, core::FormatDate(core::AddDays(today, dias))) +
                       " AND p.activo = " + Param(params, true) +
                       " AND p.precio_venta_centavos > 0 AND NOT EXISTS (SELECT 1 FROM ofertas o "
                       "WHERE o.producto_id = s.producto_id AND o.ubicacion_id = s.ubicacion_id "
                       "AND o.activa = " +
                       Param(params, true) + ")";
    if (total) {
      *total =
          tx.Query("SELECT COUNT(*) " + from, std::span<const store::Value>(params)).front().Int(0);
    }
    std::string sql =
        "SELECT l.id AS lote_id, l.lote, l.fecha_vencimiento, l.cantidad, p.id AS producto_id, "
        "p.nombre AS producto_nombre, p.sku, p.precio_venta_centavos, u.id AS ubicacion_id, "
        "u.nombre AS ubicacion_nombre " +
        from + " ORDER BY l.fecha_vencimiento, " + NameOrder(tx.dialect(), "p") + ", l.id LIMIT " +
        Param(params, std::int64_t{limit}) + " OFFSET " + Param(params, std::int64_t{offset});
    json::array out;
    for (const auto& r : tx.Query(sql, std::span<const store::Value>(params))) {
      std::string fecha = r.Text("fecha_vencimiento");
      auto d = core::ParseDate(fecha);
      std::int64_t precio = r.Int("precio_venta_centavos");
      out.push_back(json::object{
          {"lote",
           json::object{
               {"id", r.Text("lote_id")}, {"lote", r.Text("lote")}, {"fecha_vencimiento", fecha}}},
          {"producto", json::object{{"id", r.Text("producto_id")},
                                    {"nombre", r.Text("producto_nombre")},
                                    {"sku", r.Text("sku")},
                                    {"precio_venta_centavos", precio}}},
          {"ubicacion",
           json::object{{"id", r.Text("ubicacion_id")}, {"nombre", r.Text("ubicacion_nombre")}}},
          {"cantidad", r.Int("cantidad")},
          {"dias_para_vencer", d ? core::DaysBetween(today, *d) : 0},
          {"descuento_sugerido_bp", kOfferDefaultDiscountBp},
          {"precio_oferta_sugerido_centavos", OfferPrice(precio, kOfferDefaultDiscountBp)}});
    }
    return out;
  });
}

std::int64_t Offers::ExpireDue(core::Timestamp now, const store::TxOptions& options) {
  return env_.db.Write(
      [&](store::Tx& tx) {
        std::int64_t n = SweepDue(tx, now, std::nullopt);
        if (n > 0) BumpCacheVersion(tx, "precios", now);
        return n;
      },
      options);
}

}  // namespace mm::services
