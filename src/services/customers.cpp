#include "services/customers.hpp"

#include "core/cuit.hpp"
#include "core/uuid.hpp"
#include "core/validation.hpp"
#include "services/audit.hpp"
#include "services/cache_versions.hpp"
#include "store/db_error.hpp"

namespace mm::services {
namespace {

using core::Error;
using core::ErrorCode;
using core::FieldError;

const char* const kBadWhatsapp =
    "Tiene que ser un número internacional: + y de 8 a 15 dígitos (por ejemplo +5491145678901).";
const char* const kBadDocumento =
    "Tiene que ser un DNI de 7 u 8 dígitos o un CUIT de 11 dígitos con dígito verificador válido.";
const char* const kBadLink = "Tiene que empezar con https:// y tener hasta 500 caracteres.";

Error DocumentoTaken() { return Duplicate("documento", "Ya existe un cliente con ese documento."); }

Error LimitForbidden() {
  return Error(ErrorCode::kForbidden,
               "Solo un administrador puede cambiar el límite de crédito de un cliente.");
}

bool IsAdmin(const RequestMeta& meta) { return meta.principal.role == core::Role::kAdmin; }

// Normalises the formatted fields in place; every bad one is added to `errors`.
void CheckFormats(std::optional<std::string>& whatsapp, std::optional<std::string>& documento,
                  const std::optional<std::string>& link, std::vector<FieldError>& errors) {
  if (whatsapp) {
    if (auto n = NormalizeWhatsapp(*whatsapp)) {
      whatsapp = *n;
    } else {
      errors.push_back({"whatsapp_e164", "formato", kBadWhatsapp});
    }
  }
  if (documento) {
    if (auto n = NormalizeDocumento(*documento)) {
      documento = *n;
    } else {
      errors.push_back({"documento", "formato", kBadDocumento});
    }
  }
  if (link && !IsPaymentLink(*link)) errors.push_back({"link_pago", "formato", kBadLink});
}

// Writes the row; a PostgreSQL unique violation on the documento (a concurrent creator that
// passed the pre-check too) becomes DUPLICATE.
template <typename Fn>
std::optional<Error> Guarded(Fn&& write) {
  try {
    write();
    return std::nullopt;
  } catch (const store::DbError& e) {
    if (e.kind() == store::DbError::Kind::kUniqueViolation &&
        e.constraint() == "clientes_documento_unico") {
      return DocumentoTaken();
    }
    throw;
  }
}

std::optional<Error> CheckUnique(store::Tx& tx, const CustomerRow& c) {
  if (!c.documento) return std::nullopt;
  auto other = customer_store::FindByDocumento(tx, *c.documento);
  if (other && *other != c.id) return DocumentoTaken();
  return std::nullopt;
}

}  // namespace

std::optional<std::string> NormalizeWhatsapp(std::string_view text) {
  std::string out;
  for (char ch : text) {
    if (ch == ' ' || ch == '-' || ch == '.' || ch == '(' || ch == ')') continue;
    out.push_back(ch);
  }
  if (out.size() < 9 || out.size() > 16 || out[0] != '+' || out[1] < '1' || out[1] > '9') {
    return std::nullopt;
  }
  for (std::size_t i = 1; i < out.size(); ++i) {
    if (out[i] < '0' || out[i] > '9') return std::nullopt;
  }
  return out;
}

std::optional<std::string> NormalizeDocumento(std::string_view text) {
  std::string digits;
  for (char ch : text) {
    if (ch == '.' || ch == '-' || ch == ' ') continue;
    if (ch < '0' || ch > '9') return std::nullopt;
    digits.push_back(ch);
  }
  if (digits.size() == 7 || digits.size() == 8) return digits;
  if (digits.size() == 11) return core::NormalizeCuit(digits);
  return std::nullopt;
}

bool IsPaymentLink(std::string_view text) {
  if (text.size() > 500 || !text.starts_with("https://") || text.size() <= 8) return false;
  for (unsigned char ch : text) {
    if (ch <= 0x20 || ch == 0x7F) return false;
  }
  return true;
}

core::Result<IdempotentReply> Customers::Create(const std::optional<IdempotencyKey>& key,
                                                const RequestMeta& meta, const NewCustomer& input) {
  CustomerRow c;
  c.nombre = std::string(core::Trim(input.nombre));
  static_cast<CustomerFields&>(c) = input.fields;
  std::vector<FieldError> errors;
  if (c.nombre.empty() || core::CodePoints(c.nombre) > 120) {
    errors.push_back({"nombre", "longitud", "Tiene que tener entre 1 y 120 caracteres."});
  }
  CheckFormats(c.whatsapp_e164, c.documento, c.link_pago, errors);
  if (input.limite_credito_centavos &&
      (*input.limite_credito_centavos < 0 || *input.limite_credito_centavos > kMaxLimiteCredito)) {
    errors.push_back({"limite_credito_centavos", "rango", "Debe estar entre 0 y 10^11."});
  }
  if (!errors.empty()) return Error::Validation(std::move(errors));
  if (input.limite_credito_centavos && !IsAdmin(meta)) return LimitForbidden();
  c.limite_credito_centavos = input.limite_credito_centavos.value_or(0);
  return idempotency_.Run(key, meta, [&](store::Tx& tx) -> core::Result<Outcome> {
    auto now = env_.clock.Now();
    CustomerRow row = c;
    row.id = core::NewUuidV4(env_.random);
    row.creado_en = now;
    row.actualizado_en = now;
    if (auto err = CheckUnique(tx, row)) return *err;
    if (auto err = Guarded([&] { customer_store::Insert(tx, row); })) return *err;
    BumpCacheVersion(tx, "clientes", now);
    return Outcome{201, CustomerJson(row), row.id};
  });
}

core::Result<CustomerRow> Customers::Get(const std::string& id) {
  return env_.db.Read([&](store::Tx& tx) -> core::Result<CustomerRow> {
    auto c = customer_store::FindById(tx, id);
    if (!c) return Error::NotFound("cliente");
    return *c;
  });
}

core::Result<std::vector<CustomerRow>> Customers::List(const CustomerFilter& filter,
                                                       std::int64_t* total,
                                                       const RequestMeta& meta) {
  return env_.db.Read(
      [&](store::Tx& tx) -> core::Result<std::vector<CustomerRow>> {
        return customer_store::List(tx, filter, total);
      },
      meta.TxOptions());
}

core::Result<CustomerRow> Customers::Update(const RequestMeta& meta, const std::string& id,
                                            const CustomerPatch& patch) {
  CustomerPatch p = patch;
  std::vector<FieldError> errors;
  if (p.nombre) {
    *p.nombre = std::string(core::Trim(*p.nombre));
    if (p.nombre->empty() || core::CodePoints(*p.nombre) > 120) {
      errors.push_back({"nombre", "longitud", "Tiene que tener entre 1 y 120 caracteres."});
    }
  }
  std::optional<std::string> whatsapp = p.whatsapp_e164 ? *p.whatsapp_e164 : std::nullopt;
  std::optional<std::string> documento = p.documento ? *p.documento : std::nullopt;
  std::optional<std::string> link = p.link_pago ? *p.link_pago : std::nullopt;
  CheckFormats(whatsapp, documento, link, errors);
  if (p.whatsapp_e164) p.whatsapp_e164 = whatsapp;
  if (p.documento) p.documento = documento;
  if (p.limite_credito_centavos &&
      (*p.limite_credito_centavos < 0 || *p.limite_credito_centavos > kMaxLimiteCredito)) {
    errors.push_back({"limite_credito_centavos", "rango", "Debe estar entre 0 y 10^11."});
  }
  if (!errors.empty()) return Error::Validation(std::move(errors));
  if (p.empty()) {
    return Error::Validation({{"nombre", "requerido", "Mandá al menos un campo a cambiar."}});
  }
  if (p.limite_credito_centavos && !IsAdmin(meta)) return LimitForbidden();
  return env_.db.Write(
      [&](store::Tx& tx) -> core::Result<CustomerRow> {
        // L3: the customer row, as the ledger takes it.
        auto current = customer_store::FindById(tx, id, true);
        if (!current) return Error::NotFound("cliente");
        if (p.version && *p.version != current->version) return StaleVersion(current->version);
        CustomerRow next = *current;
        if (p.nombre) next.nombre = *p.nombre;
        if (p.telefono) next.telefono = *p.telefono;
        if (p.email) next.email = *p.email;
        if (p.whatsapp_e164) next.whatsapp_e164 = *p.whatsapp_e164;
        if (p.documento) next.documento = *p.documento;
        if (p.direccion_default) next.direccion_default = *p.direccion_default;
        if (p.edificio) next.edificio = *p.edificio;
        if (p.piso) next.piso = *p.piso;
        if (p.departamento) next.departamento = *p.departamento;
        if (p.observaciones) next.observaciones = *p.observaciones;
        if (p.link_pago) next.link_pago = *p.link_pago;
        if (p.limite_credito_centavos) next.limite_credito_centavos = *p.limite_credito_centavos;
        if (p.activo) next.activo = *p.activo;
        if (auto err = CheckUnique(tx, next)) return *err;
        auto now = env_.clock.Now();
        bool written = false;
        if (auto err = Guarded([&] { written = customer_store::Update(tx, next, now); })) {
          return *err;
        }
        if (!written) return StaleVersion(current->version);
        if (next.limite_credito_centavos != current->limite_credito_centavos) {
          RecordAudit(
              tx, env_, meta,
              AuditEntry{
                  core::AuditAction::kLimiteCreditoCambiado, "cliente", id, core::AuditLevel::kInfo,
                  boost::json::object{{"anterior_centavos", current->limite_credito_centavos},
                                      {"nuevo_centavos", next.limite_credito_centavos},
                                      {"saldo_centavos", current->saldo_centavos}}});
        }
        BumpCacheVersion(tx, "clientes", now);
        next.version = current->version + 1;
        next.actualizado_en = now;
        return next;
      },
      meta.TxOptions());
}

}  // namespace mm::services
