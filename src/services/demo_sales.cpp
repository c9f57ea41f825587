#include "services/demo_sales.hpp"

#include <optional>
#include <string>

#include "services/demo_users.hpp"
#include "services/stock_ledger.hpp"
#include "services/user_store.hpp"

namespace mm::services {

int WriteDemoOffers(Env& env, Offers& offers) {
  struct Plan {
    std::string admin, lote_id;
  };
  auto plan = env.db.Read([&](store::Tx& tx) -> std::optional<Plan> {
    if (tx.QueryOne("SELECT id FROM ofertas LIMIT 1")) return std::nullopt;
    auto admin = user_store::FindByEmail(tx, DemoUserEmails().front());
    if (!admin) return std::nullopt;
    auto lot = tx.QueryOne(
        "SELECT l.id FROM stock_lotes l JOIN productos p ON p.id = l.producto_id JOIN "
        "stock_deposito s ON s.id = l.stock_id WHERE p.codigo_barras = '7790000000034' AND "
        "l.lote = 'L-LECHE-3D' AND s.ubicacion_id = $1",
        {std::string(stock::kPrincipalId)});
    if (!lot) return std::nullopt;
    return Plan{admin->id, lot->Text("id")};
  });
  if (!plan) return 0;
  const RequestMeta meta = DemoMeta(plan->admin, core::Role::kAdmin);
  NewOffer offer;
  offer.lote_id = plan->lote_id;
  offer.descuento_bp = 3000;
  return offers.Create(std::nullopt, meta, offer).ok() ? 1 : 0;
}

}  // namespace mm::services
