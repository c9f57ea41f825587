#include <boost/json/parse.hpp>

#include "core/normalize.hpp"
#include "customer_fixture.hpp"
#include "services/global_search.hpp"

namespace mm::services {
namespace {

using core::ErrorCode;

class CustomersTest : public CustomerTest {
 protected:
  std::vector<std::string> Names(const CustomerFilter& f, std::int64_t* total = nullptr) {
    auto rows = customers_->List(f, total, Meta());
    EXPECT_TRUE(rows.ok());
    std::vector<std::string> out;
    if (rows.ok()) {
      for (const auto& c : *rows) out.push_back(c.nombre);
    }
    return out;
  }
  CustomerFilter Query(const std::string& q) {
    CustomerFilter f;
    f.q = q;
    f.tokens = core::SearchTokens(q);
    return f;
  }
  std::int64_t Audits(const char* accion) {
    return Scalar(std::string("SELECT COUNT(*) FROM audit_log WHERE accion = '") + accion + "'");
  }
};

TEST_P(CustomersTest, CreateNormalisesFormatsAndReadsBack) {
  services::NewCustomer in;
  in.nombre = "  Marta Gómez ";
  in.fields.telefono = "11 4567-8901";
  in.fields.whatsapp_e164 = "+54 9 11 4567-8901";
  in.fields.documento = "20.123.456";
  in.fields.link_pago = "https://mpago.la/marta";
  auto r = customers_->Create(std::nullopt, Meta(), in);
  auto d = Data(r);
  EXPECT_EQ(r->status, 201);
  EXPECT_EQ(S(d.at("nombre")), "Marta Gómez");
  EXPECT_EQ(S(d.at("whatsapp_e164")), "+5491145678901");
  EXPECT_EQ(S(d.at("documento")), "20123456");
  EXPECT_EQ(I(d.at("limite_credito_centavos")), 0);
  EXPECT_TRUE(d.at("uso_credito_bp").is_null());
  EXPECT_EQ(I(d.at("version")), 0);
  auto got = customers_->Get(S(d.at("id")));
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->telefono, "11 4567-8901");
  EXPECT_TRUE(got->activo);
}

TEST_P(CustomersTest, BadFormatsAreOneValidationErrorAndWriteNothing) {
  services::NewCustomer in;
  in.nombre = "Pepe";
  in.fields.whatsapp_e164 = "011 4567";     // no +, too short
  in.fields.documento = "20-12345678-0";    // wrong CUIT check digit
  in.fields.link_pago = "http://pago.com";  // not https
  auto r = customers_->Create(std::nullopt, Meta(), in);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kValidationError);
  EXPECT_EQ(r.error().details.at("campos").as_array().size(), 3u);
  EXPECT_EQ(Count("clientes"), 0);
}

TEST_P(CustomersTest, DocumentoFormats) {
  EXPECT_EQ(NormalizeDocumento("1.234.567"), "1234567");
  EXPECT_EQ(NormalizeDocumento("20-12345678-6"), "20123456786");
  EXPECT_EQ(NormalizeDocumento("20123456780"), std::nullopt);  // check digit
  EXPECT_EQ(NormalizeDocumento("123456"), std::nullopt);
  EXPECT_EQ(NormalizeDocumento("123456789"), std::nullopt);
  EXPECT_EQ(NormalizeDocumento("2012345A"), std::nullopt);
  EXPECT_EQ(NormalizeWhatsapp("+54 (11) 4567-8901"), "+541145678901");
  EXPECT_EQ(NormalizeWhatsapp("+0123456789"), std::nullopt);
  EXPECT_EQ(NormalizeWhatsapp("+1234567"), std::nullopt);           // 7 digits
  EXPECT_EQ(NormalizeWhatsapp("+1234567890123456"), std::nullopt);  // 16 digits
}

TEST_P(CustomersTest, DuplicateDocumentoIsRefusedOnCreateAndPatch) {
  AddCustomer("Uno", 0, {.documento = "30111222"});
  auto dos = AddCustomer("Dos", 0, {.documento = "30111333"});
  services::NewCustomer in;
  in.nombre = "Tres";
  in.fields.documento = "30.111.222";
  auto r = customers_->Create(std::nullopt, Meta(), in);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kDuplicate);
  EXPECT_EQ(r.error().details.at("campo"), "documento");
  CustomerPatch p;
  p.documento = std::optional<std::string>("30111222");
  auto u = customers_->Update(Meta(), dos, p);
  ASSERT_FALSE(u.ok());
  EXPECT_EQ(u.error().code, ErrorCode::kDuplicate);
  EXPECT_EQ(Count("clientes"), 2);
  EXPECT_EQ(customers_->Get(dos)->documento, "30111333");
}

TEST_P(CustomersTest, PatchBumpsVersionAndAStaleVersionConflicts) {
  auto id = AddCustomer("Ana");
  CustomerPatch p;
  p.telefono = std::optional<std::string>("4444-5555");
  p.version = 0;
  auto u = customers_->Update(Meta(), id, p);
  ASSERT_TRUE(u.ok());
  EXPECT_EQ(u->version, 1);
  CustomerPatch stale;
  stale.nombre = "Ana María";
  stale.version = 0;
  auto s = customers_->Update(Meta(), id, stale);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kVersionConflict);
  EXPECT_EQ(s.error().details.at("version_actual"), 1);
  EXPECT_EQ(customers_->Get(id)->nombre, "Ana");
  CustomerPatch clear;
  clear.telefono = std::optional<std::string>();
  EXPECT_FALSE(customers_->Update(Meta(), id, clear)->telefono.has_value());
  auto missing = customers_->Update(Meta(), "7b0c2d3e-4f50-4a61-8b72-93a4b5c6d7e8", stale);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
}

TEST_P(CustomersTest, SoftDeleteHidesFromTheDefaultListButKeepsTheRow) {
  auto a = AddCustomer("Alberto");
  AddCustomer("Beatriz");
  CustomerPatch p;
  p.activo = false;
  ASSERT_TRUE(customers_->Update(Meta(), a, p).ok());
  EXPECT_EQ(Count("clientes"), 2);
  std::int64_t total = 0;
  EXPECT_EQ(Names(CustomerFilter{}, &total), std::vector<std::string>{"Beatriz"});
  EXPECT_EQ(total, 1);
  CustomerFilter inactive;
  inactive.activo = false;
  EXPECT_EQ(Names(inactive), std::vector<std::string>{"Alberto"});
  CustomerFilter all;
  all.activo = std::nullopt;
  EXPECT_EQ(Names(all), (std::vector<std::string>{"Alberto", "Beatriz"}));
}

TEST_P(CustomersTest, SearchFoldsAccentsAndFindsPhoneEmailAndDocumento) {
  AddCustomer("Marta Gómez", 0, {.telefono = "11 4567-8901", .email = "marta@correo.com"});
  AddCustomer("Ñandú Pérez", 0, {.documento = "27333444"});
  AddCustomer("Martín Gómez", 0, {.telefono = "11 2222-3333"});
  AddCustomer("Gómez Marta", 0);
  EXPECT_EQ(Names(Query("gomez marta")), (std::vector<std::string>{"Gómez Marta", "Marta Gómez"}));
  EXPECT_EQ(Names(Query("MARTA")), (std::vector<std::string>{"Marta Gómez", "Gómez Marta"}))
      << "the name that starts with the query ranks first";
  EXPECT_EQ(Names(Query("nandu")), std::vector<std::string>{"Ñandú Pérez"});
  EXPECT_EQ(Names(Query("4567-8901")), std::vector<std::string>{"Marta Gómez"});
  EXPECT_EQ(Names(Query("45678901")), std::vector<std::string>{"Marta Gómez"});
  EXPECT_EQ(Names(Query("correo.com")), std::vector<std::string>{"Marta Gómez"});
  EXPECT_EQ(Names(Query("27.333.444")), std::vector<std::string>{"Ñandú Pérez"});
  EXPECT_EQ(Names(Query("ma")),
            (std::vector<std::string>{"Marta Gómez", "Martín Gómez", "Gómez Marta"}))
      << "short tokens still filter";
  CustomerFilter sorted = Query("gomez");
  sorted.sort = "nombre";
  EXPECT_EQ(Names(sorted),
            (std::vector<std::string>{"Gómez Marta", "Marta Gómez", "Martín Gómez"}));
}

TEST_P(CustomersTest, PatchedNameIsSearchedByItsNewText) {
  auto id = AddCustomer("Viejo Nombre");
  CustomerPatch p;
  p.nombre = "Nuevo Almacén";
  ASSERT_TRUE(customers_->Update(Meta(), id, p).ok());
  EXPECT_EQ(Names(Query("almacen")), std::vector<std::string>{"Nuevo Almacén"});
  EXPECT_TRUE(Names(Query("viejo")).empty());
}

TEST_P(CustomersTest, OnlyTheAdminSetsTheCreditLimitAndAChangeIsAudited) {
  services::NewCustomer in;
  in.nombre = "Vecino";
  in.limite_credito_centavos = 100000;
  auto r = customers_->Create(std::nullopt, Meta(kVero), in);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kForbidden);
  EXPECT_EQ(Count("clientes"), 0);

  auto id = AddCustomer("Vecino");
  CustomerPatch p;
  p.limite_credito_centavos = 100000;
  p.telefono = std::optional<std::string>("4444-5555");
  auto u = customers_->Update(Meta(kVero), id, p);
  ASSERT_FALSE(u.ok());
  EXPECT_EQ(u.error().code, ErrorCode::kForbidden);
  auto after = customers_->Get(id);
  EXPECT_EQ(after->limite_credito_centavos, 0);
  EXPECT_FALSE(after->telefono.has_value()) << "nothing of the refused PATCH was applied";
  EXPECT_EQ(after->version, 0);
  EXPECT_EQ(Audits("limite_credito_cambiado"), 0);

  auto ok = customers_->Update(Meta(kAdmin), id, p);
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->limite_credito_centavos, 100000);
  EXPECT_EQ(Audits("limite_credito_cambiado"), 1);
  auto detalles = db_->Read([&](store::Tx& tx) {
    auto row = tx.QueryOne(
        "SELECT detalles, entidad_id, usuario_id FROM audit_log WHERE accion = "
        "'limite_credito_cambiado'");
    EXPECT_EQ(row->Text(1), id);
    EXPECT_EQ(row->Text(2), kAdmin);
    return boost::json::parse(row->Text(0)).as_object();
  });
  EXPECT_EQ(detalles.at("anterior_centavos"), 0);
  EXPECT_EQ(detalles.at("nuevo_centavos"), 100000);

  // The same limit again is no change: no new audit row.
  CustomerPatch same;
  same.limite_credito_centavos = 100000;
  ASSERT_TRUE(customers_->Update(Meta(kAdmin), id, same).ok());
  EXPECT_EQ(Audits("limite_credito_cambiado"), 1);
}

TEST_P(CustomersTest, LimitBelowTheBalanceIsAllowedAndUsoCreditoFollows) {
  auto id = AddCustomer("Deudor", 100000);
  Charge(id, 80000);
  auto got = customers_->Get(id);
  EXPECT_EQ(CustomerJson(*got).at("uso_credito_bp"), 8000);
  CustomerPatch p;
  p.limite_credito_centavos = 50000;
  auto u = customers_->Update(Meta(kAdmin), id, p);
  ASSERT_TRUE(u.ok());
  EXPECT_EQ(u->saldo_centavos, 80000);
  EXPECT_EQ(CustomerJson(*u).at("uso_credito_bp"), 16000);
  p.limite_credito_centavos = 0;
  u = customers_->Update(Meta(kAdmin), id, p);
  EXPECT_TRUE(CustomerJson(*u).at("uso_credito_bp").is_null());
}

TEST_P(CustomersTest, ConDeudaAndSortBySaldo) {
  auto a = AddCustomer("Alicia", 500000);
  auto b = AddCustomer("Bruno", 500000);
  AddCustomer("Carla");
  Charge(a, 1000);
  Charge(b, 3000);
  CustomerFilter f;
  f.con_deuda = true;
  f.sort = "-saldo_centavos";
  EXPECT_EQ(Names(f), (std::vector<std::string>{"Bruno", "Alicia"}));
  f.con_deuda = false;
  EXPECT_EQ(Names(f), std::vector<std::string>{"Carla"});
}

TEST_P(CustomersTest, GlobalSearchHasAClientesSectionForAdminAndVentas) {
  AddCustomer("José Pérez", 0, {.telefono = "11 5555-0001"});
  auto gone = AddCustomer("Josefina Baja");
  CustomerPatch off;
  off.activo = false;
  ASSERT_TRUE(customers_->Update(Meta(), gone, off).ok());
  GlobalSearch search(*env_);
  for (auto role : {core::Role::kAdmin, core::Role::kVentas}) {
    RequestMeta m = Meta();
    m.principal.role = role;
    auto r = search.Search(m, GlobalSearchInput{"jose", 10, {}});
    ASSERT_TRUE(r.ok());
    const auto& rows = r->at("clientes").as_array();
    ASSERT_EQ(rows.size(), 1u) << "inactive customers are left out";
    EXPECT_EQ(S(rows[0].at("nombre")), "José Pérez");
    EXPECT_EQ(I(rows[0].at("saldo_centavos")), 0);
    auto by_phone = search.Search(m, GlobalSearchInput{"5555-0001", 10, {"clientes"}});
    EXPECT_EQ(by_phone->at("clientes").as_array().size(), 1u);
  }
  for (auto role : {core::Role::kDeposito, core::Role::kUsuario}) {
    RequestMeta m = Meta();
    m.principal.role = role;
    auto r = search.Search(m, GlobalSearchInput{"jose", 10, {}});
    ASSERT_TRUE(r.ok());
    EXPECT_FALSE(r->contains("clientes"));
  }
}

MM_INSTANTIATE_BACKENDS(CustomersTest);

}  // namespace
}  // namespace mm::services
