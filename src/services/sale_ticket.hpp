// The plain-text non-fiscal ticket of a sale for 58/80 mm printers (api.md §9.1 GET
// /api/ventas/:id/ticket): the store's name, address and CUIT from ajustes_tienda, the sale number
// and date in the store's time zone, the customer when the sale names one, each line with
// quantity × price and subtotal, offer lines marked, the total, the payments and the change (and,
// for a fiado, the customer's balance when the ticket is printed), "No válido como factura" and
// the store's footer. No line is wider than `ancho` characters (code points).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "services/context.hpp"
#include "services/sale_store.hpp"
#include "services/store_settings.hpp"

namespace mm::services {

inline constexpr int kTicketWidths[] = {32, 42, 48};

// Greedy word wrap to `width` code points; a word longer than the width is cut.
[[nodiscard]] std::vector<std::string> WrapText(const std::string& text, int width);

// The ticket text (lines joined with "\n", ending with one).
[[nodiscard]] std::string RenderTicket(const sale_store::Venta& venta,
                                       const StoreSettingsRow& tienda, int width);

class SaleTicket {
 public:
  SaleTicket(Env& env, StoreSettings& settings) : env_(env), settings_(settings) {}

  // 404 when the sale does not exist.
  core::Result<std::string> Render(const RequestMeta& meta, const std::string& venta_id, int width);

 private:
  Env& env_;
  StoreSettings& settings_;
};

}  // namespace mm::services
