// The sales list (api.md §9.1 GET /api/ventas): filters by period (store days), payment method,
// customer, cashier, state, returns, offline origin, cash session and number; sorted by -creado_en
// (default) or total_centavos; and the server-side totals of every sale the filters match (not only
// the page): count, total, devuelto, neto and the same per payment method.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "services/context.hpp"

namespace mm::services {

// The one set of payment methods (api.md §9.1), in display order.
inline constexpr const char* kPaymentMethods[] = {"efectivo",      "debito", "credito",
                                                  "transferencia", "qr",     "cuenta_corriente"};

struct SaleFilter {
  std::optional<core::Timestamp> desde;  // first instant included
  std::optional<core::Timestamp> hasta;  // last instant included
  std::vector<std::string> metodos;      // sales with a payment by any of them
  std::optional<std::string> cliente_id;
  std::optional<std::string> usuario_id;
  std::vector<std::string> estados;  // completada | anulada
  std::optional<bool> con_devolucion;
  std::optional<bool> offline;
  std::optional<std::string> sesion_caja_id;
  std::optional<std::int64_t> numero;
  std::vector<std::string> sort;  // creado_en | -creado_en | total_centavos | -total_centavos
  int limit = 50;
  int offset = 0;
  bool all = false;  // every match (CSV), limit and offset ignored
};

struct SaleListRow {
  std::string id;
  std::int64_t numero = 0;
  core::Timestamp creado_en;
  std::optional<core::Timestamp> creado_offline_en;
  std::vector<std::string> metodos;
  std::int64_t total_centavos = 0;
  std::int64_t devuelto_centavos = 0;
  std::string estado;
  std::string usuario_id;
  std::string usuario_nombre;
  std::optional<std::string> cliente_id;
  std::optional<std::string> cliente_nombre;
  std::int64_t items_count = 0;
};

struct MethodTotals {
  std::string metodo;
  std::int64_t cantidad = 0;  // sales with a payment by this method
  std::int64_t total_centavos = 0;
  std::int64_t devuelto_centavos = 0;  // refunded to this method
  std::int64_t neto_centavos = 0;
};

struct SaleTotals {
  std::int64_t cantidad = 0;
  std::int64_t total_centavos = 0;
  std::int64_t devuelto_centavos = 0;
  std::int64_t neto_centavos = 0;
  std::vector<MethodTotals> por_metodo;  // every method with at least one payment
};

struct SaleListPage {
  std::vector<SaleListRow> rows;
  std::int64_t total = 0;  // matching sales
  SaleTotals totales;
};

class SaleList {
 public:
  explicit SaleList(Env& env) : env_(env) {}

  // `cap` > 0: when more than `cap` sales match, no rows are read (the CSV limit).
  core::Result<SaleListPage> List(const SaleFilter& f, const RequestMeta& meta,
                                  std::int64_t cap = 0);

  [[nodiscard]] core::Timestamp Now() const { return env_.clock.Now(); }

 private:
  Env& env_;
};

[[nodiscard]] boost::json::object SaleListRowJson(const SaleListRow& r);
[[nodiscard]] boost::json::object SaleTotalsJson(const SaleTotals& t);

}  // namespace mm::services
