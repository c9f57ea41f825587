// POS sales (domain.md §2.3 "Quote sale" and "Record POS sale", api.md §9.1): the ten steps of a
// sale in one write transaction under the idempotency layer (key required), in the lock order of
// domain.md §0 (L1 key → L2 open cash session FOR SHARE → L3 the customer, when cliente_id is
// given → L5 productos FOR SHARE → L6 stock rows → L7 lots → L8 named reservations); prices and
// offers come from the database (an offline sale: as of its catalogue snapshot, decision 25). The
// quote runs the same pricing read-only.
//
// Fiado (services/sale_credit.hpp): a cuenta_corriente payment needs cliente_id (400); an unknown
// cliente_id is 422 REFERENCE_NOT_FOUND; a deactivated customer 409 CUSTOMER_INACTIVE (any sale
// naming the customer, as step 3 reads); the cuenta_corriente share must fit the credit limit
// (409 CREDIT_LIMIT_EXCEEDED) and becomes one ledger `cargo` naming the sale. The quote reports
// the limit as an `advertencias[]` item {tipo: limite_credito, …} for the cuenta_corriente share
// (no payments in the quote: the whole total); an inactive customer is 409 there too (api.md).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "services/context.hpp"
#include "services/idempotency.hpp"
#include "services/sale_pricing.hpp"

namespace mm::services {

struct SalePayment {
  std::string metodo;  // efectivo | debito | credito | transferencia | qr | cuenta_corriente
  std::int64_t monto_centavos = 0;
  std::optional<std::string> referencia;
};

struct NewSale {
  std::optional<std::string> cliente_id;
  std::vector<sale_pricing::LineIn> items;  // 1..200; cantidad 1..10 000
  std::vector<SalePayment> pagos;           // 1..5 (a quote: 0..5)
  std::optional<std::int64_t> efectivo_recibido_centavos;
  std::optional<std::int64_t> total_esperado_centavos;
  bool confirmar_riesgo = false;
  std::optional<core::Timestamp> creado_offline_en;
  std::optional<core::Timestamp> catalogo_generado_en;
  std::optional<std::string> observaciones;  // ≤ 200
};

struct SalesOptions {
  std::int64_t offline_max_edad_h = 72;  // pos.offline_max_edad_h
};

// Step 1 of the template for a sale (`quote` = the quote's body rules: pagos optional, no
// reserva_id, offline fields or confirmation): 400 VALIDATION_ERROR listing every bad field.
core::Status ValidateSale(const NewSale& in, core::Timestamp now, bool quote = false);

class Sales {
 public:
  Sales(Env& env, Idempotency& idempotency, SalesOptions options = {});

  // POST /api/ventas: 201 venta (sale_reader.hpp). The key is required (400
  // IDEMPOTENCY_KEY_REQUIRED without one).
  core::Result<IdempotentReply> Record(const std::optional<IdempotencyKey>& key,
                                       const RequestMeta& meta, const NewSale& in);
  // POST /api/ventas/cotizar: 200 {items[], total_centavos, advertencias[]}; read-only.
  core::Result<boost::json::object> Quote(const RequestMeta& meta, const NewSale& in);
  // GET /api/ventas/:id: the venta with devoluciones[] and anulacion; 404 when unknown.
  core::Result<boost::json::object> Get(const RequestMeta& meta, const std::string& id);

 private:
  Env& env_;
  Idempotency& idempotency_;
  SalesOptions options_;
};

}  // namespace mm::services
