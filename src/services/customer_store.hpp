// SQL over the clientes table (domain.md §1.5) and its FTS side table clientes_fts (SQLite; on
// PostgreSQL the trigram index follows busqueda_normalizado). Callers own the transaction. The
// balance columns (saldo_centavos, cc_secuencia, ultimo_movimiento_en) are written only by the
// credit ledger (services/credit_ledger.hpp); Update here never touches them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "core/clock.hpp"
#include "store/tx.hpp"

namespace mm::services {

// The fields a client may send (already trimmed and length-checked by the API's reader; the
// formats are checked again, and normalised, by the service).
struct CustomerFields {
  std::optional<std::string> telefono;
  std::optional<std::string> email;
  std::optional<std::string> whatsapp_e164;
  std::optional<std::string> documento;
  std::optional<std::string> direccion_default;
  std::optional<std::string> edificio;
  std::optional<std::string> piso;
  std::optional<std::string> departamento;
  std::optional<std::string> observaciones;
  std::optional<std::string> link_pago;
};

// A customer row: the fields a client may send plus what the service keeps.
struct CustomerRow : CustomerFields {
  std::string id;
  std::string nombre;
  std::int64_t limite_credito_centavos = 0;
  std::int64_t saldo_centavos = 0;
  std::optional<core::Timestamp> ultimo_movimiento_en;
  bool activo = true;
  std::int64_t version = 0;
  core::Timestamp creado_en;
  core::Timestamp actualizado_en;
};

struct CustomerFilter {
  std::vector<std::string> tokens;  // normalized search tokens (nombre, telefono, email, documento)
  std::string q;                    // the raw query, for relevance (exact documento, name prefix)
  std::optional<bool> activo = true;
  std::optional<bool> con_deuda;  // true: saldo > 0; false: saldo ≤ 0
  // Balances list (GET /api/cuentas-corrientes/saldos): active customers plus inactive ones that
  // still have a balance.
  bool con_cuenta = false;
  // "nombre" | "-saldo_centavos" | "" (relevance when there is a query, else nombre).
  std::string sort;
  int limit = 50;
  int offset = 0;
};

// The stored search text: the normalized name, a \x1f separator (it sorts before every printable
// character, so ordering by this column orders by name first), then the normalized telefono (and
// its digits alone, so "45678901" finds "4567-8901"), email and documento.
[[nodiscard]] std::string CustomerSearchText(const CustomerRow& c);

namespace customer_store {

std::optional<CustomerRow> FindById(store::Tx& tx, const std::string& id, bool for_update = false);
std::optional<std::string> FindByDocumento(store::Tx& tx, const std::string& documento);
std::vector<CustomerRow> List(store::Tx& tx, const CustomerFilter& f, std::int64_t* total);
void Insert(store::Tx& tx, const CustomerRow& c);
// Writes every editable column (not the balance) and bumps version; false when `c.version` is
// stale.
bool Update(store::Tx& tx, const CustomerRow& c, core::Timestamp now);

}  // namespace customer_store

// uso_credito_bp = saldo × 10000 / límite (truncated), null when the limit is 0.
[[nodiscard]] boost::json::value UsoCreditoBp(std::int64_t saldo, std::int64_t limite);
// Every field, version included (GET /api/clientes/:id, POST, PATCH).
[[nodiscard]] boost::json::object CustomerJson(const CustomerRow& c);
// The list row of api.md §10.1 GET /api/clientes.
[[nodiscard]] boost::json::object CustomerListJson(const CustomerRow& c);

}  // namespace mm::services
