#include "services/customer_store.hpp"

#include "core/normalize.hpp"
#include "services/catalog_common.hpp"
#include "services/text_search.hpp"

namespace mm::services {
namespace {

namespace json = boost::json;

constexpr std::string_view kFts = "clientes_fts";

constexpr std::string_view kColumns = R"sql(
  c.id, c.nombre, c.telefono, c.email, c.whatsapp_e164, c.documento, c.direccion_default,
  c.edificio, c.piso, c.departamento, c.observaciones, c.link_pago, c.limite_credito_centavos,
  c.saldo_centavos, c.ultimo_movimiento_en, c.activo, c.version, c.creado_en, c.actualizado_en)sql";

CustomerRow Map(const store::Row& r) {
  CustomerRow c;
  c.id = r.Text(0);
  c.nombre = r.Text(1);
  c.telefono = r.OptText(2);
  c.email = r.OptText(3);
  c.whatsapp_e164 = r.OptText(4);
  c.documento = r.OptText(5);
  c.direccion_default = r.OptText(6);
  c.edificio = r.OptText(7);
  c.piso = r.OptText(8);
  c.departamento = r.OptText(9);
  c.observaciones = r.OptText(10);
  c.link_pago = r.OptText(11);
  c.limite_credito_centavos = r.Int(12);
  c.saldo_centavos = r.Int(13);
  c.ultimo_movimiento_en = r.OptTime(14);
  c.activo = r.Bool(15);
  c.version = r.Int(16);
  c.creado_en = r.Time(17);
  c.actualizado_en = r.Time(18);
  return c;
}

std::string Digits(std::string_view s) {
  std::string out;
  for (char ch : s) {
    if (ch >= '0' && ch <= '9') out.push_back(ch);
  }
  return out;
}

// The documento a query names exactly: its digits when it holds nothing but digits, dots,
// dashes and spaces.
std::optional<std::string> DocumentoOf(std::string_view q) {
  for (char ch : q) {
    if (!((ch >= '0' && ch <= '9') || ch == '.' || ch == '-' || ch == ' ')) return std::nullopt;
  }
  auto d = Digits(q);
  if (d.empty()) return std::nullopt;
  return d;
}

json::value OptTimeJson(const std::optional<core::Timestamp>& t) {
  return t ? json::value(core::FormatApiTimestamp(*t)) : json::value(nullptr);
}

}  // namespace

std::string CustomerSearchText(const CustomerRow& c) {
  std::string rest;
  auto add = [&](const std::optional<std::string>& v) {
    if (!v || v->empty()) return;
    if (!rest.empty()) rest += ' ';
    rest += *v;
  };
  add(c.telefono);
  if (c.telefono) {
    auto d = Digits(*c.telefono);
    if (d != *c.telefono) add(d);
  }
  add(c.email);
  add(c.documento);
  return core::NormalizeSearch(c.nombre) + "\x1f" + core::NormalizeSearch(rest);
}

namespace customer_store {

std::optional<CustomerRow> FindById(store::Tx& tx, const std::string& id, bool for_update) {
  std::string sql = "SELECT" + std::string(kColumns) + " FROM clientes c WHERE c.id = $1";
  if (for_update) sql += ForUpdate(tx);
  auto row = tx.QueryOne(sql, {id});
  if (!row) return std::nullopt;
  return Map(*row);
}

std::optional<std::string> FindByDocumento(store::Tx& tx, const std::string& documento) {
  auto row = tx.QueryOne("SELECT id FROM clientes WHERE documento = $1", {documento});
  if (!row) return std::nullopt;
  return row->Text(0);
}

std::vector<CustomerRow> List(store::Tx& tx, const CustomerFilter& f, std::int64_t* total) {
  std::vector<store::Value> params;
  std::string where = " WHERE 1 = 1";
  if (f.con_cuenta) {
    where += " AND (c.activo = " + Param(params, true) + " OR c.saldo_centavos <> 0)";
  } else if (f.activo) {
    where += " AND c.activo = " + Param(params, *f.activo);
  }
  if (f.con_deuda)
    where += *f.con_deuda ? " AND c.saldo_centavos > 0" : " AND c.saldo_centavos <= 0";
  if (!f.tokens.empty()) {
    std::string match =
        ContainsAll(tx.dialect(), {"c.busqueda_normalizado", "c.id", kFts}, f.tokens, params);
    // A documento typed with its dots or dashes ("20.123.456") still finds it.
    auto doc = DocumentoOf(f.q);
    if (doc && doc->size() >= 7)
      match = "(" + match + " OR c.documento = " + Param(params, *doc) + ")";
    where += " AND " + match;
  }
  if (total) {
    *total = tx.Query("SELECT COUNT(*) FROM clientes c" + where, params).front().Int(0);
  }
  const bool pg = tx.dialect() == store::Dialect::kPostgres;
  const std::string by_name =
      pg ? "c.busqueda_normalizado COLLATE \"C\", c.id" : "c.busqueda_normalizado, c.id";
  std::string order;
  if (f.sort == "-saldo_centavos") {
    order = " ORDER BY c.saldo_centavos DESC, " + by_name;
  } else if (f.sort.empty() && !f.tokens.empty()) {
    // Relevance (api.md §1.5): the exact documento, then names that start with the query.
    order = " ORDER BY CASE";
    if (auto doc = DocumentoOf(f.q)) {
      order += " WHEN c.documento = " + Param(params, *doc) + " THEN 0";
    }
    order += " WHEN c.busqueda_normalizado LIKE " +
             Param(params, LikePrefix(core::NormalizeSearch(f.q))) +
             " ESCAPE '\\' THEN 1 ELSE 2 END, " + by_name;
  } else {
    order = " ORDER BY " + by_name;
  }
  std::string sql = "SELECT" + std::string(kColumns) + " FROM clientes c" + where + order;
  sql += " LIMIT " + Param(params, static_cast<std::int64_t>(f.limit));
  sql += " OFFSET " + Param(params, static_cast<std::int64_t>(f.offset));
  std::vector<CustomerRow> out;
  for (const auto& r : tx.Query(sql, params)) out.push_back(Map(r));
  return out;
}

void Insert(store::Tx& tx, const CustomerRow& c) {
  std::string busqueda = CustomerSearchText(c);
  tx.Exec(R"sql(
INSERT INTO clientes (id, nombre, busqueda_normalizado, telefono, email, whatsapp_e164, documento,
                      direccion_default, edificio, piso, departamento, observaciones, link_pago,
                      limite_credito_centavos, saldo_centavos, cc_secuencia, activo, version,
                      creado_en, actualizado_en)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, 0, 0, $15, 0, $16, $17))sql",
          {c.id, c.nombre, busqueda, c.telefono, c.email, c.whatsapp_e164, c.documento,
           c.direccion_default, c.edificio, c.piso, c.departamento, c.observaciones, c.link_pago,
           c.limite_credito_centavos, c.activo, c.creado_en, c.actualizado_en});
  WriteFtsRow(tx, kFts, c.id, busqueda, true);
}

bool Update(store::Tx& tx, const CustomerRow& c, core::Timestamp now) {
  std::string busqueda = CustomerSearchText(c);
  bool written =
      tx.Exec(R"sql(
UPDATE clientes SET nombre = $2, busqueda_normalizado = $3, telefono = $4, email = $5,
  whatsapp_e164 = $6, documento = $7, direccion_default = $8, edificio = $9, piso = $10,
  departamento = $11, observaciones = $12, link_pago = $13, limite_credito_centavos = $14,
  activo = $15, version = version + 1, actualizado_en = $16
WHERE id = $1 AND version = $17)sql",
              {c.id, c.nombre, busqueda, c.telefono, c.email, c.whatsapp_e164, c.documento,
               c.direccion_default, c.edificio, c.piso, c.departamento, c.observaciones,
               c.link_pago, c.limite_credito_centavos, c.activo, now, c.version}) == 1;
  if (written) WriteFtsRow(tx, kFts, c.id, busqueda, false);
  return written;
}

}  // namespace customer_store

json::value UsoCreditoBp(std::int64_t saldo, std::int64_t limite) {
  if (limite <= 0) return nullptr;
  // |saldo| and límite are ≤ 10^11 in practice; 10^11 × 10^4 fits in int64.
  return json::value(saldo * 10000 / limite);
}

json::object CustomerJson(const CustomerRow& c) {
  return json::object{{"id", c.id},
                      {"nombre", c.nombre},
                      {"telefono", JsonOrNull(c.telefono)},
                      {"email", JsonOrNull(c.email)},
                      {"whatsapp_e164", JsonOrNull(c.whatsapp_e164)},
                      {"documento", JsonOrNull(c.documento)},
                      {"direccion_default", JsonOrNull(c.direccion_default)},
                      {"edificio", JsonOrNull(c.edificio)},
                      {"piso", JsonOrNull(c.piso)},
                      {"departamento", JsonOrNull(c.departamento)},
                      {"observaciones", JsonOrNull(c.observaciones)},
                      {"link_pago", JsonOrNull(c.link_pago)},
                      {"limite_credito_centavos", c.limite_credito_centavos},
                      {"saldo_centavos", c.saldo_centavos},
                      {"uso_credito_bp", UsoCreditoBp(c.saldo_centavos, c.limite_credito_centavos)},
                      {"ultimo_movimiento_en", OptTimeJson(c.ultimo_movimiento_en)},
                      {"activo", c.activo},
                      {"version", c.version},
                      {"creado_en", core::FormatApiTimestamp(c.creado_en)},
                      {"actualizado_en", core::FormatApiTimestamp(c.actualizado_en)}};
}

json::object CustomerListJson(const CustomerRow& c) {
  return json::object{{"id", c.id},
                      {"nombre", c.nombre},
                      {"telefono", JsonOrNull(c.telefono)},
                      {"email", JsonOrNull(c.email)},
                      {"whatsapp_e164", JsonOrNull(c.whatsapp_e164)},
                      {"link_pago", JsonOrNull(c.link_pago)},
                      {"direccion_default", JsonOrNull(c.direccion_default)},
                      {"limite_credito_centavos", c.limite_credito_centavos},
                      {"saldo_centavos", c.saldo_centavos},
                      {"uso_credito_bp", UsoCreditoBp(c.saldo_centavos, c.limite_credito_centavos)},
                      {"ultimo_movimiento_en", OptTimeJson(c.ultimo_movimiento_en)},
                      {"activo", c.activo}};
}

}  // namespace mm::services
