// Sale reads that are not the sale itself (api.md §9.1): GET /api/ventas (the list with the
// period's totals, also as CSV) and GET /api/ventas/:id/ticket (the plain-text ticket).
#pragma once

#include "api/route.hpp"
#include "services/sale_list.hpp"
#include "services/sale_ticket.hpp"

namespace mm::api {

struct VentasConsultaApi {
  services::SaleList* list = nullptr;
  services::SaleTicket* ticket = nullptr;

  void Register(RouteTable& table);
};

}  // namespace mm::api
