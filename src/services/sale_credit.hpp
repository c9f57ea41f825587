// Fiado at the till (domain.md §2.3 "Record POS sale" steps 3, 9, 10, "Quote sale", "Void sale",
// "Return items"; I21–I23): the sale's customer locked at L3 of domain.md §0 (after the cash
// session, before documents and products), the credit check of a cuenta_corriente payment, its
// ledger `cargo`, the quote's `limite_credito` warning, and the ledger `devolucion` a void or a
// return credits back. Every ledger row goes through credit::Post. Nothing here commits.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <boost/json/object.hpp>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "services/context.hpp"
#include "services/credit_ledger.hpp"
#include "store/tx.hpp"

namespace mm::services::sale_credit {

// Step 3 of a sale: the customer named by `cliente_id`, FOR UPDATE (L3). nullopt without a
// cliente_id; 422 REFERENCE_NOT_FOUND (campo cliente_id) when it names no customer; 409
// CUSTOMER_INACTIVE when it is deactivated (any sale to a customer, fiado or not: the spec's
// step 3 locks "the cliente" and refuses an inactive one, as an order does).
core::Result<std::optional<credit::Customer>> LockForSale(
    store::Tx& tx, const std::optional<std::string>& cliente_id);

// The quote's read of the same customer (no lock): 422 / 409 as above.
core::Result<std::optional<credit::Customer>> FindForQuote(
    store::Tx& tx, const std::optional<std::string>& cliente_id);

// The quote's warning for a charge of `monto` to `c` (credit::CheckCredit as a warning): nullopt
// when it fits, else {tipo: "limite_credito", cliente_id, saldo_centavos, limite_centavos,
// total_centavos (the charge), excedente_centavos}.
std::optional<boost::json::object> QuoteWarning(const credit::Customer& c, std::int64_t monto);

// Step 10: the ledger `cargo` of a sale's cuenta_corriente share (monto > 0).
credit::Posted PostSaleCharge(store::Tx& tx, Env& env, credit::Customer& locked,
                              const std::string& venta_id, std::int64_t numero, std::int64_t monto,
                              const std::string& usuario_id, core::Timestamp now);

// A void or a return: the customer of the sale when the sale has a cuenta_corriente payment,
// FOR UPDATE (L3; call after the session, before the venta). ventas.cliente_id and the payment
// methods never change after the sale, so the unlocked read that finds the customer is safe.
// nullopt when the sale has no cuenta_corriente payment (or does not exist).
std::optional<credit::Customer> LockForRefund(store::Tx& tx, std::string_view venta_id);

// The ledger `devolucion` (−monto, naming the sale and the devolución) of a refund's
// cuenta_corriente share (monto > 0). An inactive customer still gets the credit.
credit::Posted PostRefundCredit(store::Tx& tx, Env& env, credit::Customer& locked,
                                const std::string& venta_id, std::int64_t numero,
                                const std::string& devolucion_id, bool anulacion,
                                std::int64_t monto, const std::string& usuario_id,
                                core::Timestamp now);

}  // namespace mm::services::sale_credit
