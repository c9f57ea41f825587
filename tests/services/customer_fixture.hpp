// Customers and credit accounts over a migrated database of each backend: the cash fixture (an
// admin, two cashiers, the register) plus the customers and credit-account services, helpers
// that create a customer and post payments and adjustments, and the credit invariants (I21–I23)
// checked after every test.
#pragma once

#include <memory>
#include <string>

#include "cash_fixture.hpp"
#include "services/credit_accounts.hpp"
#include "services/credit_ledger.hpp"
#include "services/customers.hpp"
#include "support/credit_invariants.hpp"

namespace mm::services {

class CustomerTest : public CashTest {
 protected:
  void SetUp() override {
    CashTest::SetUp();
    customers_ = std::make_unique<Customers>(*env_, *idem_);
    accounts_ = std::make_unique<CreditAccounts>(*env_, *idem_);
  }

  void TearDown() override {
    EXPECT_EQ(testing::CreditInvariantViolations(*db_), std::vector<std::string>{});
    CashTest::TearDown();
  }

  // A customer created by the admin (so a limit may be given); returns its id.
  std::string AddCustomer(const std::string& nombre, std::int64_t limite = 0,
                          CustomerFields fields = {}) {
    services::NewCustomer in;
    in.nombre = nombre;
    in.fields = std::move(fields);
    if (limite) in.limite_credito_centavos = limite;
    auto r = customers_->Create(std::nullopt, Meta(kAdmin), in);
    return S(Data(r).at("id"));
  }

  // A fiado charge the way a credit sale posts it (the sales service is another helper's).
  void Charge(const std::string& cliente, std::int64_t monto, const char* user = kVero) {
    db_->Write([&](store::Tx& tx) {
      auto c = credit::LockCustomer(tx, cliente);
      credit::Entry e;
      e.tipo = "cargo";
      e.monto_centavos = monto;
      e.usuario_id = user;
      e.descripcion = "Fiado";
      credit::Post(tx, random_, *c, e, clock_.Now());
    });
  }

  core::Result<IdempotentReply> Pay(const std::string& cliente, std::int64_t monto,
                                    const std::string& metodo, const char* user = kVero,
                                    std::optional<std::string> key = std::nullopt) {
    AccountPaymentInput in{cliente, monto, metodo, std::nullopt};
    return accounts_->Pay(Key("POST /api/cuentas-corrientes/pagos", user, key.value_or(NextKey()),
                              cliente + "|" + std::to_string(monto) + "|" + metodo),
                          Meta(user), in);
  }

  core::Result<IdempotentReply> Adjust(const std::string& cliente, std::int64_t monto,
                                       const std::string& motivo, const char* user = kAdmin) {
    AccountAdjustmentInput in{cliente, monto, motivo};
    return accounts_->Adjust(Key("POST /api/cuentas-corrientes/ajustes", user, NextKey(),
                                 cliente + "|" + std::to_string(monto) + "|" + motivo),
                             Meta(user), in);
  }

  std::int64_t Saldo(const std::string& cliente) {
    return Scalar("SELECT saldo_centavos FROM clientes WHERE id = '" + cliente + "'");
  }
  std::int64_t LedgerRows(const std::string& cliente) {
    return Scalar("SELECT COUNT(*) FROM cuentas_corrientes_movimientos WHERE cliente_id = '" +
                  cliente + "'");
  }

  std::unique_ptr<Customers> customers_;
  std::unique_ptr<CreditAccounts> accounts_;
};

}  // namespace mm::services
