#include "services/demo_customers.hpp"

#include <boost/json/parse.hpp>

#include <optional>
#include <string>

#include "services/credit_ledger.hpp"
#include "services/demo_users.hpp"
#include "services/user_store.hpp"

namespace mm::services {
namespace {

struct DemoCustomer {
  const char* nombre;
  CustomerFields fields;
  std::int64_t limite = 0;
  std::int64_t fiado_anterior = 0;      // one earlier ledger `cargo`
  std::int64_t pago_transferencia = 0;  // then paid down by transfer
  bool activo = true;
};

}  // namespace

int WriteDemoCustomers(Env& env, Customers& customers, CreditAccounts& accounts) {
  struct Staff {
    std::string admin, ventas;
  };
  auto staff = env.db.Read([&](store::Tx& tx) -> std::optional<Staff> {
    if (tx.QueryOne("SELECT id FROM clientes LIMIT 1")) return std::nullopt;
    auto admin = user_store::FindByEmail(tx, DemoUserEmails().at(0));
    auto ventas = user_store::FindByEmail(tx, DemoUserEmails().at(2));
    if (!admin || !ventas) return std::nullopt;
    return Staff{admin->id, ventas->id};
  });
  if (!staff) return 0;
  const auto admin = DemoMeta(staff->admin, core::Role::kAdmin);
  const auto ventas = DemoMeta(staff->ventas, core::Role::kVentas);

  const DemoCustomer kCustomers[] = {
      {"Marta Gómez",
       {.telefono = "11 4567-8901",
        .whatsapp_e164 = "+5491145678901",
        .documento = "20123456",
        .direccion_default = "Av. San Martín 1234",
        .piso = "3",
        .departamento = "B"},
       500000,
       400000},
      {"Jorge Fernández",
       {.telefono = "11 4321-0987",
        .whatsapp_e164 = "+5491143210987",
        .direccion_default = "Belgrano 560"},
       300000,
       150000,
       140000},
      {"Rosa Benítez",
       {.telefono = "11 4555-1212",
        .email = "rosa.benitez@correo.com.ar",
        .direccion_default = "Mitre 88"}},
      {"Lucía Romero",
       {.whatsapp_e164 = "+5491160001234",
        .documento = "33444555",
        .observaciones = "Pide por WhatsApp; retira a la tarde."}},
      {"Ernesto Paz",
       {.telefono = "11 4777-3030", .direccion_default = "Rivadavia 2100"},
       0,
       0,
       0,
       false},
  };
  int written = 0;
  for (const auto& d : kCustomers) {
    NewCustomer in;
    in.nombre = d.nombre;
    in.fields = d.fields;
    if (d.limite) in.limite_credito_centavos = d.limite;
    auto created = customers.Create(std::nullopt, admin, in);
    if (!created.ok()) continue;
    ++written;
    const std::string id(boost::json::parse(created->data_json).at("id").as_string());
    if (d.fiado_anterior) {
      env.db.Write([&](store::Tx& tx) {
        auto c = credit::LockCustomer(tx, id);
        credit::Entry e;
        e.tipo = "cargo";
        e.monto_centavos = d.fiado_anterior;
        e.usuario_id = staff->ventas;
        e.descripcion = "Fiado anterior";
        credit::Post(tx, env.random, *c, e, env.clock.Now());
      });
    }
    if (d.pago_transferencia) {
      AccountPaymentInput pago{id, d.pago_transferencia, "transferencia", "Transferencia"};
      (void)accounts.Pay(std::nullopt, ventas, pago);
    }
    if (!d.activo) {
      CustomerPatch off;
      off.activo = false;
      off.observaciones = std::optional<std::string>("Se mudó.");
      (void)customers.Update(admin, id, off);
    }
  }
  return written;
}

}  // namespace mm::services
