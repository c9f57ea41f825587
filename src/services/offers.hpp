// Offers: markdowns on near-expiry stock (domain.md §1.6 ofertas, §2.5 "Create offer" and
// "Deactivate offer", §3 "ofertas sugeridas"; api.md §10.3). At most one active offer per product
// and location, whether or not it names a lot (I31): the service checks inside its transaction and
// the partial UNIQUE index ofertas_una_activa settles concurrent creators. Every write bumps the
// `precios` cache namespace (the POS catalogue carries offers).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "services/context.hpp"
#include "services/idempotency.hpp"
#include "store/tx.hpp"

namespace mm::services {

inline constexpr std::int64_t kOfferDefaultDiscountBp = 3000;
inline constexpr std::int64_t kOfferMinDiscountBp = 100;
inline constexpr std::int64_t kOfferMaxDiscountBp = 9000;

// round_half_up(lista × (10000 − descuento) / 10000): the one offer price formula.
[[nodiscard]] std::int64_t OfferPrice(std::int64_t precio_lista_centavos,
                                      std::int64_t descuento_bp);

struct NewOffer {
  std::optional<std::string> lote_id;  // or producto_id (+ ubicacion_id)
  std::optional<std::string> producto_id;
  std::optional<std::string> ubicacion_id;  // default: the sales location
  std::int64_t descuento_bp = kOfferDefaultDiscountBp;
  std::optional<core::Timestamp> vence_en;  // default: end of the lot's expiry day, else now + 7 d
};

struct OfferFilter {
  std::optional<bool> activa = true;  // nullopt: every offer
  std::optional<std::string> producto_id;
  std::optional<std::string> ubicacion_id;
  int limit = 50;
  int offset = 0;
};

// The active offer of a product at a location, as the POS applies it.
struct ActiveOffer {
  std::string id;
  std::string producto_id;
  std::string ubicacion_id;
  std::optional<std::string> lote_id;
  std::int64_t descuento_bp = 0;
  std::int64_t precio_lista_centavos = 0;
  std::int64_t precio_oferta_centavos = 0;
  core::Timestamp vence_en;
  std::optional<std::int64_t> lote_cantidad;  // the named lot's units now
};

// Active offers in force at `now` (activa and vence_en > now) at `ubicacion_id` (nullopt: every
// location), by product id. A store has few, so readers may take them all and match in memory.
std::vector<ActiveOffer> ActiveOffersAt(store::Tx& tx,
                                        const std::optional<std::string>& ubicacion_id,
                                        core::Timestamp now);

// The product's offer in force at `now` at the location, as api.md §10.3 shows it (the
// `oferta_activa` of GET /api/productos/:id); nullopt when there is none.
std::optional<boost::json::object> FindActiveOfferJson(store::Tx& tx,
                                                       const std::string& producto_id,
                                                       const std::string& ubicacion_id,
                                                       core::Timestamp now);

// The offer as api.md §10.3 shows it; nullopt when there is no such offer.
std::optional<boost::json::object> FindOfferJson(store::Tx& tx, const std::string& id);

class Offers {
 public:
  Offers(Env& env, Idempotency& idempotency) : env_(env), idempotency_(idempotency) {}

  // 201 oferta. 400 (descuento_bp, vence_en not in the future, lote_id that does not match
  // producto_id/ubicacion_id); 409 OFFER_ALREADY_ACTIVE {oferta_id}, PRODUCT_WITHOUT_PRICE,
  // PRODUCT_INACTIVE, CONFLICT (lote_sin_stock, lote_vencido); 422 REFERENCE_NOT_FOUND.
  core::Result<IdempotentReply> Create(const std::optional<IdempotencyKey>& key,
                                       const RequestMeta& meta, const NewOffer& input);
  // 200 oferta (activa false). 404; 409 INVALID_STATE_TRANSITION when already inactive.
  core::Result<IdempotentReply> Deactivate(const std::optional<IdempotencyKey>& key,
                                           const RequestMeta& meta, const std::string& id);
  core::Result<boost::json::array> List(const OfferFilter& f, std::int64_t* total);
  // Lots with stock expiring within `dias` store days (not expired) whose product is active, has a
  // price and no active offer at the lot's location: the default discount and its price.
  core::Result<boost::json::array> Suggested(int dias, int limit, int offset, std::int64_t* total);
  // The offer_expiry job's sweep: deactivates active offers whose lot is empty (lote_agotado),
  // whose lot has expired (lote_vencido) or whose vence_en has passed (expirada), in one
  // transaction (database errors propagate as store::DbError). Returns how many. `options` lets
  // the job set its own statement timeout.
  std::int64_t ExpireDue(core::Timestamp now, const store::TxOptions& options = {});

 private:
  Env& env_;
  Idempotency& idempotency_;
};

}  // namespace mm::services
