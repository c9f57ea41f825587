// Purchase orders (domain.md §1.3, §2.2; api.md §8): create, list, read, edit while pendiente and
// cancel from pendiente or parcial. Receipts are services/receipts.hpp.
//
// Linking shortages (`faltante_ids`) needs the shortage notebook, which the jobs issue creates:
// until then the list is accepted only when empty, and any id in it is an unknown reference (422
// REFERENCE_NOT_FOUND, campo faltante_ids[i]), since no shortage can exist yet.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "core/error.hpp"
#include "core/result.hpp"
#include "core/store_calendar.hpp"
#include "services/context.hpp"
#include "services/idempotency.hpp"
#include "services/purchase_order_store.hpp"

namespace mm::services {

struct NewPurchaseOrderItem {
  std::string producto_id;
  std::int64_t cantidad = 0;                            // 1..1 000 000
  std::optional<std::int64_t> costo_unitario_centavos;  // 0..10^10
};

struct NewPurchaseOrder {
  std::string proveedor_id;
  std::optional<std::string> ubicacion_id;    // default: the sales location
  std::optional<std::string> fecha_estimada;  // YYYY-MM-DD, ≥ the store's today
  std::optional<std::string> observaciones;   // ≤ 500
  std::vector<NewPurchaseOrderItem> items;    // 1..200, no product twice
  std::vector<std::string> faltante_ids;      // see the note above
};

// PATCH: an absent field is unchanged; a present nullopt clears it.
struct PurchaseOrderPatch {
  std::optional<std::optional<std::string>> fecha_estimada;
  std::optional<std::optional<std::string>> observaciones;
  std::optional<std::int64_t> version;
};

// The rules of NewPurchaseOrder a reader of JSON cannot check alone (repeated products, the
// estimated date against the store day); empty when the input is fine. Field paths as in api.md.
[[nodiscard]] std::vector<core::FieldError> CheckNewPurchaseOrder(const NewPurchaseOrder& in,
                                                                  core::Date today);

class PurchaseOrders {
 public:
  PurchaseOrders(Env& env, Idempotency& idempotency) : env_(env), idempotency_(idempotency) {}

  // 201 orden (the detail of Get), estado pendiente.
  core::Result<IdempotentReply> Create(const std::optional<IdempotencyKey>& key,
                                       const RequestMeta& meta, const NewPurchaseOrder& in);
  core::Result<boost::json::array> List(const PurchaseOrderFilter& filter, std::int64_t* total);
  // {…header, lineas[], recepciones[], faltantes_vinculados[], pedido_texto}; 404 when unknown.
  core::Result<boost::json::object> Get(const std::string& id);
  // Only while pendiente (else 409 INVALID_STATE_TRANSITION); a stale version is 409
  // VERSION_CONFLICT. Returns the detail.
  core::Result<boost::json::object> Update(const RequestMeta& meta, const std::string& id,
                                           const PurchaseOrderPatch& patch);
  // From pendiente or parcial (the rest will not be received); 200 with the detail.
  core::Result<IdempotentReply> Cancel(const std::optional<IdempotencyKey>& key,
                                       const RequestMeta& meta, const std::string& id,
                                       const std::string& motivo);

 private:
  Env& env_;
  Idempotency& idempotency_;
};

// 409 INVALID_STATE_TRANSITION {estado_actual, permitidos}: `permitidos` lists the states in
// which the refused action is allowed.
[[nodiscard]] core::Error PurchaseOrderStateError(const std::string& estado_actual,
                                                  std::vector<std::string> permitidos,
                                                  std::string message);

// JSON shapes of api.md §8.
[[nodiscard]] boost::json::object PurchaseOrderLineJson(const PurchaseOrderLineRow& l);
[[nodiscard]] boost::json::object PurchaseOrderSummaryJson(const PurchaseOrderRow& o);
[[nodiscard]] boost::json::object PurchaseOrderJson(const PurchaseOrderRow& o,
                                                    const std::vector<PurchaseOrderLineRow>& lines,
                                                    const std::vector<ReceptionRow>& receptions);
// The order as plain text a shop sends its supplier (WhatsApp, e-mail): number, supplier,
// delivery place and date, one line per product with quantity, name and SKU.
[[nodiscard]] std::string PedidoTexto(const PurchaseOrderRow& o,
                                      const std::vector<PurchaseOrderLineRow>& lines);
// Reads the detail inside a transaction (nullopt when the order does not exist).
[[nodiscard]] std::optional<boost::json::object> ReadPurchaseOrder(store::Tx& tx,
                                                                   const std::string& id);

}  // namespace mm::services
