// The authorization matrix (hardening.md WS4): every route the server registers, called
// anonymously and with each role, against the roles api.md gives it. A route added without an
// entry here fails the test.
#include <gtest/gtest.h>

#include <set>

#include "http_fixture.hpp"

namespace mm::testing {
namespace {

// "METHOD /path" → the roles of its api.md row ("publico" for routes without a token).
const std::map<std::string, std::set<std::string>>& Expected() {
  static const std::set<std::string> kPublic = {"publico"};
  static const std::set<std::string> kAll = {"admin", "deposito", "ventas", "usuario"};
  static const std::set<std::string> kAdmin = {"admin"};
  static const std::map<std::string, std::set<std::string>> table = {
      {"GET /healthz", kPublic},
      {"GET /readyz", kPublic},
      {"GET /metrics", kPublic},
      {"GET /api/openapi.json", kPublic},
      {"POST /api/client-errors", kPublic},
      {"GET /.well-known/jwks.json", kPublic},
      {"POST /api/auth/login", kPublic},
      {"POST /api/auth/refresh", kPublic},
      {"POST /api/auth/logout", kPublic},
      {"GET /api/auth/me", kAll},
      {"POST /api/auth/password", kAll},
      {"GET /api/usuarios", kAdmin},
      {"POST /api/usuarios", kAdmin},
      {"GET /api/usuarios/dropdown", {"admin", "deposito", "ventas"}},
      {"GET /api/usuarios/{id}", kAdmin},
      {"PATCH /api/usuarios/{id}", kAdmin},
      {"POST /api/usuarios/{id}/password", kAdmin},
      {"POST /api/usuarios/{id}/cerrar-sesiones", kAdmin},
      {"POST /api/usuarios/{id}/desbloquear", kAdmin},
      {"GET /api/productos", kAll},
      {"POST /api/productos", {"admin", "deposito"}},
      {"GET /api/productos/dropdown", kAll},
      {"GET /api/productos/{id}", kAll},
      {"PATCH /api/productos/{id}", {"admin", "deposito"}},
      {"DELETE /api/productos/{id}", kAdmin},
      {"GET /api/categorias", kAll},
      {"POST /api/categorias", kAdmin},
      {"GET /api/categorias/{id}", kAll},
      {"PATCH /api/categorias/{id}", kAdmin},
      {"GET /api/proveedores", {"admin", "deposito"}},
      {"POST /api/proveedores", {"admin", "deposito"}},
      {"GET /api/proveedores/dropdown", {"admin", "deposito"}},
      {"GET /api/proveedores/{id}", {"admin", "deposito"}},
      {"PATCH /api/proveedores/{id}", {"admin", "deposito"}},
      {"GET /api/ubicaciones", kAll},
      {"POST /api/ubicaciones", kAdmin},
      {"PATCH /api/ubicaciones/{id}", kAdmin},
      {"GET /api/ordenes-compra", {"admin", "deposito"}},
      {"POST /api/ordenes-compra", {"admin", "deposito"}},
      {"GET /api/ordenes-compra/{id}", {"admin", "deposito"}},
      {"PATCH /api/ordenes-compra/{id}", {"admin", "deposito"}},
      {"POST /api/ordenes-compra/{id}/cancelar", {"admin", "deposito"}},
      {"POST /api/compras/recepcion", {"admin", "deposito"}},
      {"POST /api/deposito/movimiento", {"admin", "deposito"}},
      {"POST /api/deposito/ingreso", {"admin", "deposito"}},
      {"GET /api/kardex", {"admin", "deposito"}},
      {"GET /api/deposito/movimientos", {"admin", "deposito"}},
      {"GET /api/stock", kAll},
      {"GET /api/stock/resumen", kAll},
      {"GET /api/stock/minimo", kAll},
      {"GET /api/stock/producto/{id}", kAll},
      {"PATCH /api/stock/{id}", {"admin", "deposito"}},
      {"GET /api/lotes", kAll},
      {"PATCH /api/lotes/{id}", {"admin", "deposito"}},
      {"POST /api/reservas", {"admin", "deposito", "ventas"}},
      {"GET /api/reservas", {"admin", "deposito", "ventas"}},
      {"GET /api/reservas/{id}", {"admin", "deposito", "ventas"}},
      {"POST /api/reservas/{id}/cancelar", {"admin", "deposito", "ventas"}},
      {"GET /api/pedidos", {"admin", "deposito", "ventas"}},
      {"POST /api/pedidos", {"admin", "deposito", "ventas"}},
      {"GET /api/pedidos/{id}", {"admin", "deposito", "ventas"}},
      {"PATCH /api/pedidos/{id}", {"admin", "deposito", "ventas"}},
      {"PUT /api/pedidos/{id}/estado", {"admin", "deposito", "ventas"}},
      {"PUT /api/pedidos/items/{id}", {"admin", "deposito", "ventas"}},
      {"POST /api/pedidos/{id}/pagos", {"admin", "deposito", "ventas"}},
      {"POST /api/ventas", {"admin", "ventas"}},
      {"POST /api/ventas/cotizar", {"admin", "ventas"}},
      {"GET /api/ventas/{id}", {"admin", "ventas"}},
      {"GET /api/caja/sesion-actual", {"admin", "ventas"}},
      {"POST /api/caja/apertura", {"admin", "ventas"}},
      {"POST /api/caja/movimientos", {"admin", "ventas"}},
      {"GET /api/caja/arqueo", {"admin", "ventas"}},
      {"POST /api/caja/cierre", {"admin", "ventas"}},
      {"GET /api/caja/sesiones", {"admin", "ventas"}},
      {"GET /api/caja/sesiones/{id}", {"admin", "ventas"}},
      {"POST /api/ventas/{id}/anular", {"admin", "ventas"}},
      {"POST /api/ventas/{id}/devoluciones", {"admin", "ventas"}},
      {"GET /api/config/tienda", kAll},
      {"GET /api/ofertas", kAll},
      {"GET /api/ofertas/sugeridas", {"admin", "deposito"}},
      {"POST /api/ofertas/aplicar", {"admin", "deposito"}},
      {"POST /api/ofertas/{id}/desactivar", {"admin", "deposito"}},
      {"GET /api/pos/catalogo", {"admin", "ventas"}},
      {"GET /api/search", kAll},
      {"GET /api/ventas", {"admin", "ventas"}},
      {"GET /api/ventas/{id}/ticket", {"admin", "ventas"}},
      {"PATCH /api/config/tienda", kAdmin},
      {"POST /api/precios/aplicar", kAdmin},
      {"POST /api/precios/costo", {"admin", "deposito"}},
      {"POST /api/precios/redondear", {"admin", "deposito", "ventas"}},
      {"GET /api/precios/producto/{id}", {"admin", "deposito", "ventas"}},
      {"GET /api/precios/markup-sugerido/{id}", {"admin", "deposito"}},
      {"GET /api/clientes", {"admin", "ventas"}},
      {"POST /api/clientes", {"admin", "ventas"}},
      {"GET /api/clientes/{id}", {"admin", "ventas"}},
      {"PATCH /api/clientes/{id}", {"admin", "ventas"}},
      {"GET /api/cuentas-corrientes/resumen", {"admin", "ventas"}},
      {"GET /api/cuentas-corrientes/saldos", {"admin", "ventas"}},
      {"GET /api/cuentas-corrientes/{cliente_id}/movimientos", {"admin", "ventas"}},
      {"POST /api/cuentas-corrientes/pagos", {"admin", "ventas"}},
      {"POST /api/cuentas-corrientes/ajustes", kAdmin},
      // Test-only routes (testing.rutas_prueba).
      {"POST /api/_pruebas/efectos", kPublic},
      {"GET /api/_pruebas/ocupar", kPublic},
  };
  return table;
}

std::string Upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

// Path parameters become a random UUID: role checks come before the lookup (404).
std::string Concrete(std::string path) {
  std::size_t open;
  while ((open = path.find('{')) != std::string::npos) {
    path.replace(open, path.find('}', open) - open + 1, "7b0c2d3e-4f50-4a61-8b72-93a4b5c6d7e8");
  }
  return path;
}

class AuthzMatrixTest : public HttpTest {};

TEST_P(AuthzMatrixTest, EveryRouteAllowsExactlyItsRoles) {
  LiveServer live(GetParam(),
                  {{"MM_RATE_LIMIT_WRITE_Q", "1000"},
                   {"MM_RATE_LIMIT_READ_Q", "1000"},
                   {"MM_RATE_LIMIT_ANON_Q", "1000"}},
                  true);
  HttpClient c(live.server.base_url());
  std::map<std::string, std::string> tokens;
  for (const char* role : {"admin", "deposito", "ventas", "usuario"}) {
    tokens[role] = Login(c, std::string(role) + "@demo.local");
    ASSERT_FALSE(tokens[role].empty()) << role;
  }
  auto doc = c.Get("/api/openapi.json").Json();
  std::set<std::string> served;
  int checked = 0;
  for (const auto& [path, item] : doc.at("paths").as_object()) {
    for (const auto& [method, op] : item.as_object()) {
      std::string name = Upper(std::string(method)) + " " + std::string(path);
      served.insert(name);
      auto it = Expected().find(name);
      ASSERT_NE(it, Expected().end()) << name << " has no entry in the authorization matrix";
      std::set<std::string> roles;
      for (const auto& r : op.at("x-roles").as_array()) roles.insert(std::string(r.as_string()));
      EXPECT_EQ(roles, it->second) << name << ": x-roles differ from api.md";
      bool publico = roles.contains("publico");
      std::string url = Concrete(std::string(path));
      std::string verb = Upper(std::string(method));
      auto call = [&](const std::string& token) {
        Headers h = {{"Idempotency-Key", "matriz-" + std::to_string(++checked)},
                     {"Content-Type", "application/json"}};
        if (!token.empty()) h.emplace_back("Authorization", "Bearer " + token);
        std::string body = (verb == "GET") ? "" : "{}";
        return c.Send(verb, url, body, h);
      };
      auto anon = call("");
      // Allowed means the route's own answer (200, 400, 404, …), never the role gate's
      // UNAUTHORIZED or FORBIDDEN (a refresh without a token is a 401 of its own kind).
      auto gate = [](const HttpResult& r) {
        return r.Code() == "UNAUTHORIZED" || r.Code() == "FORBIDDEN";
      };
      if (publico) {
        EXPECT_FALSE(gate(anon)) << name << ": " << anon.body;
      } else {
        EXPECT_EQ(anon.status, 401) << name;
        EXPECT_EQ(anon.Code(), "UNAUTHORIZED") << name;
      }
      for (const auto& [role, token] : tokens) {
        if (name == "POST /api/auth/logout") continue;  // would end the session used next
        auto r = call(token);
        if (publico || roles.contains(role)) {
          EXPECT_FALSE(gate(r)) << name << " as " << role << ": " << r.body;
        } else {
          EXPECT_EQ(r.status, 403) << name << " as " << role;
          EXPECT_EQ(r.Code(), "FORBIDDEN") << name << " as " << role;
        }
      }
    }
  }
  for (const auto& [name, roles] : Expected()) {
    EXPECT_TRUE(served.contains(name)) << name << " is in the matrix but not served";
  }
}

MM_INSTANTIATE_HTTP(AuthzMatrixTest);

}  // namespace
}  // namespace mm::testing
