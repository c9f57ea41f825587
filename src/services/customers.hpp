// Customers (clientes, api.md §10.1, domain.md §1.5, §2.4): create, read, edit with optimistic
// concurrency, deactivate (PATCH activo:false; no row is ever deleted) and search (decision 26
// over nombre, telefono, email and documento). The credit limit (`limite_credito_centavos`, 0 =
// no credit, never null; decision 2) is set only by an admin: a non-admin who sends it gets 403
// FORBIDDEN and nothing changes; a change is audited (`limite_credito_cambiado`, old and new).
// The balance is never written here: only the credit ledger moves it. Writes move the `clientes`
// cache namespace.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/result.hpp"
#include "services/catalog_common.hpp"
#include "services/context.hpp"
#include "services/customer_store.hpp"
#include "services/idempotency.hpp"

namespace mm::services {

inline constexpr std::int64_t kMaxLimiteCredito = 100'000'000'000;  // 10^11

// The stored forms of the formatted fields, or nullopt when the text is not valid.
// WhatsApp: spaces, dashes, dots and parentheses are dropped, then it must be `+` and 8–15 digits
// with no leading 0 (E.164, api.md §1.4): "+54 9 11 4567-8901" → "+5491145678901".
[[nodiscard]] std::optional<std::string> NormalizeWhatsapp(std::string_view text);
// Documento: dots, dashes and spaces are dropped; 7 or 8 digits (a DNI) or 11 digits with a
// valid CUIT check digit: "20.123.456" → "20123456", "20-12345678-6" → "20123456786".
[[nodiscard]] std::optional<std::string> NormalizeDocumento(std::string_view text);
// `link_pago`: https:// and at most 500 characters (the `url` format of api.md §1.4).
[[nodiscard]] bool IsPaymentLink(std::string_view text);

struct NewCustomer {
  std::string nombre;
  CustomerFields fields;
  std::optional<std::int64_t> limite_credito_centavos;  // admin only; absent = 0
};

struct CustomerPatch {
  std::optional<std::string> nombre;
  Nullable<std::string> telefono;
  Nullable<std::string> email;
  Nullable<std::string> whatsapp_e164;
  Nullable<std::string> documento;
  Nullable<std::string> direccion_default;
  Nullable<std::string> edificio;
  Nullable<std::string> piso;
  Nullable<std::string> departamento;
  Nullable<std::string> observaciones;
  Nullable<std::string> link_pago;
  std::optional<std::int64_t> limite_credito_centavos;  // admin only
  std::optional<bool> activo;
  std::optional<std::int64_t> version;

  [[nodiscard]] bool empty() const {
    return !nombre && !telefono && !email && !whatsapp_e164 && !documento && !direccion_default &&
           !edificio && !piso && !departamento && !observaciones && !link_pago &&
           !limite_credito_centavos && !activo;
  }
};

class Customers {
 public:
  Customers(Env& env, Idempotency& idempotency) : env_(env), idempotency_(idempotency) {}

  // 201 cliente; 400 (formats), 403 FORBIDDEN (a limit from a non-admin), 409 DUPLICATE
  // {campo: documento}.
  core::Result<IdempotentReply> Create(const std::optional<IdempotencyKey>& key,
                                       const RequestMeta& meta, const NewCustomer& input);
  core::Result<CustomerRow> Get(const std::string& id);
  core::Result<std::vector<CustomerRow>> List(const CustomerFilter& filter, std::int64_t* total,
                                              const RequestMeta& meta);
  // 200 cliente; 400, 403, 404, 409 VERSION_CONFLICT {version_actual}, DUPLICATE.
  core::Result<CustomerRow> Update(const RequestMeta& meta, const std::string& id,
                                   const CustomerPatch& patch);

  [[nodiscard]] core::Timestamp Now() const { return env_.clock.Now(); }

 private:
  Env& env_;
  Idempotency& idempotency_;
};

}  // namespace mm::services
